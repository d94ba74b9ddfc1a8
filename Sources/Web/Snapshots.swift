import Foundation
import Workspaces

/// The workspace's review and status, computed once per state of its files: every page asks
/// for them, and reading and checking every record per request would not keep up with a
/// school's staff browsing at once. The key is each input file's path, size and modification
/// time (data, templates, settings, manifest), so a change made by the CLI is seen at the next
/// request; concurrent requests for the same state share one computation.
actor Snapshots {
    private var review: (key: String, task: Task<WorkspaceReview, any Error>)?
    private var status: (key: String, task: Task<WorkspaceStatus, any Error>)?

    func review(key: String, _ make: @escaping @Sendable () async throws -> WorkspaceReview) async throws -> WorkspaceReview {
        if let review, review.key == key { return try await review.task.value }
        let task = Task { try await make() }
        review = (key, task)
        return try await task.value
    }

    func status(key: String, _ make: @escaping @Sendable () async throws -> WorkspaceStatus) async throws -> WorkspaceStatus {
        if let status, status.key == key { return try await status.task.value }
        let task = Task { try await make() }
        status = (key, task)
        return try await task.value
    }

    /// Path, size and modification time of every file the review and status read, and today's
    /// date (the rules judge by it when the workspace pins none).
    static func key(_ workspace: Workspace) -> String {
        var parts = [String(Int(Date().timeIntervalSince1970 / 86400))]
        let folders = ["schools", "providers", "placements", workspace.config.templates]
        var files = [Workspace.configName, workspace.config.output + "/" + Manifest.fileName]
        for folder in folders {
            let root = workspace.path(folder)
            guard let names = FileManager.default.enumerator(atPath: root) else { continue }
            for case let name as String in names { files.append(folder + "/" + name) }
        }
        for file in files.sorted() {
            var info = stat()
            if stat(workspace.path(file), &info) == 0 {
                parts.append("\(file)|\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
            }
        }
        return Token.sha256(parts.joined(separator: "\n"))
    }
}
