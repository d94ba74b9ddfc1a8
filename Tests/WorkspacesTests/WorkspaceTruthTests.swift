import Foundation
import OfficeTemplate
import Placement
import XCTest

@testable import Workspaces

/// Issue 10, findings 1, 2, 3, 4 and 9: a workspace never drops a pupil, reports the data's
/// problems on every run, can be moved, and keeps signed agreements as records.
final class WorkspaceTruthTests: XCTestCase {
    let letter = "PRV-NCC/attendance-letter.docx"

    /// Finding 1: one mistake in one placement file must not rebuild the provider's attendance
    /// letter without that pupil; the letter is held back whole, with the reason.
    func testABadPlacementHoldsBackTheLetterThatListsItInsteadOfDroppingThePupil() throws {
        let fixture = try WorkspaceFixture()
        try fixture.build()
        let before = try XCTUnwrap(fixture.output(letter))
        try fixture.edit("placements/PL-2025-015.yaml", "start: 2025-09-16", "start: 03/11/2026")

        let (issues, report, _) = try fixture.build()
        XCTAssertEqual(fixture.output(letter), before, "the letter on disk still lists the pupil")
        XCTAssertFalse(report.built.contains { $0.path == letter })
        let held = try XCTUnwrap(report.held.first { $0.id == "PRV-NCC/attendance-letter" })
        XCTAssertEqual(
            held.reasons,
            [
                "PL-2025-015 has errors: the attendance letter lists every pupil placed with PRV-NCC and waits until they are fixed, so that no pupil is left out"
            ])
        XCTAssertTrue(
            report.held.contains { $0.id == "PL-2025-015/placement-agreement" }, "the placement is still known by its file")
        XCTAssertTrue(report.held.contains { $0.id == "PRV-NCC/commissioning-checklist" })
        let dateIssue = try XCTUnwrap(issues.first { $0.subject == "PL-2025-015" && $0.path == "start" })
        let line = try fixture.line(of: "start:", in: "placements/PL-2025-015.yaml")
        XCTAssertEqual(
            dateIssue.description,
            "placements/PL-2025-015.yaml:\(line): error [data] PL-2025-015 start: should be a date (YYYY-MM-DD) but is text; it looks like a UK date (day/month/year): write it year first, e.g. 2026-11-03 for 3 November 2026"
        )
        XCTAssertFalse(dateIssue.description.contains("03/11/2026"), "a placement file's value is never quoted")
    }

    /// A file that cannot be read at all (its provider unknown) holds back every letter that
    /// lists placements, and is reported by its file name.
    func testAnUnreadablePlacementFileHoldsBackEveryListingDocument() throws {
        let fixture = try WorkspaceFixture()
        try "id: PL-2026-002\nstart: [unclosed\n".write(
            toFile: fixture.root + "/placements/PL-2026-002.yaml", atomically: true, encoding: .utf8)
        let (issues, report, _) = try fixture.build()
        XCTAssertTrue(issues.contains { $0.file == "placements/PL-2026-002.yaml" && $0.severity == .error })
        for provider in ["PRV-NCC", "PRV-NSC"] {
            XCTAssertTrue(report.held.contains { $0.id == "\(provider)/attendance-letter" }, provider)
            XCTAssertNil(fixture.output("\(provider)/attendance-letter.docx"))
        }
        XCTAssertTrue(report.held.contains { $0.id == "PL-2026-002/placement-agreement" })
        XCTAssertNotNil(fixture.output("PRV-NSC/online-safety-letter.docx"), "documents that list no placements are still made")
    }

