import XCTest

@testable import OfficeTemplate

/// Native controls of our own templates bound to data by a tag in their tag, title or name:
/// check boxes (DOCX content control and legacy field, ODF form control), and content controls.
final class FormCheckboxTests: XCTestCase {
    typealias P = TestPackage
    static let w14 = #"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#

    /// A check-box content control as Word writes it, bound by `w:tag` (or `w:alias`).
    static func wordCheckbox(tag: String? = nil, alias: String? = nil, checked: Bool = false) -> String {
        var properties = ""
        if let alias { properties += #"<w:alias w:val="\#(alias)"/>"# }
        if let tag { properties += #"<w:tag w:val="\#(tag)"/>"# }
        return
            #"<w:sdt><w:sdtPr>\#(properties)<w:id w:val="-1234"/><w14:checkbox \#(w14)><w14:checked w14:val="\#(checked ? 1 : 0)"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr><w:t>\#(checked ? "☒" : "☐")</w:t></w:r></w:sdtContent></w:sdt>"#
    }

    func testWordCheckboxInARowLoopTicksEachRowFromItsItem() throws {
        let body = P.table([["{% for c in checks %}", ""], ["{{ c.title }}", "X"], ["{% endfor %}", ""]])
            .replacingOccurrences(
                of: "<w:t xml:space=\"preserve\">X</w:t></w:r>",
                with: "</w:r>" + Self.wordCheckbox(tag: "{{ c.result == &quot;satisfactory&quot; }}"))
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        let data: TemplateValue = [
            "checks": [["title": "Policy", "result": "satisfactory"], ["title": "Insurance", "result": "concerns"]]
        ]
        let xml = try P.entry("word/document.xml", of: try template.render(data).bytes)
        let states = xml.matches(of: /<w14:checked w14:val="(\d)"\/>/).map { String($0.1) }
        XCTAssertEqual(states, ["1", "0"], xml)
        XCTAssertEqual(try P.bodyText(try template.render(data).bytes), "Policy\n☒\nInsurance\n☐")
        XCTAssertFalse(xml.contains("{{"), "the binding tag is not left in the document")
        XCTAssertFalse(xml.contains("w:id"), "loop copies would share the control's id")
        XCTAssertEqual(template.usage().required, ["checks", "checks[].result", "checks[].title"])
    }

    func testWordCheckboxBoundByItsTitle() throws {
        let body =
            "<w:p><w:r><w:t xml:space=\"preserve\">Consent: </w:t></w:r>"
            + Self.wordCheckbox(alias: "{{ pupil.consent }}", checked: true) + "</w:p>"
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        XCTAssertEqual(try P.bodyText(try template.render(["pupil": ["consent": false]]).bytes), "Consent: ☐")
        XCTAssertEqual(try P.bodyText(try template.render(["pupil": ["consent": true]]).bytes), "Consent: ☒")
    }

    func testLegacyFormCheckboxBoundByItsName() throws {
        let body =
            #"<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{{ ok }}"/><w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="0"/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        let xml = try P.entry("word/document.xml", of: try template.render(["ok": true]).bytes)
        XCTAssertTrue(
            xml.contains(
                #"<w:name w:val=""/><w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="0"/><w:checked w:val="1"/></w:checkBox>"#
            ), xml)
    }

    static let odfNamespaces =
        #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0""#

    static func odt(forms: String, body: String) throws -> [UInt8] {
        let writer = try ZipWriter()
        writer.add(name: "mimetype", bytes: Array("application/vnd.oasis.opendocument.text".utf8), compress: false)
        writer.add(
            name: "content.xml",
            bytes: Array(
                #"<?xml version="1.0" encoding="UTF-8"?><office:document-content \#(odfNamespaces) office:version="1.3"><office:body><office:text><office:forms form:automatic-focus="false" form:apply-design-mode="false"><form:form form:name="Form">\#(forms)</form:form></office:forms>\#(body)</office:text></office:body></office:document-content>"#
                    .utf8), compress: true)
        return try writer.finish()
    }

    func testODFFormCheckboxInALoopGetsOneControlPerRow() throws {
        let forms =
            #"<form:checkbox form:name="{{ c.done }}" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" xml:id="control1" form:id="control1" form:current-state="unchecked" form:image-position="center"/>"#
        let body =
            #"<table:table table:name="T"><table:table-column/><table:table-row><table:table-cell><text:p>{% for c in checks %}</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>{{ c.title }} <draw:control text:anchor-type="as-char" draw:name="Shape1" svg:width="0.5cm" svg:height="0.5cm" draw:control="control1"/></text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>{% endfor %}</text:p></table:table-cell></table:table-row></table:table>"#
        let template = try Template(bytes: try Self.odt(forms: forms, body: body), name: "t.odt")
        let xml = try P.entry(
            "content.xml",
            of: try template.render(["checks": [["title": "A", "done": true], ["title": "B", "done": false]]]).bytes)
        XCTAssertTrue(
            xml.contains(
                #"<form:form form:name="Form"><form:checkbox xml:id="control1" form:id="control1" form:current-state="checked" form:name="Check box" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" form:image-position="center"/><form:checkbox xml:id="control1-2" form:id="control1-2" form:current-state="unchecked" form:name="Check box""#
            ), xml)
        XCTAssertTrue(
            xml.contains(
                #"<text:p>A <draw:control draw:control="control1" text:anchor-type="as-char" svg:width="0.5cm" svg:height="0.5cm"/></text:p>"#
            ), xml)
        XCTAssertTrue(xml.contains(#"<text:p>B <draw:control draw:control="control1-2""#), xml)
    }

    func testABindingThatIsNotOneTagIsReported() throws {
        let body = "<w:p>" + Self.wordCheckbox(tag: "{{ c.done }} and more") + "</w:p>"
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body), name: "t.docx"),
            [
                "t.docx: word/document.xml: paragraph 1: '{{ c.done }} and more' (a content control's tag, title or name): write exactly one tag, such as {{ check.done }}, and nothing else"
            ])
        let broken = "<w:p>" + Self.wordCheckbox(tag: "{{ c.done == }}") + "</w:p>"
        XCTAssertEqual(P.compileErrors(try P.docx(body: broken), name: "t.docx").count, 1)
    }

    func testAMissingValueNamesTheControlsTag() throws {
        let body = "<w:p>" + Self.wordCheckbox(tag: "{{ pupil.consent }}") + "</w:p>"
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        XCTAssertThrowsError(try template.render(["pupil": ["name": "A"]])) { error in
            XCTAssertEqual(
                (error as? TemplateError)?.issues.map(\.description),
                [
                    "t.docx: word/document.xml: paragraph 1: '{{ pupil.consent }}': 'pupil.consent' is not in the data; check the spelling, or write {{ pupil.consent | default(\"\") }}"
                ])
        }
    }

    // MARK: Content controls filled by their tag

    func testTextDateAndDropDownContentControlsFilledByTheirTag() throws {
        let text =
            #"<w:sdt><w:sdtPr><w:tag w:val="{{ pupil.name }}"/><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>Click to enter text.</w:t></w:r></w:sdtContent></w:sdt>"#
        let date =
            #"<w:sdt><w:sdtPr><w:tag w:val="{{ placement.start }}"/><w:date w:fullDate="2020-01-01T00:00:00Z"><w:dateFormat w:val="dddd d MMMM yyyy"/><w:lid w:val="en-GB"/></w:date></w:sdtPr><w:sdtContent><w:r><w:t>Wednesday 1 January 2020</w:t></w:r></w:sdtContent></w:sdt>"#
        let list =
            #"<w:sdt><w:sdtPr><w:alias w:val="{{ placement.days }}"/><w:dropDownList><w:listItem w:displayText="Choose" w:value=""/><w:listItem w:displayText="Two days" w:value="2"/><w:listItem w:displayText="Five days" w:value="5"/></w:dropDownList></w:sdtPr><w:sdtContent><w:r><w:t>Choose</w:t></w:r></w:sdtContent></w:sdt>"#
        let body = "<w:p>" + text + "</w:p><w:p>" + date + "</w:p><w:p>" + list + "</w:p>"
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        let data: TemplateValue = ["pupil": ["name": "Ann & Lee"], "placement": ["start": "2025-09-01", "days": "5"]]
        let output = try template.render(data).bytes
        XCTAssertEqual(try P.bodyText(output), "Ann &amp; Lee\nMonday 1 September 2025\nFive days")
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<w:date w:fullDate="2025-09-01T00:00:00Z"><w:dateFormat w:val="dddd d MMMM yyyy"/>"#), xml)
        XCTAssertFalse(xml.contains("showingPlcHdr"), xml)
        XCTAssertFalse(xml.contains("PlaceholderText"), xml)
    }

    func testADropDownValueOutsideItsListIsAnErrorListingTheChoices() throws {
        let list =
            #"<w:p><w:sdt><w:sdtPr><w:tag w:val="{{ days }}"/><w:dropDownList><w:listItem w:displayText="Two days" w:value="2"/><w:listItem w:displayText="Five days" w:value="5"/></w:dropDownList></w:sdtPr><w:sdtContent><w:r><w:t>Two days</w:t></w:r></w:sdtContent></w:sdt></w:p>"#
        let template = try Template(bytes: try P.docx(body: list), name: "t.docx")
        XCTAssertThrowsError(try template.render(["days": "Three days"])) { error in
            XCTAssertEqual(
                (error as? TemplateError)?.issues.map(\.description),
                [
                    "t.docx: word/document.xml: paragraph 1: '{{ days }}': the value is not one of the drop-down's choices: Two days, Five days"
                ])
        }
    }

    func testODFFieldsFilledByTheirName() throws {
        let body =
            #"<text:p>Name: <text:text-input text:description="{{ pupil.name }}">name</text:text-input>; days: <text:drop-down text:name="{{ days }}"><text:label text:value="Two"/><text:label text:value="Five"/>Two</text:drop-down></text:p>"#
        let template = try Template(bytes: try P.odt(body: body), name: "t.odt")
        let xml = try P.entry("content.xml", of: try template.render(["pupil": ["name": "Ann  Lee"], "days": "Five"]).bytes)
        XCTAssertTrue(xml.contains(#"<text:text-input>Ann <text:s/>Lee</text:text-input>"#), xml)
        XCTAssertTrue(
            xml.contains(
                #"<text:drop-down text:name=""><text:label text:value="Two"/><text:label text:value="Five"/>Five</text:drop-down>"#
            ), xml)
    }

    // MARK: The shipped commissioning checklist

    func testCommissioningChecklistTicksOneNativeBoxPerCheck() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let context = try DataLoader.load(
            contentsOf: repo.appendingPathComponent("Tests/Fixtures/data/commissioning-checklist.context.json").path)
        guard case .map(var root) = context.value, case .list(var checks)? = root["checks"], checks.count > 2,
            case .map(var second) = checks[1], case .map(var third) = checks[2]
        else { return XCTFail("unexpected sample context") }
        second["result"] = "concerns"
        third["result"] = "not-seen"
        checks[1] = .map(second)
        checks[2] = .map(third)
        root["checks"] = .list(checks)
        let expected = checks.indices.map { index in
            index == 1 ? [false, true, false] : index == 2 ? [false, false, true] : [true, false, false]
        }.flatMap { $0 }

        let docx = try Template(contentsOf: repo.appendingPathComponent("templates/commissioning-checklist.docx").path)
        // The sample context names the logo relative to its own folder.
        let contextFolder = RenderOptions(baseDirectory: repo.appendingPathComponent("Tests/Fixtures/data").path)
        let word = try P.entry("word/document.xml", of: try docx.render(.map(root), options: contextFolder).bytes)
        XCTAssertEqual(word.matches(of: /<w14:checked w14:val="(\d)"\/>/).map { $0.1 == "1" }, expected)
        XCTAssertEqual(word.matches(of: /<w:t>([☒☐])<\/w:t>/).map { $0.1 == "☒" }, expected)

        let odt = try Template(contentsOf: repo.appendingPathComponent("templates/commissioning-checklist.odt").path)
        let content = try P.entry("content.xml", of: try odt.render(.map(root), options: contextFolder).bytes)
        // Form controls in document order; each draw:control names its own.
        var states: [String: Bool] = [:]
        for match in content.matches(of: /<form:checkbox xml:id="([^"]+)"[^>]* form:current-state="(\w+)"/) {
            states[String(match.1)] = match.2 == "checked"
        }
        let anchors = content.matches(of: /<draw:control draw:control="([^"]+)"/).map { states[String($0.1)] }
        XCTAssertEqual(anchors, expected.map { $0 })
        XCTAssertEqual(Set(states.keys).count, expected.count, "one form control per box")
    }
}
