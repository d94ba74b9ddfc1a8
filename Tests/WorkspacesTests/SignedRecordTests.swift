import Foundation
import OfficeTemplate
import Placement
import XCTest

@testable import Workspaces

/// Issue 10, finding 4 and "Signed records are records": school-wide changes never void a
/// signed agreement; a change of its terms, or a reissue asked for, sets it aside.
final class SignedRecordTests: XCTestCase {
    let agreement = "PL-2025-014/placement-agreement.docx"

    /// PL-2025-014 is signed by all four parties in the examples.
    private func signedFixture() throws -> WorkspaceFixture {
        let fixture = try WorkspaceFixture()
        try fixture.build()
        XCTAssertEqual(try fixture.manifest().entry(path: agreement)?.signatureState, .signed)
        return fixture
    }

    func testAPolicyChangeLeavesTheSignedAgreementAndListsAReissue() throws {
        let fixture = try signedFixture()
        let signed = try XCTUnwrap(fixture.output(agreement))
        try fixture.edit("schools/SCH-RVA.yaml", "version: \"3.1\"", "version: \"3.2\"")
        let (_, report, todo) = try fixture.build()
        XCTAssertEqual(fixture.output(agreement), signed, "the signed record is untouched")
        XCTAssertFalse(report.built.contains { $0.path == agreement })
        XCTAssertTrue(
            report.built.contains { $0.path == "PRV-NSC/online-safety-letter.docx" }, "letters citing the policy are remade")
        let reissue = try XCTUnwrap(todo.first { $0.action == .reissue })
        XCTAssertEqual(reissue.placement, "PL-2025-014")
        XCTAssertEqual(
            reissue.message,
            "PL-2025-014: the agreement was signed before these changes: the school's online-safety policy changed from version 3.1 to 3.2; reissue it at the next review (apdocs build --reissue PL-2025-014)"
        )
        XCTAssertEqual(todo.filter { $0.action == .reissue }.count, 1, "one to-do per agreement, not per format")
        XCTAssertTrue(
            todo.contains {
                $0.action == .sendLetter && $0.provider == "PRV-NSC" && $0.message.contains("Online Safety Policy 3.2")
            })
        let status = try fixture.builder().status()
        XCTAssertEqual(status.files.first { $0.path == agreement }?.action, .upToDate)
    }

    func testATemplateChangeLeavesTheSignedAgreement() throws {
        let fixture = try signedFixture()
        let template = fixture.root + "/templates/placement-agreement.docx"
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: template))
        bytes.append(contentsOf: [0, 0])  // zip readers accept trailing bytes; the hash changes
        try bytes.write(to: URL(fileURLWithPath: template))
        let (_, report, todo) = try fixture.build()
        XCTAssertFalse(report.built.contains { $0.path == agreement })
        XCTAssertTrue(
            report.built.contains { $0.path == "PL-2025-015/placement-agreement.docx" }, "unsigned agreements are remade")
        XCTAssertTrue(
            todo.contains { $0.action == .reissue && $0.message.contains("the template placement-agreement.docx changed") })
    }

    func testAChangeOfTermsSupersedesTheSignedAgreement() throws {
        let fixture = try signedFixture()
        let signed = try XCTUnwrap(fixture.output(agreement))
        try fixture.edit("placements/PL-2025-014.yaml", "planned_end: 2026-02-13", "planned_end: 2026-02-20")
        let (_, report, todo) = try fixture.build()
        let built = try XCTUnwrap(report.built.first { $0.path == agreement })
        XCTAssertEqual(built.reasons, ["PL-2025-014: the planned end date changed"])
        let entry = try XCTUnwrap(try fixture.manifest().entry(path: agreement))
        XCTAssertEqual(entry.signatureState, .draft, "the new version waits for the parties")
        let superseded = try XCTUnwrap(entry.supersededSigned)
        XCTAssertEqual(
            FileManager.default.contents(atPath: fixture.root + "/output/" + superseded.path), signed, "the signed one is kept")
        let sign = try XCTUnwrap(todo.first { $0.action == .sign && $0.placement == "PL-2025-014" })
        XCTAssertEqual(Set(sign.roles ?? []), [.school, .provider, .parentCarer, .pupil])
        XCTAssertTrue(sign.message.contains("record the signatures of"), sign.message)
        XCTAssertTrue(sign.message.contains("again"), sign.message)
    }

    func testAReissueAskedForSupersedesOnPurpose() throws {
        let fixture = try signedFixture()
        try fixture.edit("schools/SCH-RVA.yaml", "version: \"3.1\"", "version: \"3.2\"")
        try fixture.build()
        let (_, report, todo) = try fixture.build(reissue: ["PL-2025-014"])
        let built = try XCTUnwrap(report.built.first { $0.path == agreement })
        XCTAssertTrue(built.reasons.contains("a reissue was asked for"), "\(built.reasons)")
        XCTAssertNotNil(try fixture.manifest().entry(path: agreement)?.supersededSigned)
        XCTAssertFalse(todo.contains { $0.action == .reissue })
    }

    /// Re-recording one party's signature (a correction) remakes the agreement with its
    /// signatures; it voids nobody's.
    func testRecordingASignatureKeepsTheOthers() throws {
        let fixture = try signedFixture()
        let workspace = try Workspace(root: fixture.root)
        let text = try fixture.read("placements/PL-2025-014.yaml")
        try SignatureRecorder.record(
            SignatureEntry(role: .pupil, name: "A Pupil", date: IssueDay.parse("2025-09-05")!, method: .typed),
            placement: "PL-2025-014", in: workspace)
        let edited = try fixture.read("placements/PL-2025-014.yaml")
        let changed = zip(text.components(separatedBy: "\n"), edited.components(separatedBy: "\n")).filter { $0.0 != $0.1 }
        XCTAssertEqual(changed.count, 1, "only the pupil's signature line changes")
        XCTAssertEqual(
            changed.first?.1.trimmingCharacters(in: .whitespaces),
            "- {role: pupil, name: \"A Pupil\", date: 2025-09-05, method: typed}")
        let (_, report, _) = try fixture.build()
        XCTAssertEqual(report.built.first { $0.path == agreement }?.reasons, ["PL-2025-014: the signatures recorded changed"])
        let entry = try XCTUnwrap(try fixture.manifest().entry(path: agreement))
        XCTAssertEqual(entry.signatureState, .signed)
        XCTAssertNil(entry.supersededSigned)
    }
}
