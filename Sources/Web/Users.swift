import Foundation
import HummingbirdBcrypt
import Workspaces

/// What a user may do: admins also manage users; staff do everything else.
public enum UserRole: String, Codable, Sendable, CaseIterable {
    case admin, staff
}

/// One person who logs in. Only the bcrypt hash of the password is kept.
public struct WebUser: Codable, Sendable, Equatable {
    public var name: String
    public var role: UserRole
    public var passwordHash: String
    public var created: Date
}

/// The users of a workspace, in `.apdocs/users.json`.
public enum UserStore {
    /// The bcrypt cost: about a quarter of a second per login on this kind of machine.
    public static let defaultCost: UInt8 = 12

    /// Adds `name` (or replaces its password and role when it exists).
    public static func add(
        name: String, role: UserRole, password: String, in workspace: Workspace, cost: UInt8 = defaultCost
    ) throws {
        guard name.range(of: #"^[A-Za-z0-9._@-]{1,64}$"#, options: .regularExpression) != nil else {
            throw WebError("a user name is 1 to 64 letters, digits, dots, dashes, underscores or @")
        }
        guard password.count >= 10 else { throw WebError("the password is too short; use at least 10 characters") }
        let files = WebFiles(workspace: workspace)
        let hash = Bcrypt.hash(password, cost: cost)
        try files.locked {
            var users = try load(files)
            users.removeAll { $0.name == name }
            users.append(WebUser(name: name, role: role, passwordHash: hash, created: Date()))
            users.sort { $0.name < $1.name }
            try files.writeJSON(users, to: files.users)
        }
    }

    /// Every user of the workspace.
    public static func load(_ files: WebFiles) throws -> [WebUser] {
        try files.readJSON([WebUser].self, at: files.users, empty: [])
    }

    /// The user whose name and password these are, or nil. A missing user costs as much time
    /// as a wrong password, so that timing does not tell which names exist.
    static func authenticate(name: String, password: String, files: WebFiles) -> WebUser? {
        let users = (try? load(files)) ?? []
        guard let user = users.first(where: { $0.name == name }) else {
            _ = Bcrypt.verify(password, hash: decoyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: user.passwordHash) ? user : nil
    }

    private static let decoyHash = Bcrypt.hash("decoy password, never valid", cost: defaultCost)
}
