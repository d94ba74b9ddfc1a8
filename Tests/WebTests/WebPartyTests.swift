import Foundation
import HTTPTypes
import HummingbirdTesting
import Placement
import Workspaces
import XCTest

@testable import Web

/// The local authority as a signing party where the domain makes it one, and dates in words.
final class WebPartyTests: XCTestCase {
    func testTheLocalAuthoritySignsForALookedAfterPupilThroughTheVirtualSchool() async throws {
        let fixture = try WebFixture()
        try fixture.build()
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let lookedAfter = try await staff.get("/placements/PL-2025-017")
            XCTAssertTrue(
                lookedAfter.text.contains(#"<option value="local-authority">Local authority (virtual school)</option>"#),
                lookedAfter.text)
            let arranged = try await staff.get("/placements/PL-2025-016")
            XCTAssertTrue(arranged.text.contains(#"<option value="local-authority">Local authority</option>"#))
            XCTAssertTrue(arranged.text.contains("the local authority that arranges the placement (Northshire County Council)"))
            let schoolArranged = try await staff.get("/placements/PL-2025-014")
            XCTAssertFalse(schoolArranged.text.contains(#"value="local-authority""#), "not a party to a school placement")
            let made = try await staff.post(
                "/placements/PL-2025-017/signing-links", [("csrf", csrf), ("role", "local-authority"), ("days", "14")])
            XCTAssertTrue(
                made.text.contains(
                    "Signing link for the local authority (Northshire County Council), through the virtual school head"),
                made.text)
            let url = try XCTUnwrap(
                made.text.range(of: #"/sign/[A-Za-z0-9_-]{22}"#, options: .regularExpression).map { String(made.text[$0]) })
            let page = try await Browser(client).get(url)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(
                page.text.contains("the local authority (Northshire County Council), through the virtual school head"), page.text)
            XCTAssertTrue(
                page.text.range(of: #"<dt>Starts</dt><dd>\d{1,2} [A-Z][a-z]+ 20\d\d</dd>"#, options: .regularExpression) != nil)
        }
    }

    func testDatesReadAsInEngland() {
        XCTAssertEqual(UKDate.text(iso: "2026-12-06"), "6 December 2026")
        XCTAssertEqual(UKDate.text(iso: "2025-09-15"), "15 September 2025")
        XCTAssertEqual(UKDate.text(iso: "not a date"), "not a date")
    }
}

extension WebPartyTests {
    /// The sample pins issue_date; the dashboard says what that means for signatures made
    /// today, and a workspace judged by today records them without a future-date error.
    func testAPinnedIssueDateIsExplainedAndASignatureMadeTodayIsNotFromTheFuture() async throws {
        let pinned = try WebFixture()
        try await pinned.test { client in
            let staff = Browser(client)
            _ = try await staff.logIn()
            let dashboard = try await staff.get("/")
            XCTAssertTrue(dashboard.text.contains("pins issue_date to 1 October 2025"), dashboard.text)
        }
        let live = try WebFixture(judgeByToday: true)
        try live.build()
        let (token, _) = try SigningLinks.create(placement: "PL-2025-016", role: .parentCarer, by: "test", in: live.workspace)
        try await live.test { client in
            let signer = Browser(client)
            let page = try await signer.get("/sign/\(token)")
            let sha = try XCTUnwrap(
                page.text.range(of: #"value="[0-9a-f]{64}""#, options: .regularExpression).map {
                    String(page.text[$0].dropFirst(7).dropLast())
                })
            let signed = try await signer.post(
                "/sign/\(token)",
                [
                    ("csrf", try XCTUnwrap(Browser.csrf(page))), ("document_sha256", sha), ("signer_name", "A Carer"),
                    ("consent", "yes"),
                ])
            XCTAssertEqual(signed.status, .ok)
            let staff = Browser(client)
            _ = try await staff.logIn()
            let dashboard = try await staff.get("/")
            XCTAssertFalse(dashboard.text.contains("pins issue_date"))
            XCTAssertFalse(dashboard.text.contains(#"<p class="notice" role="status"></p>"#), "no empty notice")
            XCTAssertFalse(dashboard.text.contains("dated in the future"), dashboard.text)
            let record = try await staff.get("/placements/PL-2025-016")
            XCTAssertTrue(record.text.contains("Parent or carer: signed \(UKDate.text(IssueDay.today))"), record.text)
        }
    }
}
