import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Web

final class WebSessionTests: XCTestCase {
    /// A restart (a new app over the same workspace) keeps people logged in; the workspace file
    /// holds only hashes of the session ids, readable by its owner only; logging out ends the
    /// session for the restarted server too.
    func testASessionSurvivesARestartAndIsStoredHashed() async throws {
        let fixture = try WebFixture()
        let jar = LockedCookies()
        try await fixture.test { client in
            let staff = Browser(client)
            _ = try await staff.logIn()
            jar.cookies = staff.cookies
        }
        let sessionID = try XCTUnwrap(jar.cookies["apdocs_session"])
        let path = fixture.root + "/.apdocs/sessions.json"
        let stored = try fixture.read(".apdocs/sessions.json")
        XCTAssertFalse(stored.contains(sessionID), "the id itself is not stored")
        XCTAssertTrue(stored.contains(Token.sha256(sessionID)))
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o077, 0, "owner only")

        let restarted = try WebApp(workspace: fixture.workspace, engineVersion: "test")
        let application = Application(router: restarted.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.router) { client in
            let staff = Browser(client)
            staff.cookies = jar.cookies
            let page = try await staff.get("/")
            XCTAssertEqual(page.status, .ok, "still logged in after the restart")
            XCTAssertTrue(page.text.contains("<h1>To do</h1>"))
            let csrf = try XCTUnwrap(Browser.csrf(page))
            let out = try await staff.post("/logout", [("csrf", csrf)])
            XCTAssertEqual(out.status, .seeOther)
            staff.cookies = jar.cookies
            let after = try await staff.get("/")
            XCTAssertEqual(after.status, .seeOther, "logged out")
        }
        XCTAssertFalse(try fixture.read(".apdocs/sessions.json").contains(Token.sha256(sessionID)))
        let forged = try WebApp(workspace: fixture.workspace, engineVersion: "test")
        let hashAsCookie = await forged.sessions.session(id: Token.sha256(sessionID))
        XCTAssertNil(hashAsCookie, "the stored hash is not itself a session id")
    }

    /// users.json decides on every request: a role changed by an admin applies at once, and a
    /// user removed since logging in is logged out.
    func testASessionFollowsTheUsersCurrentRecord() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            _ = try await staff.logIn()
            let refused = try await staff.get("/users")
            XCTAssertEqual(refused.status, .forbidden, "staff do not manage users")

            try UserStore.add(name: WebFixture.user, role: .admin, password: WebFixture.password, in: fixture.workspace, cost: 4)
            let allowed = try await staff.get("/users")
            XCTAssertEqual(allowed.status, .ok, "the new role applies without logging in again")

            try fixture.app.files.writeJSON([WebUser](), to: fixture.app.files.users)
            let after = try await staff.get("/")
            XCTAssertEqual(after.status, .seeOther, "a removed user's session has ended")
            XCTAssertEqual(after.headers[.location], "/login")
        }
    }
}

final class LockedCookies: @unchecked Sendable {
    var cookies: [String: String] = [:]
}
