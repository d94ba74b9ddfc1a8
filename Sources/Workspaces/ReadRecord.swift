import Foundation
import OfficeTemplate
import Placement

/// What one render read from its context: each data value (by data path, as a short hash, or
/// `#N` for the length of a list a loop walked) and each picture (by its name in the data,
/// relative to the data folder, with a fingerprint of its bytes). Names only, never a path on
/// this machine, so a workspace can be moved without its documents looking changed.
///
/// On disk (`output/.apdocs/reads/PATH.tsv`) one line per read, `path<TAB>hash`, pictures as
/// `file:NAME<TAB>fingerprint`.
struct ReadRecord: Sendable, Equatable {
    var values: [String: String] = [:]
    var pictures: [String: String] = [:]

    /// How a picture's line starts in the TSV file, apart from data paths.
    private static let picturePrefix = "file:"

    /// From a render's reads.
    init(rendered: RenderedDocument) {
        for (path, value) in rendered.reads {
            values[path] = Self.recorded(value, shape: path.hasSuffix(TemplateValue.shapeSuffix))
        }
        pictures = rendered.pictures
    }

    init(values: [String: String], pictures: [String: String]) {
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

    /// The recorded form of what `context` holds at `path` now; nil when it holds nothing there.
    static func recordedForm(_ context: TemplateValue, path: String) -> String? {
        context.value(atRecordedPath: path).map { recorded($0, shape: path.hasSuffix(TemplateValue.shapeSuffix)) }
    }

    /// One hash over every read, independent of order.
    var dataSHA256: String {
        var all = values
        for (name, fingerprint) in pictures { all[Self.picturePrefix + name] = fingerprint }
        return Digest.sha256(reads: all)
    }

    /// The policies whose version the render printed (id -> version), read from `context`.
    func policyVersions(in context: TemplateValue) -> [String: String] {
        var policies: [String: String] = [:]
        for path in values.keys {
            guard let id = Staleness.policyVersionRead(path, in: context),
                case .string(let version)? = context.value(atRecordedPath: path)
            else { continue }
            policies[id] = version
        }
        return policies
    }

    var tsv: String {
        let lines = values.map { ($0.key, $0.value) } + pictures.map { (Self.picturePrefix + $0.key, $0.value) }
        return lines.sorted { $0.0 < $1.0 }.map { "\($0.0)\t\($0.1)\n" }.joined()
    }

    init(tsv: String) {
        for line in tsv.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let key = String(line[..<tab])
            let value = String(line[line.index(after: tab)...])
            if key.hasPrefix(Self.picturePrefix) {
                pictures[String(key.dropFirst(Self.picturePrefix.count))] = value
            } else {
                values[key] = value
            }
        }
    }
}
