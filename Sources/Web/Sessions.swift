import Foundation
import Workspaces

/// Random tokens and their hashes: session ids, CSRF tokens, signing links.
enum Token {
    /// `bytes` of the system's randomness, as URL-safe base64 without padding.
    static func random(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256(_ text: String) -> String { Digest.sha256(Array(text.utf8)) }

    /// Compares in time independent of where the strings differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// A logged-in user's session, kept in memory (a restart logs everyone out).
public struct WebSession: Sendable {
    /// 256 random bits, the session cookie's value.
    public var id: String
    public var user: String
    public var role: UserRole
    /// The token every form of this session carries.
    public var csrf: String
    public var expires: Date
}

/// Sessions by id; they expire after `lifetime` without use.
actor SessionStore {
    private var sessions: [String: WebSession] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval = 8 * 3600) { self.lifetime = lifetime }

    func create(user: WebUser) -> WebSession {
        let session = WebSession(
            id: Token.random(bytes: 32), user: user.name, role: user.role, csrf: Token.random(bytes: 32),
            expires: Date().addingTimeInterval(lifetime))
        sessions[session.id] = session
        return session
    }

    /// The live session with this id, its expiry moved on.
    func session(id: String) -> WebSession? {
        guard var session = sessions[id] else { return nil }
        guard session.expires > Date() else {
            sessions[id] = nil
            return nil
        }
        session.expires = Date().addingTimeInterval(lifetime)
        sessions[id] = session
        return session
    }

    func remove(id: String) { sessions[id] = nil }
}

/// Counts failures per key (address and user name) in a sliding window: past `limit` the key
/// is refused until the window has passed.
actor RateLimiter {
    private var failures: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    func isBlocked(_ key: String) -> Bool {
        let recent = (failures[key] ?? []).filter { $0 > Date().addingTimeInterval(-window) }
        failures[key] = recent.isEmpty ? nil : recent
        return recent.count >= limit
    }

    func recordFailure(_ key: String) { failures[key, default: []].append(Date()) }

    func reset(_ key: String) { failures[key] = nil }
}
