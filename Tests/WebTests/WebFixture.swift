import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Workspaces
import XCTest

@testable import Web

/// A temporary workspace from the repository's examples, with one staff user, and the app
/// over it. Removed afterwards.
final class WebFixture: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let user = "sam"
    static let password = "a long enough password"

    let parent: String
    let root: String
    let workspace: Workspace
    let app: WebApp

    /// `judgeByToday`: without the sample's pinned issue date, so the rules judge by today.
    init(judgeByToday: Bool = false) throws {
        parent = NSTemporaryDirectory() + "apdocs-web-" + UUID().uuidString
        root = parent + "/ap"
        try Workspace.create(at: root, examples: Self.repository + "/examples", templates: Self.repository + "/templates")
        if judgeByToday {
            let config = try String(contentsOfFile: root + "/apdocs.yaml", encoding: .utf8).components(separatedBy: "\n").filter {
                !$0.hasPrefix("issue_date:")
            }
            try config.joined(separator: "\n").write(toFile: root + "/apdocs.yaml", atomically: true, encoding: .utf8)
        }
        workspace = try Workspace(root: root)
        try UserStore.add(name: Self.user, role: .staff, password: Self.password, in: workspace, cost: 4)
        app = try WebApp(workspace: workspace, engineVersion: "test")
    }

    deinit { try? FileManager.default.removeItem(atPath: parent) }

    func read(_ relative: String) throws -> String { try String(contentsOfFile: root + "/" + relative, encoding: .utf8) }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let application = Application(router: app.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.router) { client in try await body(client) }
    }

    /// Builds the documents, as a press of the Build button would.
    func build() throws { _ = try BatchBuilder(workspace: workspace, engineVersion: "test").build() }
}

/// A browser's cookie jar, enough for the app's cookies.
final class Browser: @unchecked Sendable {
    var cookies: [String: String] = [:]
    let client: any TestClientProtocol

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: HTTPFields {
        cookies.isEmpty
            ? [:] : [.cookie: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader, body: nil)
        keep(response)
        return response
    }

    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers.append(contentsOf: extra)
        let body = fields.map { "\(urlEncode($0.0))=\(urlEncode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keep(response)
        return response
    }

    private func keep(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            cookies[String(pair[0])] = pair[1].isEmpty ? nil : String(pair[1])
        }
    }

    /// The CSRF token of the form on a page.
    static func csrf(_ response: TestResponse) -> String? {
        let html = String(buffer: response.body)
        guard let range = html.range(of: #"name="csrf" value="[^"]+""#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    /// Logs in through the form; returns the session's CSRF token.
    @discardableResult
    func logIn(password: String = WebFixture.password) async throws -> String {
        let form = try await get("/login")
        let token = try XCTUnwrap(Self.csrf(form))
        let response = try await post("/login", [("csrf", token), ("username", WebFixture.user), ("password", password)])
        XCTAssertEqual(response.status, .seeOther)
        let response1 = try await get("/")
        return try XCTUnwrap(Self.csrf(response1))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
