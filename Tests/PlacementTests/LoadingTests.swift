import Foundation
import OfficeTemplate
import XCTest

@testable import Placement

final class LoadingTests: XCTestCase {
    func testCleanFolderLoadsEveryRecordWithNoIssues() throws {
        let fixture = DataFolderFixture()
        let (dataset, issues) = try fixture.load()
        XCTAssertEqual(issues, [])
        XCTAssertEqual(dataset.schools.map(\.id), ["SCH-RVA"])
        XCTAssertEqual(dataset.providers.map(\.id), ["PRV-NSC"])
        XCTAssertEqual(dataset.placements.map(\.id), ["PL-2025-014"])
        XCTAssertEqual(try fixture.report(), [])

        let placement = try XCTUnwrap(dataset.placement(id: "PL-2025-014"))
        XCTAssertEqual(placement.pupil.key, "RVA-P-0147")
        XCTAssertEqual(placement.pupil.sen, .ehcPlan)
        XCTAssertEqual(
            placement.sessions,
            [Session(day: .tuesday, start: TimeOfDay(hour: 9, minute: 15), end: TimeOfDay(hour: 15, minute: 0), site: "S1")])
        XCTAssertEqual(placement.source.file, "placements/PL-2025-014.yaml")
        XCTAssertEqual(placement.raw["basis"], "school")
        XCTAssertEqual(dataset.school(id: "SCH-RVA")?.policy(.onlineSafety)?.version, "3.1")
        XCTAssertEqual(dataset.provider(id: "PRV-NSC")?.checks.count, CheckID.allCases.count)
    }

