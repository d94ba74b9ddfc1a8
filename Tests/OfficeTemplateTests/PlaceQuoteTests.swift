import XCTest

@testable import OfficeTemplate

/// Places of pictures found by their alt text, title or name, and of form controls, quote the
/// template's text next to them as tags' places do; never a control's content (a filled-in
/// form holds data there) and never data.
final class PlaceQuoteTests: XCTestCase {
    typealias P = TestPackage

    private func wordPicture(_ properties: String) -> String {
        #"<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="900000" cy="900000"/><wp:docPr id="1" \#(properties)/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    }

    private func run(_ text: String) -> String { #"<w:r><w:t xml:space="preserve">\#(text)</w:t></w:r>"# }

    func testABrokenPictureTagQuotesTheTextBeforeThePicture() throws {
        let body =
            "<w:p>" + run("Intro") + "</w:p><w:p></w:p><w:p>" + run("School crest: ")
            + wordPicture(#"name="Logo" descr="{{ school.logo | }}""#) + run(" (top right)") + "</w:p>"
        let errors = P.compileErrors(try P.docx(body: body), name: "t.docx")
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(errors[0].hasPrefix("t.docx: word/document.xml: paragraph 3, after 'School crest: ': "), errors[0])
    }

    func testAPictureThatStartsItsParagraphQuotesTheTextAfterIt() throws {
        let body = "<w:p>" + wordPicture(#"title="{{ logo == }}""#) + run(" the school's crest") + "</w:p>"
        let errors = P.compileErrors(try P.docx(body: body), name: "t.docx")
        XCTAssertTrue(
            errors.first?.hasPrefix("t.docx: word/document.xml: paragraph 1, before ' the school's crest': ") ?? false,
            "\(errors)")
    }

    func testAnOdtFrameQuotesTheTextBeforeIt() throws {
        let frame =
            #"<text:p>Photo: <draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" draw:name="{{ photo | }}"><draw:image xlink:href="Pictures/old.png"/></draw:frame></text:p>"#
        let errors = P.compileErrors(try P.odt(body: frame), name: "t.odt")
        XCTAssertTrue(errors.first?.hasPrefix("t.odt: content.xml: paragraph 1, after 'Photo: ': ") ?? false, "\(errors)")
    }

    func testAControlsPlaceQuotesTheTextBeforeItButNotItsOwnContent() throws {
        let body = "<w:p>" + run("Consent given: ") + FormCheckboxTests.wordCheckbox(tag: "{{ c.done }} and more") + "</w:p>"
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body), name: "t.docx"),
            [
                "t.docx: word/document.xml: paragraph 1, after 'Consent given: ': '{{ c.done }} and more' (a content control's tag, title or name): write exactly one tag, such as {{ check.done }}, and nothing else"
            ])
        let first = "<w:p>" + FormCheckboxTests.wordCheckbox(tag: "{{ c.done }} and more") + run(" I agree") + "</w:p>"
        XCTAssertTrue(
            P.compileErrors(try P.docx(body: first), name: "t.docx").first?.hasPrefix(
                "t.docx: word/document.xml: paragraph 1, before ' I agree': ") ?? false)
    }

    func testARenderProblemOfAControlQuotesTheTemplateNotTheData() throws {
        let body =
            "<w:p>" + run("{{ pupil.name }} consents: ") + FormCheckboxTests.wordCheckbox(tag: "{{ pupil.consent }}") + "</w:p>"
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        XCTAssertThrowsError(try template.render(["pupil": ["name": "Zed Quill"]])) { error in
            let issues = (error as? TemplateError)?.issues.map(\.description) ?? []
            XCTAssertEqual(issues.count, 1, "\(issues)")
            XCTAssertTrue(issues.first?.contains("paragraph 1, after ' consents: '") ?? false, "\(issues)")
            XCTAssertFalse(issues.joined().contains("Zed"), "a place never quotes data")
        }
    }

    func testAFilledInFormsFieldsQuoteTheFormsTextNotOtherFieldsValues() throws {
        let name =
            #"<w:sdt><w:sdtPr><w:tag w:val="pupil_name"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>Zed Quill</w:t></w:r></w:sdtContent></w:sdt>"#
        let notes =
            #"<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Notes"/><w:enabled/><w:textInput/></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Private note</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        let date =
            #"<w:sdt><w:sdtPr><w:tag w:val="start"/><w:date/></w:sdtPr><w:sdtContent><w:r><w:t>1 May</w:t></w:r></w:sdtContent></w:sdt>"#
        let body = "<w:p>" + run("Pupil: ") + name + run(" starts ") + date + "</w:p><w:p>" + notes + run(" (notes)") + "</w:p>"
        let fields = try FormDocument(bytes: try P.docx(body: body), name: "form.docx").fields()
        XCTAssertEqual(
            fields.map(\.place.description),
            ["paragraph 1, after 'Pupil: '", "paragraph 1, after 'Pupil:  starts '", "paragraph 2, before ' (notes)'"])
    }

    func testAnODFFormControlQuotesTheTextBeforeItsAnchor() throws {
        let forms =
            #"<form:checkbox form:name="{{ c.done }} and more" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" xml:id="control1" form:id="control1" form:current-state="unchecked"/>"#
        let body =
            #"<text:p>Intro</text:p><text:p>Photos allowed: <draw:control text:anchor-type="as-char" draw:name="Shape1" svg:width="0.5cm" svg:height="0.5cm" draw:control="control1"/></text:p>"#
        let errors = P.compileErrors(try FormCheckboxTests.odt(forms: forms, body: body), name: "t.odt")
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(
            errors.first?.hasPrefix("t.odt: content.xml: paragraph 2, after 'Photos allowed: ': ") ?? false, "\(errors)")
    }
}
