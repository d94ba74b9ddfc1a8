import Foundation
import XCTest

@testable import Placement

/// Issues go to terminals and logs, so they must never carry a pupil's name, date of birth or
/// UPN, whatever is wrong with the data.
final class PrivacyTests: XCTestCase {
    let personalData = ["Jordan", "Quillfeather", "2010-03-02", "2010-03-32", "A123456789012", "child-in-need"]

    func testNoIssueCarriesAPupilsNameDateOfBirthOrUPN() throws {
        let fixture = DataFolderFixture()
        // A provider that breaks rules 1, 5, 6, 7 and the checklist.
        fixture.provider = """
            id: PRV-NSC
            name: Northshire Skills Centre
            kind: non-school
            sites: [{id: S1}]
            full_time_pupils: {total: 5}
            checks:
              - {id: first-aid, result: concerns, date: 2023-01-01}
            """
        // A placement that breaks rules 2, 3, 4, 8 and 9, the LA's and the looked-after rules,
        // fully signed.
        fixture.placement = """
            id: PL-2025-014
            school: SCH-RVA
            provider: PRV-NSC
            pupil:
              key: RVA-P-0147
              name: Jordan Quillfeather
              date_of_birth: 2010-03-02
              upn: A123456789012
              sen: {support: ehc-plan}
              looked_after: true
              child_protection: {status: child-in-need}
            parents: [{name: Sam Quillfeather, relationship: Foster carer, agreed: true, parental_responsibility: true}]
            basis: local-authority
            attendance_code: B
            start: 2025-09-08
            sessions: [{day: Tuesday, start: "09:15", end: "15:00", site: S1}, {day: Wednesday, start: "09:15", end: "11:00"}, {day: Thursday, start: "09:15", end: "11:00"}]
            rest_of_week: [{where: home, days: [Monday]}]
            curriculum: {subjects: [Art]}
            reviews: [2026-03-01]
            arrangement: {reason: Jordan Quillfeather, off_site_direction: {days: 5}}
            \(DataFolderFixture.fourSignatures.replacingOccurrences(of: "2025-09-03", with: "2026-09-03"))
            """
        // A registered school whose registration does not cover the pupil's age or type of need.
        fixture.write(
            "providers/PRV-REG.yaml",
            DataFolderFixture.cleanProvider.replacingOccurrences(of: "id: PRV-NSC", with: "id: PRV-REG")
                .replacingOccurrences(
                    of: "lowest_age: 11, highest_age: 16, sen_types: [SLCN, SEMH]",
                    with: "lowest_age: 4, highest_age: 11, sen_types: [HI]"))
        fixture.write(
            "placements/PL-2025-016.yaml",
            DataFolderFixture.cleanPlacement.replacingOccurrences(of: "id: PL-2025-014", with: "id: PL-2025-016")
                .replacingOccurrences(of: "provider: PRV-NSC", with: "provider: PRV-REG"))
        // A second placement whose pupil fields are all wrong, to cover loading messages.
        fixture.write(
            "placements/PL-2025-015.yaml",
            """
            id: PL-2025-015
            school: SCH-RVA
            provider: PRV-NSC
            pupil:
              key: RVA-P-0148
              nmae: Jordan Quillfeather
              date_of_birth: 2010-03-32
              upn: [A123456789012]
              year_group: Jordan
              sen: {support: Quillfeather}
              looked_after: Quillfeather
              child_protection: child-in-need
            basis: Jordan
            start: 2010-03-02x
            sessions: [{day: Jordan, start: "09:00", end: "12:00"}]
            """)
        let (dataset, loadIssues) = try fixture.load()
        let issues = loadIssues + Rules.check(dataset, settings: .guidance, today: DataFolderFixture.today)

        let firedRules = Set(issues.map(\.rule))
        let expectedRules: Set<ValidationIssue.Rule> = [
            .data, .registration, .attendanceCode, .partTime, .reviewGap, .vetting, .staleCheck,
            .contacts, .curriculum, .laNotified, .signatures, .checks, .reducedTimetable, .laArrangement,
            .lookedAfter, .unregisteredLimits, .providerRecheck, .offSiteDirection,
        ]
        XCTAssertEqual(firedRules, expectedRules, "the dataset should break every rule")
        XCTAssertGreaterThan(issues.count, 25)

        let json = String(decoding: try JSONEncoder().encode(issues), as: UTF8.self)
        for issue in issues {
            for secret in personalData {
                XCTAssertFalse(issue.description.contains(secret), "\(secret) leaked: \(issue)")
                XCTAssertFalse(json.contains(secret), "\(secret) leaked into the JSON form")
            }
            XCTAssertTrue(
                [nil, "SCH-RVA", "PRV-NSC", "PRV-REG", "PL-2025-014", "PL-2025-015", "PL-2025-016"].contains(issue.subject),
                "subject is an id: \(issue)")
        }
    }

    func testTemplateViewOfThePupilDropsChildProtection() throws {
        let (dataset, _) = try DataFolderFixture().load()
        let pupil = try XCTUnwrap(dataset.placements.first?.pupil)
        XCTAssertEqual(pupil.childProtectionStatus, "child-in-need")
        XCTAssertNotNil(pupil.raw["child_protection"])
        XCTAssertNil(pupil.templateValue["child_protection"])
        XCTAssertEqual(pupil.templateValue["key"], "RVA-P-0147")
    }
}
