import Foundation
import OfficeTemplate

/// Where a school, provider or placement was loaded from, so that an issue found later by a
/// rule can still point at the file and line of the field it is about.
public struct RecordSource: Sendable, Hashable {
    /// The file as shown in messages (`placements/PL-2025-014.yaml` when loaded from a folder).
    public let file: String
    /// The file on disk; relative paths in the data (a logo, a drawn signature) resolve against
    /// its folder.
    public let path: String
    /// Where each value starts, keyed by data path (`sessions[0].day`); empty for plists.
    public let locations: SourceLocations

    public init(file: String, path: String, locations: SourceLocations) {
        self.file = file
        self.path = path
        self.locations = locations
    }

    /// The line of `dataPath`, or of its nearest parent that has one, so that a missing field
    /// points at the map it is missing from. A root field missing from a file that has
    /// positions points at line 1; plists have none, so nil.
    public func line(of dataPath: String) -> Int? {
        var current = dataPath
        while !current.isEmpty {
            if let location = locations[current] { return location.line }
            current = Self.parent(of: current)
        }
        return locations.isEmpty ? nil : 1
    }

    /// `path` relative to the folder of this file, unless it is already absolute.
    public func resolve(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
    }

    /// The data folder the file was loaded from (its path less `file`), or the file's own folder
    /// when it was loaded on its own.
    public var dataFolder: String {
        if path.hasSuffix("/" + file) { return String(path.dropLast(file.count + 1)) }
        return (path as NSString).deletingLastPathComponent
    }

    /// `relative` (written relative to this file) as a path relative to `dataFolder`, so that a
    /// document records `schools/logo.png`, not where the folder happens to be: a workspace can be
    /// moved, renamed or synced without its documents looking changed. Absolute paths stay.
    public func dataRelative(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        let folder = path.hasSuffix("/" + file) ? (file as NSString).deletingLastPathComponent : ""
        var parts: [Substring] = []
        for part in ((folder.isEmpty ? "" : folder + "/") + relative).split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if parts.isEmpty || parts.last == ".." { parts.append(part) } else { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// `a.b[2]` -> `a.b` -> `a` -> "". Quoted keys containing `.` or `[` are rare enough in
    /// this data (every real key is snake_case) that a plain scan is enough.
    static func parent(of path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") {
            return String(path[..<open])
        }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }
}

/// Collects the issues of one file while it is read, naming the record once its id is known.
final class IssueCollector {
    let source: RecordSource
    var subject: String?
    private(set) var issues: [ValidationIssue] = []

    init(source: RecordSource) {
        self.source = source
    }

    var hasErrors: Bool { issues.containsErrors }

    func report(
        _ severity: ValidationIssue.Severity = .error, rule: ValidationIssue.Rule = .data,
        path: String?, _ message: String
    ) {
        issues.append(
            ValidationIssue(
                severity: severity, rule: rule, subject: subject, path: path.flatMap { $0.isEmpty ? nil : $0 },
                file: source.file, line: source.line(of: path ?? ""), message: message))
    }
}
