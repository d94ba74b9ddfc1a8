import Foundation
import OfficeTemplate
import Workspaces

/// Where the web app keeps its own files inside a workspace: `.apdocs/` beside the data, so
/// that a workspace moved or copied keeps its users, links and audit trail.
public struct WebFiles: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    public var folder: String { workspace.path(".apdocs") }
    public var users: String { folder + "/users.json" }
    public var signingLinks: String { folder + "/signing-links.json" }
    public var auditLog: String { folder + "/audit.log" }

    /// Runs `body` holding the workspace lock (the one builds take), so that the app, a CLI
    /// build and another server never interleave their writes.
    public func locked<T>(_ body: () throws -> T) throws -> T {
        try AtomicFile.createDirectories(workspace.outputFolder)
        let lock = try WorkspaceLock(outputFolder: workspace.outputFolder, wait: true)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Reads a JSON file of this folder, or `empty` when there is none yet.
    func readJSON<T: Decodable>(_ type: T.Type, at path: String, empty: T) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else { return empty }
        do {
            return try JSONDecoder.web.decode(T.self, from: data)
        } catch {
            throw WebError("\(relative(path)) cannot be read as JSON; restore it from a backup")
        }
    }

    /// Writes a JSON file atomically, readable by its owner only (it holds hashes).
    func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        try AtomicFile.createDirectories(folder)
        let data = try JSONEncoder.web.encode(value)
        try AtomicFile.write([UInt8](data), to: path)
        chmod(path, 0o600)
    }

    func relative(_ path: String) -> String {
        path.hasPrefix(workspace.root + "/") ? String(path.dropFirst(workspace.root.count + 1)) : path
    }
}

/// An error of the web app, in words for the person at the keyboard (ids only, never values).
public struct WebError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension JSONEncoder {
    /// Sorted keys and ISO dates: the app's files diff cleanly and read the same everywhere.
    static var web: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var web: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
