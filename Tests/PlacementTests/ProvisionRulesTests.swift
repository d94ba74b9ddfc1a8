import Foundation
import OfficeTemplate
import XCTest

@testable import Placement

/// The provider re-checked at each new placement (R-9), a registered school's registration
/// covering the pupil's age and type of need (R-4), an off-site direction's notice and reviews
/// (P-6), and a vetting confirmation older than reported staff changes: each firing with its exact
/// text, and not firing.
final class ProvisionRulesTests: XCTestCase {
    let file = "placements/PL-2025-014.yaml"
    let providerFile = "providers/PRV-NSC.yaml"
    let schoolFile = "schools/SCH-RVA.yaml"

    func line(_ needle: String, _ text: String) -> Int { DataFolderFixture.line(of: needle, in: text) }

    // MARK: R-9: re-check at each new placement

    func testRecheckMissingWhenTheProvidersChecksAreOlderThanTheWindow() throws {
        let fixture = DataFolderFixture()
        XCTAssertEqual(try fixture.report(), [], "the provider's registration and inspection report were checked on 20 August")
        for id in ["registration", "inspection-report"] {
            DataFolderFixture.edit(
                &fixture.provider, "{id: \(id), result: satisfactory, date: 2025-08-20}",
                "{id: \(id), result: satisfactory, date: 2025-06-10}")
        }
        // 10 June is 90 days before the start, and the placement records no re-check of its own.
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: warning [provider-recheck] PL-2025-014 provider_recheck: is missing, and provider PRV-NSC's registration and inspection-report checks were not both made within 30 days before the start; re-check provider PRV-NSC's registration status and latest inspection report for each new placement (Get Information about Schools or the DfE's register, and the latest report) and record the date here"
            ])
        // A longer window (a setting) accepts the June checks.
        var settings = RuleSettings.guidance
        settings.providerRecheckDays = 90
        XCTAssertEqual(try fixture.report(settings: settings), [])
        // So does a re-check recorded on the placement.
        fixture.placement += "\nprovider_recheck: 2025-09-01\n"
        XCTAssertEqual(try fixture.report(), [])
    }

    func testOneOfTheProvidersChecksOutsideTheWindowIsNotARecheck() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.provider, "{id: inspection-report, result: satisfactory, date: 2025-08-20}",
            "{id: inspection-report, result: satisfactory, date: 2025-06-10}")
        XCTAssertEqual(try fixture.report().count, 1, "the inspection report was not re-checked")
        DataFolderFixture.edit(
            &fixture.provider, "{id: inspection-report, result: satisfactory, date: 2025-06-10}",
            "{id: inspection-report, result: satisfactory, date: 2025-09-09}")
        XCTAssertEqual(try fixture.report().count, 1, "a check after the start is not a re-check before it")
    }

    func testRecheckTooEarlyOrAfterTheStart() throws {
        let fixture = DataFolderFixture()
        fixture.placement += "\nprovider_recheck: 2025-07-01\n"
        let at = line("provider_recheck", fixture.placement)
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(at): warning [provider-recheck] PL-2025-014 provider_recheck: is more than 30 days before the start (settings.provider_recheck_days); re-check provider PRV-NSC's registration status and latest inspection report for each new placement, within 30 days before it begins, and record the date"
            ], "a re-check recorded on the placement is judged by itself, whatever the provider's checks say")
        DataFolderFixture.edit(&fixture.placement, "provider_recheck: 2025-07-01", "provider_recheck: 2025-09-09")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(at): warning [provider-recheck] PL-2025-014 provider_recheck: is after the start; re-check provider PRV-NSC's registration status and latest inspection report for each new placement before the placement begins"
            ])
        DataFolderFixture.edit(&fixture.placement, "provider_recheck: 2025-09-09", "provider_recheck: 2025-09-08")
        XCTAssertEqual(try fixture.report(), [], "a re-check on the first day is in time")
    }

    func testVettingConfirmationOlderThanReportedStaffChanges() throws {
        let fixture = DataFolderFixture()
        fixture.provider += "\nstaff_changes_reported: 2025-06-11\n"
        XCTAssertEqual(try fixture.report(), [], "changes before the confirmation are covered by it")
        DataFolderFixture.edit(&fixture.provider, "staff_changes_reported: 2025-06-11", "staff_changes_reported: 2025-08-01")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):\(line("vetting_confirmation", fixture.provider)): warning [vetting] PRV-NSC vetting_confirmation.date: is before the staff changes the provider reported (staff_changes_reported); the confirmation does not cover the new staff: ask the provider to confirm its vetting checks again"
            ])
    }

    // MARK: R-4: registered age range and SEN types

    func testPupilOutsideTheRegisteredAgesIsAnErrorWithoutQuotingTheDate() throws {
        let fixture = DataFolderFixture()
        // Born March 2008: 17 on 31 August 2025, above a registration for ages 11 to 16.
        DataFolderFixture.edit(&fixture.placement, "date_of_birth: 2010-03-02", "date_of_birth: 2008-03-02")
        let report = try fixture.report()
        XCTAssertEqual(
            report,
            [
                "\(file):\(line("date_of_birth", fixture.placement)): error [registration] PL-2025-014 pupil.date_of_birth: puts the pupil outside the ages provider PRV-NSC is registered for (registered_for in \(providerFile)); check Get Information about Schools, and any DfE approval of a material change, before placing the pupil there"
            ])
        XCTAssertFalse(report.joined().contains("2008"), "the date of birth is never quoted")
        // Born September 2009: 15 on 31 August 2025, in year 11 until 16.
        DataFolderFixture.edit(&fixture.placement, "date_of_birth: 2008-03-02", "date_of_birth: 2009-09-01")
        XCTAssertEqual(try fixture.report(), [])
        // Born August 2009: 16 on 31 August 2025, so 17 during the year.
        DataFolderFixture.edit(&fixture.placement, "date_of_birth: 2009-09-01", "date_of_birth: 2009-08-31")
        XCTAssertEqual(try fixture.report().count, 1)
    }

    func testYearGroupStandsInForAMissingDateOfBirth() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "  date_of_birth: 2010-03-02\n", "")
        XCTAssertEqual(try fixture.report(), [], "year 10 is 14 on 31 August, within 11 to 16")
        DataFolderFixture.edit(&fixture.placement, "year_group: 10", "year_group: 6")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(line("year_group", fixture.placement)): error [registration] PL-2025-014 pupil.year_group: puts the pupil outside the ages provider PRV-NSC is registered for (registered_for in \(providerFile)); check Get Information about Schools, and any DfE approval of a material change, before placing the pupil there"
            ])
    }

    func testTypeOfNeedOutsideTheRegistration() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "types: [SLCN]", "types: [SLCN, ASD]")
        let at = line("types:", fixture.placement)
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(at): error [registration] PL-2025-014 pupil.sen.types[1]: is not among the types of need provider PRV-NSC is registered for (registered_for.sen_types in \(providerFile)); check Get Information about Schools, and any DfE approval of a material change, before placing the pupil there"
            ])
        // For SEN support (no EHC plan) the same gap is a warning.
        DataFolderFixture.edit(&fixture.placement, "support: ehc-plan", "support: sen-support")
        XCTAssertEqual(try fixture.report().map { $0.contains("warning [registration]") }, [true])
        // Not recorded for the pupil: a warning asking for it.
        DataFolderFixture.edit(&fixture.placement, "types: [SLCN, ASD], ", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(line("sen:", fixture.placement)): warning [registration] PL-2025-014 pupil.sen.types: is missing; provider PRV-NSC is registered for some types of need only (registered_for.sen_types in \(providerFile)): record the pupil's types of need so that the placement can be checked against them"
            ])
    }

    func testRegistrationWithoutSENProvisionAndAnEHCPlan() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, ", sen_types: [SLCN, SEMH]}", "}")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(line("sen:", fixture.placement)): warning [registration] PL-2025-014 pupil.sen: needs special educational provision, but provider PRV-NSC's registration records no SEN types (registered_for.sen_types in \(providerFile)); check Get Information about Schools, and any DfE approval of a material change, before placing the pupil there"
            ])
    }

    func testRegisteredSchoolWithoutItsRegistrationCoverIsAWarning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.provider, "\nregistered_for: {lowest_age: 11, highest_age: 16, sen_types: [SLCN, SEMH]}", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):1: warning [registration] PRV-NSC registered_for: is missing; record the age range (lowest_age, highest_age) and any SEN types (sen_types) the school's registration covers, from Get Information about Schools, so that each placement can be checked against them"
            ])
    }

    func testUnknownSENCodeInAPlacementIsNotQuoted() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "types: [SLCN]", "types: [Quillfeather]")
        let (_, issues) = try fixture.load()
        XCTAssertEqual(
            issues.map(\.description),
            [
                "\(file):\(line("types:", fixture.placement)): error [data] PL-2025-014 pupil.sen.types[0]: is not one of the DfE's SEN type codes (SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA)"
            ])
    }

    // MARK: P-6: off-site direction (s29A EA 2002)

    static let direction = """
        arrangement:
          reason: To improve behaviour after repeated suspensions, as a supportive step
          power: A direction under section 29A of the Education Act 2002
          off_site_direction:
            decided: 2025-09-01
            notice_given: 2025-09-02
            notice_to_la: 2025-09-02
            days: 60
            report_to: {name: Ms K. Adeyemi, role: Key worker}
        """

    func directionFixture(schoolType: String = "maintained") -> DataFolderFixture {
        let fixture = DataFolderFixture()
        fixture.placement += "\n" + Self.direction + "\n"
        fixture.school += "\ntype: \(schoolType)\n"
        return fixture
    }

    func testCompleteDirectionAtAMaintainedSchoolPasses() throws {
        XCTAssertEqual(try directionFixture().report(), [])
        XCTAssertEqual(try directionFixture(schoolType: "pupil-referral-unit").report(), [])
    }

    func testNoticeMustComeTwoSchoolDaysBeforeTheFirstDay() throws {
        // The start, 8 September 2025, is a Monday: notice on Friday 5 is one school day before.
        let fixture = directionFixture()
        DataFolderFixture.edit(&fixture.placement, "notice_given: 2025-09-02", "notice_given: 2025-09-05")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(line("notice_given", fixture.placement)): error [off-site-direction] PL-2025-014 arrangement.off_site_direction.notice_given: is fewer than two school days before the start; the written notice must reach the parent at least two school days before the first day (reg 3(2)): move the start or give notice again"
            ])
        DataFolderFixture.edit(&fixture.placement, "notice_given: 2025-09-05", "notice_given: 2025-09-04")
        XCTAssertEqual(try fixture.report(), [], "Thursday is two school days (Friday, Monday) before")
        XCTAssertEqual(
            Rules.schoolDays(after: DataFolderFixture.date("2025-09-05"), upTo: DataFolderFixture.date("2025-09-08")), 1)
        XCTAssertEqual(
            Rules.schoolDays(after: DataFolderFixture.date("2025-09-01"), upTo: DataFolderFixture.date("2025-09-15")), 10)
        XCTAssertEqual(
            Rules.schoolDays(after: DataFolderFixture.date("2025-09-08"), upTo: DataFolderFixture.date("2025-09-08")), 0)
    }

    func testDirectionWithoutItsNoticeTermsOrReviews() throws {
        let fixture = directionFixture()
        for field in ["    notice_given: 2025-09-02\n", "    notice_to_la: 2025-09-02\n", "    days: 60\n"] {
            DataFolderFixture.edit(&fixture.placement, field, "")
        }
        DataFolderFixture.edit(&fixture.placement, "    report_to: {name: Ms K. Adeyemi, role: Key worker}\n", "")
        DataFolderFixture.edit(&fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]\n", "")
        let at = line("decided:", fixture.placement)
        let report = try fixture.report().filter { $0.contains("[off-site-direction]") }
        XCTAssertEqual(
            report,
            [
                "\(file):\(at): error [off-site-direction] PL-2025-014 arrangement.off_site_direction.notice_given: is missing; the governing body must give the parent written notice of the direction as soon as practicable, at least two school days before the first day (reg 3): record the date",
                "\(file):\(at): error [off-site-direction] PL-2025-014 arrangement.off_site_direction.notice_to_la: is missing; for a pupil with an EHC plan the local authority that maintains it also has written notice, and may ask for a review meeting: record the date",
                "\(file):\(at): error [off-site-direction] PL-2025-014 arrangement.off_site_direction.days: is missing; the notice must state the number of days the direction lasts: record it",
                "\(file):\(at): error [off-site-direction] PL-2025-014 arrangement.off_site_direction.report_to: is missing; the notice must name the person the pupil reports to on first attending: record who",
                "\(file):1: error [off-site-direction] PL-2025-014 reviews: is missing; the governing body keeps an off-site direction under review at review meetings (reg 4): add their dates",
            ])
    }

    func testWhoMayDirectOffSite() throws {
        let academy = directionFixture(schoolType: "academy")
        let at = line("decided:", academy.placement)
        XCTAssertEqual(
            try academy.report(),
            [
                "\(file):\(at): warning [off-site-direction] PL-2025-014 arrangement.off_site_direction: is a direction under s29A Education Act 2002, a maintained school's power; an academy may direct a pupil off site only where its funding agreement or articles give it that power: say so in arrangement.power, and follow the same notice and review steps"
            ])
        XCTAssertEqual(
            try directionFixture(schoolType: "independent").report(),
            [
                "\(file):\(at): error [off-site-direction] PL-2025-014 arrangement.off_site_direction: is a direction under s29A Education Act 2002, which an independent school cannot make; arrange the placement with the parents' agreement instead, and remove the direction"
            ])
        let untyped = DataFolderFixture()
        untyped.placement += "\n" + Self.direction + "\n"
        XCTAssertEqual(
            try untyped.report(),
            [
                "\(file):\(at): warning [off-site-direction] PL-2025-014 arrangement.off_site_direction: is a direction under s29A Education Act 2002, a maintained school's power, but the school's type is not recorded; record type (maintained, pupil-referral-unit, academy, independent) in the school's file"
            ])
    }
}

