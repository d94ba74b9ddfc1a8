import Foundation
import XCTest

/// The workspace commands through the built binary: exit statuses (0 done, 1 failure, 3 held
/// back by errors in the data, 64 usage), the shapes of `--json`, and the messages.
final class WorkspaceCommandTests: XCTestCase {
    /// A workspace made by `apdocs init` from the repository's examples and templates.
    private func workspace() throws -> (folder: TemporaryFolder, root: String) {
        let folder = try TemporaryFolder()
        let root = folder.path + "/ap"
        let made = try AssertExecuteCommand([
            "init", root, "--examples", repository + "/examples", "--templates", repository + "/templates",
        ])
        XCTAssertEqual(made.stdout, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/apdocs.yaml"))
        return (folder, root)
    }

    /// The exit status a report must have: 3 when errors in the data hold anything back.
    private func expectedStatus(issues: [[String: Any]], held: Int) -> Int32 {
        held > 0 || issues.contains { $0["severity"] as? String == "error" } ? 3 : 0
    }

    func testVersionAndUsageErrors() throws {
        let version = try AssertExecuteCommand(["--version"], stderr: "")
        XCTAssertEqual(version.stdout, "0.1.0\n")
        let unknown = try AssertExecuteCommand(["status", "--frobnicate"], exitCode: 64)
        XCTAssertTrue(unknown.stderr.hasPrefix("Error: Unknown option '--frobnicate'"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")
    }

    func testStatusJSONShapeAndItsExitStatusAgree() throws {
        let (folder, root) = try workspace()
        _ = folder
        let first = try AssertExecuteCommand(["status", root, "--json"], exitCode: nil)
        let report = try XCTUnwrap(try first.json() as? [String: Any])
        XCTAssertEqual(Set(report.keys), ["todo", "issues", "files", "counts"])
        let files = try XCTUnwrap(report["files"] as? [[String: Any]])
        XCTAssertFalse(files.isEmpty)
        for file in files {
            XCTAssertTrue(Set(file.keys).isSuperset(of: ["id", "path", "kind", "action", "reasons"]), "\(file.keys)")
            XCTAssertTrue(["build", "held"].contains(file["action"] as? String), "before any build: \(file)")
        }
        let counts = try XCTUnwrap(report["counts"] as? [String: Int])
        XCTAssertEqual(counts.values.reduce(0, +), files.count)
        let issues = try XCTUnwrap(report["issues"] as? [[String: Any]])
        XCTAssertEqual(first.status, expectedStatus(issues: issues, held: counts["held"] ?? 0))
        XCTAssertEqual(first.stderr, "", "--json writes the report and nothing else")
    }

    func testBuildJSONThenASecondBuildHasNothingToDo() throws {
        let (folder, root) = try workspace()
        _ = folder
        let first = try AssertExecuteCommand(["build", root, "--json"], exitCode: nil)
        let output = try XCTUnwrap(try first.json() as? [String: Any])
        XCTAssertEqual(Set(output.keys), ["report", "issues", "todo"])
        let report = try XCTUnwrap(output["report"] as? [String: Any])
        let built = try XCTUnwrap(report["built"] as? [[String: Any]])
        let held = try XCTUnwrap(report["held"] as? [[String: Any]])
        XCTAssertFalse(built.isEmpty)
        XCTAssertEqual((report["failed"] as? [Any])?.count, 0)
        XCTAssertTrue(built.allSatisfy { $0["action"] as? String == "built" && $0["version"] as? Int == 1 })
        let issues = try XCTUnwrap(output["issues"] as? [[String: Any]])
        XCTAssertEqual(first.status, expectedStatus(issues: issues, held: held.count))
        for file in built {
            let path = try XCTUnwrap(file["path"] as? String)
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/output/" + path), path)
        }

        let second = try AssertExecuteCommand(["build", root, "--json"], exitCode: first.status)
        let again = try XCTUnwrap((try second.json() as? [String: Any])?["report"] as? [String: Any])
        XCTAssertEqual((again["built"] as? [Any])?.count, 0)
        XCTAssertEqual(again["upToDate"] as? Int, built.count)
    }

    func testDryRunMakesNothing() throws {
        let (folder, root) = try workspace()
        _ = folder
        let dry = try AssertExecuteCommand(["build", root, "--dry-run"], exitCode: nil)
        XCTAssertTrue([0, 3].contains(dry.status), dry.stderr)
        let made = FileManager.default.enumerator(atPath: root + "/output")?.allObjects as? [String] ?? []
        XCTAssertEqual(made.filter { $0.hasSuffix(".docx") || $0.hasSuffix(".odt") }, [])
    }

    func testASettingsErrorIsOneLineWithFileAndLine() throws {
        let (folder, root) = try workspace()
        try folder.edit("ap/apdocs.yaml", "  staleness_months: 12", "  staleness_month: 12")
        for command in ["status", "build", "validate"] {
            try AssertExecuteCommand(
                [command, root], exitCode: 1,
                stderr:
                    "error: apdocs.yaml:15: settings.staleness_month: is not a setting APDocs knows; the settings here are due_within_days, full_time_hours_per_week, maximum_review_gap_days, provider_recheck_days, registration_law, registration_threshold_pupils, registration_warning_hours, staleness_months\n"
            )
        }
    }

    func testAnEditRemakesOnlyWhatReadIt() throws {
        let (folder, root) = try workspace()
        _ = try AssertExecuteCommand(["build", root], exitCode: nil)
        let provider = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: root + "/providers").sorted().first { $0.hasSuffix(".yaml") })
        let text = try String(contentsOfFile: root + "/providers/" + provider, encoding: .utf8)
        let nameLine = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("name: ") })
        try folder.edit("ap/providers/" + provider, String(nameLine), String(nameLine) + " Trust")
        let status = try AssertExecuteCommand(["status", root, "--json"], exitCode: nil)
        let files = try XCTUnwrap((try status.json() as? [String: Any])?["files"] as? [[String: Any]])
        let pending = files.filter { $0["action"] as? String == "build" }
        XCTAssertFalse(pending.isEmpty)
        XCTAssertLessThan(pending.count, files.count, "documents that do not print the provider's name stay")
        for file in pending {
            let reasons = file["reasons"] as? [String] ?? []
            XCTAssertTrue(reasons.contains { $0.contains("the provider's name") }, "\(file)")
        }
    }
}