    func testUnknownKeyIsReportedWithItsLineAndASuggestion() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "rest_of_week:", "rest_of_wek:")
        let (dataset, issues) = try fixture.load()
        XCTAssertEqual(
            issues.map(\.description),
            [
                "placements/PL-2025-014.yaml:19: error [data] PL-2025-014 rest_of_wek: is not a field of a placement; did you mean 'rest_of_week'?"
            ])
        XCTAssertEqual(dataset.placements.count, 0, "a file with errors is left out")
    }

    func testUnknownKeyWithNothingCloseSaysWhereToLook() throws {
        let fixture = DataFolderFixture()
        fixture.school += "\nfavourite_colour: blue"
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "schools/SCH-RVA.yaml:21: error [data] SCH-RVA favourite_colour: is not a field of a school; check the spelling against docs/data-model.md"
            ])
    }

    func testEveryProblemInAFileIsReportedAtOnce() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "  name: Jordan Quillfeather", "  nmae: Jordan Quillfeather")
        DataFolderFixture.edit(&fixture.placement, "year_group: 10", "year_group: ten")
        DataFolderFixture.edit(&fixture.placement, "basis: school\n", "")
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\"", "sessions: [{day: Tusday, start: \"9.15\"")
        DataFolderFixture.edit(&fixture.placement, "attendance_code: B", "attendance_code: X")
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "placements/PL-2025-014.yaml:5: error [data] PL-2025-014 pupil.name: is required but missing; add it",
                "placements/PL-2025-014.yaml:7: error [data] PL-2025-014 pupil.year_group: should be a whole number but is text",
                "placements/PL-2025-014.yaml:6: error [data] PL-2025-014 pupil.nmae: is not a field of a pupil; did you mean 'name'?",
                "placements/PL-2025-014.yaml:1: error [data] PL-2025-014 basis: is required but missing; add it",
                "placements/PL-2025-014.yaml:14: error [data] PL-2025-014 attendance_code: is not one of B, K, D",
                "placements/PL-2025-014.yaml:17: error [data] PL-2025-014 sessions[0].day: is not a day of the week (Monday to Sunday); did you mean 'Tuesday'?",
                "placements/PL-2025-014.yaml:17: error [data] PL-2025-014 sessions[0].start: should be a time (\"HH:MM\", 24-hour, in quotes) but is text",
            ])
    }

    func testWrongTypesSayWhatWasExpected() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.placement, "sessions: [{day: Tuesday, start: \"09:15\", end: \"15:00\", site: S1}]", "sessions: Tuesday")
        DataFolderFixture.edit(&fixture.placement, "la_notified: 2025-08-29", "la_notified: last week")
        DataFolderFixture.edit(&fixture.school, "version: \"3.1\"", "version: 3.10")
        DataFolderFixture.edit(&fixture.provider, "dsl: {name: Ms R. Shah, phone: \"01632 960 300\"}", "dsl: Ms R. Shah")
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "schools/SCH-RVA.yaml:15: error [data] SCH-RVA policies[0].version: should be text but is a number; put it in quotes so it is kept exactly as written",
                "providers/PRV-NSC.yaml:7: error [data] PRV-NSC dsl: should be a map (key: value lines) but is text",
                "placements/PL-2025-014.yaml:18: error [data] PL-2025-014 sessions: should be a list but is text",
                "placements/PL-2025-014.yaml:23: error [data] PL-2025-014 la_notified: should be a date (YYYY-MM-DD) but is text",
            ])
    }

    func testBadChoiceSuggestsTheNearestValue() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "basis: school", "basis: schol")
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "placements/PL-2025-014.yaml:14: error [data] PL-2025-014 basis: is not one of school, local-authority, dual-registration; did you mean 'school'?"
            ])
    }

    func testMissingProviderIsABrokenReference() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "provider: PRV-NSC", "provider: PRV-XYZ")
        let (dataset, issues) = try fixture.load()
        XCTAssertEqual(
            issues.map(\.description),
            [
                "placements/PL-2025-014.yaml:3: error [data] PL-2025-014 provider: names a provider that is not in the data (the providers are PRV-NSC); correct the id or add the provider's file to providers/"
            ])
        XCTAssertEqual(dataset.placements.count, 0)
    }

    func testMisspeltReferenceSuggestsTheKnownId() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.placement, "school: SCH-RVA", "school: SCH-RAV")
        DataFolderFixture.edit(&fixture.placement, "site: S1", "site: S2")
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "placements/PL-2025-014.yaml:2: error [data] PL-2025-014 school: names a school that is not in the data (the schools are SCH-RVA); did you mean 'SCH-RVA'?",
                "placements/PL-2025-014.yaml:18: error [data] PL-2025-014 sessions[0].site: names a site that provider PRV-NSC does not have (it lists S1); did you mean 'S1'?",
            ])
    }

    func testReferenceToAFileWithErrorsIsNotReportedTwice() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(&fixture.provider, "kind: registered-school", "kind: school")
        let (dataset, issues) = try fixture.load()
        XCTAssertEqual(
            issues.map(\.description),
            [
                "providers/PRV-NSC.yaml:3: error [data] PRV-NSC kind: is 'school', not one of registered-school, fe-college, non-school"
            ])
        XCTAssertEqual(dataset.providers.count, 0)
        XCTAssertEqual(dataset.placements.count, 0, "its placement cannot be checked without it")
    }

    func testDuplicateIdIsAnError() throws {
        let fixture = DataFolderFixture()
        fixture.write("providers/PRV-OTHER.yaml", DataFolderFixture.cleanProvider)
        let (dataset, issues) = try fixture.load()
        XCTAssertEqual(
            issues.map(\.description),
            [
                "providers/PRV-OTHER.yaml:1: error [data] PRV-NSC id: is also the id of providers/PRV-NSC.yaml; each provider needs its own id"
            ])
        XCTAssertEqual(dataset.providers.count, 1)
    }

    func testConditionalRequirementsAndSignatureDetails() throws {
        let fixture = DataFolderFixture()
        DataFolderFixture.edit(
            &fixture.provider, "registration: {type: independent school, urn: \"148822\"}",
            "registration: {type: independent school}")
        fixture.placement += "\nsignatures: [{role: pupil, name: J, date: 2025-09-03, method: drawn}]"
        DataFolderFixture.edit(&fixture.placement, "end: \"15:00\"", "end: \"09:00\"")
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "providers/PRV-NSC.yaml:4: error [data] PRV-NSC registration.urn: is required for a registered-school provider; add its URN (only a non-school provider may have none)",
                "placements/PL-2025-014.yaml:18: error [data] PL-2025-014 sessions[0].end: is not after start; check the session times",
                "placements/PL-2025-014.yaml:27: error [data] PL-2025-014 signatures[0].image: is required for a drawn signature; add the picture's path",
            ])
    }

    func testSyntaxErrorPointsAtTheLine() throws {
        let fixture = DataFolderFixture()
        fixture.school = "id: SCH-RVA\nname: [Riverside\nurn: 1\n"
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "schools/SCH-RVA.yaml:3: error [data] did not find expected ',' or ']' (while parsing a flow sequence, from line 2, column 7)"
            ],
            "the placement naming the unreadable school is not also told it is missing")
    }

    func testJSONFilesLoadWithLinesAndTextDates() throws {
        let fixture = DataFolderFixture()
        let json = """
            {
              "id": "PRV-JSON",
              "name": "JSON Centre",
              "kind": "non-school",
              "full_time_pupils": {"total": 1},
              "vetting_confirmation": {"date": "2025-06-12", "confirmed_by": "A. Person"},
              "annual_report": {"date": "2025-02-30"}
            }
            """
        fixture.write("providers/PRV-JSON.json", json)
        let (dataset, issues) = try fixture.load()
        XCTAssertEqual(
            issues.map(\.description),
            [
                "providers/PRV-JSON.json:7: error [data] PRV-JSON annual_report.date: should be a date (YYYY-MM-DD) but is text"
            ])
        XCTAssertNil(dataset.provider(id: "PRV-JSON"))
    }

    func testPlistProblemsHaveNoLine() throws {
        let fixture = DataFolderFixture()
        let plist: [String: Any] = [
            "id": "PRV-PLIST", "name": "Plist Centre", "kind": "fe-college",
            "registration": ["urn": "10001234"],
            "vetting_confirmation": ["date": DataFolderFixture.date("2025-06-12")],
        ]
        let data = try PropertyListSerialization.data(fromPropertyList: plist, format: .xml, options: 0)
        try data.write(to: URL(fileURLWithPath: fixture.folder + "/providers/PRV-PLIST.plist"))
        let issues = try fixture.load().1
        XCTAssertEqual(
            issues.map(\.description),
            [
                "providers/PRV-PLIST.plist: error [data] PRV-PLIST vetting_confirmation.confirmed_by: is required but missing; add it"
            ])
    }

    func testLoadFilesUsesTheGivenKinds() throws {
        let fixture = DataFolderFixture()
        _ = try fixture.load()
        let (dataset, issues) = Dataset.load(files: [
            DatasetFile(kind: .school, path: fixture.folder + "/schools/SCH-RVA.yaml", displayName: "s.yaml")
        ])
        XCTAssertEqual(issues, [])
        XCTAssertEqual(dataset.schools.first?.source.file, "s.yaml")
    }

    func testMissingFolderThrows() {
        XCTAssertThrowsError(try Dataset.load(folder: "/nonexistent/apdocs-data")) { error in
            XCTAssertEqual(
                (error as? DataError)?.description,
                "/nonexistent/apdocs-data: error: cannot load data: there is no such folder")
        }
    }

    func testIssueDescriptionLeavesOutUnknownParts() {
        let issue = ValidationIssue(
            severity: .warning, rule: .data, subject: nil, path: nil, file: nil, line: nil, message: "hello")
        XCTAssertEqual(issue.description, "warning [data] hello")
        let encoded = try! JSONEncoder().encode(issue)
        XCTAssertEqual(try! JSONDecoder().decode(ValidationIssue.self, from: encoded), issue)
    }
}
