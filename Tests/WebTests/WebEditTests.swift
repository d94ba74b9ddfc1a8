import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OfficeTemplate
import Placement
import Workspaces
import XCTest

@testable import Web

final class WebEditTests: XCTestCase {
    func testASaveChangesOnlyItsLinesAndIsAudited() async throws {
        let fixture = try WebFixture()
        let before = try fixture.read("placements/PL-2025-016.yaml")
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let form = try await staff.get("/placements/PL-2025-016/edit")
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.text.contains(#"type="date" id="f-planned_end" name="planned_end" value="2026-07-17""#), form.text)
            XCTAssertTrue(form.text.contains(#"<textarea id="f-aims" name="aims""#))
            let record = try XCTUnwrap(
                try WorkspaceReview.run(fixture.workspace, issueDate: try fixture.workspace.issueDate(), checkTemplates: false)
                    .dataset.placement(id: "PL-2025-016"))
            var aims = record.aims
            aims[1] = "Develop communication: with #hashes and \"quotes\""
            let saved = try await staff.post(
                "/placements/PL-2025-016/edit",
                [
                    ("csrf", csrf), ("planned_end", "2026-07-10"), ("aims", aims.joined(separator: "\r\n")),
                    ("start", "2025-09-15"),
                ])
            XCTAssertEqual(saved.status, .seeOther, saved.text)
        }
        let after = try fixture.read("placements/PL-2025-016.yaml")
        let changed = zip(before.components(separatedBy: "\n"), after.components(separatedBy: "\n")).filter { $0 != $1 }
        XCTAssertEqual(changed.count, 2, "only the two changed lines differ")
        XCTAssertTrue(after.hasPrefix("# A pupil with an EHC plan"), "comments kept")
        let record = try XCTUnwrap(
            try WorkspaceReview.run(fixture.workspace, issueDate: try fixture.workspace.issueDate(), checkTemplates: false)
                .dataset.placement(id: "PL-2025-016"))
        XCTAssertEqual(record.aims[1], "Develop communication: with #hashes and \"quotes\"", "reads back exactly")
        XCTAssertEqual(record.plannedEnd.map(DayArithmetic.isoText), "2026-07-10")
        let audit = try XCTUnwrap(AuditLog.read(files: WebFiles(workspace: fixture.workspace)).last)
        XCTAssertEqual(audit.action, "edit")
        XCTAssertEqual(audit.record, "placements/PL-2025-016.yaml")
        XCTAssertEqual(audit.fields, ["planned_end", "aims[1]"], "in file order")
        XCTAssertFalse(try fixture.read(".apdocs/audit.log").contains("2026-07-10"), "fields, not values")
    }

    func testASaveThatFailsTheChecksKeepsWhatWasTypedAndShowsTheMessageBesideTheField() async throws {
        let fixture = try WebFixture()
        let before = try fixture.read("placements/PL-2025-016.yaml")
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let refused = try await staff.post(
                "/placements/PL-2025-016/edit",
                [("csrf", csrf), ("attendance_code", "Z"), ("staff_liaison", "Fridays at school, typed now")])
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(
                refused.text.contains(#"value="Z""#) && refused.text.contains("Fridays at school, typed now"),
                "what was typed is kept")
            let field = try XCTUnwrap(
                refused.text.range(
                    of: #"name="attendance_code"[^\n]*\n<span id="f-attendance_code-issues"><span class="error">"#,
                    options: .regularExpression), refused.text)
            XCTAssertFalse(field.isEmpty)
        }
        XCTAssertEqual(try fixture.read("placements/PL-2025-016.yaml"), before, "nothing written")
        XCTAssertTrue(AuditLog.read(files: WebFiles(workspace: fixture.workspace)).isEmpty)
    }

    func testConcurrentSavesAreSerialised() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            var headers = staff.cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let sent = headers
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, path) in ["reintegration", "pupil_voice", "curriculum.fit_with_school", "staff_liaison"].enumerated()
                {
                    group.addTask {
                        let body = "csrf=\(urlEncode(csrf))&\(urlEncode(path))=\(urlEncode("Changed by save \(index)"))"
                        let response = try await client.execute(
                            uri: "/placements/PL-2025-016/edit", method: .post, headers: sent, body: ByteBuffer(string: body))
                        XCTAssertEqual(response.status, .seeOther)
                    }
                }
                try await group.waitForAll()
            }
        }
        let text = try fixture.read("placements/PL-2025-016.yaml")
        for index in 0..<4 { XCTAssertTrue(text.contains("Changed by save \(index)"), "save \(index) kept") }
    }
}

extension WebEditTests {
    /// The app caches the review per state of the files: a change made outside it (an editor,
    /// the CLI) is seen at the next request.
    func testAChangeMadeOutsideTheAppIsSeenAtTheNextRequest() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            try await staff.logIn()
            let first = try await staff.get("/placements/PL-2025-016")
            XCTAssertFalse(first.text.contains("Changed in an editor"))
            let path = fixture.root + "/placements/PL-2025-016.yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "staff_liaison: Mrs Nwosu", with: "staff_liaison: Changed in an editor. Mrs Nwosu")
                .write(toFile: path, atomically: true, encoding: .utf8)
            let second = try await staff.get("/placements/PL-2025-016")
            XCTAssertTrue(second.text.contains("Changed in an editor"))
        }
    }
}
