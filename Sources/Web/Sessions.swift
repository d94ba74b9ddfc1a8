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

/// A logged-in user's session. Kept in memory and in the workspace (`.apdocs/sessions.json`,
/// owner-only), so that a restart of the server does not log everyone out; the file holds only
/// the SHA-256 of each session id, so reading it does not give anyone a session.
public struct WebSession: Sendable, Codable {
    /// 256 random bits, the session cookie's value (not stored in the file).
    public var id: String
    public var user: String
    public var role: UserRole
    /// The token every form of this session carries.
    public var csrf: String
    public var expires: Date
}

/// Sessions by the hash of their id; they expire after `lifetime` without use.
actor SessionStore {
    private var sessions: [String: WebSession] = [:]
    /// When each session's expiry was last written, so that a busy session is not written at
    /// every request.
    private var written: [String: Date] = [:]
    private var loaded = false
    let lifetime: TimeInterval
    let files: WebFiles?

    init(lifetime: TimeInterval = 8 * 3600, files: WebFiles? = nil) {
        self.lifetime = lifetime
        self.files = files
    }

    var path: String? { files.map { $0.folder + "/sessions.json" } }

    func create(user: WebUser) -> WebSession {
        load()
        let session = WebSession(
            id: Token.random(bytes: 32), user: user.name, role: user.role, csrf: Token.random(bytes: 32),
            expires: Date().addingTimeInterval(lifetime))
        sessions[Token.sha256(session.id)] = session
        save()
        return session
    }

    /// The live session with this id, its expiry moved on.
    func session(id: String) -> WebSession? {
        load()
        let key = Token.sha256(id)
        guard var session = sessions[key] else { return nil }
        guard session.expires > Date() else {
            sessions[key] = nil
            save()
            return nil
        }
        session.id = id
        session.expires = Date().addingTimeInterval(lifetime)
        sessions[key] = session
        if (written[key] ?? .distantPast) < Date().addingTimeInterval(-300) { save() }
        return session
    }

    func remove(id: String) {
        load()
        sessions[Token.sha256(id)] = nil
        save()
    }

    /// Reads the workspace's sessions once, leaving out expired ones.
    private func load() {
        guard !loaded else { return }
        loaded = true
        guard let files, let path else { return }
        let stored = (try? files.readJSON([String: WebSession].self, at: path, empty: [:])) ?? [:]
        let now = Date()
        for (key, var session) in stored where session.expires > now {
            session.id = ""
            sessions[key] = session
            written[key] = now
        }
    }

    /// Writes the live sessions (ids hashed, never the ids themselves); a failure to write
    /// only means a restart logs people out, so it does not fail the request.
    private func save() {
        guard let files, let path else { return }
        let now = Date()
        var stored: [String: WebSession] = [:]
        for (key, var session) in sessions where session.expires > now {
            session.id = ""
            stored[key] = session
            written[key] = now
        }
        try? files.writeJSON(stored, to: path)
    }
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
