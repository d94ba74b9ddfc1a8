import XCTest

@testable import OfficeTemplate

/// Rendering: where tags act, how values are written, what is cleaned out.
final class TemplateRenderTests: XCTestCase {
    typealias P = TestPackage

    func testTagSplitAcrossRunsKeepsTheFirstRunsFormatting() throws {
        // As Word saves it: a spell-check mark, a bookmark and a formatting change inside the tag.
        let body =
            #"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Dear {{ pu</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="x"/><w:r w:rsidRPr="00A1"><w:rPr><w:i/></w:rPr><w:t>pil.na</w:t></w:r><w:bookmarkEnd w:id="0"/><w:r><w:t>me }},</w:t></w:r></w:p>"#
        let output = try P.render(try P.docx(body: body), ["pupil": ["name": "Zoë"]])
        XCTAssertEqual(try P.bodyText(output), "Dear Zoë,")
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Dear Zoë</w:t></w:r>"#), xml)
        XCTAssertFalse(xml.contains("rsid"), xml)
        XCTAssertFalse(xml.contains("proofErr"), xml)
    }

    func testBlockTagAloneInItsParagraphTakesTheParagraph() throws {
        let body =
            P.paragraph("Before") + P.paragraph("{% if show %}") + P.paragraph("Shown")
            + P.paragraph("{% else %}") + P.paragraph("Hidden") + P.paragraph("{% endif %}") + P.paragraph("After")
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        XCTAssertEqual(try P.bodyText(template.render(["show": true]).bytes), "Before\nShown\nAfter")
        XCTAssertEqual(try P.bodyText(template.render(["show": false]).bytes), "Before\nHidden\nAfter")
    }

    func testLoopInsideOneParagraphRepeatsTheText() throws {
        let body = P.paragraph("Days: {% for d in days %}", "{{ d }}{% if not loop.last %}, {% endif %}", "{% endfor %}.")
        let output = try P.render(try P.docx(body: body), ["days": ["Mon", "Tue", "Wed"]])
        XCTAssertEqual(try P.bodyText(output), "Days: Mon, Tue, Wed.")
    }

    func testLoopOverTableRowsRepeatsRowsAndDropsTagRows() throws {
        let body = P.table([
            ["Name", "Phone"], ["{% for c in contacts %}", ""], ["{{ c.name }}", "{{ c.phone }}"], ["{% endfor %}", ""],
        ])
        let output = try P.render(
            try P.docx(body: body), ["contacts": [["name": "A", "phone": "1"], ["name": "B", "phone": "2"]]])
        XCTAssertEqual(try P.bodyText(output), "Name\nPhone\nA\n1\nB\n2")
        XCTAssertEqual(try P.entry("word/document.xml", of: output).components(separatedBy: "<w:tr>").count - 1, 3)
    }

    func testLoopWithTagsInDataRowsRepeatsTheWholeRows() throws {
        // docxtemplater's style: the tags share their rows with the cells' values.
        let body = P.table([["{% for c in contacts %}{{ c.name }}", "{{ c.phone }}"], ["note {{ c.note }}", "{% endfor %}"]])
        let output = try P.render(
            try P.docx(body: body),
            ["contacts": [["name": "A", "phone": "1", "note": "x"], ["name": "B", "phone": "2", "note": "y"]]])
        XCTAssertEqual(try P.bodyText(output), "A\n1\nnote x\n\nB\n2\nnote y\n")
    }

    func testLoopAcrossCellsOfOneRowRepeatsCells() throws {
        let body = P.table([["Day", "{% for d in days %}", "{{ d }}", "{% endfor %}"]])
        let output = try P.render(try P.docx(body: body), ["days": ["Mon", "Tue"]])
        XCTAssertEqual(try P.bodyText(output), "Day\nMon\nTue")
    }

    func testDocxtplExplicitRowPrefix() throws {
        let body = P.table([["{%tr for c in cs %}"], ["{{ c }}"], ["{%tr endfor %}"]])
        let output = try P.render(try P.docx(body: body), ["cs": ["x", "y"]])
        XCTAssertEqual(try P.bodyText(output), "x\ny")
    }

    func testValuesAreEscapedAndBreaksBecomeElements() throws {
        let output = try P.render(
            try P.docx(body: P.paragraph("{{ v }}")), ["v": "Zoë O'Brien & Sons <Ltd> ]]>\u{FFFE}\u{0001}\nline two\tend"])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(
            xml.contains(
                #"Zoë O'Brien &amp; Sons &lt;Ltd&gt; ]]&gt;</w:t><w:br/><w:t xml:space="preserve">line two</w:t><w:tab/><w:t xml:space="preserve">end"#
            ), xml)
    }

    func testOdtValuesKeepSpacesAndBreaks() throws {
        let body = #"<text:p>Name: <text:span>{{ a</text:span>.b }}!</text:p>"#
        let output = try P.render(try P.odt(body: body), name: "t.odt", ["a": ["b": "two  spaces\nnext\tcol"]])
        let xml = try P.entry("content.xml", of: output)
        XCTAssertTrue(
            xml.contains(
                "<text:p>Name: <text:span>two <text:s/>spaces<text:line-break/>next<text:tab/>col</text:span>!</text:p>"), xml)
    }