    /// Finding 2: the next build and status, with nothing changed, still report the errors.
    func testErrorsAreReportedOnEveryRunWhileTheyLast() throws {
        let fixture = try WorkspaceFixture()
        try fixture.edit("placements/PL-2025-015.yaml", "start: 2025-09-16", "start: 03/11/2026")
        let first = try fixture.build()
        let second = try fixture.build()
        XCTAssertEqual(second.report.built, [], "nothing to make")
        XCTAssertEqual(second.issues, first.issues)
        XCTAssertTrue(second.issues.containsErrors)
        XCTAssertEqual(second.report.held.paths, first.report.held.paths)
        let status = try fixture.builder().status()
        XCTAssertEqual(status.issues, first.issues)
        XCTAssertTrue(status.todo.contains { $0.action == .fixData && $0.placement == "PL-2025-015" })

        try fixture.edit("placements/PL-2025-015.yaml", "start: 03/11/2026", "start: 2025-09-16")
        let fixed = try fixture.build()
        XCTAssertFalse(fixed.issues.contains { $0.subject == "PL-2025-015" && $0.severity == .error })
        XCTAssertTrue(
            fixed.report.built.contains { $0.path == letter }, "held back until now, the letter is made with every pupil")
        XCTAssertFalse(fixed.report.held.contains { $0.id == "PRV-NCC/attendance-letter" })
    }

    /// Finding 3: moving (or renaming, copying, syncing) the workspace rebuilds nothing.
    func testAMovedWorkspaceRebuildsNothing() throws {
        let fixture = try WorkspaceFixture()
        try fixture.build()
        try fixture.move()
        let status = try fixture.builder().status()
        XCTAssertEqual(status.files.filter { $0.action == .build }, [])
        let (_, report, _) = try fixture.build()
        XCTAssertEqual(report.built, [])
        let reads = try String(
            contentsOfFile: fixture.root + "/output/.apdocs/reads/PRV-NSC/online-safety-letter.docx.tsv", encoding: .utf8)
        XCTAssertTrue(reads.contains("file:schools/logo.png\t"), "pictures are recorded by their workspace-relative name")
        XCTAssertFalse(reads.contains(fixture.parent), "no path on this machine is recorded")
    }

    /// A new logo (other bytes, same name) remakes what shows it.
    func testANewLogoRemakesTheLetters() throws {
        let fixture = try WorkspaceFixture()
        try fixture.build()
        let logo = fixture.root + "/schools/logo.png"
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: logo))
        bytes.append(0)  // a trailing byte after IEND: still a PNG, other bytes
        try bytes.write(to: URL(fileURLWithPath: logo))
        let (_, report, _) = try fixture.build()
        let reasons = Set(report.built.filter { $0.path.hasSuffix("online-safety-letter.docx") }.flatMap(\.reasons))
        XCTAssertEqual(reasons, ["the picture logo.png changed"])
    }

    /// A drawn signature's picture is named in the data by whoever typed it: a reason never
    /// repeats that name.
    func testAChangedSignaturePictureIsNotNamed() throws {
        let fixture = try WorkspaceFixture()
        try fixture.build()
        let png = fixture.root + "/placements/signatures/PL-2025-015-parent-carer.png"
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: png))
        bytes.append(0)
        try bytes.write(to: URL(fileURLWithPath: png))
        let (_, report, _) = try fixture.build()
        let built = try XCTUnwrap(report.built.first { $0.path == "PL-2025-015/placement-agreement.docx" })
        XCTAssertEqual(built.reasons, ["a drawn signature's picture changed"])
    }

    /// Finding 4: a new issue date remakes nothing: a letter keeps the date it was made for.
    func testANewIssueDateRemakesNothing() throws {
        let fixture = try WorkspaceFixture()
        try fixture.build()
        try fixture.edit("apdocs.yaml", "issue_date: 2025-10-01", "issue_date: 2025-10-08")
        let (_, report, _) = try fixture.build()
        XCTAssertEqual(report.built, [])
        XCTAssertEqual(try fixture.builder().status().reissues, [])
    }

    /// Finding 9: the manifest lists every policy a document prints, by what it read.
    func testManifestListsEveryPolicyADocumentPrints() throws {
        let fixture = try WorkspaceFixture()
        try fixture.build()
        let manifest = try fixture.manifest()
        let checklist = try XCTUnwrap(manifest.entry(path: "PRV-NSC/commissioning-checklist.docx"))
        XCTAssertEqual(checklist.policies["online-safety"], "3.1")
        XCTAssertEqual(checklist.policies["child-protection"], "2025.1")
        XCTAssertEqual(checklist.policies["attendance"], "4.0")
        let letter = try XCTUnwrap(manifest.entry(path: "PRV-NSC/online-safety-letter.docx"))
        XCTAssertEqual(letter.policies, ["online-safety": "3.1"])
    }
}
