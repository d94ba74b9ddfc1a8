import Foundation
import HTTPTypes
import HummingbirdTesting
import XCTest

@testable import Web

final class WebAuthTests: XCTestCase {
    func testEveryPageButLoginSigningAndAssetsNeedsALogin() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let browser = Browser(client)
            for path in [
                "/", "/placements", "/placements/PL-2025-015", "/providers", "/providers/PRV-NCC", "/schools", "/schools/SCH-RVA",
                "/documents", "/download?path=PL-2025-015%2Fplacement-agreement.docx",
            ] {
                let response = try await browser.get(path)
                XCTAssertEqual(response.status, .seeOther, path)
                XCTAssertEqual(response.headers[.location], "/login", path)
            }
            let response1 = try await browser.get("/login")
            let csrf = try XCTUnwrap(Browser.csrf(response1))
            for path in ["/documents/build", "/placements/PL-2025-015/signing-links", "/logout"] {
                let response = try await browser.post(path, [("csrf", csrf), ("role", "pupil")])
                XCTAssertEqual(response.headers[.location], "/login", path)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root + "/.apdocs/signing-links.json"))
            let response2 = try await browser.get("/login").status
            XCTAssertEqual(response2, .ok)
            let response3 = try await browser.get("/static/app.css").status
            XCTAssertEqual(response3, .ok)
            let response4 = try await browser.get("/static/signature-pad.js").status
            XCTAssertEqual(response4, .ok)
            let response5 = try await browser.get("/sign/not-a-real-token").status
            XCTAssertEqual(response5, .gone)
        }
    }

    func testSecurityHeadersAndCookieFlags() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/login", method: .get)
            let policy = try XCTUnwrap(response.headers[.contentSecurityPolicy])
            XCTAssertTrue(policy.contains("frame-ancestors 'none'"))
            XCTAssertTrue(policy.contains("script-src 'self'"))
            XCTAssertFalse(policy.contains("unsafe-inline"))
            XCTAssertEqual(response.headers[HTTPField.Name("X-Content-Type-Options")!], "nosniff")
            XCTAssertEqual(response.headers[HTTPField.Name("Referrer-Policy")!], "no-referrer")
            let cookie = try XCTUnwrap(response.headers[.setCookie])
            XCTAssertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie)
            XCTAssertFalse(response.text.contains("<script>"), "no inline script")
        }
    }

    func testLoginWorksAndTheSessionCookieIsStrict() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let browser = Browser(client)
            let form = try await browser.get("/login")
            let response = try await browser.post(
                "/login",
                [("csrf", try XCTUnwrap(Browser.csrf(form))), ("username", WebFixture.user), ("password", WebFixture.password)])
            XCTAssertEqual(response.status, .seeOther)
            let session = try XCTUnwrap(response.headers[values: .setCookie].first { $0.hasPrefix("apdocs_session=") })
            XCTAssertTrue(session.contains("HttpOnly") && session.contains("SameSite=Strict"), session)
            XCTAssertFalse(session.contains("Secure"), "plain HTTP on loopback: no Secure flag")
            let dashboard = try await browser.get("/")
            XCTAssertEqual(dashboard.status, .ok)
            XCTAssertTrue(dashboard.text.contains("Collect signatures"))
            XCTAssertTrue(dashboard.text.contains(#"href="/placements/PL-2025-016""#))
            // Logging out ends the session.
            let csrf = try XCTUnwrap(Browser.csrf(dashboard))
            let response6 = try await browser.post("/logout", [("csrf", csrf)]).status
            XCTAssertEqual(response6, .seeOther)
            let response7 = try await browser.get("/").headers[.location]
            XCTAssertEqual(response7, "/login")
        }
    }

    func testWrongPasswordsAreRefusedThenRateLimited() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let browser = Browser(client)
            let response8 = try await browser.get("/login")
            let csrf = try XCTUnwrap(Browser.csrf(response8))
            for _ in 0..<10 {
                let response = try await browser.post(
                    "/login", [("csrf", csrf), ("username", WebFixture.user), ("password", "wrong password!")])
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertNil(browser.cookies["apdocs_session"])
            }
            let blocked = try await browser.post(
                "/login", [("csrf", csrf), ("username", WebFixture.user), ("password", WebFixture.password)])
            XCTAssertEqual(blocked.status, .tooManyRequests, "the right password is refused too while blocked")
            XCTAssertNil(browser.cookies["apdocs_session"])
        }
    }

    func testAPostWithoutTheCSRFTokenIsRefused() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let browser = Browser(client)
            let csrf = try await browser.logIn()
            for fields in [[("role", "pupil")], [("role", "pupil"), ("csrf", "x" + csrf.dropFirst())]] {
                let response = try await browser.post("/placements/PL-2025-015/signing-links", fields)
                XCTAssertEqual(response.status, .forbidden)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root + "/.apdocs/signing-links.json"))
            // The login form needs its token too.
            let anonymous = Browser(client)
            _ = try await anonymous.get("/login")
            let response = try await anonymous.post("/login", [("username", WebFixture.user), ("password", WebFixture.password)])
            XCTAssertEqual(response.status, .forbidden)
            XCTAssertNil(anonymous.cookies["apdocs_session"])
            // With the token, it works.
            let made = try await browser.post(
                "/placements/PL-2025-015/signing-links", [("csrf", csrf), ("role", "pupil"), ("days", "7")])
            XCTAssertEqual(made.status, .ok)
            XCTAssertTrue(made.text.contains("/sign/"))
        }
    }

    func testUserFileKeepsOnlyAHash() throws {
        let fixture = try WebFixture()
        let text = try fixture.read(".apdocs/users.json")
        XCTAssertFalse(text.contains(WebFixture.password))
        XCTAssertTrue(text.contains("$2b$04$"))
        XCTAssertThrowsError(try UserStore.add(name: "x", role: .staff, password: "short", in: fixture.workspace, cost: 4))
        XCTAssertThrowsError(
            try UserStore.add(name: "../evil", role: .staff, password: "long enough password", in: fixture.workspace, cost: 4))
    }

    func testANetworkAddressNeedsAProxyOrTLS() {
        XCTAssertNoThrow(try ServeOptions().checkExposure())
        XCTAssertThrowsError(try ServeOptions(host: "0.0.0.0").checkExposure())
        XCTAssertNoThrow(try ServeOptions(host: "0.0.0.0", behindProxy: true).checkExposure())
    }
}

