import Foundation
import OfficeTemplate
import Placement
import XCTest

@testable import Workspaces

/// The typed seams of a build: a render's reads kept as `DataRead`s and encoded to the reads
/// TSV only on disk; an agreement's signature state read from the typed placement record.
final class ReadRecordTests: XCTestCase {
    func testReadsAreEncodedToTheTSVOnlyOnDiskAndReadBackTyped() {
        let record = ReadRecord(
            values: [.value(path: "school.name"): "h1", .shape(path: "placements"): "#3", .value(path: "a[\"x|y\"]"): "h2"],
            pictures: ["logo.png": "10:abc"])
        XCTAssertEqual(record.tsv, "a[\"x|y\"]\th2\nfile:logo.png\t10:abc\nplacements|shape\t#3\nschool.name\th1\n")
        XCTAssertEqual(ReadRecord(tsv: record.tsv), record)
        XCTAssertEqual(
            record.sortedValues.map(\.read),
            [.value(path: "a[\"x|y\"]"), .shape(path: "placements"), .value(path: "school.name")])
    }

    func testTheDataHashIsTheSameForTheSameReadsWhateverTheirOrder() {
        let one = ReadRecord(values: [.value(path: "a"): "1", .shape(path: "b"): "#2"], pictures: [:])
        let other = ReadRecord(tsv: "b|shape\t#2\na\t1\n")
        XCTAssertEqual(one.dataSHA256, other.dataSHA256)
        XCTAssertNotEqual(
            one.dataSHA256, ReadRecord(values: [.value(path: "a"): "1", .value(path: "b"): "#2"], pictures: [:]).dataSHA256)
    }

    /// PL-2025-014 is signed by every party in the examples; clearing signatures (a change of
    /// terms set the signed version aside) is read from the record, not from the context.
    func testAgreementSignaturesFromTheTypedRecord() throws {
        let fixture = try WorkspaceFixture()
        let (dataset, _) = try Dataset.load(folder: fixture.root)
        let placement = try XCTUnwrap(dataset.placement(id: "PL-2025-014"))
        let all = AgreementSignatures(placement, cleared: [])
        XCTAssertEqual(all.state, .signed)
        XCTAssertEqual(all.unsigned.roles, [])
        XCTAssertEqual(all.state, placement.agreementState)

        let school = AgreementSignatures(placement, cleared: AgreementSignatures.roles(clearedKeys: ["school"]))
        XCTAssertEqual(school.state, .partlySigned)
        XCTAssertEqual(school.unsigned.roles, [.school])
        XCTAssertTrue(school.unsigned.again)

        let everyone = AgreementSignatures(placement, cleared: Set(SignatureRole.allCases))
        XCTAssertEqual(everyone.state, .draft)
        XCTAssertEqual(Set(everyone.unsigned.roles), Set(placement.signatures.map(\.role)).union(placement.requiredSignatures))
        XCTAssertEqual(
            AgreementSignatures.roles(clearedKeys: ["parent_carer", "local_authority", "nobody"]),
            [.parentCarer, .localAuthority])
    }

    /// Every example agreement: the parties and signatures read from the record are the ones
    /// its context's `signature` map prints.
    func testTypedSignaturesAreTheOnesTheContextPrints() throws {
        let fixture = try WorkspaceFixture()
        let workspace = try Workspace(root: fixture.root)
        let review = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate(), checkTemplates: false)
        let agreements = review.plan.documents.filter { $0.kind == .placementAgreement }
        XCTAssertFalse(agreements.isEmpty)
        for document in agreements {
            let placement = try XCTUnwrap(review.dataset.placement(id: document.placementID ?? ""))
            let typed = AgreementSignatures(placement, cleared: [])
            guard case .map(let map)? = document.context["signature"] else { return XCTFail("no signature map") }
            XCTAssertEqual(
                Set(map.keys), Set(typed.parties.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }), document.id)
            let signed = map.pairs.filter { $0.value["signed"] == .bool(true) }.map(\.key)
            XCTAssertEqual(AgreementSignatures.roles(clearedKeys: signed), typed.signed, document.id)
        }
    }
}
