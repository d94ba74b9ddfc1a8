import Foundation
import OfficeTemplate
import XCTest

@testable import Placement

/// What the domain puts in a template's context for issue 12's fixes, and that a data file
/// without its optional lists and maps still renders with every shipped template.
final class DocumentContextTests: XCTestCase {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates").path

    func plan(_ fixture: DataFolderFixture) throws -> DocumentPlan {
        let (dataset, issues) = try fixture.load()
        let all = issues + Rules.check(dataset, settings: .guidance, today: DataFolderFixture.today)
        return DocumentPlanner.plan(
            dataset, issues: all, issueDate: DataFolderFixture.today, today: DataFolderFixture.today)
    }

    func context(_ plan: DocumentPlan, _ kind: DocumentKind) throws -> TemplateValue {
        try XCTUnwrap(plan.documents.first { $0.kind == kind }?.context)
    }

    func first(_ value: TemplateValue?) -> TemplateValue? {
        guard case .list(let items)? = value else { return nil }
        return items.first
    }

    func testEveryShippedTemplateRendersWithoutOptionalLists() throws {
        // The clean fixture has no provider address, no key workers, no transport, costs,
        // outcomes, staff liaison or safeguarding training, and no signatures.
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "aims: [Re-engage with learning]\n", "")
        let plan = try plan(fixture)
        XCTAssertEqual(Set(plan.documents.map(\.kind)), Set(DocumentKind.allCases))
        // Rendered in memory with each shipped template, as a build would (the domain is pure:
        // the workspace target writes files).
        var rendered = 0
        for document in plan.documents {
            for format in ["docx", "odt"] {
                let template = try Template(contentsOf: "\(Self.templates)/\(document.kind.templateName).\(format)")
                XCTAssertNoThrow(
                    try template.render(document.context, options: RenderOptions(baseDirectory: document.baseDirectory)),
                    "\(document.id).\(format)")
                rendered += 1
            }
        }
        XCTAssertEqual(rendered, DocumentKind.allCases.count * 2)