extension WebAuthTests {
    func testOnlyAnAdminManagesUsers() async throws {
        let fixture = try WebFixture()
        try UserStore.add(name: "boss", role: .admin, password: "the admin's password", in: fixture.workspace, cost: 4)
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let response1 = try await staff.get("/users")
            XCTAssertEqual(response1.status, .forbidden)
            let response2 = try await staff.post(
                "/users", [("csrf", csrf), ("name", "mallory"), ("role", "admin"), ("password", "a long enough password")])
            XCTAssertEqual(response2.status, .forbidden)
            XCTAssertFalse(try UserStore.load(WebFiles(workspace: fixture.workspace)).contains { $0.name == "mallory" })

            let admin = Browser(client)
            let form = try await admin.get("/login")
            _ = try await admin.post(
                "/login",
                [("csrf", try XCTUnwrap(Browser.csrf(form))), ("username", "boss"), ("password", "the admin's password")])
            let page = try await admin.get("/users")
            XCTAssertEqual(page.status, .ok)
            let token = try XCTUnwrap(Browser.csrf(page))
            let short = try await admin.post(
                "/users", [("csrf", token), ("name", "newbie"), ("role", "staff"), ("password", "short")])
            XCTAssertEqual(short.status, .unprocessableContent)
            XCTAssertTrue(short.text.contains(#"value="newbie""#), "the typed name is kept")
            let added = try await admin.post(
                "/users", [("csrf", token), ("name", "newbie"), ("role", "staff"), ("password", "a long enough password")])
            XCTAssertEqual(added.status, .seeOther)
            XCTAssertEqual(try UserStore.load(WebFiles(workspace: fixture.workspace)).first { $0.name == "newbie" }?.role, .staff)
        }
    }
}

extension WebAuthTests {
    func testChildProtectionStatusIsNotShownOrEditable() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            try await staff.logIn()
            let page = try await staff.get("/placements/PL-2025-017")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("Child protection"))
            XCTAssertFalse(page.text.contains("CPP-RVA-0031"))
            let form = try await staff.get("/placements/PL-2025-017/edit")
            XCTAssertFalse(form.text.contains("CPP-RVA-0031"))
            let missing = try await staff.get("/placements/PL-NOPE")
            XCTAssertEqual(missing.status, .notFound)
        }
    }
}
