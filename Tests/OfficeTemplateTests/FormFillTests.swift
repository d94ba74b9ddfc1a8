import XCTest

@testable import OfficeTemplate

/// `apdocs fields` / `apdocs fill`: forms APDocs did not write.
final class FormFillTests: XCTestCase {
    typealias P = TestPackage

    static let body = """
        <w:p><w:r><w:t xml:space="preserve">Pupil: </w:t></w:r><w:sdt><w:sdtPr><w:alias w:val="Pupil name"/><w:tag w:val="pupil_name"/><w:id w:val="7"/><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/><w:b/></w:rPr><w:t>Click here</w:t></w:r></w:sdtContent></w:sdt></w:p>\
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Start</w:t></w:r></w:p></w:tc><w:tc><w:p><w:sdt><w:sdtPr><w:tag w:val="start"/><w:date><w:dateFormat w:val="d MMMM yyyy"/><w:lid w:val="en-GB"/></w:date></w:sdtPr><w:sdtContent><w:r><w:t>Pick a date</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc></w:tr></w:tbl>\
        <w:p><w:sdt><w:sdtPr><w:tag w:val="days"/><w:dropDownList><w:listItem w:displayText="Two days" w:value="2"/><w:listItem w:displayText="Five days" w:value="5"/></w:dropDownList></w:sdtPr><w:sdtContent><w:r><w:t>Two days</w:t></w:r></w:sdtContent></w:sdt></w:p>\
        <w:p><w:sdt><w:sdtPr><w:tag w:val="consent"/><w14:checkbox xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w14:checked w14:val="0"/><w14:checkedState w14:val="2612"/><w14:uncheckedState w14:val="2610"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt></w:p>\
        <w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Photos"/><w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="0"/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>\
        <w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Notes"/><w:enabled/><w:calcOnExit w:val="0"/><w:textInput/></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>     </w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
        """

    static func form() throws -> [UInt8] {
        try P.docx(
            body: body,
            extra: [
                (
                    "word/settings.xml",
                    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:documentProtection w:edit="forms" w:enforcement="1"/></w:settings>"#
                )
            ])
    }

    static func data(_ yaml: String) throws -> DataDocument {
        try DataLoader.load(bytes: Array(yaml.utf8), file: "data.yaml", format: .yaml)
    }

    static func map(_ yaml: String) throws -> FormMap {
        try FormMap(try DataLoader.load(bytes: Array(yaml.utf8), file: "map.yaml", format: .yaml))
    }

    func testFieldsListsEveryFieldWithKindKeyValueAndPlace() throws {
        let fields = try FormDocument(bytes: try Self.form(), name: "form.docx").fields()
        XCTAssertEqual(fields.map(\.key), ["pupil_name", "start", "days", "consent", "Photos", "Notes"])
        XCTAssertEqual(fields.map(\.kind), [.text, .date, .dropDown, .checkbox, .checkbox, .text])
        XCTAssertEqual(fields.map(\.id), ["text-1", "date-1", "drop-down-1", "checkbox-1", "checkbox-2", "text-2"])
        XCTAssertEqual(fields[0].title, "Pupil name")
        XCTAssertEqual(fields[0].value, "", "a placeholder is not a value")
        XCTAssertEqual(fields[1].place.description, "paragraph 3 (table 1, row 1, cell 2)")
        XCTAssertEqual(fields[2].choices, ["Two days", "Five days"])
        XCTAssertEqual(fields[2].value, "Two days")
        XCTAssertEqual(fields[3].checked, false)
        XCTAssertEqual(fields[5].value, "     ")
    }

