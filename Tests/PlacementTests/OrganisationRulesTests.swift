import Foundation
import XCTest

@testable import Placement

/// Rules 1, 5, 6 and 7 and the checklist's approval: each firing, with its exact text, and not.
final class OrganisationRulesTests: XCTestCase {
    let providerFile = "providers/PRV-NSC.yaml"
    let schoolFile = "schools/SCH-RVA.yaml"
    let registered = "kind: registered-school\nregistration: {type: independent school, urn: \"148822\"}"

    func testUnregisteredProviderThatMustRegisterIsAnError() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 2, looked_after: 1}")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):3: error [registration] PRV-NSC kind: is non-school with no URN, but the provider appears to be operating as an unregistered independent school (Education Act 1996 s463): it has a full-time pupil who is looked after; do not place any pupil there, report it to the DfE/Ofsted unregistered schools route, tell the pupils' home local authorities, and treat it as a safeguarding concern for the pupils already there; no letters or agreements are produced for it or its placements (its commissioning checklist records the failure)"
            ])
    }

    func testSmallNonSchoolProviderNeedNotRegister() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 4}")
        XCTAssertEqual(try fixture.report(), [])
        let (dataset, _) = try fixture.load()
        let provider = try XCTUnwrap(dataset.providers.first)
        XCTAssertEqual(
            Rules.registrationTest(provider, in: dataset, settings: .guidance),
            RegistrationTest(
                required: false, registered: false,
                reason: "it has 4 full-time pupils of compulsory school age (fewer than 5), none with an EHC plan or looked after"
            ))
        XCTAssertEqual(Rules.registrationPupilThreshold, 5)
    }

    func testFivePupilsIsStatuteNotASetting() throws {
        let five = try JSONDecoder().decode(RuleSettings.self, from: Data(#"{"registration_threshold_pupils": 5}"#.utf8))
        XCTAssertEqual(five, .guidance)
        XCTAssertThrowsError(
            try JSONDecoder().decode(RuleSettings.self, from: Data(#"{"registration_threshold_pupils": 4}"#.utf8))
        ) { error in
            XCTAssertTrue("\(error)".contains("is set by law (five pupils) and cannot be changed"), "\(error)")
        }
    }

    func testRegistrationLawS92CountsAnySEN() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 3, with_sen: 1}")
        XCTAssertEqual(try fixture.report(), [])
        let law = RuleSettings(registrationLaw: .s92of2026)
        XCTAssertEqual(
            try fixture.report(settings: law),
            [
                "\(providerFile):3: error [registration] PRV-NSC kind: is non-school with no URN, but the provider appears to be operating as an unregistered independent school (Education and Skills Act 2008 s92, as substituted by the Children's Wellbeing and Schools Act 2026 s43): it has a full-time pupil with special educational needs; do not place any pupil there, report it to the DfE/Ofsted unregistered schools route, tell the pupils' home local authorities, and treat it as a safeguarding concern for the pupils already there; no letters or agreements are produced for it or its placements (its commissioning checklist records the failure)"
            ])
        let decoded = try JSONDecoder().decode(RuleSettings.self, from: Data(#"{"registration_law": "s92-2026"}"#.utf8))
        XCTAssertEqual(decoded, law)
        XCTAssertEqual(RuleSettings.guidance.registrationLaw, .s463)
    }

    func testPupilWhoseOnlyEducationIsTheProviderIsFullTimeThere() throws {
        // 5.75 hours a week, but the rest of the week at home: all of the pupil's education.
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 0}")
        DataFolderFixture.edit(
            &fixture.placement, "{where: school, days: [Monday, Wednesday, Thursday, Friday], hours: 26",
            "{where: home, days: [Monday, Wednesday, Thursday, Friday]")
        let (dataset, _) = try fixture.load()
        XCTAssertEqual(
            Rules.registrationTest(dataset.providers[0], in: dataset, settings: .guidance),
            RegistrationTest(required: true, registered: false, reason: "it has a full-time pupil with an EHC plan"))
    }

    func testHoursNearTheThresholdAtANonSchoolProviderAreAWarning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 0}")
        // Three days of 5.5 hours: 16.5, with school the other two days.
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]",
            "sessions: ["
                + ["Monday", "Tuesday", "Wednesday"].map { "{day: \($0), start: \"09:30\", end: \"15:00\"}" }.joined(
                    separator: ", ") + "]")
        DataFolderFixture.edit(
            &fixture.placement, "days: [Monday, Wednesday, Thursday, Friday], hours: 26", "days: [Thursday, Friday], hours: 13")
        let limits =
            "placements/PL-2025-014.yaml:17: warning [unregistered-ap-limits] PL-2025-014 planned_end: is 22 weeks after the start, at a non-school provider 3 days a week; the DfE plans to limit unregistered alternative provision to 12 weeks, or to 2 days a week alongside school (voluntary until legislated): plan the return within 12 weeks or reduce the days"
        XCTAssertEqual(
            try fixture.report(),
            [
                "placements/PL-2025-014.yaml:18: warning [registration] PL-2025-014 sessions: add up to 16.5 hours a week at a non-school provider, near the 18-hour indicator of full-time education (DfE guidance, not law); check the pupil's whole week and the provider's registration before placing",
                limits,
            ])
        XCTAssertEqual(try fixture.report(settings: RuleSettings(registrationWarningHours: 17)), [limits])
    }

    func testUnregisteredAPBeyondTwelveWeeksAndTwoDaysIsAWarning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 0}")
        // Three mornings a week (10.5 hours), school every afternoon and on Monday and Friday.
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]",
            "sessions: ["
                + ["Tuesday", "Wednesday", "Thursday"].map { "{day: \($0), start: \"09:00\", end: \"12:30\"}" }.joined(
                    separator: ", ") + "]")
        DataFolderFixture.edit(
            &fixture.placement, "{where: school, days: [Monday, Wednesday, Thursday, Friday], hours: 26",
            "{where: school, days: [Monday, Tuesday, Wednesday, Thursday, Friday], hours: 22")
        XCTAssertEqual(
            try fixture.report(),
            [
                "placements/PL-2025-014.yaml:17: warning [unregistered-ap-limits] PL-2025-014 planned_end: is 22 weeks after the start, at a non-school provider 3 days a week; the DfE plans to limit unregistered alternative provision to 12 weeks, or to 2 days a week alongside school (voluntary until legislated): plan the return within 12 weeks or reduce the days"
            ])
        DataFolderFixture.edit(&fixture.placement, "planned_end: 2026-02-13", "planned_end: 2025-11-28")
        DataFolderFixture.edit(
            &fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]", "reviews: [2025-10-14, 2025-11-25]")
        XCTAssertEqual(try fixture.report(), [], "12 weeks is within the limit")
    }

    func testUnregisteredAPWithoutAnEndIsAWarningAndLANotToldAnError() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 0}")
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]",
            "sessions: ["
                + ["Tuesday", "Wednesday", "Thursday"].map { "{day: \($0), start: \"09:00\", end: \"12:30\"}" }.joined(
                    separator: ", ") + "]")
        DataFolderFixture.edit(
            &fixture.placement, "{where: school, days: [Monday, Wednesday, Thursday, Friday], hours: 26",
            "{where: school, days: [Monday, Tuesday, Wednesday, Thursday, Friday], hours: 22")
        DataFolderFixture.edit(&fixture.placement, "planned_end: 2026-02-13\n", "")
        DataFolderFixture.edit(&fixture.placement, "la_notified: 2025-08-29\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "placements/PL-2025-014.yaml:1: error [part-time] PL-2025-014 planned_end: is missing but the placement is part time (10.5 hours a week at the provider); set an end date",
                "placements/PL-2025-014.yaml:1: error [la-notified] PL-2025-014 la_notified: is missing; the DfE expects schools to tell the local authority of every placement in unregistered alternative provision: tell it and record the date",
                "placements/PL-2025-014.yaml:1: warning [unregistered-ap-limits] PL-2025-014 planned_end: is missing for 3 days a week at a non-school provider; the DfE plans to limit unregistered alternative provision to 12 weeks, or to 2 days a week alongside school (voluntary until legislated): set an end date within 12 weeks or reduce the days",
            ])
    }

    func testRegisteredSchoolSiteNotKnownToBeCoveredIsAWarning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, "covered_by_registration: true", "covered_by_registration: false")
        XCTAssertEqual(
            try fixture.report(),
            [
                "placements/PL-2025-014.yaml:18: warning [registration] PL-2025-014 sessions[0].site: is site S1 of provider PRV-NSC, which is not recorded as covered by its registration; check Get Information about Schools (and any DfE approval of a material change) and record covered_by_registration on the site"
            ])
    }

    func testOwnFullTimePlacementWithEHCPlanCountsForRegistration() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "{total: 42, with_ehc_plan: 9, looked_after: 3}", "{total: 0}")
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]",
            "sessions: ["
                + ["Monday", "Tuesday", "Wednesday", "Thursday"].map { "{day: \($0), start: \"09:00\", end: \"15:00\"}" }.joined(
                    separator: ", ") + "]")
        let (dataset, _) = try fixture.load()
        let test = Rules.registrationTest(dataset.providers[0], in: dataset, settings: .guidance)
        XCTAssertEqual(
            test, RegistrationTest(required: true, registered: false, reason: "it has a full-time pupil with an EHC plan"))
        XCTAssertFalse(Rules.isApproved(dataset.providers[0], in: dataset, settings: .guidance, today: DataFolderFixture.today))
    }

    func testNonSchoolProviderWithoutPupilNumbersIsAWarning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, registered, "kind: non-school")
        DataFolderFixture.edit(&fixture.provider, "full_time_pupils: {total: 42, with_ehc_plan: 9, looked_after: 3}\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):1: warning [registration] PRV-NSC full_time_pupils: is missing, so the registration test cannot be made; record the provider's full-time pupils of compulsory school age (total, with_ehc_plan, with_sen, looked_after)"
            ])
    }

    func testMissingVettingConfirmationBlocksApprovalAndFinalAgreement() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, "vetting_confirmation: {date: 2025-06-12, confirmed_by: Ms R. Shah}\n", "")
        fixture.placement += "\n" + DataFolderFixture.fourSignatures
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):1: warning [vetting] PRV-NSC vetting_confirmation: is missing; ask the provider for dated written confirmation of its staff vetting checks: until then the checklist is not approved and no agreement with it can be final",
                "placements/PL-2025-014.yaml:16: error [vetting] PL-2025-014 start: is 2025-09-08, on or before today, but provider PRV-NSC has not given dated written confirmation of its staff vetting checks; the confirmation must come before a placement begins: record it, or move the start",
            ])
        // Before the start, a complete set of signatures is what cannot be final.
        XCTAssertEqual(
            try fixture.report(today: DataFolderFixture.date("2025-09-05")).last,
            "placements/PL-2025-014.yaml:28: error [vetting] PL-2025-014 signatures: are complete but provider PRV-NSC has not given dated written confirmation of its vetting checks, so the agreement cannot be final; record the confirmation first"
        )
        let (dataset, _) = try fixture.load()
        XCTAssertFalse(Rules.isApproved(dataset.providers[0], in: dataset, settings: .guidance, today: DataFolderFixture.today))
    }

    func testCleanProviderIsApproved() throws {
        let (dataset, _) = try DataFolderFixture().load()
        XCTAssertTrue(Rules.isApproved(dataset.providers[0], in: dataset, settings: .guidance, today: DataFolderFixture.today))
        XCTAssertEqual(
            Rules.registrationTest(dataset.providers[0], in: dataset, settings: .guidance),
            RegistrationTest(
                required: true, registered: true,
                reason:
                    "it is a registered school (URN 148822); the school checks that the registration is open and covers each site its pupils attend"
            ))
    }

    func testStaleChecksPoliciesVettingAndAnnualReport() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.provider, "  - {id: first-aid, result: satisfactory, date: 2025-06-10}",
            "  - {id: first-aid, result: satisfactory, date: 2024-09-30}")
        DataFolderFixture.edit(
            &fixture.provider, "  - {id: accommodation, result: satisfactory, date: 2025-06-10}",
            "  - {id: accommodation, result: satisfactory, date: 2024-10-01}")
        DataFolderFixture.edit(
            &fixture.provider, "  - {id: complaints-procedure, result: satisfactory, date: 2025-06-10}",
            "  - {id: complaints-procedure, result: satisfactory}")
        DataFolderFixture.edit(
            &fixture.provider, "vetting_confirmation: {date: 2025-06-12", "vetting_confirmation: {date: 2024-06-12")
        DataFolderFixture.edit(&fixture.provider, "annual_report: {date: 2025-07-15", "annual_report: {date: 2024-07-15")
        DataFolderFixture.edit(
            &fixture.school, "version: \"2.2\", effective: 2025-04-01", "version: \"2.2\", effective: 2024-04-01")
        let checks = DataFolderFixture.line(of: "id: first-aid", in: fixture.provider)
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(schoolFile):18: warning [stale-check] SCH-RVA policies[3].effective: is 2024-04-01, more than 12 months ago; review the behaviour policy and record its new version",
                "\(providerFile):\(DataFolderFixture.line(of: "vetting_confirmation", in: fixture.provider)): warning [stale-check] PRV-NSC vetting_confirmation.date: is 2024-06-12, more than 12 months ago; ask the provider to confirm its vetting checks again",
                "\(providerFile):16: warning [stale-check] PRV-NSC checks[6]: has no date; record when the complaints-procedure check was made",
                "\(providerFile):\(checks): warning [stale-check] PRV-NSC checks[9].date: is 2024-09-30, more than 12 months ago; make the first-aid check again",
                "\(providerFile):\(DataFolderFixture.line(of: "annual_report", in: fixture.provider)): warning [stale-check] PRV-NSC annual_report.date: is 2024-07-15, more than 12 months ago; ask the provider for this year's annual performance report",
            ])
        XCTAssertEqual(try fixture.report(settings: RuleSettings(stalenessMonths: 24)).count, 1, "only the undated check")
    }

    func testSafeguardingCheckBeforeTheCurrentKCSIEEditionIsAWarning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.provider, "{id: safeguarding-arrangements, result: satisfactory, date: 2025-09-02}",
            "{id: safeguarding-arrangements, result: satisfactory, date: 2025-08-29}")
        let line = DataFolderFixture.line(of: "id: safeguarding-arrangements", in: fixture.provider)
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):\(line): warning [stale-check] PRV-NSC checks[3].date: is 2025-08-29, before the current edition of Keeping children safe in education took effect (2025-09-01); check that the provider's safeguarding arrangements reflect it and record the new date"
            ])
        XCTAssertEqual(
            try fixture.report(today: DataFolderFixture.date("2025-08-31")), [], "before 1 September the 2024 edition is current")
        XCTAssertEqual(Rules.kcsieEditionStart(today: DataFolderFixture.date("2026-03-01")), DataFolderFixture.date("2025-09-01"))
    }

    func testMissingAnnualReport() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, "annual_report: {date: 2025-07-15, summary: Good outcomes}", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):1: warning [stale-check] PRV-NSC annual_report: is missing; ask the provider for an annual performance report"
            ])
    }

    func testLettersNeedTheirContacts() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.school, "deputy_dsls:\n  - {name: Mr Tom Reid, role: Deputy DSL, phone: \"01632 960 102\"}\n", "")
        DataFolderFixture.edit(
            &fixture.school, "role: Designated Safeguarding Lead, phone: \"01632 960 101\"}",
            "role: Designated Safeguarding Lead}")
        DataFolderFixture.edit(&fixture.school, "attendance_confirmation_minutes: 30\n", "")
        DataFolderFixture.edit(&fixture.provider, "attendance_contact: {name: Mr P. Green, email: attendance@nsc.example}\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(schoolFile):6: error [contacts] SCH-RVA dsl: has no phone or email; the letter must say how to reach them",
                "\(schoolFile):1: error [contacts] SCH-RVA deputy_dsls: is missing; the child-protection letter must name at least one deputy DSL",
                "\(schoolFile):1: error [contacts] SCH-RVA attendance_confirmation_minutes: is missing; the attendance letter must say how soon after each register the provider confirms attendance for the session",
                "\(providerFile):1: error [contacts] PRV-NSC attendance_contact: is missing; the attendance letter must name who reports absence at the provider",
            ])
    }

    func testMissingPolicyAndLocalAuthority() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.school, "  - {id: attendance, title: Attendance Policy, version: \"4.0\", effective: 2025-09-01}\n", "")
        let authority = """
            local_authority:
              name: Northshire County Council
              front_door: {name: Children's Services Front Door, phone: "01632 960 200"}
              lado: {name: Mr Sam Ode, role: LADO, phone: "01632 960 201"}

            """
        DataFolderFixture.edit(&fixture.school, authority, "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(schoolFile):1: error [contacts] SCH-RVA local_authority: is missing; the child-protection letter must give the local authority's front door and LADO",
                "\(schoolFile):11: error [data] SCH-RVA policies: has no 'attendance' policy; the attendance letter cites it, so add its id, title, version and effective date",
            ])
    }

    func testChecksWithConcernsOrNotSeenKeepTheChecklistUnapproved() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.provider, "{id: accommodation, result: satisfactory", "{id: accommodation, result: concerns")
        DataFolderFixture.edit(&fixture.provider, "  - {id: first-aid, result: satisfactory, date: 2025-06-10}\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(providerFile):10: warning [checks] PRV-NSC checks: are not all satisfactory (concerns: accommodation; not seen: first-aid), so the checklist is not approved; record each item once it is resolved"
            ])
        let (dataset, _) = try fixture.load()
        let provider = dataset.providers[0]
        XCTAssertFalse(Rules.isApproved(provider, in: dataset, settings: .guidance, today: DataFolderFixture.today))
        let rows = Rules.checklist(for: provider, settings: .guidance, today: DataFolderFixture.today)
        XCTAssertEqual(rows.map(\.id), CheckID.allCases)
        XCTAssertEqual(rows[9].result, .notSeen)
        XCTAssertTrue(rows[9].stale)
        XCTAssertEqual(rows[7].result.text, "Concerns noted")
        XCTAssertFalse(rows[0].stale)
    }

    func testSettingsDecodeWithDefaultsForMissingKeys() throws {
        let settings = try JSONDecoder().decode(RuleSettings.self, from: Data(#"{"staleness_months": 6}"#.utf8))
        XCTAssertEqual(settings, RuleSettings(stalenessMonths: 6))
        XCTAssertEqual(RuleSettings.guidance.fullTimeHoursPerWeek, 18)
        XCTAssertEqual(RuleSettings.guidance.maximumReviewGapDays, 49)
        XCTAssertEqual(RuleSettings.guidance.registrationWarningHours, 15)
    }

    func testConfirmationMinutesMustBeSensible() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.school, "attendance_confirmation_minutes: 30", "attendance_confirmation_minutes: 0")
        XCTAssertEqual(
            try fixture.load().1.map(\.description),
            [
                "\(schoolFile):19: error [data] SCH-RVA attendance_confirmation_minutes: is 0; give the minutes after each register (1 to 120) by which a provider confirms attendance"
            ])
    }

    func testOldAttendanceDeadlineIsAWarningPointingToTheNewField() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.school, "attendance_confirmation_minutes: 30\n",
            "attendance_confirmation_minutes: 30\nattendance_deadline: \"09:30\"\n")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(schoolFile):20: warning [data] SCH-RVA attendance_deadline: is no longer used: one clock time cannot fit every provider's sessions; give attendance_confirmation_minutes (minutes after each register, morning and afternoon) instead"
            ])
    }
}
