import Foundation
import HummingbirdTesting
import NIOCore
import Workspaces
import XCTest

@testable import Web

final class WebImportTests: XCTestCase {
    static let csv = """
        UPN,Legal Surname,Forename,Date of Birth,Year,Placement ID,Provider,Start Date,Shoe size
        P345678901234,Brooks,Callum,14/11/2011,Y10,,,,9
        ,New,Pupil,01/02/2012,8,PL-2026-001,PRV-NSC,2026-01-05,
        X1,Bad,Date,31/31/2011,9,,,,

        """

    func testThePreviewSaysWhatEachRowWouldDoWithoutValuesAndWritesNothing() throws {
        let fixture = try WebFixture()
        let before = try fixture.read("placements/PL-2025-016.yaml")
        let plan = try CSVImport.plan(csv: Self.csv, workspace: fixture.workspace)
        XCTAssertEqual(plan.rows.map(\.action), [.update, .create, .error])
        XCTAssertEqual(plan.rows[0].placement, "PL-2025-016", "matched by UPN")
        XCTAssertEqual(plan.rows[0].fields, ["pupil.year_group"], "only what differs")
        XCTAssertEqual(plan.rows[2].errors, ["column 'Date of Birth': is not a date; write DD/MM/YYYY or YYYY-MM-DD"])
        XCTAssertEqual(plan.ignoredColumns, ["Shoe size"])
        let words = CSVImport.describe(plan).joined(separator: "\n")
        for value in ["Brooks", "Callum", "P345678901234", "2011", "Pupil New"] { XCTAssertFalse(words.contains(value), value) }
        XCTAssertEqual(try fixture.read("placements/PL-2025-016.yaml"), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root + "/placements/PL-2026-001.yaml"))
    }

    func testTheImportUpdatesInPlaceCreatesNewPlacementsAndAuditsFields() throws {
        let fixture = try WebFixture()
        let before = try fixture.read("placements/PL-2025-016.yaml")
        let plan = try CSVImport.plan(csv: Self.csv, workspace: fixture.workspace)
        let written = try CSVImport.apply(plan, workspace: fixture.workspace, actor: "test")
        XCTAssertEqual(written, ["placements/PL-2025-016.yaml", "placements/PL-2026-001.yaml"])
        let after = try fixture.read("placements/PL-2025-016.yaml")
        XCTAssertEqual(after, before.replacingOccurrences(of: "  year_group: 9\n", with: "  year_group: 10\n"))
        let review = try WorkspaceReview.run(
            fixture.workspace, issueDate: try fixture.workspace.issueDate(), checkTemplates: false)
        XCTAssertEqual(review.dataset.placement(id: "PL-2025-016")?.pupil.yearGroup, 10)
        XCTAssertTrue(
            review.issues.contains { $0.file == "placements/PL-2026-001.yaml" && $0.severity == .error },
            "the new record lists what is missing")
        XCTAssertTrue(try fixture.read("placements/PL-2026-001.yaml").contains("  date_of_birth: 2012-02-01\n"))
        let audit = AuditLog.read(files: WebFiles(workspace: fixture.workspace))
        XCTAssertEqual(audit.map(\.action), ["import-update", "import-create"])
        XCTAssertFalse(try fixture.read(".apdocs/audit.log").contains("Brooks"))
        // The same file again changes nothing.
        let again = try CSVImport.plan(csv: Self.csv, workspace: fixture.workspace)
        XCTAssertEqual(again.rows.map(\.action), [.unchanged, .unchanged, .error])
    }

    func testAMapFileNamesOtherColumns() throws {
        let fixture = try WebFixture()
        let mapPath = fixture.parent + "/map.yaml"
        try "columns:\n  Pupil Ref: pupil.upn\n  NCY: pupil.year_group\n".write(
            toFile: mapPath, atomically: true, encoding: .utf8)
        let plan = try CSVImport.plan(
            csv: "Pupil Ref,NCY\nP345678901234,11\n", map: try ImportMap.load(path: mapPath), workspace: fixture.workspace)
        XCTAssertEqual(plan.rows.first?.action, .update)
        XCTAssertEqual(plan.rows.first?.fields, ["pupil.year_group"])
    }

    func testTheUploadPagePreviewsThenWritesOnConfirm() async throws {
        let fixture = try WebFixture()
        let before = try fixture.read("placements/PL-2025-016.yaml")
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            func upload(_ token: String?) async throws -> TestResponse {
                let boundary = "----apdocs-test-boundary"
                var body = ""
                if let token { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n" }
                body +=
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"export.csv\"\r\nContent-Type: text/csv\r\n\r\n\(Self.csv)\r\n--\(boundary)--\r\n"
                var headers = staff.cookieHeader
                headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
                return try await client.execute(
                    uri: "/import/preview", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            let refused = try await upload(nil)
            XCTAssertEqual(refused.status, .forbidden)
            let preview = try await upload(csrf)
            XCTAssertEqual(preview.status, .ok, preview.text)
            XCTAssertTrue(preview.text.contains("<td>update</td><td>PL-2025-016</td><td>pupil.year_group</td>"), preview.text)
            XCTAssertTrue(preview.text.contains("<td>create</td><td>PL-2026-001</td>"))
            XCTAssertTrue(preview.text.contains("Import 2 rows"))
            XCTAssertEqual(try fixture.read("placements/PL-2025-016.yaml"), before, "a preview writes nothing")
            let csvText = try XCTUnwrap(
                preview.text.range(of: #"(?s)<textarea name="csv_text" hidden>.*?</textarea>"#, options: .regularExpression).map {
                    String(preview.text[$0])
                })
            let shown = csvText.replacingOccurrences(of: #"<textarea name="csv_text" hidden>"#, with: "").replacingOccurrences(
                of: "</textarea>", with: "")
            let confirmed = try await staff.post("/import/confirm", [("csrf", csrf), ("csv_text", shown)])
            XCTAssertEqual(confirmed.status, .seeOther)
        }
        XCTAssertTrue(try fixture.read("placements/PL-2025-016.yaml").contains("  year_group: 10\n"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.root + "/placements/PL-2026-001.yaml"))
        XCTAssertEqual(
            AuditLog.read(files: WebFiles(workspace: fixture.workspace)).map(\.actor), [WebFixture.user, WebFixture.user])
    }
}
