import Foundation
import XCTest

/// Real LibreOffice (libreoffice-writer-nogui) and poppler-utils (`pdfinfo`, `pdftotext`), no mocks.
/// Shared by the converter's and the command line's tests: a scratch folder per test, fixtures, and
/// reading PDFs back.
class PDFTestCase: XCTestCase {
    static let templates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/templates").path

    var scratch = ""

    override func setUpWithError() throws {
        scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("pdfexport-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    func path(_ name: String) -> String { (scratch as NSString).appendingPathComponent(name) }

    func copyFixture(_ name: String, to folder: String, as newName: String? = nil) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let destination = (folder as NSString).appendingPathComponent(newName ?? name)
        try FileManager.default.copyItem(atPath: (Self.templates as NSString).appendingPathComponent(name), toPath: destination)
        return destination
    }

    /// Output of a command-line tool (fails the test when it cannot run).
    func tool(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(name) \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }

    func pageCount(_ pdf: String) throws -> Int? {
        let info = try tool("pdfinfo", [pdf])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }

    func text(_ pdf: String) throws -> String { try tool("pdftotext", ["-layout", pdf, "-"]) }

    func contents(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}
