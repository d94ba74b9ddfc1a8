import Foundation
import XCTest

@testable import Placement

/// Rules 2, 3, 4, 8 and 9: each firing, with its exact text, and not firing.
final class PlacementRulesTests: XCTestCase {
    let file = "placements/PL-2025-014.yaml"

    func testAttendanceCodeMustFollowTheBasis() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: local-authority")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):15: error [attendance-code] PL-2025-014 attendance_code: is 'B' but the placement was arranged by the local authority; use K"
            ])
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B", "attendance_code: K")
        XCTAssertEqual(try fixture.report(), [])
    }

    func testMissingAttendanceCodeSaysWhichToUse() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: dual-registration")
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [attendance-code] PL-2025-014 attendance_code: is missing; the pupil is dual registered with the provider, so use D"
            ])
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.effectiveAttendanceCode, .D)
    }

    func testPartTimeNeedsRestOfWeekEndReviewsAndAgreement() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "rest_of_week: At Riverside Academy on the other days\n", "")
        DataFolderFixture.edit(&fixture.placement, "planned_end: 2026-02-13\n", "")
        DataFolderFixture.edit(&fixture.placement, "reviews: [2025-10-14, 2025-11-25, 2026-01-13]\n", "")
        DataFolderFixture.edit(&fixture.placement, "agreed: true", "agreed: false")
        let because = "the placement is part time (5.75 hours a week)"
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [part-time] PL-2025-014 rest_of_week: is missing but \(because); say where the pupil is for the rest of the week",
                "\(file):1: error [part-time] PL-2025-014 planned_end: is missing but \(because); set an end date",
                "\(file):1: error [part-time] PL-2025-014 reviews: is missing but \(because); add review dates",
                "\(file):13: error [part-time] PL-2025-014 parents: record no agreement but \(because); record a parent or carer's agreement (agreed: true)",
            ])
    }

    func testFullTimeIsMoreThanEighteenHours() throws {
        let fixture = DataFolderFixture()
        // 3 days of 6 hours: exactly 18, still part time.
        let eighteen = "sessions: [{day: Monday, start: \"09:00\", end: \"15:00\"}, {day: Wednesday, start: \"09:00\", end: \"15:00\"}, {day: Friday, start: \"09:00\", end: \"15:00\"}]"
        DataFolderFixture.edit(&fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]", eighteen)
        DataFolderFixture.edit(&fixture.placement, "rest_of_week: At Riverside Academy on the other days\n", "")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):1: error [part-time] PL-2025-014 rest_of_week: is missing but the placement is part time (18 hours a week); say where the pupil is for the rest of the week"
            ])
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.hoursPerWeek, 18)
        XCTAssertTrue(placement.isPartTime())
        XCTAssertEqual(placement.daysText, "Monday, Wednesday and Friday")
        XCTAssertFalse(placement.isPartTime(RuleSettings(fullTimeHoursPerWeek: 15)))
        XCTAssertEqual(try fixture.report(settings: RuleSettings(fullTimeHoursPerWeek: 15)), [])
    }

    func testDaysTextAndAttendanceMeaning() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]",
            "sessions: [{day: thursday, start: \"09:15\", end: \"12:00\"}, {day: Tuesday, start: \"09:15\", end: \"15:00\"}, {day: Thursday, start: \"13:00\", end: \"15:00\"}]")
        let placement = try XCTUnwrap(fixture.load().0.placements.first)
        XCTAssertEqual(placement.daysText, "Tuesday and Thursday")
        XCTAssertEqual(placement.hoursPerWeek, 10.5)
        XCTAssertEqual(placement.attendanceCodeMeaning, "attending an approved off-site educational activity arranged by the school")
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
            "sessions: [" + ["Monday", "Tuesday", "Wednesday", "Thursday"].map { "{day: \($0), start: \"09:00\", end: \"15:00\"}" }.joined(separator: ", ") + "]")
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
        DataFolderFixture.edit(&fixture.placement, "curriculum: {subjects: [Functional Skills English, Numeracy], qualification_route: BTEC Level 1}\n", "")
        XCTAssertEqual(
            try fixture.report(),
            ["\(file):1: warning [curriculum] PL-2025-014 curriculum: lists no subjects; say how the pupil keeps up English and maths"])
    }

    func testLocalAuthorityNotNotified() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "la_notified: 2025-08-29", "la_notified:")
        XCTAssertEqual(
            try fixture.report(),
            ["\(file):23: warning [la-notified] PL-2025-014 la_notified: is missing; tell the local authority about the placement and record the date"])
        DataFolderFixture.edit(&fixture.placement, "la_notified:", "la_notified: 2025-10-02")
        XCTAssertEqual(
            try fixture.report(),
            ["\(file):23: warning [la-notified] PL-2025-014 la_notified: is 2025-10-02, after today; record the date the local authority was told"])
    }

    func testSignedOnlyWithAllFour() throws {
        let fixture = DataFolderFixture()
        XCTAssertEqual(try fixture.load().0.placements.first?.agreementState, .draft)
        fixture.placement += "\n" + DataFolderFixture.fourSignatures
        XCTAssertEqual(try fixture.load().0.placements.first?.agreementState, .signed)
        XCTAssertEqual(try fixture.report(), [])
        DataFolderFixture.edit(&fixture.placement, "  - {role: pupil, name: Jordan Quillfeather, date: 2025-09-03, method: paper}", "")
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
            ["\(file):26: error [signatures] PL-2025-014 signatures[1].date: is 2025-11-02, after today; a signature cannot be dated in the future"])
    }

    func testSignatureOlderThanTheLastChangeIsAnError() throws {
        let fixture = DataFolderFixture()
        fixture.placement += "\nlast_changed: 2025-09-03\n" + DataFolderFixture.fourSignatures
        let report = try fixture.report()
        XCTAssertTrue(report.contains { $0.hasSuffix("error [signatures] PL-2025-014 signatures[1].date: is 2025-09-02, before the agreement last changed (2025-09-03); this party signed an earlier version: ask them to sign the current one and record the new date") }, "\(report)")
        fixture.placement = fixture.placement.replacingOccurrences(of: "last_changed: 2025-09-03", with: "last_changed: 2025-09-01")
        XCTAssertFalse(try fixture.report().contains { $0.contains("before the agreement last changed") })
    }
}
