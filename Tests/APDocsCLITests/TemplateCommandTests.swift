import Foundation
import XCTest

/// The template and data commands through the built binary: `check --json`, `validate --json`,
/// `render`'s failures, and usage errors of `context`.
final class TemplateCommandTests: XCTestCase {
    let letter = repository + "/templates/online-safety-letter.docx"

    func testCheckJSONOfAShippedTemplate() throws {
        let result = try AssertExecuteCommand(["check", letter, "--json"], stderr: "")
        let report = try XCTUnwrap(try result.json() as? [String: Any])
        XCTAssertEqual(report["ok"] as? Bool, true)
        XCTAssertEqual(report["template"] as? String, "online-safety-letter.docx")
        XCTAssertEqual((report["errors"] as? [Any])?.count, 0)
    }

    func testAMissingTemplateOrDataFileIsOneLineAndExitOne() throws {
        let folder = try TemporaryFolder()
        try AssertExecuteCommand(
            ["check", folder.path + "/gone.docx"], exitCode: 1,
            stderr: "error: gone.docx: cannot read the template: there is no such file\n")
        // A data error already says "error" in the compiler style: it is not said twice.
        try AssertExecuteCommand(
            ["render", letter, folder.path + "/none.json", "-o", folder.path + "/out.docx"], exitCode: 1,
            stderr: "\(folder.path)/none.json: error: cannot load data: there is no such file\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/out.docx"))
    }

    func testAMalformedDataFileNamesItsLineAndColumnWithoutItsText() throws {
        let folder = try TemporaryFolder()
        let data = folder.path + "/bad.json"
        try #"{"school": {"name": "Northshire" "x"}}"#.write(toFile: data, atomically: true, encoding: .utf8)
        let result = try AssertExecuteCommand(
            ["render", letter, data, "-o", folder.path + "/out.docx"], exitCode: 1)
        XCTAssertTrue(result.stderr.hasPrefix("\(data):1:34: error: "), result.stderr)
        XCTAssertFalse(result.stderr.contains("Northshire"), "the data's text is never shown")
    }

    func testValidateJSONShapeAndExitStatus() throws {
        let folder = try TemporaryFolder()
        let root = folder.path + "/ap"
        try AssertExecuteCommand([
            "init", root, "--examples", repository + "/examples", "--templates", repository + "/templates",
        ])
        let result = try AssertExecuteCommand(["validate", root, "--json"], exitCode: nil)
        let report = try XCTUnwrap(try result.json() as? [String: Any])
        let issues = try XCTUnwrap(report["issues"] as? [[String: Any]])
        let errors = issues.filter { $0["severity"] as? String == "error" }
        XCTAssertEqual(report["errors"] as? Int, errors.count)
        XCTAssertEqual(result.status, errors.isEmpty ? 0 : 3)
        for issue in issues {
            XCTAssertNotNil(issue["message"] as? String)
            XCTAssertTrue(["error", "warning"].contains(issue["severity"] as? String), "\(issue)")
        }
    }

    func testContextNeedsAKind() throws {
        let result = try AssertExecuteCommand(["context", "."], exitCode: 64)
        XCTAssertTrue(result.stderr.hasPrefix("Error: Missing expected argument '--kind <kind>'"), result.stderr)
    }

    func testAMissingDataPathIsPrintedOnceForAllRecordsOfRenderEach() throws {
        let folder = try TemporaryFolder()
        let data = folder.path + "/records.json"
        // Three records that lack what the letter prints: every record fails on the same tags.
        try #"[{"id": "a"}, {"id": "b"}, {"id": "c"}]"#.write(toFile: data, atomically: true, encoding: .utf8)
        let result = try AssertExecuteCommand(
            ["render", letter, data, "--each", "-o", folder.path + "/out/{{ id }}.docx"], exitCode: 1)
        let errors = result.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("error: ") }
        XCTAssertFalse(errors.isEmpty, result.stderr)
        XCTAssertEqual(Set(errors).count, errors.count, "no problem is printed twice: \(result.stderr)")
        for line in errors {
            XCTAssertTrue(line.hasPrefix("error: record 1, record 2, record 3: online-safety-letter.docx: "), line)
        }
        XCTAssertTrue(
            errors.contains { $0.contains("'{{ school.name }}': 'school' is not in the data") },
            result.stderr)
        XCTAssertTrue(
            result.stdout.contains("not made: 3 of 3 document(s)") || result.stderr.contains("not made: 3 of 3"),
            result.stdout + result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/out/a.docx"))
    }
}