/// The agreement prints an off-site direction's terms and the parent's right to ask for a review
/// (review P-6), in both formats, and nothing about a direction when there is none.
final class OffSiteDirectionDocumentTests: XCTestCase {
    func agreementText(_ fixture: DataFolderFixture, format: String) throws -> String {
        let (dataset, issues) = try fixture.load()
        let all = issues + Rules.check(dataset, settings: .guidance, today: DataFolderFixture.today)
        let plan = DocumentPlanner.plan(
            dataset, issues: all, issueDate: DataFolderFixture.today, today: DataFolderFixture.today)
        let document = try XCTUnwrap(plan.documents.first { $0.kind == .placementAgreement })
        let template = try Template(contentsOf: "\(DocumentContextTests.templates)/placement-agreement.\(format)")
        let rendered = try template.render(
            document.context, options: RenderOptions(baseDirectory: document.baseDirectory))
        return try Template.inspect(bytes: rendered.bytes, name: "placement-agreement.\(format)")
    }

    func testAgreementPrintsTheDirectionAndTheRightToAReview() throws {
        let fixture = DataFolderFixture()
        fixture.placement += "\n" + ProvisionRulesTests.direction + "\n"
        fixture.school += "\ntype: maintained\n"
        for format in ["docx", "odt"] {
            let text = try agreementText(fixture, format: format)
            for phrase in [
                "has directed that Jordan attends Northshire Skills Centre to improve their behaviour (section 29A of the Education Act 2002)",
                "It decided this on 1 September 2025 and gave Jordan’s parents written notice on 2 September 2025 (and the local authority on 2 September 2025), at least two school days before the first day.",
                "The direction is for 60 days; on the first day Jordan reports to Ms K. Adeyemi, Key worker.",
                "A parent, or the local authority that maintains the EHC plan, may ask the governing body in writing for a review meeting at any time",
                "unless one took place in the previous 10 weeks",
            ] {
                XCTAssertTrue(text.contains(phrase), "\(format): missing \(phrase)")
            }
        }
        let plain = DataFolderFixture()
        for format in ["docx", "odt"] {
            XCTAssertFalse(try agreementText(plain, format: format).contains("section 29A"), format)
        }
    }
}
