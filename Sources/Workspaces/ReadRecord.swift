import Foundation
import OfficeTemplate
import Placement

/// What one render read from its context: each data value (by data path, as a short hash, or
/// `#N` for the length of a list a loop walked) and each picture (by its name in the data,
/// relative to the data folder, with a fingerprint of its bytes). Names only, never a path on
/// this machine, so a workspace can be moved without its documents looking changed.
///
/// On disk (`output/.apdocs/reads/PATH.tsv`) one line per read, `path<TAB>hash`: a loop's shape
/// as `path|shape`, pictures as `file:NAME`. The encoding lives here and nowhere else.
struct ReadRecord: Sendable, Equatable {
    var values: [DataRead: String] = [:]
    var pictures: [String: String] = [:]

    /// How a picture's line starts in the TSV file, apart from data paths.
    private static let picturePrefix = "file:"
    /// How a loop's shape line ends in the TSV file.
    private static let shapeSuffix = "|shape"

    /// From a render's reads.
    init(rendered: RenderedDocument) {
        for (read, value) in rendered.reads {
            values[read] = Self.recorded(value, shape: read.isShape)
        }
        pictures = rendered.pictures
    }

    init(values: [DataRead: String], pictures: [String: String]) {
        self.values = values
        self.pictures = pictures
    }

    /// How a value is recorded: a list's length as `#N` (a count is no one's personal data, and
    /// lets a reason say "lists a new pupil"), anything else as a short hash.
    static func recorded(_ value: TemplateValue, shape: Bool) -> String {
        if shape, case .int(let count) = value { return "#\(count)" }
        if case .list(let items) = value { return "#\(items.count):" + Digest.shortHash(value) }
        return Digest.shortHash(value)
    }

    /// The length of a list recorded as `#N` or `#N:hash`; nil for other reads.
    static func count(inRecorded recorded: String) -> Int? {
        guard recorded.hasPrefix("#") else { return nil }
        return Int(recorded.dropFirst().prefix { $0 != ":" })
    }

    /// The recorded form of what `context` holds for `read` now; nil when it holds nothing there.
    static func recordedForm(_ context: TemplateValue, read: DataRead) -> String? {
        context.value(of: read).map { recorded($0, shape: read.isShape) }
    }

    /// A read as the TSV file names it.
    static func key(_ read: DataRead) -> String {
        switch read {
        case .value(let path): return path
        case .shape(let path): return path + shapeSuffix
        }
    }

    /// The read a TSV key names (not a picture's).
    static func read(key: String) -> DataRead {
        key.hasSuffix(shapeSuffix) ? .shape(path: String(key.dropLast(shapeSuffix.count))) : .value(path: key)
    }

    /// The reads in the order of their keys in the TSV file, so that reasons come out in a
    /// stable order.
    var sortedValues: [(read: DataRead, recorded: String)] {
        values.map { (read: $0.key, recorded: $0.value) }.sorted { Self.key($0.read) < Self.key($1.read) }
    }

    /// Every line of the TSV file, keyed as there.
    private var lines: [String: String] {
        var all: [String: String] = [:]
        for (read, recorded) in values { all[Self.key(read)] = recorded }
        for (name, fingerprint) in pictures { all[Self.picturePrefix + name] = fingerprint }
        return all
    }

    /// One hash over every read, independent of order.
    var dataSHA256: String { Digest.sha256(reads: lines) }

    /// The policies whose version the render printed (id -> version), read from `context`.
    func policyVersions(in context: TemplateValue) -> [String: String] {
        var policies: [String: String] = [:]
        for case .value(let path) in values.keys {
            guard let id = Staleness.policyVersionRead(path, in: context),
                case .string(let version)? = context.value(atRecordedPath: path)
            else { continue }
            policies[id] = version
        }
        return policies
    }

    var tsv: String {
        lines.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }.joined()
    }

    init(tsv: String) {
        for line in tsv.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let key = String(line[..<tab])
            let value = String(line[line.index(after: tab)...])
            if key.hasPrefix(Self.picturePrefix) {
                pictures[String(key.dropFirst(Self.picturePrefix.count))] = value
            } else {
                values[Self.read(key: key)] = value
            }
        }
    }
}
