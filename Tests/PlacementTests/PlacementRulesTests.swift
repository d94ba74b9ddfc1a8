import Foundation
import XCTest

@testable import Placement

/// Rules 2, 3, 4, 8 and 9 about the placement itself: each firing, with its exact text, and not
/// firing. The parties' rules (LA, looked after, vetting before the start) are in PartiesRulesTests.
final class PlacementRulesTests: XCTestCase {
    let file = "placements/PL-2025-014.yaml"
    let restOfWeek =
        "rest_of_week: [{where: school, days: [Monday, Wednesday, Thursday, Friday], hours: 26, description: At Riverside Academy on the other days}]"
    let tuesday = "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]"
    let fiveDays =
        "sessions: ["
        + ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"].map {
            "{day: \($0), start: \"09:00\", end: \"15:00\", site: S1}"
        }.joined(separator: ", ") + "]"

    func testAttendanceCodeMustFollowTheBasis() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: local-authority")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):15: error [attendance-code] PL-2025-014 attendance_code: is 'B' but the placement was arranged by the local authority; use K",
                "\(file):25: error [attendance-code] PL-2025-014 la_arrangement.power: is missing; code K is only for provision the local authority arranges under s19 Education Act 1996 or s42 or s61 Children and Families Act 2014: record which (s19-ea1996, s42-cfa2014, s61-cfa2014)",
            ])
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B", "attendance_code: K")
        DataFolderFixture.edit(&fixture.placement, "la_arrangement: {", "la_arrangement: {power: s42-cfa2014, ")
        XCTAssertEqual(try fixture.report(), [])
    }

    func testMissingAttendanceCodeSaysWhichToUse() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: dual-registration")
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [attendance-code] PL-2025-014 attendance_code: is missing; the pupil is dual registered with the provider, so use D",
                "\(file):1: error [attendance-code] PL-2025-014 dual_registration: is missing; code D needs the pupil on the provider school's admission register: record the date it admitted the pupil (dual_registration: {admitted: ...})",
            ])
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.effectiveAttendanceCode, .D)
    }

    func testPartTimePlacementNeedsRestOfWeekEndAndReviews() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, restOfWeek + "\n", "")
        DataFolderFixture.edit(&fixture.placement, "planned_end: 2026-02-13\n", "")
        DataFolderFixture.edit(&fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]\n", "")
        DataFolderFixture.edit(&fixture.placement, "agreed: true", "agreed: false")
        let because = "the placement is part time (5.75 hours a week at the provider)"
        // A parent's agreement is a condition of a reduced timetable, not of a part-time placement.
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [part-time] PL-2025-014 rest_of_week: is missing but \(because); say where the pupil is for the rest of the week, with days and hours",
                "\(file):1: error [part-time] PL-2025-014 planned_end: is missing but \(because); set an end date",
                "\(file):1: error [part-time] PL-2025-014 reviews: is missing but \(because); add review dates",
            ])
    }

    func testPartTimeIsAboutTheWholeWeekNotEighteenHours() throws {
        let fixture = DataFolderFixture()
        // Five full days: not part time, whatever the hours; no rest of the week needed.
        DataFolderFixture.edit(&fixture.placement, tuesday, fiveDays)
        DataFolderFixture.edit(&fixture.placement, restOfWeek + "\n", "")
        XCTAssertEqual(try fixture.report(), [])
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.hoursPerWeek, 30)
        XCTAssertFalse(placement.isPartTimePlacement)
        XCTAssertFalse(placement.hasReducedTimetable)
        XCTAssertTrue(placement.isFullTimeAtProvider())
    }

    func testReducedTimetableNeedsTheRegulationConditions() throws {
        let fixture = DataFolderFixture()
        // School on Monday and Wednesday only: Thursday and Friday have no education.
        DataFolderFixture.edit(
            &fixture.placement, "days: [Monday, Wednesday, Thursday, Friday], hours: 26", "days: [Monday, Wednesday], hours: 13")
        let because =
            "the pupil's week has 4 weekday sessions with no education, a reduced timetable (code C2, 2024 Regulations reg 11(6))"
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [reduced-timetable] PL-2025-014 reduced_timetable: is missing but \(because); record the exceptional reason, the parent's agreement, when the local authority was told, the end date and the plan back to full time"
            ])
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.totalWeeklyHours, 18.75)
        XCTAssertEqual(
            placement.sessionsWithoutEducation.map { "\($0.day.rawValue) \($0.half.rawValue)" },
            ["Thursday morning", "Thursday afternoon", "Friday morning", "Friday afternoon"])
        fixture.placement += "\nreduced_timetable: {reason: Medical advice during recovery}\n"
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):27: error [reduced-timetable] PL-2025-014 reduced_timetable.parent_agreed: is missing but \(because); a reduced timetable needs a parent's agreement: record the date",
                "\(file):27: error [reduced-timetable] PL-2025-014 reduced_timetable.la_told: is missing but \(because); tell the local authority and record the date",
                "\(file):27: error [reduced-timetable] PL-2025-014 reduced_timetable.ends: is missing but \(because); a reduced timetable must be time limited: set its end date",
                "\(file):27: error [reduced-timetable] PL-2025-014 reduced_timetable.plan_to_full_time: is missing but \(because); record the plan back to a full-time timetable",
            ])
        DataFolderFixture.edit(
            &fixture.placement, "reduced_timetable: {reason: Medical advice during recovery}",
            "reduced_timetable: {reason: Medical advice during recovery, parent_agreed: 2025-07-08, la_told: 2025-07-10, ends: 2025-11-28, plan_to_full_time: Add a day each half-term}"
        )
        XCTAssertEqual(try fixture.report(), [])
    }

    func testTotalBelowTheSchoolsWeekIsAWarningWhenTheSchoolRecordsIt() throws {
        let fixture = DataFolderFixture()
        XCTAssertEqual(try fixture.report(), [], "no week_hours: no comparison")
        fixture.school += "\nweek_hours: 32.5\n"
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):18: warning [reduced-timetable] PL-2025-014 sessions: give 31.75 hours of education a week in all, below the school's week of 32.5 hours; if the pupil is on a reduced timetable record reduced_timetable (code C2, reg 11(6)), otherwise check that the pupil receives the equivalent of full-time education"
            ])
        DataFolderFixture.edit(&fixture.placement, "hours: 26", "hours: 27")
        XCTAssertEqual(try fixture.report(), [])
    }

    func testHomeCountsAsNoEducation() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "{where: school, days: [Monday, Wednesday, Thursday, Friday], hours: 26",
            "{where: home, days: [Monday, Wednesday, Thursday, Friday]")
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.sessionsWithoutEducation.count, 8)
        XCTAssertEqual(placement.totalWeeklyHours, 5.75)
        // All of the pupil's education is at the provider: full time there for rule 1.
        XCTAssertTrue(placement.isFullTimeAtProvider())
    }

    func testRestOfWeekNeedsHoursForEducationAndRealDays() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "days: [Monday, Wednesday, Thursday, Friday], hours: 26", "days: [Monday, Wendesday]")
        XCTAssertEqual(
            try fixture.load().1.map(\.description),
            [
                "\(file):19: error [data] PL-2025-014 rest_of_week[0].days[1]: is not a day of the week (Monday to Sunday)",
                "\(file):19: error [data] PL-2025-014 rest_of_week[0].hours: is required for education at school; give the hours a week, so the pupil's total weekly education can be worked out",
            ])
    }

    func testRestOfWeekAsTextIsRefusedWithTheNewForm() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, restOfWeek, "rest_of_week: At Riverside Academy on the other days")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):19: error [data] PL-2025-014 rest_of_week: is text, but it is now a list of parts of the week, each {where: school | other-provision | home, days: [...], hours: N, description: ...}; see docs/data-model.md"
            ])
    }

    func testDaysTextAndAttendanceMeaning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]",
            "sessions: [{day: thursday, start: \"09:15\", end: \"12:00\"}, {day: Tuesday, start: \"09:15\", end: \"15:00\"}, {day: Thursday, start: \"13:00\", end: \"15:00\"}]"
        )
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.daysText, "Tuesday and Thursday")
        XCTAssertEqual(placement.hoursPerWeek, 10.5)
        XCTAssertEqual(
            placement.attendanceCodeMeaning,
            "attending an approved educational activity off site, approved and supervised by a person authorised by the school")
        XCTAssertEqual(placement.basis.text, "Off-site alternative provision arranged by the school")
    }

    func testReviewsMoreThanAHalfTermApartAreFlagged() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]", "reviews: [2025-12-09, 2025-10-14, 2026-02-03]")
        let advice = "reviews should be no more than 49 days (about a half-term) apart"
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):22: warning [review-gap] PL-2025-014 reviews[0]: is 56 days after the previous review (2025-10-14); \(advice)",
                "\(file):22: warning [review-gap] PL-2025-014 reviews[2]: is 56 days after the previous review (2025-12-09); \(advice)",
            ])
        XCTAssertEqual(try fixture.report(settings: RuleSettings(maximumReviewGapDays: 56)), [])
    }

    func testReviewGapFromStartAndToEnd() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]", "reviews: [2025-11-25]")
        DataFolderFixture.edit(&fixture.placement, "planned_end: 2026-02-13", "planned_end: 2025-12-12")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):22: warning [review-gap] PL-2025-014 reviews[0]: is 78 days after start; reviews should be no more than 49 days (about a half-term) apart"
            ])
    }

    func testFullTimePlacementWithoutReviewsIsAWarning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]",
            fiveDays)
        DataFolderFixture.edit(&fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]\n", "")
        XCTAssertEqual(
            try fixture.report(),
            ["\(file):1: warning [review-gap] PL-2025-014 reviews: is missing; plan reviews at least every half-term (49 days)"])
    }

    func testCurriculumWithoutEnglishOrMaths() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "subjects: [English, Maths, Construction]", "subjects: [Construction]")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):21: warning [curriculum] PL-2025-014 curriculum.subjects: has no English; say how the pupil keeps up English, at the provider or at school",
                "\(file):21: warning [curriculum] PL-2025-014 curriculum.subjects: has no maths; say how the pupil keeps up maths, at the provider or at school",
            ])
        DataFolderFixture.edit(&fixture.placement, "subjects: [Construction]", "subjects: [Functional Skills English, Numeracy]")
        XCTAssertEqual(try fixture.report(), [])
        DataFolderFixture.edit(
            &fixture.placement,
            "curriculum: {subjects: [Functional Skills English, Numeracy], qualification_route: BTEC Level 1}\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: warning [curriculum] PL-2025-014 curriculum: lists no subjects; say how the pupil keeps up English and maths"
            ])
    }

    func testLocalAuthorityNotNotified() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "la_notified: 2025-08-29", "la_notified:")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):23: warning [la-notified] PL-2025-014 la_notified: is missing; tell the local authority about the placement and record the date"
            ])
        DataFolderFixture.edit(&fixture.placement, "la_notified:", "la_notified: 2025-10-02")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):23: warning [la-notified] PL-2025-014 la_notified: is 2025-10-02, after today; record the date the local authority was told"
            ])
    }

    func testSignedOnlyWithAllFour() throws {
        let fixture = DataFolderFixture()
        XCTAssertEqual(try fixture.load().0.placements.first?.agreementState, .draft)
        fixture.placement += "\n" + DataFolderFixture.fourSignatures
        XCTAssertEqual(try fixture.load().0.placements.first?.agreementState, .signed)
        XCTAssertEqual(try fixture.report(), [])
        DataFolderFixture.edit(
            &fixture.placement, "  - {role: pupil, name: Jordan Quillfeather, date: 2025-09-03, method: paper}", "")
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.agreementState, .partlySigned)
        XCTAssertNil(placement.signature(.pupil))
        XCTAssertEqual(placement.signature(.provider)?.method, .typed)
    }

    func testSignatureDatedInTheFutureIsAnError() throws {
        let fixture = DataFolderFixture()
        fixture.placement += "\n" + DataFolderFixture.fourSignatures
        DataFolderFixture.edit(&fixture.placement, "name: Ms R. Shah, date: 2025-09-02", "name: Ms R. Shah, date: 2025-11-02")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):29: error [signatures] PL-2025-014 signatures[1].date: is 2025-11-02, after today; a signature cannot be dated in the future"
            ])
    }

    func testSignatureOlderThanTheLastChangeIsAnError() throws {
        let fixture = DataFolderFixture()
        fixture.placement += "\nlast_changed: 2025-09-03\n" + DataFolderFixture.fourSignatures
        let report = try fixture.report()
        XCTAssertTrue(
            report.contains {
                $0.hasSuffix(
                    "error [signatures] PL-2025-014 signatures[1].date: is 2025-09-02, before the agreement last changed (2025-09-03); this party signed an earlier version: ask them to sign the current one and record the new date"
                )
            }, "\(report)")
        fixture.placement = fixture.placement.replacingOccurrences(
            of: "last_changed: 2025-09-03", with: "last_changed: 2025-09-01")
        XCTAssertFalse(try fixture.report().contains { $0.contains("before the agreement last changed") })
    }
}