    func testFillSetsEveryKindAndLeavesTheRestAsItWas() throws {
        let form = try FormDocument(bytes: try Self.form(), name: "form.docx")
        let data = try Self.data(
            "pupil: {name: Ann Lee, photos: yes}\nplacement: {start: 2025-09-01, days: 5, notes: \"Line 1\\nLine 2\"}\nconsent: true\n"
        )
        let result = try form.fill(
            data,
            map: try Self.map(
                """
                Pupil name: pupil.name
                start: placement.start
                days: placement.days
                consent: consent
                Photos: pupil.photos
                text-2: placement.notes
                """))
        XCTAssertEqual(result.unmapped, [])
        let xml = try P.entry("word/document.xml", of: result.bytes)
        XCTAssertEqual(try P.bodyText(result.bytes), "Pupil: Ann Lee\nStart\n1 September 2025\nFive days\n☒\n\nLine 1Line 2")
        XCTAssertTrue(
            xml.contains(
                #"<w:sdtPr><w:alias w:val="Pupil name"/><w:tag w:val="pupil_name"/><w:id w:val="7"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Ann Lee</w:t></w:r>"#
            ), xml)
        XCTAssertTrue(xml.contains(#"<w:date w:fullDate="2025-09-01T00:00:00Z">"#), xml)
        XCTAssertTrue(xml.contains(#"<w:dropDownList w:lastValue="5">"#), xml)
        XCTAssertTrue(xml.contains(#"<w14:checked w14:val="1"/>"#), xml)
        XCTAssertTrue(xml.contains(#"<w:default w:val="0"/><w:checked w:val="1"/></w:checkBox>"#), xml)
        XCTAssertTrue(xml.contains(#"<w:t xml:space="preserve">Line 1</w:t><w:br/><w:t xml:space="preserve">Line 2</w:t>"#), xml)
        // Untouched parts are copied byte for byte (protection settings included).
        let before = try ZipReader(bytes: try Self.form(), name: "in")
        let after = try ZipReader(bytes: result.bytes, name: "out")
        XCTAssertEqual(after.entries.map(\.name), before.entries.map(\.name))
        for name in ["word/settings.xml", "[Content_Types].xml", "_rels/.rels"] {
            XCTAssertEqual(try after.read(after.entry(named: name)!), try before.read(before.entry(named: name)!), name)
        }
        // Deterministic.
        XCTAssertEqual(
            try form.fill(
                data,
                map: try Self.map(
                    "Pupil name: pupil.name\nstart: placement.start\ndays: placement.days\nconsent: consent\nPhotos: pupil.photos\ntext-2: placement.notes"
                )
            ).bytes, result.bytes)
    }

    func testUnmappedFieldsAreReturnedAndAFilterShapesTheText() throws {
        let form = try FormDocument(bytes: try Self.form(), name: "form.docx")
        let result = try form.fill(
            try Self.data("placement: {start: 2025-09-01}"),
            map: try Self.map("start: {path: placement.start, filter: 'date(\"d/M/yyyy\")'}"))
        XCTAssertEqual(result.unmapped.map(\.key), ["pupil_name", "days", "consent", "Photos", "Notes"])
        XCTAssertTrue(try P.bodyText(result.bytes).contains("1/9/2025"))
    }

    func testProblemsAreReportedTogetherWithExactTexts() throws {
        let form = try FormDocument(bytes: try Self.form(), name: "form.docx")
        let data = try Self.data("pupil: {name: Ann}\nplacement: {days: 3, start: soon}\nconsent: maybe\n")
        XCTAssertThrowsError(
            try form.fill(
                data,
                map: try Self.map(
                    """
                    pupil_nme: pupil.name
                    Notes: pupil.notes
                    days: placement.days
                    start: placement.start
                    consent: consent
                    """))
        ) { error in
            XCTAssertEqual(
                (error as? TemplateError)?.issues.map(\.description),
                [
                    "map.yaml: 'pupil_nme' is not a field of form.docx (did you mean 'pupil_name'?); 'apdocs fields form.docx' lists them",
                    "map.yaml: 'Notes' is mapped to 'pupil.notes', which data.yaml does not have",
                    "form.docx: word/document.xml: paragraph 4: drop-down 'days': '3' is not one of its choices: Two days, Five days",
                    "form.docx: word/document.xml: paragraph 3 (table 1, row 1, cell 2): date field 'start': text is not a date; give a date such as 2025-09-01",
                    "form.docx: word/document.xml: paragraph 5: check box 'consent': text is not yes or no; give true or false",
                ])
        }
    }

    func testMapShapeErrors() throws {
        XCTAssertThrowsError(try Self.map("a: {path: x, fliter: date}\nb: [1]\nc: 'x |'")) { error in
            XCTAssertEqual((error as? TemplateError)?.issues.map(\.description).count, 3)
            XCTAssertEqual(
                (error as? TemplateError)?.issues.first?.description,
                "map.yaml: 'a': 'fliter' is not a setting of a field; use 'path' and 'filter'; did you mean 'filter'?")
        }
    }

    func testODTFormControlsAndFieldsAreFilled() throws {
        let forms =
            #"<form:checkbox form:name="consent" xml:id="control1" form:id="control1" form:current-state="unchecked"/><form:listbox form:name="colour" xml:id="control2" form:id="control2" form:dropdown="true"><form:option form:label="Red" form:current-selected="true"/><form:option form:label="Green"/></form:listbox><form:text form:name="pupil" xml:id="control3" form:id="control3"/>"#
        let body =
            #"<text:p><draw:control text:anchor-type="as-char" draw:control="control1"/><draw:control text:anchor-type="as-char" draw:control="control2"/><draw:control text:anchor-type="as-char" draw:control="control3"/></text:p><text:p><text:text-input text:description="notes">…</text:text-input></text:p>"#
        let package = try FormCheckboxTests.odt(forms: forms, body: body)
        let form = try FormDocument(bytes: package, name: "f.odt")
        XCTAssertEqual(try form.fields().map(\.key), ["consent", "colour", "pupil", "notes"])
        let result = try form.fill(
            try Self.data("a: true\nb: Green\nc: Ann\nd: Some notes"),
            map: try Self.map("consent: a\ncolour: b\npupil: c\nnotes: d"))
        let xml = try P.entry("content.xml", of: result.bytes)
        XCTAssertTrue(xml.contains(#"form:current-state="checked""#), xml)
        XCTAssertTrue(
            xml.contains(#"<form:option form:label="Red"/><form:option form:label="Green" form:current-selected="true"/>"#), xml)
        XCTAssertTrue(xml.contains(#"form:name="pupil" xml:id="control3" form:id="control3" form:current-value="Ann""#), xml)
        XCTAssertTrue(xml.contains(#"<text:text-input text:description="notes">Some notes</text:text-input>"#), xml)
        let reader = try ZipReader(bytes: result.bytes, name: "out")
        XCTAssertEqual(reader.entries.first?.name, "mimetype")
    }
}
