import XCTest

@testable import OfficeTemplate

/// A template picture whose name (Word's Selection pane, LibreOffice's Picture > Options > Name)
/// or title is a tag is replaced like one whose alt text is.
final class PictureNameTests: XCTestCase {
    typealias P = TestPackage
    var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "apdocs-picture-names-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        XCTAssertTrue(
            FileManager.default.createFile(atPath: folder + "/logo.png", contents: Data(TestPNG.make(width: 20, height: 10))))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func wordPicture(_ properties: String) -> String {
        #"<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="900000" cy="900000"/><wp:docPr id="1" \#(properties)/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    }

    func testWordPictureNamedByATagIsReplacedAndRenamed() throws {
        let template = try Template(bytes: try P.docx(body: wordPicture(#"name="{{ logo|image }}""#)), name: "t.docx")
        let output = try template.render(["logo": "logo.png"], options: RenderOptions(baseDirectory: folder)).bytes
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<wp:docPr id="1" name="Picture 1"/>"#), xml)
        XCTAssertTrue(xml.contains(#"r:embed="rIdApdocsPicture1""#), xml)
        XCTAssertFalse(xml.contains("{{"), xml)
        XCTAssertEqual(template.usage().required, ["logo"])
    }

    func testWordPictureTitledByATagIsReplaced() throws {
        let template = try Template(
            bytes: try P.docx(body: wordPicture(#"name="Logo" title="{{ school.logo }}""#)), name: "t.docx")
        let output = try template.render(["school": ["logo": "logo.png"]], options: RenderOptions(baseDirectory: folder)).bytes
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<wp:docPr id="1" name="Logo" title=""/>"#), xml)
        XCTAssertTrue(xml.contains(#"r:embed="rIdApdocsPicture1""#), xml)
    }

    func testOdtFrameNamedByATagIsReplaced() throws {
        let frame =
            #"<text:p><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" draw:name="{{ logo|image }}" svg:width="2cm" svg:height="1cm"><draw:image xlink:href="Pictures/old.png"/></draw:frame></text:p>"#
        let template = try Template(bytes: try P.odt(body: frame), name: "t.odt")
        let output = try template.render(["logo": "logo.png"], options: RenderOptions(baseDirectory: folder)).bytes
        let xml = try P.entry("content.xml", of: output)
        XCTAssertTrue(xml.contains(#"xlink:href="Pictures/apdocs-content-picture-1""#), xml)
        XCTAssertFalse(xml.contains("{{"), xml)
        XCTAssertEqual(try P.entry("Pictures/apdocs-content-picture-1", of: output).utf8.count > 0, true)
    }
}
