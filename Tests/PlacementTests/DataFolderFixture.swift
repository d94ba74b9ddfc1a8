import Foundation
import XCTest

@testable import Placement

/// A temporary data folder holding one school, one provider and one placement that break no
/// rule on `today`; each test edits the YAML it needs to make one rule fire.
final class DataFolderFixture {
    let folder: String
    var school = DataFolderFixture.cleanSchool
    var provider = DataFolderFixture.cleanProvider
    var placement = DataFolderFixture.cleanPlacement

    /// The day the clean data is checked on: every date in it is within 12 months.
    static let today = date("2025-10-01")

    init() {
        folder = NSTemporaryDirectory() + "apdocs-placement-" + UUID().uuidString
        for kind in RecordKind.allCases {
            try! FileManager.default.createDirectory(
                atPath: folder + "/" + kind.folder, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes any extra file, e.g. `write("providers/PRV-TWO.yaml", text)`.
    func write(_ relativePath: String, _ text: String) {
        try! text.write(toFile: folder + "/" + relativePath, atomically: true, encoding: .utf8)
    }

    /// Writes the three standard files (a nil one is left out) and loads the folder.
    func load() throws -> (Dataset, [ValidationIssue]) {
        write("schools/SCH-RVA.yaml", school)
        write("providers/PRV-NSC.yaml", provider)
        write("placements/PL-2025-014.yaml", placement)
        return try Dataset.load(folder: folder)
    }

    /// Loading issues then rule issues, as printed.
    func report(settings: RuleSettings = .guidance, today: Date = DataFolderFixture.today) throws -> [String] {
        let (dataset, issues) = try load()
        return (issues + Rules.check(dataset, settings: settings, today: today)).map(\.description)
    }

    /// Replaces `old` (which must occur) in a YAML text.
    static func edit(_ text: inout String, _ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(text.contains(old), "fixture does not contain \(old)", file: file, line: line)
        text = text.replacingOccurrences(of: old, with: new)
    }

    /// The 1-based line of the first line containing `needle`.
    static func line(of needle: String, in text: String) -> Int {
        let lines = text.components(separatedBy: "\n")
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    static func date(_ text: String) -> Date { DayArithmetic.parseDate(text)! }

    static let cleanSchool = """
        id: SCH-RVA
        name: Riverside Academy
        urn: "137421"
        address: [12 Mill Lane, Northtown, NT4 7QP]
        phone: "01632 960 100"
        dsl: {name: Ms Amira Patel, role: Designated Safeguarding Lead, phone: "01632 960 101"}
        deputy_dsls:
          - {name: Mr Tom Reid, role: Deputy DSL, phone: "01632 960 102"}
        attendance_officer: {name: Mrs Jo Lane, role: Attendance Officer, email: attendance@rva.example}
        local_authority:
          name: Northshire County Council
          front_door: {name: Children's Services Front Door, phone: "01632 960 200"}
          lado: {name: Mr Sam Ode, role: LADO, phone: "01632 960 201"}
        policies:
          - {id: online-safety, title: Online Safety Policy, version: "3.1", effective: 2025-09-01}
          - {id: child-protection, title: Child Protection Policy, version: "2025.1", effective: 2025-09-01}
          - {id: attendance, title: Attendance Policy, version: "4.0", effective: 2025-09-01}
          - {id: behaviour, title: Behaviour Policy, version: "2.2", effective: 2025-04-01}
        attendance_confirmation_minutes: 30
        attendance_method: telephone the attendance officer
        """

    static let cleanProvider = """
        id: PRV-NSC
        name: Northshire Skills Centre
        kind: registered-school
        registration: {type: independent school, urn: "148822"}
        sites: [{id: S1, name: Main site, covered_by_registration: true}]
        full_time_pupils: {total: 42, with_ehc_plan: 9, looked_after: 3}
        dsl: {name: Ms R. Shah, phone: "01632 960 300"}
        attendance_contact: {name: Mr P. Green, email: attendance@nsc.example}
        checks:
        \(CheckID.allCases.map { "  - {id: \($0.rawValue), result: satisfactory, date: \(checkDate($0))}" }.joined(separator: "\n"))
        vetting_confirmation: {date: 2025-06-12, confirmed_by: Ms R. Shah}
        annual_report: {date: 2025-07-15, summary: Good outcomes}
        registered_for: {lowest_age: 11, highest_age: 16, sen_types: [SLCN, SEMH]}
        """

    /// The clean provider's check dates: the safeguarding check after KCSIE's 1 September, the
    /// registration and inspection report re-checked within 30 days before the placement starts
    /// (rule provider-recheck), the rest in June.
    static func checkDate(_ id: CheckID) -> String {
        switch id {
        case .safeguardingArrangements: return "2025-09-02"
        case .registration, .inspectionReport: return "2025-08-20"
        default: return "2025-06-10"
        }
    }

    /// Tuesday 09:15-15:00 is 5.75 hours: a part-time placement, with everything it needs; the
    /// rest of the week at school, so no reduced timetable; an EHC plan, so the LA agreed and the
    /// plan was reviewed before the start; code B with its supervisor.
    static let cleanPlacement = """
        id: PL-2025-014
        school: SCH-RVA
        provider: PRV-NSC
        pupil:
          key: RVA-P-0147
          name: Jordan Quillfeather
          year_group: 10
          date_of_birth: 2010-03-02
          upn: A123456789012
          sen: {support: ehc-plan, types: [SLCN], summary: Speech and language needs}
          looked_after: false
          child_protection: {status: child-in-need}
        parents: [{name: Sam Quillfeather, relationship: Mother, involved: 2025-07-08, agreed: true}]
        basis: school
        attendance_code: B
        start: 2025-09-08
        planned_end: 2026-02-13
        sessions: [{day: Tuesday, start: "09:15", end: "15:00", site: S1}]
        rest_of_week: [{where: school, days: [Monday, Wednesday, Thursday, Friday], hours: 26, description: At Riverside Academy on the other days}]
        aims: [Re-engage with learning]
        curriculum: {subjects: [English, Maths, Construction], qualification_route: BTEC Level 1}
        reviews: [2025-10-14, 2025-11-25, 2026-01-13]
        la_notified: 2025-08-29
        supervised_by: {name: Mr D. Okafor, role: Assistant Headteacher}
        la_arrangement: {authority: Northshire County Council, agreed_by: {name: Ms H. Marsh, role: SEN caseworker}, agreed: 2025-07-20}
        ehc_plan_review: 2025-07-15
        """

    /// All four signatures, dated before `today`.
    static let fourSignatures = """
        signatures:
          - {role: school, name: Mrs Helen Carter, date: 2025-09-01, method: paper}
          - {role: provider, name: Ms R. Shah, date: 2025-09-02, method: typed}
          - {role: parent-carer, name: Sam Quillfeather, date: 2025-09-03, method: paper}
          - {role: pupil, name: Jordan Quillfeather, date: 2025-09-03, method: paper}
        """
}
