import XCTest

@testable import OfficeTemplate

/// Pictures named by the data: inserted by `| image(...)`, or replacing a template picture whose
/// alt text is a tag.
final class PictureTests: XCTestCase {
    typealias P = TestPackage
    var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "apdocs-pictures-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // 200 x 100 pixels at 96 dpi, so 4cm wide means 2cm high.
        FileManager.default.createFile(atPath: folder + "/logo.png", contents: Data(TestPNG.make(width: 200, height: 100)))
        FileManager.default.createFile(atPath: folder + "/notes.txt", contents: Data("hello".utf8))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func testImageFilterInsertsAPictureKeepingItsAspectRatio() throws {
        let template = try Template(
            bytes: try P.docx(body: P.paragraph("Logo: {{ school.logo | image(width=\"4cm\") }} end")), name: "t.docx")
        let output = try template.render(["school": ["logo": "logo.png"]], options: RenderOptions(baseDirectory: folder)).bytes
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<wp:extent cx="1440000" cy="720000"/>"#), xml)
        XCTAssertTrue(xml.contains(#"r:embed="rIdApdocsImage1""#), xml)
        let relationships = try P.entry("word/_rels/document.xml.rels", of: output)
        XCTAssertTrue(
            relationships.contains(
                #"Id="rIdApdocsImage1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/apdocs-image-1.png""#
            ), relationships)
        XCTAssertTrue(
            try P.entry("[Content_Types].xml", of: output).contains(#"<Default Extension="png" ContentType="image/png"/>"#))
        let reader = try ZipReader(bytes: output, name: "out")
        XCTAssertEqual(
            try reader.read(reader.entry(named: "word/media/apdocs-image-1.png")!), TestPNG.make(width: 200, height: 100))
        XCTAssertEqual(try P.bodyText(output), "Logo:  end")
    }

    func testOdtPictureIsAFrameWithAManifestEntry() throws {
        let template = try Template(bytes: try P.odt(body: "<text:p>{{ logo | image(height=\"1cm\") }}</text:p>"), name: "t.odt")
        let output = try template.render(["logo": "logo.png"], options: RenderOptions(baseDirectory: folder)).bytes
        let xml = try P.entry("content.xml", of: output)
        XCTAssertTrue(
            xml.contains(#"svg:width="2.0cm" svg:height="1.0cm"><draw:image xlink:href="Pictures/apdocs-image-1.png""#), xml)
        XCTAssertTrue(
            try P.entry("META-INF/manifest.xml", of: output).contains(
                #"<manifest:file-entry manifest:full-path="Pictures/apdocs-image-1.png" manifest:media-type="image/png"/>"#))
    }

    func testAnEmptyValueInsertsNothingAndABadFileIsALocatedError() throws {
        let template = try Template(bytes: try P.docx(body: P.paragraph("A") + P.table([["{{ logo | image }}"]])), name: "t.docx")
        XCTAssertEqual(try P.bodyText(template.render(["logo": nil]).bytes), "A\n")
        XCTAssertThrowsError(try template.render(["logo": "notes.txt"], options: RenderOptions(baseDirectory: folder))) { error in
            XCTAssertEqual(
                "\(error)",
                "t.docx: word/document.xml: paragraph 2 (table 1, row 1, cell 1): '{{ logo | image }}': the picture file the value names is not a PNG or JPEG picture; save it as .png or .jpg"
            )
        }
        XCTAssertThrowsError(try template.render(["logo": "missing.png"], options: RenderOptions(baseDirectory: folder))) {
            error in
            XCTAssertEqual(
                "\(error)",
                "t.docx: word/document.xml: paragraph 2 (table 1, row 1, cell 1): '{{ logo | image }}': cannot read the picture file the value names: there is no such file (a relative name is read from the data file's folder)"
            )
        }
    }

    func testTemplatePictureWithATagAsAltTextIsReplaced() throws {
        let drawing =
            #"<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="900000" cy="900000"/><wp:docPr id="1" name="Logo" descr="{{ school.logo }}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
        let template = try Template(bytes: try P.docx(body: drawing), name: "t.docx")
        let output = try template.render(["school": ["logo": "logo.png"]], options: RenderOptions(baseDirectory: folder)).bytes
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<wp:extent cx="900000" cy="900000"/><wp:docPr id="1" name="Logo" descr=""/>"#), xml)
        XCTAssertTrue(xml.contains(#"r:embed="rIdApdocsPicture1""#), xml)
        XCTAssertTrue(
            try P.entry("word/_rels/document.xml.rels", of: output).contains(
                #"Id="rIdApdocsPicture1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/apdocs-image-1.png""#
            ))
        XCTAssertEqual(template.usage().required, ["school.logo"])
    }
}

/// Writes small valid PNGs (stored deflate blocks, so no zlib is needed).
enum TestPNG {
    static func make(width: Int, height: Int) -> [UInt8] {
        var raw: [UInt8] = []
        for row in 0..<height {
            raw.append(0)
            for column in 0..<width { raw += [UInt8(column % 256), UInt8(row % 256), 128] }
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, raw.count - offset)
            let final: UInt8 = offset + length == raw.count ? 1 : 0
            zlib += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            zlib += raw[offset..<offset + length]
            offset += length
        } while offset < raw.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        zlib += bigEndian(b << 16 | a)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        png += chunk("IDAT", zlib)
        png += chunk("IEND", [])
        return png
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
