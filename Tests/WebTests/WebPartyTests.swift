import Foundation
import HTTPTypes
import HummingbirdTesting
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
            XCTAssertTrue(made.text.contains("Signing link for the Local authority (virtual school)"), made.text)
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