        let agreement = try context(plan, .placementAgreement)
        for key in ["aims", "reviews", "sessions", "rest_of_week", "signatures"] {
            guard case .list? = agreement["placement"]?[key] else { return XCTFail("placement.\(key) is not a list") }
        }
        XCTAssertEqual(agreement["pupil"]?["key_workers"], .list([]))
        XCTAssertEqual(agreement["placement"]?["transport"], .map(TemplateMap()))
        XCTAssertEqual(agreement["provider"]?["address"], .list([]))
        XCTAssertEqual(try context(plan, .childProtectionLetter)["school"]?["safeguarding_training"], .list([]))
    }

    func testAgreementContextForTheNewFields() throws {
        let fixture = DataFolderFixture()
        let agreement = try context(plan(fixture), .placementAgreement)
        let placement = try XCTUnwrap(agreement["placement"])
        XCTAssertEqual(placement["hours_text"], .string("5.75"))
        XCTAssertEqual(placement["total_hours_text"], .string("31.75"))
        XCTAssertEqual(placement["part_time"], .bool(true))
        XCTAssertEqual(placement["reduced_timetable_needed"], .bool(false))
        XCTAssertEqual(
            placement["code_basis"], .string("approved and supervised for the school by Mr D. Okafor, Assistant Headteacher"))
        XCTAssertEqual(placement["local_authority_party"], .bool(false))
        XCTAssertEqual(first(placement["sessions"])?["site_name"], .string("Main site"))
        XCTAssertEqual(first(placement["rest_of_week"])?["days"], .string("Monday, Wednesday, Thursday and Friday"))
        XCTAssertEqual(agreement["pupil"]?["first_name"], .string("Jordan"))
        XCTAssertEqual(first(agreement["parents"])?["parental_responsibility_text"], .string("Not recorded"))
    }

    func testLookedAfterStatusTextNeverGivesTheLAParentalResponsibilityUnderSection20() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "looked_after: false", PartiesRulesTests.lookedAfter)
        DataFolderFixture.edit(&fixture.placement, "agreed: true}", "agreed: true, parental_responsibility: true}")
        var pupil = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["pupil"])
        XCTAssertEqual(
            pupil["care_status_text"],
            .string(
                "is accommodated by Northshire County Council under section 20 of the Children Act 1989. Parental responsibility stays with the parents; the local authority does not hold it"
            ))
        DataFolderFixture.edit(&fixture.placement, "s20-accommodated", "s31-care-order")
        pupil = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["pupil"])
        XCTAssertEqual(
            pupil["care_status_text"],
            .string(
                "is subject to a care order (section 31 of the Children Act 1989). Northshire County Council shares parental responsibility with the parents (section 33)"
            ))
    }

    func testReviewPromiseFollowsTheSchedule() throws {
        let fixture = DataFolderFixture()
        var placement = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["placement"])
        XCTAssertEqual(placement["reviews_within_limit"], .bool(true))
        XCTAssertEqual(placement["review_limit_days"], .int(49))
        DataFolderFixture.edit(
            &fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]", "reviews: [2025-11-25, 2026-02-10]")
        let record = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(record.reviewGaps, [78, 77, 3])
        placement = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["placement"])
        XCTAssertEqual(
            placement["reviews_within_limit"], .bool(false), "a schedule that breaks the gap prints no half-termly promise")
    }

    func testPronounWordsFollowTheRecordedPronoun() throws {
        let fixture = DataFolderFixture()
        var pupil = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["pupil"])
        XCTAssertEqual([pupil["they"], pupil["their"], pupil["need"]], [.string("they"), .string("their"), .string("need")])
        DataFolderFixture.edit(
            &fixture.placement, "  name: Jordan Quillfeather\n", "  name: Jordan Quillfeather\n  pronoun: she\n")
        pupil = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["pupil"])
        XCTAssertEqual(
            [pupil["they"], pupil["them"], pupil["their"], pupil["are"]],
            [.string("she"), .string("her"), .string("her"), .string("is")])
        DataFolderFixture.edit(&fixture.placement, "pronoun: she", "pronoun: xe")
        XCTAssertEqual(
            try fixture.load().1.map(\.description),
            ["placements/PL-2025-014.yaml:7: error [data] PL-2025-014 pupil.pronoun: is not one of he, she, they"])
    }

    func testChecklistMarksALetterCitingAnOlderPolicyVersionAsSuperseded() throws {
        let fixture = DataFolderFixture()
        fixture.provider +=
            "\nletters_issued:\n  - {kind: online-safety-letter, policy_version: \"3.0\", date: 2024-09-05}\n  - {kind: online-safety-letter, policy_version: \"3.1\", date: 2025-09-02}\n"
        let letters = try XCTUnwrap(try context(plan(fixture), .commissioningChecklist)["letters"])
        guard case .list(let items) = letters else { return XCTFail("letters is not a list") }
        XCTAssertEqual(items.map { $0["superseded"] }, [.bool(true), .bool(false)])
        XCTAssertEqual(items.first?["current_version"], .string("3.1"))
    }

    func testSignatureMapHoldsExactlyThePartiesWhoMustSign() throws {
        let fixture = DataFolderFixture()
        fixture.placement += "\n" + DataFolderFixture.fourSignatures
        var signature = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["signature"])
        guard case .map(let four) = signature else { return XCTFail("signature is not a map") }
        XCTAssertEqual(four.keys.sorted(), ["parent_carer", "provider", "pupil", "school"])
        XCTAssertTrue(four.pairs.allSatisfy { $0.value["signed"] == .bool(true) })
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: local-authority")
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B", "attendance_code: K")
        DataFolderFixture.edit(&fixture.placement, "la_arrangement: {", "la_arrangement: {power: s42-cfa2014, ")
        signature = try XCTUnwrap(try context(plan(fixture), .placementAgreement)["signature"])
        XCTAssertEqual(signature["local_authority"]?["signed"], .bool(false), "the LA is a party and has not signed")
    }

    func testSalutationIsTitleAndSurname() {
        XCTAssertEqual(DocumentContext.salutation("Ms Rukhsana Shah"), "Ms Shah")
        XCTAssertEqual(DocumentContext.salutation("Dr. Ann Marie Lee"), "Dr. Lee")
        XCTAssertEqual(DocumentContext.salutation("Ms R. Shah"), "Ms Shah")
        XCTAssertEqual(DocumentContext.salutation("Mr Fletcher"), "Mr Fletcher")
        XCTAssertEqual(DocumentContext.salutation("Liam Fletcher"), "Liam Fletcher")
    }
}

/// The inspection record takes a kind of report (report cards have no single judgement).
final class InspectionRecordTests: XCTestCase {
    func testReportWithoutAJudgementLoadsAndAnEmptyOneIsRefused() throws {
        let fixture = DataFolderFixture()
        fixture.provider += "\nofsted: {report: Report card, date: 2025-11-20}\n"
        let (dataset, issues) = try fixture.load()
        XCTAssertEqual(issues, [])
        XCTAssertEqual(
            dataset.providers.first?.ofsted,
            OfstedOutcome(report: "Report card", outcome: nil, date: DataFolderFixture.date("2025-11-20")))
        fixture.provider = DataFolderFixture.cleanProvider + "\nofsted: {date: 2025-11-20}\n"
        XCTAssertEqual(
            try fixture.load().1.map(\.description),
            [
                "providers/PRV-NSC.yaml:\(DataFolderFixture.line(of: "ofsted", in: fixture.provider)): error [data] PRV-NSC ofsted.report: is required but missing; give the kind of report (and its outcome, if it has one)"
            ])
    }
}
