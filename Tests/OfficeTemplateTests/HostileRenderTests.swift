import Foundation
import XCTest

@testable import OfficeTemplate

/// Issue 14, rendering under hostile input: output size of one value, messages of bounded
/// length that quote no data, safe file names, template files that are not files, and
/// temporary files left by a killed run.
final class HostileRenderTests: XCTestCase {
    typealias P = TestPackage

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("HostileRenderTests-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func renderError(_ body: String, _ data: TemplateValue) throws -> String? {
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        do {
            _ = try template.render(data, options: RenderOptions(baseDirectory: folder.path))
            return nil
        } catch {
            return "\(error)"
        }
    }

    // MARK: - Output size

    /// Nine chained replace() filters multiply a short text by 10^9.
    func testChainedReplaceIsStoppedAtTheSizeLimit() throws {
        let chain = String(repeating: " | replace('a', 'aaaaaaaaaa')", count: 9)
        let start = Date()
        let message = try renderError(P.paragraph("{{ word\(chain) }}"), ["word": "aaaaaaaaaa"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertTrue(
            message?.hasSuffix(
                "the 'replace' filter would make a text of more than 10,000,000 bytes, "
                    + "which is the limit for one value") ?? false, message ?? "rendered")
        // Ordinary replacements still work, including ones that grow the text.
        let ok = try Template(bytes: try P.docx(body: P.paragraph("{{ word | replace('a', 'bb') }}")), name: "t.docx")
        XCTAssertEqual(try P.bodyText(ok.render(["word": "banana"]).bytes), "bbbnbbnbb")
    }

    // MARK: - Message length

    /// A 1 MB identifier gave a 3 MB message (the tag quoted three times).
    func testAHugeTagIsQuotedShortly() throws {
        // Letters that do not repeat, so the package does not compress like a zip bomb.
        var seed: UInt64 = 14
        let name = String(
            String.UnicodeScalarView(
                (0..<1_000_000).map { _ in
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    return Unicode.Scalar(UInt8(ascii: "a") + UInt8((seed >> 33) % 26))
                }))
        let errors = P.compileErrors(try P.docx(body: P.paragraph("{{ \(name) \(name) }}")))
        XCTAssertEqual(errors.count, 1)
        XCTAssertLessThan(errors[0].utf8.count, 600, String(errors[0].prefix(600)))
        XCTAssertTrue(errors[0].contains("'{{ \(name.prefix(20))"), String(errors[0].prefix(600)))
        // At render: an undefined name of 1 MB.
        let message = try renderError(P.paragraph("{{ \(name) }}"), [:]) ?? ""
        XCTAssertLessThan(message.utf8.count, 600, String(message.prefix(600)))
    }

    /// An unknown filter at the end of a 100,000-long chain gave 200 KB.
    func testAnUnknownFilterInALongChainIsQuotedShortly() throws {
        let chain = String(repeating: "|e", count: 150) + "|" + String(repeating: "q", count: 100_000)
        // Found when the template is compiled, without data.
        let message = P.compileErrors(try P.docx(body: P.paragraph("{{ a\(chain) }}")), name: "t.docx").joined()
        XCTAssertLessThan(message.utf8.count, 1_000, String(message.prefix(1_000)))
        XCTAssertTrue(message.contains("there is no filter 'qqqq"), message)
    }

    // MARK: - No data in messages

    /// The image filter's errors quoted the picture's path, built from a value.
    func testPictureErrorsDoNotQuoteThePath() throws {
        let notes = folder.appendingPathComponent("Zoe-Smith-notes.txt")
        try Data("not a picture".utf8).write(to: notes)
        let body = P.paragraph("{{ photo | image }}")
        let notPicture = try renderError(body, ["photo": "Zoe-Smith-notes.txt"]) ?? ""
        XCTAssertEqual(
            notPicture,
            "t.docx: word/document.xml: paragraph 1: '{{ photo | image }}': the picture file "
                + "the value names is not a PNG or JPEG picture; save it as .png or .jpg")
        let missing = try renderError(body, ["photo": "Zoe-Smith.png"]) ?? ""
        XCTAssertEqual(
            missing,
            "t.docx: word/document.xml: paragraph 1: '{{ photo | image }}': cannot read the picture "
                + "file the value names: there is no such file (a relative name is read from the data file's folder)")
        // A device as a picture is refused at once, not read forever.
        let device = try renderError(body, ["photo": "/dev/zero"]) ?? ""
        XCTAssertTrue(
            device.hasSuffix(
                "cannot read the picture file the value names: it is a device, not a regular file "
                    + "(a relative name is read from the data file's folder)"), device)
    }

    // MARK: - File names from data

    /// U+202E and the other bidirectional controls could make "exe.docx" look like "xcod.exe".
    func testBidirectionalControlsAreRemovedFromFileNames() throws {
        let pattern = try OutputNamePattern("out/{{ name }}.docx")
        let controls = [
            "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}",
            "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}",
        ]
        for control in controls {
            XCTAssertEqual(
                try pattern.name(for: ["name": .string("Zo\(control)e")]), "out/Zoe.docx",
                "U+\(String(control.unicodeScalars.first!.value, radix: 16, uppercase: true))")
        }
        XCTAssertEqual(try pattern.name(for: ["name": "\u{202E}xcod.exe"]), "out/xcod.exe.docx")
        XCTAssertEqual(try pattern.name(for: ["name": "Zoë"]), "out/Zoë.docx")
    }

    // MARK: - Template files that are not files

    func testTemplateThatIsAFolderOrADeviceIsNamedAsSuch() throws {
        let directory = folder.appendingPathComponent("letter.docx")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        XCTAssertThrowsError(try Template(contentsOf: directory.path)) { error in
            XCTAssertEqual("\(error)", "letter.docx: cannot read the template: it is a folder, not a file")
        }
        let start = Date()
        XCTAssertThrowsError(try Template(contentsOf: "/dev/zero")) { error in
            XCTAssertEqual("\(error)", "zero: cannot read the template: it is a device, not a regular file")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertThrowsError(try Template(contentsOf: folder.appendingPathComponent("none.docx").path)) { error in
            XCTAssertEqual("\(error)", "none.docx: cannot read the template: there is no such file")
        }
    }

    // MARK: - Leftovers of a killed run

    /// `render --each` killed mid-run leaves `.NAME.tmp-PID-N` files; the next run removes
    /// those of processes that no longer run, and nothing else.
    func testStaleTemporaryFilesOfDeadProcessesAreRemoved() throws {
        let dead = deadProcessID()
        let stale = [".A1-letter.docx.tmp-\(dead)-1", ".B2-letter.docx.tmp-\(dead)-17"]
        let live = ".C3-letter.docx.tmp-\(getpid())-3"
        let keep = ["A1-letter.docx", ".hidden", ".notes.tmp-x", ".x.docx.tmp-12a-3", live]
        for name in stale + keep {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(in: folder.path), 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(left, keep.sorted())
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(in: folder.appendingPathComponent("missing").path), 0)
    }

    /// The id of a process that has exited (a child that was started and waited for).
    private func deadProcessID() -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try? process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
