import Foundation
import OfficeTemplate
import Placement
import XCTest

@testable import Workspaces

/// Staleness and history on temporary workspaces: only what read a changed value is made
/// again, the version it replaces is kept under history/ with the reason, and a build that
/// cannot keep it fails without touching the files already made.
final class StalenessHistoryTests: XCTestCase {
    let letter = "PRV-NSC/online-safety-letter.docx"

    private func built() throws -> WorkspaceFixture {
        let fixture = try WorkspaceFixture()
        let (_, report, _) = try fixture.build()
        XCTAssertTrue(report.built.paths.contains(letter))
        return fixture
    }

    func testASecondBuildMakesNothing() throws {
        let fixture = try built()
        let (_, report, _) = try fixture.build()
        XCTAssertEqual(report.built, [])
        XCTAssertGreaterThan(report.upToDate, 0)
    }

    /// A file saved again with the same values (a comment added) changes no read value.
    func testAFileSavedWithoutAChangeOfValueRemakesNothing() throws {
        let fixture = try built()
        let school = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/schools").first { $0.hasSuffix(".yaml") })
        try fixture.edit("schools/" + school, "policies:\n", "# reviewed by the governors\npolicies:\n")
        let status = try fixture.builder().status()
        XCTAssertEqual(status.files.filter { $0.action == .build }, [])
    }

    /// A new policy version remakes the letters that cite it, keeping version 1 in history/.
    func testAChangedValueRemakesWhatReadItAndKeepsThePreviousVersion() throws {
        let fixture = try built()
        let before = try XCTUnwrap(fixture.output(letter))
        let school = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/schools").first { $0.hasSuffix(".yaml") })
        try fixture.edit("schools/" + school, #"version: "3.1""#, #"version: "3.3""#)

        let pending = try fixture.builder().status().files.filter { $0.action == .build }
        XCTAssertTrue(pending.paths.contains(letter))
        XCTAssertFalse(pending.contains { $0.kind == .childProtectionLetter }, "a letter citing another policy stays")

        let (_, report, _) = try fixture.build()
        let remade = try XCTUnwrap(report.built.first { $0.path == letter })
        XCTAssertEqual(remade.version, 2)
        XCTAssertEqual(remade.reasons, ["the school's online-safety policy changed from version 3.1 to 3.3"])
        let entry = try XCTUnwrap(try fixture.manifest().entry(path: letter))
        XCTAssertEqual(entry.version, 2)
        XCTAssertEqual(entry.policies["online-safety"], "3.3")
        let kept = try XCTUnwrap(entry.history.last)
        XCTAssertEqual(kept.version, 1)
        XCTAssertEqual(kept.path, "history/PRV-NSC/online-safety-letter.v1.docx")
        XCTAssertEqual(kept.replacedBecause, remade.reasons)
        XCTAssertEqual(fixture.output(kept.path), before, "history holds the previous file's bytes")
        XCTAssertEqual(kept.fileSHA256, Digest.sha256([UInt8](before)))
    }

    /// Where history/ cannot be written, the build fails with a message naming it and every
    /// file made earlier is left as it was.
    func testABuildThatCannotKeepHistoryFailsAndLeavesTheFilesAlone() throws {
        let fixture = try built()
        let documents = try fixture.manifest().files.map(\.path)
        let before = documents.map { fixture.output($0) }
        let school = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/schools").first { $0.hasSuffix(".yaml") })
        try fixture.edit("schools/" + school, #"version: "3.1""#, #"version: "3.3""#)
        let history = fixture.root + "/output/history"
        try? FileManager.default.removeItem(atPath: history)
        XCTAssertTrue(FileManager.default.createFile(atPath: history, contents: Data()))  // a file where a folder must go

        let (_, report, _) = try fixture.build()
        XCTAssertFalse(report.failed.isEmpty)
        XCTAssertTrue(report.failed.allSatisfy { $0.error.contains("history") }, "\(report.failed.map(\.error))")
        XCTAssertEqual(documents.map { fixture.output($0) }, before)
    }
}