    func testOdtBulletLoopTakesListItems() throws {
        let body =
            "<text:list><text:list-item><text:p>{% for x in xs %}</text:p></text:list-item><text:list-item><text:p>{{ x }}</text:p></text:list-item><text:list-item><text:p>{% endfor %}</text:p></text:list-item></text:list>"
        let output = try P.render(try P.odt(body: body), name: "t.odt", ["xs": ["a", "b"]])
        let xml = try P.entry("content.xml", of: output)
        XCTAssertTrue(
            xml.contains(
                "<text:list><text:list-item><text:p>a</text:p></text:list-item><text:list-item><text:p>b</text:p></text:list-item></text:list>"
            ), xml)
    }

    func testSameInputsGiveIdenticalBytes() throws {
        let template = try Template(bytes: try P.docx(body: P.paragraph("{{ a }}")), name: "t.docx")
        XCTAssertEqual(try template.render(["a": "x"]).bytes, try template.render(["a": "x"]).bytes)
        XCTAssertNotEqual(try template.render(["a": "x"]).bytes, try template.render(["a": "y"]).bytes)
    }

    func testCommentsAndAuthorsDoNotReachTheOutput() throws {
        let comment =
            #"<w:p><w:commentRangeStart w:id="1"/><w:r><w:t>Text</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:ins w:id="2" w:author="Jane Author"><w:r><w:t> added</w:t></w:r></w:ins><w:del w:id="3" w:author="Jane Author"><w:r><w:delText> removed</w:delText></w:r></w:del></w:p>"#
        let core =
            #"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{{ title }}</dc:title><dc:creator>Jane Author</dc:creator><cp:lastModifiedBy>Jane Author</cp:lastModifiedBy></cp:coreProperties>"#
        let comments =
            #"<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="1" w:author="Jane Author"/></w:comments>"#
        let package = try P.docx(body: comment, extra: [("docProps/core.xml", core), ("word/comments.xml", comments)])
        let output = try P.render(package, ["title": "Agreement"])
        let reader = try ZipReader(bytes: output, name: "out")
        XCTAssertNil(reader.entry(named: "word/comments.xml"))
        XCTAssertEqual(try P.bodyText(output), "Text added")
        let properties = try P.entry("docProps/core.xml", of: output)
        XCTAssertTrue(properties.contains("<dc:title>Agreement</dc:title>"), properties)
        XCTAssertFalse(properties.contains("Jane"), properties)
        XCTAssertFalse(try P.entry("word/document.xml", of: output).contains("Jane"))
    }

    func testUsageListsPathsThroughLoops() throws {
        let body =
            P.paragraph("{{ pupil.key }}{{ nick | default(\"\") }}")
            + P.table([["{% for c in contacts %}", ""], ["{{ c.name }}", "{{ loop.index }}"], ["{% endfor %}", ""]])
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        XCTAssertEqual(
            template.usage(), TemplateUsage(required: ["contacts", "contacts[].name", "pupil.key"], optional: ["nick"]))
        let comparison = template.compare(with: ["pupil": ["key": "K1", "upn": "x"], "contacts": [["name": "a"]]])
        XCTAssertEqual(comparison, UsageComparison(missing: [], unused: ["pupil.upn"]))
        XCTAssertEqual(template.compare(with: ["contacts": []]).missing, ["contacts[].name", "pupil.key"])
    }

    func testOutputNamesAreCleanedAndMustBeUnique() throws {
        let pattern = try OutputNamePattern("out/{{ id }}.docx")
        XCTAssertEqual(try pattern.name(for: ["id": "../../etc/passwd\u{7}"]), "out/_-_-etc-passwd.docx")
        XCTAssertThrowsError(try pattern.names(for: [["id": "A"], ["id": "B"], ["id": "A"]])) { error in
            XCTAssertEqual(
                "\(error)",
                "output name 'out/{{ id }}.docx': records 1 and 3 give the same file name; add something unique to the pattern, such as {{ id }}"
            )
        }
    }

    func testInspectShowsTheTextAsAReaderSeesIt() throws {
        let body =
            #"<w:p><w:r><w:t xml:space="preserve">Dear {{ pu</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>pil.key }}</w:t></w:r></w:p>"#
            + P.table([["{% for c in cs %}", "line\tend"]])
        let text = try Template.inspect(bytes: try P.docx(body: body, header: P.paragraph("{{ school.name }}")), name: "t.docx")
        XCTAssertEqual(
            text,
            """
            == word/document.xml
            paragraph 1: Dear {{ pupil.key }}
            paragraph 2 (table 1, row 1, cell 1): {% for c in cs %}
            paragraph 3 (table 1, row 1, cell 2): line\\tend
            == word/header1.xml
            paragraph 1: {{ school.name }}

            """)
    }

    func testUsageUnderAGuardIsOptional() throws {
        let body =
            P.paragraph("{% if pupil.sen is defined %}") + P.paragraph("{{ pupil.sen.summary }}") + P.paragraph("{% endif %}")
            + P.paragraph("{% if school.logo %}{{ school.logo }}{% endif %}{{ school.name }}")
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        // A missing value in a condition is false (as in Jinja), so `{% if school.logo %}` guards it.
        XCTAssertEqual(
            template.usage(),
            TemplateUsage(required: ["school.name"], optional: ["pupil.sen", "pupil.sen.summary", "school.logo"]))
        XCTAssertEqual(template.compare(with: ["school": ["name": "R", "logo": "l.png"]]).missing, [])
        XCTAssertEqual(XMLText.unescape(try P.bodyText(template.render(["school": ["name": "R"]]).bytes)), "R")
    }
}
