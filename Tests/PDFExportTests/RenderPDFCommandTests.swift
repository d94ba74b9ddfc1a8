import Foundation
import XCTest

/// The `apdocs render` command line's PDF behaviours, running the built binary (which `swift test`
/// builds beside the test bundle) with real LibreOffice.
final class RenderPDFCommandTests: PDFTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The built `apdocs`: beside the test bundle.
    func apdocs() throws -> String {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        let binary = folder.appendingPathComponent("apdocs").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CocoaError(
                .fileNoSuchFile,
                userInfo: [NSFilePathErrorKey: binary, NSLocalizedDescriptionKey: "no built apdocs at \(binary)"])
        }
        return binary
    }

    /// Runs `apdocs render ARGS` in the scratch folder with its own temporary folder; returns the
    /// exit status and what it printed on stderr.
    func render(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try apdocs())
        process.arguments = ["render"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: scratch)
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }

    var temporary: String { path("tmp") }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    func template(_ name: String) -> String { (Self.fixtures as NSString).appendingPathComponent("templates/\(name)") }
    var letterData: String { (Self.fixtures as NSString).appendingPathComponent("data/letter.yaml") }

    /// A YAML list of `count` copies of the letter's data, ids L0, L1, ...
    func letterRecords(_ count: Int) throws -> String {
        let letter = try String(contentsOfFile: letterData, encoding: .utf8)
        let indented = letter.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        let records = (0..<count).map { "- id: L\($0)\n" + indented }.joined(separator: "\n")
        let file = path("records.yaml")
        try records.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// `-o x.pdf` makes a real PDF of the filled letter, and nothing else is left anywhere.
    func testOutputNamedPDFIsAPDF() throws {
        let run = try render([template("letter.docx"), letterData, "-o", "out/letter.pdf"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(contents(path("out")), ["letter.pdf"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path("out/letter.pdf")))
        XCTAssertEqual(bytes.prefix(5), Data("%PDF-".utf8))
        XCTAssertTrue(try text(path("out/letter.pdf")).contains("Riverside Academy"))
        XCTAssertEqual(contents(temporary), [], "the private folder of the document is removed")
    }

    /// A DOCX template's document is never written under an ODT (or any other) name.
    func testOutputOfAnotherFormatIsRefusedWithTheReason() throws {
        let odt = try render([template("letter.docx"), letterData, "-o", "out/letter.odt"])
        XCTAssertEqual(odt.status, 64, odt.stderr)
        XCTAssertTrue(
            odt.stderr.contains("the template letter.docx makes a .docx document, and APDocs does not convert .docx to .odt"),
            odt.stderr)
        XCTAssertTrue(odt.stderr.contains("-o out/letter.docx, or -o out/letter.pdf for a PDF"), odt.stderr)
        let txt = try render([template("letter.odt"), letterData, "-o", "out/letter.txt"])
        XCTAssertEqual(txt.status, 64, txt.stderr)
        XCTAssertTrue(txt.stderr.contains("the output name must end in .odt (or .pdf for a PDF)"), txt.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")))
    }

    /// `--each --pdf-only` (or a `.pdf` pattern) leaves only PDFs; `--pdf` leaves both; the
    /// summary counts each file made by format.
    func testEachLeavesOnlyPDFsWhenAskedAndCountsFilesByFormat() throws {
        let records = try letterRecords(5)
        let pdfs = ["L0.pdf", "L1.pdf", "L2.pdf", "L3.pdf", "L4.pdf"]

        let only = try render([template("letter.odt"), records, "--each", "--pdf-only", "-o", "only/{{ id }}.odt"])
        XCTAssertEqual(only.status, 0, only.stderr)
        XCTAssertEqual(contents(path("only")), pdfs)
        XCTAssertTrue(only.stderr.contains("files made: 5 .pdf\n"), only.stderr)

        let named = try render([template("letter.docx"), records, "--each", "-o", "named/{{ id }}.pdf"])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertEqual(contents(path("named")), pdfs)
        for pdf in pdfs {
            XCTAssertTrue(PDFHeader.isPDF(path("named/\(pdf)")), pdf)
        }

        let both = try render([template("letter.odt"), records, "--each", "--pdf", "-o", "both/{{ id }}.odt"])
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertEqual(contents(path("both")).count, 10)
        XCTAssertTrue(both.stderr.contains("files made: 5 .odt, 5 .pdf (10 in all)"), both.stderr)

        XCTAssertEqual(contents(temporary), [], "the private folders of the documents are removed")
    }
}

/// Reads a file's first bytes: a PDF starts with `%PDF-`.
enum PDFHeader {
    static func isPDF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 5)) == Data("%PDF-".utf8)
    }
}
