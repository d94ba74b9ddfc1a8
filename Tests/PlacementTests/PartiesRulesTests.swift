import Foundation
import XCTest

@testable import Placement

/// The rules about who arranges, supervises and signs a placement: D only at a school, K with
/// its power, B with its supervisor, the LA's agreement and the early EHC review, looked-after
/// pupils' status and parental responsibility, vetting before the start. Each firing with its
/// exact text, and not firing.
final class PartiesRulesTests: XCTestCase {
    let file = "placements/PL-2025-014.yaml"
    let registered = "kind: registered-school\nregistration: {type: independent school, urn: \"148822\"}"

    func testDualRegistrationOnlyAtASchool() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.provider, registered, "kind: fe-college\nregistration: {type: further education college, urn: \"130745\"}")
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: dual-registration")
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B", "attendance_code: D")
        fixture.placement += "\ndual_registration: {admitted: 2025-09-01}\n"
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):14: error [attendance-code] PL-2025-014 basis: is dual-registration but provider PRV-NSC is not a school: code D is only for a pupil registered at another school; use school (B) or local-authority (K)"
            ])
        fixture.provider = DataFolderFixture.cleanProvider
        XCTAssertEqual(try fixture.report(), [])
    }

    func testCodeBNeedsItsSupervisor() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "supervised_by: {name: Mr D. Okafor, role: Assistant Headteacher}\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [attendance-code] PL-2025-014 supervised_by: is missing; code B needs the activity approved and supervised by a person authorised by the school: record who (name and role)"
            ])
    }

    func testEHCPlanNeedsTheLocalAuthorityAndAnEarlyReview() throws {
        let fixture = DataFolderFixture()
        let arrangement =
            "la_arrangement: {authority: Northshire County Council, agreed_by: {name: Ms H. Marsh, role: SEN caseworker}, agreed: 2025-07-20}\n"
        DataFolderFixture.edit(&fixture.placement, arrangement, "")
        DataFolderFixture.edit(&fixture.placement, "ehc_plan_review: 2025-07-15", "ehc_plan_review: 2025-10-15")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [la-arrangement] PL-2025-014 la_arrangement: is missing but the pupil has an EHC plan, so the local authority must agree the placement before it starts; record the local authority, who agreed the placement for it and when",
                "\(file):25: error [la-arrangement] PL-2025-014 ehc_plan_review: is 2025-10-15, after the start; review the EHC plan before the placement starts, not after",
            ])
        DataFolderFixture.edit(
            &fixture.placement, "ehc_plan_review: 2025-10-15",
            "la_arrangement: {authority: Northshire County Council, agreed: 2025-09-20}")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):25: error [la-arrangement] PL-2025-014 la_arrangement.agreed_by: is missing but the pupil has an EHC plan, so the local authority must agree the placement before it starts; record who agreed it for the local authority (name, role, contact)",
                "\(file):25: error [la-arrangement] PL-2025-014 la_arrangement.agreed: is 2025-09-20, after the start; the pupil has an EHC plan, so the local authority must agree the placement before it starts, so its agreement must come before the placement starts",
                "\(file):1: error [la-arrangement] PL-2025-014 ehc_plan_review: is missing; the pupil has an EHC plan: hold an early review of the plan before the placement starts and record its date",
            ])
    }

    func testLocalAuthorityPlacementNeedsItsAgreementAndSignature() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "sen: {support: ehc-plan, types: [SLCN], summary: Speech and language needs}",
            "sen: {support: none}")
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: local-authority")
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B", "attendance_code: K")
        DataFolderFixture.edit(&fixture.placement, "agreed: 2025-07-20}", "power: s19-ea1996}")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):25: error [la-arrangement] PL-2025-014 la_arrangement.agreed: is missing but the local authority arranges this placement; record the date the local authority agreed it"
            ])
        DataFolderFixture.edit(&fixture.placement, "power: s19-ea1996}", "power: s19-ea1996, agreed: 2025-07-20}")
        fixture.placement += "\n" + DataFolderFixture.fourSignatures
        var placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.requiredSignatures, [.school, .provider, .parentCarer, .pupil, .localAuthority])
        XCTAssertEqual(placement.agreementState, .partlySigned, "four signatures are not enough: the LA is a party")
        fixture.placement += "\n  - {role: local-authority, name: Ms H. Marsh, date: 2025-09-04, method: paper}\n"
        placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.agreementState, .signed)
        XCTAssertEqual(try fixture.report(), [])
    }

    static let lookedAfter = """
        looked_after: true
          care: {legal_status: s20-accommodated, authority: Northshire County Council, social_worker: {name: Ms D. Kirk, phone: "01632 960 230"}, virtual_school_head: {name: Mrs V. Hale, phone: "01632 960 220"}, pep: 2025-09-10}
        """

    func testLookedAfterPupilNeedsStatusAndPeople() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "looked_after: false", "looked_after: true")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):5: error [looked-after] PL-2025-014 pupil.care: is missing but the pupil is looked after; record legal_status (s31-care-order or s20-accommodated), authority, social_worker, virtual_school_head and pep (date of the personal education plan)"
            ])
        DataFolderFixture.edit(
            &fixture.placement, "looked_after: true", "looked_after: true\n  care: {authority: Northshire County Council}")
        let missing = ["legal_status", "social_worker", "virtual_school_head", "pep"].map {
            "\(file):12: error [looked-after] PL-2025-014 pupil.care.\($0): is missing but the pupil is looked after; the agreement must record it"
        }
        XCTAssertEqual(
            try fixture.report(),
            missing + [
                "\(file):14: error [looked-after] PL-2025-014 parents: record no parent with parental responsibility (parental_responsibility: true); for a looked-after pupil record who holds it: the parents (and, under a care order, the local authority too, which signs as local-authority)"
            ])
    }

    func testFosterCarersAndTheLocalAuthorityUnderSection20DoNotHoldPR() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "looked_after: false", Self.lookedAfter)
        DataFolderFixture.edit(
            &fixture.placement, "parents: [{name: Sam Quillfeather, relationship: Mother, involved: 2025-07-08, agreed: true}]",
            "parents: [{name: Sam Quillfeather, relationship: Mother, agreed: true, parental_responsibility: true}, {name: Pat Dawson, relationship: Foster carer, agreed: true, parental_responsibility: true}, {name: Northshire County Council, relationship: Corporate parent, agreed: true, parental_responsibility: true}]"
        )
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):14: error [looked-after] PL-2025-014 parents[1].parental_responsibility: is true for a foster carer; foster carers do not hold parental responsibility, they act under delegated authority (record delegated_authority)",
                "\(file):14: error [looked-after] PL-2025-014 parents[2].parental_responsibility: is true for the local authority, but the pupil is accommodated under s20 Children Act 1989, where the parents keep parental responsibility and the local authority has none",
                "\(file):14: warning [looked-after] PL-2025-014 parents[1].delegated_authority: is not recorded for a foster carer who agreed; record whether the holders of parental responsibility delegated the authority to agree to this placement",
            ])
        DataFolderFixture.edit(
            &fixture.placement,
            "{name: Pat Dawson, relationship: Foster carer, agreed: true, parental_responsibility: true}, {name: Northshire County Council, relationship: Corporate parent, agreed: true, parental_responsibility: true}",
            "{name: Pat Dawson, relationship: Foster carer, agreed: true, parental_responsibility: false, delegated_authority: true}"
        )
        XCTAssertEqual(try fixture.report(), [])
    }

    func testLookedAfterParentSignatureMustBeAPRHolderAndTheLASigns() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "looked_after: false", Self.lookedAfter)
        DataFolderFixture.edit(
            &fixture.placement, "parents: [{name: Sam Quillfeather, relationship: Mother, involved: 2025-07-08, agreed: true}]",
            "parents: [{name: Sam Quillfeather, relationship: Mother, agreed: true, parental_responsibility: true}, {name: Pat Dawson, relationship: Foster carer, agreed: true, parental_responsibility: false, delegated_authority: true}]"
        )
        fixture.placement +=
            "\n"
            + DataFolderFixture.fourSignatures.replacingOccurrences(
                of: "{role: parent-carer, name: Sam Quillfeather", with: "{role: parent-carer, name: Pat Dawson")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):31: error [looked-after] PL-2025-014 signatures[2]: is the parent-carer signature but not by a parent recorded with parental responsibility; for a looked-after pupil a holder of parental responsibility signs, and the local authority signs as local-authority"
            ])
        XCTAssertEqual(try fixture.load().0.placements.first?.agreementState, .partlySigned)
    }

    func testVettingConfirmationBeforeTheStartWhateverTheSignatures() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, "vetting_confirmation: {date: 2025-06-12, confirmed_by: Ms R. Shah}\n", "")
        let startError =
            "\(file):16: error [vetting] PL-2025-014 start: is 2025-09-08, on or before today, but provider PRV-NSC has not given dated written confirmation of its staff vetting checks; the confirmation must come before a placement begins: record it, or move the start"
        // Unsigned, started: an error all the same.
        XCTAssertTrue(try fixture.report().contains(startError))
        // Starting on the issue date counts.
        XCTAssertTrue(try fixture.report(today: DataFolderFixture.date("2025-09-08")).contains(startError))
        // Before the start, unsigned: the provider's warning only.
        XCTAssertFalse(
            try fixture.report(today: DataFolderFixture.date("2025-09-07")).contains { $0.contains("error [vetting]") })
    }
}
