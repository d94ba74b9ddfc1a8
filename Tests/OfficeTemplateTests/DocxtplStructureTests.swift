import XCTest

@testable import OfficeTemplate

/// docxtpl's table extensions (`hm`, `vm`, `colspan`, `cellbg`) and its `{%-`/`-%}` paragraph merging.
final class DocxtplStructureTests: XCTestCase {
    typealias P = TestPackage

    /// A cell with properties and one paragraph of the given runs.
    private func cell(_ properties: String = "", _ runs: String...) -> String {
        "<w:tc>\(properties)<w:p>" + runs.map { "<w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r>" }.joined()
            + "</w:p></w:tc>"
    }

    private func cells(of xml: String) -> [String] {
        xml.components(separatedBy: "<w:tc>").dropFirst().map { $0.components(separatedBy: "</w:tc>")[0] }
    }

    func testColspanSetsTheSpanInSchemaOrder() throws {
        let properties = #"<w:tcPr><w:tcW w:w="100" w:type="dxa"/><w:gridSpan w:val="2"/><w:vAlign w:val="center"/></w:tcPr>"#
        let body = "<w:tbl><w:tr>" + cell(properties, "{% colspan labels|count %}Wide") + "</w:tr></w:tbl>"
        let output = try P.render(try P.docx(body: body), ["labels": ["a", "b", "c"]])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(
            xml.contains(#"<w:tcPr><w:tcW w:w="100" w:type="dxa"/><w:gridSpan w:val="3"/><w:vAlign w:val="center"/></w:tcPr>"#),
            xml)
        XCTAssertEqual(try P.bodyText(output), "Wide")
    }

    func testCellbgSetsTheBackgroundAndEscapesTheValue() throws {
        let body = "<w:tbl><w:tr>" + cell("", "{% cellbg colour %}Red") + cell("", "{% cellbg odd %}Odd") + "</w:tr></w:tbl>"
        let output = try P.render(try P.docx(body: body), ["colour": "FF0000", "odd": #"1" x="2"#])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="FF0000"/></w:tcPr>"#), xml)
        XCTAssertTrue(xml.contains(#"w:fill="1&quot; x=&quot;2"/>"#), xml)
        XCTAssertEqual(try P.bodyText(output), "Red\nOdd")
    }

    func testVmMergesTheRowsOfALoopAndShowsItsRunOnce() throws {
        let rows =
            "<w:tr>" + cell("", "{%tr for i in items %}") + "</w:tr>"
            + "<w:tr>" + cell("", "{% vm %}Books", " extra") + cell("", "{{ i }}") + "</w:tr>"
            + "<w:tr>" + cell("", "{%tr endfor %}") + "</w:tr>"
        let output = try P.render(try P.docx(body: "<w:tbl>\(rows)</w:tbl>"), ["items": ["A", "B", "C"]])
        let xml = try P.entry("word/document.xml", of: output)
        let first = cells(of: xml).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        XCTAssertEqual(first.count, 3)
        XCTAssertTrue(first[0].contains(#"<w:vMerge w:val="restart"/>"#), first[0])
        XCTAssertTrue(first[0].contains("Books"), first[0])
        for later in first.dropFirst() {
            XCTAssertTrue(later.contains(#"<w:vMerge w:val="continue"/>"#), later)
            XCTAssertFalse(later.contains("Books"), later)
            XCTAssertTrue(later.contains(" extra"), later)  // other runs stay, as in docxtpl
        }
        XCTAssertEqual(try P.bodyText(output), "Books extra\nA\n extra\nB\n extra\nC")
    }

    func testHmKeepsTheFirstCellSpanningAllPasses() throws {
        let span = #"<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>"#
        let row =
            "<w:tr>" + cell("", "Name") + cell("", "{%tc for x in xs %}") + cell(span, "{% hm %}Header")
            + cell("", "{%tc endfor %}") + "</w:tr>"
        let output = try P.render(try P.docx(body: "<w:tbl>\(row)</w:tbl>"), ["xs": [1, 2, 3]])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertEqual(cells(of: xml).count, 2, xml)
        XCTAssertTrue(xml.contains(#"<w:gridSpan w:val="6"/>"#), xml)
        XCTAssertEqual(try P.bodyText(output), "Name\nHeader")
    }

    func testVmOutsideALoopAndExtensionsInOdtAreReported() throws {
        let body = "<w:tbl><w:tr>" + cell("", "{% vm %}x") + "</w:tr></w:tbl>" + P.paragraph("{% colspan 2 %}")
        let errors = P.compileErrors(try P.docx(body: body))
        XCTAssertTrue(errors.contains { $0.contains("works inside a loop") }, "\(errors)")
        XCTAssertTrue(errors.contains { $0.contains("put it in the cell it changes") }, "\(errors)")

        let odt =
            "<table:table><table:table-row><table:table-cell><text:p>{% cellbg \"FF0000\" %}x</text:p></table:table-cell></table:table-row></table:table>"
        let odtErrors = P.compileErrors(try P.odt(body: odt), name: "t.odt")
        XCTAssertTrue(odtErrors.contains { $0.contains("Word documents (.docx) only") }, "\(odtErrors)")
    }

    func testOdtHmAndVmSpanTheFirstCellAndCoverTheOthers() throws {
        func cell(_ text: String, _ attributes: String = "") -> String {
            "<table:table-cell\(attributes)><text:p>\(text)</text:p></table:table-cell>"
        }
        let columns =
            "<table:table-row>" + cell("{%tc for x in xs %}") + cell("{% hm %}Head", #" table:number-columns-spanned="2""#)
            + "<table:covered-table-cell/>" + cell("{%tc endfor %}") + "</table:table-row>"
        let rows =
            "<table:table-row>" + cell("{%tr for i in items %}") + "</table:table-row>"
            + "<table:table-row>" + cell("{% vm %}Group") + cell("{{ i }}") + "</table:table-row>"
            + "<table:table-row>" + cell("{%tr endfor %}") + "</table:table-row>"
        let body = "<table:table>\(columns)</table:table><table:table>\(rows)</table:table>"
        let output = try P.render(try P.odt(body: body), name: "t.odt", ["xs": [1, 2, 3], "items": ["A", "B"]])
        // Six columns: the first pass's cell spans them all; five covered cells follow it.
        let xml = try P.entry("content.xml", of: output)
        XCTAssertTrue(
            xml.contains(
                #"<table:table-row><table:table-cell table:number-columns-spanned="6"><text:p>Head</text:p></table:table-cell><table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/></table:table-row>"#
            ), xml)
        XCTAssertTrue(
            xml.contains(
                #"<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>Group</text:p></table:table-cell><table:table-cell><text:p>A</text:p></table:table-cell></table:table-row><table:table-row><table:covered-table-cell/><table:table-cell><text:p>B</text:p></table:table-cell></table:table-row>"#
            ), xml)
    }

    func testDashTagsJoinParagraphsAsDocxtplDoes() throws {
        let nbsp = "\u{00A0}"
        let body =
            P.paragraph("My house is located") + P.paragraph("{%- if town -%}") + P.paragraph("\(nbsp)in town")
            + P.paragraph("{%- else -%}") + P.paragraph("\(nbsp)in the country") + P.paragraph("{%- endif -%}")
            + P.paragraph("\(nbsp)and I love it.") + P.paragraph("Next")
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        XCTAssertEqual(
            try P.bodyText(template.render(["town": true]).bytes), "My house is located\(nbsp)in town\(nbsp)and I love it.\nNext")
        XCTAssertEqual(
            try P.bodyText(template.render(["town": false]).bytes),
            "My house is located\(nbsp)in the country\(nbsp)and I love it.\nNext")
    }

    func testDashTagsDropTheLineBreaksBetween() throws {
        let body =
            #"<w:p><w:r><w:t>Located</w:t><w:br/><w:t>{%- if town -%}</w:t><w:br/><w:t xml:space="preserve"> here</w:t><w:br/><w:t>{%- endif -%}</w:t><w:br/><w:t>.</w:t></w:r></w:p>"#
        let output = try P.render(try P.docx(body: body), ["town": true])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertFalse(xml.contains("<w:br/>"), xml)
        // As in docxtpl, where Jinja then strips the space after `-%}`: docxtpl tells authors to
        // type a no-break space where one must stay (see the test above).
        XCTAssertEqual(try P.bodyText(output), "Locatedhere.")
    }

    func testDashTagsWithTextAroundThemJoinNothing() throws {
        let body = P.paragraph("before {%- if x -%} after{% endif %}") + P.paragraph("Next")
        let output = try P.render(try P.docx(body: body), ["x": true])
        let text = try P.bodyText(output)
        XCTAssertTrue(text.hasSuffix("after\nNext"), text)
    }

    func testADashOnAPrefixedTagJoinsNothing() throws {
        let body = P.paragraph("{%p if x -%}") + P.paragraph("Kept") + P.paragraph("{%p endif %}") + P.paragraph("After")
        let output = try P.render(try P.docx(body: body), ["x": true])
        XCTAssertEqual(try P.bodyText(output), "Kept\nAfter")
    }

    func testTabsAndBreaksTypedInsideATagAreDropped() throws {
        // Word stores a tab typed in a tag as <w:tab/>: docxtpl drops markup inside tags.
        let body = #"<w:p><w:r><w:t>{{'</w:t><w:tab/><w:tab/><w:t xml:space="preserve">'}} Tabs</w:t></w:r></w:p>"#
        let output = try P.render(try P.docx(body: body), [:])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertFalse(xml.contains("<w:tab/>"), xml)
        XCTAssertEqual(try P.bodyText(output), " Tabs")
    }

    func testATagThatPrintsNothingLeavesItsRunsSpacesAsTheyWere() throws {
        // Word trims the edges of a w:t without xml:space="preserve"; docxtpl leaves it so.
        let body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{% colspan 2 %} Wide</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        let xml = try P.entry("word/document.xml", of: try P.render(try P.docx(body: body), [:]))
        XCTAssertTrue(xml.contains("<w:t> Wide</w:t>"), xml)
    }
}

/// docxtpl's control characters in values: `\u{7}` starts a paragraph, `\u{C}` a page break.
final class DocxtplControlCharacterTests: XCTestCase {
    typealias P = TestPackage

    func testBellStartsAParagraphAndFormFeedAPageBreakParagraph() throws {
        let body =
            #"<w:p><w:pPr><w:pStyle w:val="Body"/><w:sectPr/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>A: {{ v }}.</w:t></w:r></w:p>"#
        let output = try P.render(try P.docx(body: body), ["v": "one\u{7}two\u{C}three\nfour"])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertEqual(try P.bodyText(output), "A: one\ntwo\n\nthreefour.")
        XCTAssertTrue(
            xml.contains(
                #"one</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">two</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>"#
            ), xml)
        XCTAssertTrue(xml.contains(#"three</w:t><w:br/><w:t xml:space="preserve">four"#), xml)
        XCTAssertEqual(xml.components(separatedBy: "<w:sectPr/>").count, 2, "the section break stays once")
    }

    func testControlCharactersInALinkRunAreLeftOut() throws {
        let body = #"<w:p><w:hyperlink w:anchor="x"><w:r><w:t>{{ v }}</w:t></w:r></w:hyperlink></w:p>"#
        let output = try P.render(try P.docx(body: body), ["v": "a\u{7}b\u{C}c"])
        XCTAssertEqual(try P.bodyText(output), "abc")
    }
}
