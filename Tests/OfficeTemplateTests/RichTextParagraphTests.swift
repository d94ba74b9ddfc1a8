import XCTest

@testable import OfficeTemplate

/// A multi-line value in a block-level rich-text content control is written as one paragraph
/// per line (LibreOffice drops line breaks inside such a control's paragraph on import).
final class RichTextParagraphTests: XCTestCase {
    typealias P = TestPackage

    /// A block-level rich-text control (no `w:text`) whose content is one styled paragraph.
    private func blockControl(tag: String) -> String {
        #"<w:sdt><w:sdtPr><w:tag w:val="\#(tag)"/></w:sdtPr><w:sdtContent><w:p><w:pPr><w:pStyle w:val="Notes"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t>Type here</w:t></w:r></w:p></w:sdtContent></w:sdt>"#
    }

    private let expectedParagraphs =
        #"<w:sdtContent><w:p><w:pPr><w:pStyle w:val="Notes"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Line 1</w:t></w:r></w:p>"#
        + #"<w:p><w:pPr><w:pStyle w:val="Notes"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Line 2</w:t></w:r></w:p>"#
        + #"<w:p><w:pPr><w:pStyle w:val="Notes"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Line 3</w:t></w:r></w:p></w:sdtContent>"#

    func testFillWritesOneParagraphPerLine() throws {
        let form = try FormDocument(bytes: try P.docx(body: blockControl(tag: "notes") + P.paragraph("After")), name: "f.docx")
        let result = try form.fill(
            try FormFillTests.data("notes: \"Line 1\\nLine 2\\nLine 3\"\n"), map: try FormFillTests.map("notes: notes"))
        let xml = try P.entry("word/document.xml", of: result.bytes)
        XCTAssertTrue(xml.contains(expectedParagraphs), xml)
        XCTAssertFalse(xml.contains("<w:br/>"), xml)
        XCTAssertEqual(try P.bodyText(result.bytes), "Line 1\nLine 2\nLine 3\nAfter")
        try assertLibreOfficeReadsLines(result.bytes, ["Line 1", "Line 2", "Line 3", "After"])
    }

    func testInlineControlKeepsLineBreaks() throws {
        let inline =
            #"<w:p><w:sdt><w:sdtPr><w:tag w:val="notes"/></w:sdtPr><w:sdtContent><w:r><w:t>Type here</w:t></w:r></w:sdtContent></w:sdt></w:p>"#
        let form = try FormDocument(bytes: try P.docx(body: inline), name: "f.docx")
        let result = try form.fill(try FormFillTests.data("notes: \"A\\nB\"\n"), map: try FormFillTests.map("notes: notes"))
        let xml = try P.entry("word/document.xml", of: result.bytes)
        XCTAssertTrue(xml.contains(#"<w:t xml:space="preserve">A</w:t><w:br/><w:t xml:space="preserve">B</w:t>"#), xml)
    }

    func testTemplateBoundControlRendersOneParagraphPerLine() throws {
        let template = try Template(bytes: try P.docx(body: blockControl(tag: "{{ notes }}")), name: "t.docx")
        let output = try template.render(["notes": "Line 1\nLine 2\nLine 3"]).bytes
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(expectedParagraphs), xml)
        XCTAssertFalse(xml.contains("<w:br/>"), xml)
        try assertLibreOfficeReadsLines(output, ["Line 1", "Line 2", "Line 3"])
    }

    /// Converts the document to text with LibreOffice, when it is installed, and checks its lines.
    private func assertLibreOfficeReadsLines(_ document: [UInt8], _ lines: [String]) throws {
        let soffice = "/usr/bin/soffice"
        guard FileManager.default.isExecutableFile(atPath: soffice) else { return }
        let folder = NSTemporaryDirectory() + "apdocs-richtext-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(document).write(to: URL(fileURLWithPath: folder + "/in.docx"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = [
            "-env:UserInstallation=file://\(folder)/profile", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
            "--outdir", folder, folder + "/in.docx",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOfFile: folder + "/in.txt", encoding: .utf8)
        let read = text.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: .newlines).filter { !$0.isEmpty }
        XCTAssertEqual(read, lines, text)
    }
}
