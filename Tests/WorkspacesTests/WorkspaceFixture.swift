import Foundation
import Placement
import XCTest

@testable import OfficeTemplate
@testable import Workspaces

/// A temporary workspace made by `Workspace.create` from the repository's examples and shipped
/// templates (issue date pinned to 2025-10-01 by `init`), removed afterwards.
final class WorkspaceFixture {
    /// The repository's root, from this file's place in it.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    let parent: String
    private(set) var root: String

    init(blank: Bool = false) throws {
        parent = NSTemporaryDirectory() + "apdocs-workspace-" + UUID().uuidString
        root = parent + "/ap"
        try Workspace.create(
            at: root, examples: Self.repository + "/examples", templates: Self.repository + "/templates", blank: blank)
    }

    deinit { try? FileManager.default.removeItem(atPath: parent) }

    func builder(reissue: Set<String> = [], issueDate: Date? = nil) throws -> BatchBuilder {
        BatchBuilder(workspace: try Workspace(root: root), engineVersion: "test", issueDateOverride: issueDate, reissue: reissue)
    }

    @discardableResult
    func build(reissue: Set<String> = []) throws -> (issues: [ValidationIssue], report: BuildReport, todo: [ToDo]) {
        try builder(reissue: reissue).build()
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    /// Replaces `old` (which must occur) in a workspace file.
    func edit(_ relative: String, _ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try read(relative)
        XCTAssertTrue(text.contains(old), "\(relative) does not contain \(old)", file: file, line: line)
        try text.replacingOccurrences(of: old, with: new).write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
    }

    /// The bytes of an output file, to tell whether a build touched it.
    func output(_ relative: String) -> Data? {
        FileManager.default.contents(atPath: root + "/output/" + relative)
    }

    func manifest() throws -> Manifest {
        try Manifest.load(outputFolder: root + "/output", engineVersion: "test")
    }

    /// The 1-based line of the first line of a workspace file that starts with `prefix`.
    func line(of prefix: String, in relative: String) throws -> Int {
        let lines = try read(relative).components(separatedBy: "\n")
        return (lines.firstIndex { $0.hasPrefix(prefix) } ?? -1) + 1
    }

    /// Edits the text of a DOCX template's body in the workspace (the first `old` becomes `new`),
    /// as an author would in Word.
    func editTemplate(_ name: String, _ old: String, _ new: String) throws {
        let path = root + "/templates/" + name
        let reader = try ZipReader(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), name: name)
        let writer = try ZipWriter(name: name)
        for entry in reader.entries {
            var bytes = try reader.read(entry)
            if entry.name == "word/document.xml" {
                let text = String(decoding: bytes, as: UTF8.self)
                XCTAssertTrue(text.contains(old), "\(name) has no \(old)")
                bytes = Array(text.replacingOccurrences(of: old, with: new).utf8)
            }
            writer.add(name: entry.name, bytes: bytes, compress: entry.name != "mimetype")
        }
        try Data(try writer.finish()).write(to: URL(fileURLWithPath: path))
    }

    /// Moves the whole workspace to a new folder name, as a school moving it to a shared drive.
    func move() throws {
        let moved = parent + "/moved-" + UUID().uuidString.prefix(6)
        try FileManager.default.moveItem(atPath: root, toPath: moved)
        root = moved
    }
}

extension Array where Element == PlannedFile {
    var paths: [String] { map(\.path).sorted() }
}
