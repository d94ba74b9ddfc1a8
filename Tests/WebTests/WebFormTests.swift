import Foundation
import HTTPTypes
import HummingbirdTesting
import OfficeTemplate
import Placement
import Workspaces
import XCTest

@testable import Web

/// The record forms built from `RecordSchema`: every field, repeating groups, creation.
final class WebFormTests: XCTestCase {
    /// Every value in the shipped examples has an input (so the forms cover docs/data-model.md
    /// as the examples use it); only the child-protection status is left out on purpose.
    func testEveryFieldOfTheExamplesHasAFormField() throws {
        for kind in RecordKind.allCases {
            let folder = URL(fileURLWithPath: WebFixture.repository).appendingPathComponent("examples/\(kind.folder)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
            XCTAssertFalse(names.isEmpty)
            for name in names {
                let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
                let document = try DataLoader.load(bytes: bytes, file: name, format: .yaml)
                for path in RecordWriter.leaves(document.value, "").keys.map({ String($0.dropFirst()) }).sorted()
                where path != "id" && !path.contains("child_protection") {
                    var spec = path
                    // A list of scalars (address lines, aims, days) is one input.
                    if let spec1 = RecordSchema.spec(kind, path: spec), case .lines = spec1.type { continue }
                    while spec.hasSuffix("]"), let open = spec.lastIndex(of: "[") { spec = String(spec[..<open]) }
                    XCTAssertNotNil(RecordSchema.spec(kind, path: spec), "\(name): \(path) has no form field")
                }
            }
        }
    }

    /// Posting a form back as it was shown writes nothing: what is shown reads back as stored.
    func testAnUntouchedFormChangesNothing() async throws {
        let fixture = try WebFixture()
        let records = [
            "schools/SCH-RVA", "providers/PRV-NSC", "providers/PRV-FFP", "placements/PL-2025-014", "placements/PL-2025-016",
            "placements/PL-2025-018",
        ]
        let before = try records.map { try fixture.read("\($0).yaml") }
        try await fixture.test { client in
            let staff = Browser(client)
            _ = try await staff.logIn()
            for record in records {
                let form = try await staff.get("/\(record)/edit")
                XCTAssertEqual(form.status, .ok, record)
                let fields = FormScraper.fields(form.text)
                XCTAssertGreaterThan(fields.count, 20, record)
                let saved = try await staff.post("/\(record)/edit", fields)
                XCTAssertEqual(saved.status, .seeOther, "\(record): \(saved.text)")
                XCTAssertEqual(saved.headers[.location], "/\(record)", "\(record): nothing changed")
            }
        }
        XCTAssertEqual(try records.map { try fixture.read("\($0).yaml") }, before)
    }

    func testASessionIsAddedAndAnotherRemovedThroughTheForm() async throws {
        let fixture = try WebFixture()
        let before = try fixture.read("placements/PL-2025-016.yaml")
        try await fixture.test { client in
            let staff = Browser(client)
            _ = try await staff.logIn()
            let form = try await staff.get("/placements/PL-2025-016/edit")
            XCTAssertTrue(form.text.contains(#"<select aria-describedby="f-sessions-0--day-issues" id="f-sessions-0--day""#))
            XCTAssertTrue(form.text.contains(#"<legend>Add a session</legend>"#))
            XCTAssertTrue(form.text.contains(#"type="time" id="f-sessions-0--start" name="sessions[0].start""#))
            var fields = FormScraper.fields(form.text)
            let rows = try XCTUnwrap(fields.first { $0.0 == "__rows:sessions" }?.1).flatMap { Int($0) }
            let added = try XCTUnwrap(rows) - 1
            fields = fields.map { pair in
                switch pair.0 {
                case "sessions[\(added)].day": return (pair.0, "Friday")
                case "sessions[\(added)].start": return (pair.0, "09:30")
                case "sessions[\(added)].end": return (pair.0, "12:00")
                case "sessions[\(added)].site": return (pair.0, "S1")
                default: return pair
                }
            }
            fields.append(("__remove:pupil.key_workers[1]", "yes"))
            let saved = try await staff.post("/placements/PL-2025-016/edit", fields)
            XCTAssertEqual(saved.status, .seeOther, saved.text)
        }
        let record = try XCTUnwrap(
            try WorkspaceReview.run(fixture.workspace, issueDate: try fixture.workspace.issueDate(), checkTemplates: false)
                .dataset.placement(id: "PL-2025-016"))
        let old = try XCTUnwrap(
            try DataLoader.load(bytes: Array(before.utf8), file: "p.yaml", format: .yaml).value["sessions"])
        guard case .list(let oldSessions) = old else { return XCTFail("sessions is a list") }
        XCTAssertEqual(record.sessions.count, oldSessions.count + 1, "one added")
        XCTAssertEqual(record.pupil.keyWorkers.count, 1, "one removed")
        XCTAssertEqual(record.sessions.last?.day.rawValue, "Friday")
        XCTAssertEqual(record.sessions.last?.start.description, "09:30")
        let after = try fixture.read("placements/PL-2025-016.yaml")
        XCTAssertTrue(after.contains(#"- {day: Friday, start: "09:30", end: "12:00", site: S1}"#), after)
        XCTAssertTrue(after.hasPrefix("# A pupil with an EHC plan"), "comments outside the group kept")
        let untouched = before.components(separatedBy: "\n")[19...].filter {
            !$0.isEmpty && !$0.contains("{day:") && !$0.hasPrefix("sessions")
        }
        for line in untouched { XCTAssertTrue(after.contains(line), "kept: line of \(line.count) characters") }
        let audit = try XCTUnwrap(AuditLog.read(files: WebFiles(workspace: fixture.workspace)).last)
        XCTAssertEqual(audit.fields, ["pupil", "sessions"])
    }

    func testANewProviderIsRefusedWithMessagesBesideItsFieldsThenCreated() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let blank = try await staff.get("/providers/new")
            XCTAssertEqual(blank.status, .ok)
            XCTAssertTrue(blank.text.contains("<h1>New provider</h1>"), blank.text)
            XCTAssertTrue(blank.text.contains(#"<option value="non-school">non-school</option>"#))
            var typed: [(String, String)] = [
                ("csrf", csrf), ("id", "PRV-NEW"), ("name", "New Horizons Farm"), ("kind", "registered-school"),
                ("phone", "01632 960 555"), ("__rows:sites", "1"), ("sites[0].id", "S1"), ("sites[0].name", "The farm"),
                ("sites[0].address", "Lane End\r\nNorthtown"), ("sites[0].covered_by_registration", "true"),
                ("dsl.name", "Ms A Lead"), ("dsl.phone", "01632 960 556"), ("attendance_contact.name", "Mr B Office"),
                ("attendance_contact.email", "office@farm.example.org"),
                ("ofsted.date", "2025-02-30"),
            ]
            let refused = try await staff.post("/providers/new", typed)
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.text.contains(#"value="New Horizons Farm""#), "typed values kept")
            XCTAssertTrue(refused.text.contains(#"value="2025-02-30""#), "a wrong date is kept as typed")
            XCTAssertTrue(refused.text.contains("Lane End\nNorthtown</textarea>"), "lines kept")
            XCTAssertTrue(
                refused.text.range(
                    of: #"id="f-registration-urn"[^\n]*\n<span id="f-registration-urn-issues"><span class="error">"#,
                    options: .regularExpression) != nil
                    || refused.text.range(
                        of: #"<legend>Registration</legend><p><span class="error">"#, options: .regularExpression) != nil,
                refused.text)
            XCTAssertTrue(
                refused.text.range(of: #"id="f-ofsted-date-issues"><span class="error">"#, options: .regularExpression) != nil,
                "the date's message beside it")
            XCTAssertTrue(
                refused.text.contains(##"<li><a href="#f-ofsted-date">Ofsted › Date</a>: "##),
                "the error summary links to the field")
            XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root + "/providers/PRV-NEW.yaml"), "nothing kept")
            typed = typed.filter { $0.0 != "ofsted.date" } + [("registration.urn", "149999"), ("ofsted.report", "Report card")]
            let made = try await staff.post("/providers/new", typed)
            XCTAssertEqual(made.status, .seeOther, made.text)
            XCTAssertEqual(made.headers[.location], "/providers/PRV-NEW?saved=1")
            let again = try await staff.post("/providers/new", typed)
            XCTAssertEqual(again.status, .unprocessableContent)
            XCTAssertTrue(again.text.contains("is taken"))
            let traversal = try await staff.post("/providers/new", [("csrf", csrf), ("id", "../schools/x"), ("name", "X")])
            XCTAssertEqual(traversal.status, .unprocessableContent)
        }
        let text = try fixture.read("providers/PRV-NEW.yaml")
        XCTAssertTrue(text.contains("urn: \"149999\""), "a URN of digits stays text: \(text)")
        let provider = try XCTUnwrap(
            try WorkspaceReview.run(fixture.workspace, issueDate: try fixture.workspace.issueDate(), checkTemplates: false)
                .dataset.provider(id: "PRV-NEW"))
        XCTAssertEqual(provider.sites.first?.address, ["Lane End", "Northtown"])
        XCTAssertEqual(provider.kind, .registeredSchool)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root + "/x.yaml"))
        let audit = try XCTUnwrap(AuditLog.read(files: WebFiles(workspace: fixture.workspace)).last)
        XCTAssertEqual(audit.action, "create")
        XCTAssertEqual(audit.record, "providers/PRV-NEW.yaml")
    }

    func testPathsReadAsTheLabels() {
        XCTAssertEqual(RecordForm.words("sessions[1].day"), "Sessions 2 › Day")
        XCTAssertEqual(RecordForm.words("pupil.upn"), "Pupil › UPN")
    }

    func testASchoolAndAPlacementCanBeCreated() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let school = try await staff.post(
                "/schools/new",
                [
                    ("csrf", csrf), ("id", "SCH-TWO"), ("name", "Second School"), ("urn", "100001"),
                    ("address", "1 Road\nTown"), ("dsl.name", "A Person"), ("dsl.phone", "01632 960 001"),
                    ("__rows:deputy_dsls", "1"), ("deputy_dsls[0].name", "B Person"), ("deputy_dsls[0].phone", "01632 960 002"),
                    ("attendance_officer.name", "C Person"), ("attendance_officer.phone", "01632 960 003"),
                    ("attendance_confirmation_minutes", "30"), ("attendance_method", "telephone the office"),
                    ("local_authority.name", "Some Council"), ("local_authority.front_door.name", "Front Door"),
                    ("local_authority.front_door.phone", "01632 960 004"), ("local_authority.lado.name", "D Person"),
                    ("local_authority.lado.phone", "01632 960 005"), ("__rows:policies", "3"),
                    ("policies[0].id", "online-safety"), ("policies[0].title", "Online Safety"), ("policies[0].version", "1"),
                    ("policies[0].effective", "2025-09-01"), ("policies[1].id", "child-protection"),
                    ("policies[1].title", "Child Protection"), ("policies[1].version", "1"),
                    ("policies[1].effective", "2025-09-01"), ("policies[2].id", "attendance"),
                    ("policies[2].title", "Attendance"), ("policies[2].version", "1"), ("policies[2].effective", "2025-09-01"),
                ])
            XCTAssertEqual(school.status, .seeOther, school.text)
            let page = try await staff.get("/placements/new")
            XCTAssertTrue(page.text.contains(#"<select aria-describedby="f-basis-issues" id="f-basis" name="basis">"#))
            XCTAssertTrue(page.text.contains(#"type="date" id="f-start" name="start""#))
            let missing = try await staff.post(
                "/placements/new", [("csrf", csrf), ("id", "PL-2026-900"), ("school", "SCH-RVA")])
            XCTAssertEqual(missing.status, .unprocessableContent)
            XCTAssertTrue(
                missing.text.range(of: #"id="f-provider-issues"><span class="error">"#, options: .regularExpression) != nil,
                missing.text)
        }
        XCTAssertNotNil(
            try WorkspaceReview.run(fixture.workspace, issueDate: try fixture.workspace.issueDate(), checkTemplates: false)
                .dataset.school(id: "SCH-TWO"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root + "/placements/PL-2026-900.yaml"))
    }
}

/// What a browser would send for a form: each input's, textarea's and selected option's value.
enum FormScraper {
    static func fields(_ html: String) -> [(String, String)] {
        var out: [(String, String)] = []
        let pattern =
            #"<input ([^>]*)>|<textarea [^>]*name="([^"]*)"[^>]*>([^<]*)</textarea>|<select [^>]*name="([^"]*)"[^>]*>(.*?)</select>"#
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let text = html as NSString
        func group(_ match: NSTextCheckingResult, _ index: Int) -> String? {
            let range = match.range(at: index)
            return range.location == NSNotFound ? nil : text.substring(with: range)
        }
        func attribute(_ name: String, _ tag: String) -> String? {
            guard
                let range = tag.range(of: " \(name)=\"[^\"]*\"", options: .regularExpression)
                    ?? tag.range(
                        of: "^\(name)=\"[^\"]*\"", options: .regularExpression)
            else { return nil }
            return String(tag[range].drop { $0 != "\"" }.dropFirst().dropLast())
        }
        for match in regex.matches(in: html, range: NSRange(location: 0, length: text.length)) {
            if let input = group(match, 1) {
                guard let name = attribute("name", " " + input) else { continue }
                if input.contains("type=\"checkbox\"") && !input.contains(" checked") { continue }
                if input.contains("type=\"file\"") { continue }
                out.append((unescape(name), unescape(attribute("value", " " + input) ?? "")))
            } else if let name = group(match, 2) {
                out.append((unescape(name), unescape(group(match, 3) ?? "")))
            } else if let name = group(match, 4), let options = group(match, 5) {
                let selected = options.range(of: #"<option value="[^"]*" selected>"#, options: .regularExpression).map {
                    String(options[$0].dropFirst(15).dropLast(11))
                }
                out.append((unescape(name), unescape(selected ?? "")))
            }
        }
        return out.filter { !$0.0.isEmpty && $0.0 != "username" }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
