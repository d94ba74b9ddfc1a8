import Foundation
import Placement
import Workspaces

/// A link for one party to sign one placement's agreement. The token itself is never stored:
/// only its SHA-256, so a copy of the workspace cannot be used to sign.
public struct SigningLink: Codable, Sendable, Equatable {
    /// SHA-256 of the token (hex).
    public var tokenHash: String
    /// A short id to name the link in pages and logs (not enough to use it).
    public var id: String
    public var placement: String
    public var role: SignatureRole
    public var created: Date
    public var expires: Date
    public var createdBy: String
    public var used: Date?
    public var revoked: Date?

    /// Whether the link can still be used at `now`.
    public func isUsable(at now: Date = Date()) -> Bool { used == nil && revoked == nil && expires > now }

    /// In words, for the placement page.
    public var state: String {
        if used != nil { return "used" }
        if revoked != nil { return "revoked" }
        return expires > Date() ? "open" : "expired"
    }
}

/// The signing links of a workspace, in `.apdocs/signing-links.json`, read and written under
/// the workspace lock so that a link is used once even by two servers or the CLI.
public enum SigningLinks {
    /// How long a link works unless told otherwise.
    public static let defaultDays = 14

    /// Makes a link for `role` to sign `placement`'s agreement; returns the token (128 bits),
    /// which goes into the URL and is not kept.
    public static func create(
        placement: String, role: SignatureRole, days: Int = defaultDays, by user: String, in workspace: Workspace,
        now: Date = Date()
    ) throws -> (token: String, link: SigningLink) {
        guard (1...90).contains(days) else { throw WebError("a signing link lasts 1 to 90 days") }
        let review = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate(), checkTemplates: false)
        guard review.dataset.placement(id: placement) != nil else { throw WebError("there is no placement \(placement)") }
        let token = Token.random(bytes: 16)
        let hash = Token.sha256(token)
        let link = SigningLink(
            tokenHash: hash, id: String(hash.prefix(10)), placement: placement, role: role, created: now,
            expires: now.addingTimeInterval(Double(days) * 86400), createdBy: user)
        let files = WebFiles(workspace: workspace)
        try files.locked {
            var links = try load(files)
            links.append(link)
            try files.writeJSON(links, to: files.signingLinks)
        }
        return (token, link)
    }

    /// Every link of the workspace, used and expired ones included.
    public static func load(_ files: WebFiles) throws -> [SigningLink] {
        try files.readJSON([SigningLink].self, at: files.signingLinks, empty: [])
    }

    /// The usable link for `token`, or nil when it is unknown, used, revoked or expired.
    public static func find(token: String, files: WebFiles, now: Date = Date()) -> SigningLink? {
        let hash = Token.sha256(token)
        return ((try? load(files)) ?? []).first { Token.equal($0.tokenHash, hash) && $0.isUsable(at: now) }
    }

    /// Uses the link for `token`: claims it under the lock (so that two submissions cannot
    /// both use it), runs `body` (which records the signature, taking the lock itself), and
    /// gives the link back when `body` fails. Nil when the link is not usable.
    public static func use<T>(token: String, files: WebFiles, now: Date = Date(), _ body: (SigningLink) throws -> T) throws -> T?
    {
        let hash = Token.sha256(token)
        let claimed: SigningLink? = try files.locked {
            var links = try load(files)
            guard let index = links.firstIndex(where: { Token.equal($0.tokenHash, hash) && $0.isUsable(at: now) }) else {
                return nil
            }
            links[index].used = now
            try files.writeJSON(links, to: files.signingLinks)
            return links[index]
        }
        guard let link = claimed else { return nil }
        do {
            return try body(link)
        } catch {
            try? files.locked {
                var links = try load(files)
                if let index = links.firstIndex(where: { $0.tokenHash == hash }) { links[index].used = nil }
                try files.writeJSON(links, to: files.signingLinks)
            }
            throw error
        }
    }

    /// Revokes the link with this id; false when there is none still open.
    @discardableResult
    public static func revoke(id: String, files: WebFiles) throws -> Bool {
        try files.locked {
            var links = try load(files)
            guard let index = links.firstIndex(where: { $0.id == id && $0.isUsable() }) else { return false }
            links[index].revoked = Date()
            try files.writeJSON(links, to: files.signingLinks)
            return true
        }
    }
}
