import Foundation

/// Where each value of a data file starts, by data path (`placement.sessions[0].day`; root keys
/// have no leading dot, list items are `[i]`).
///
/// The loaders do not work this out while reading: a path string and a table entry for every
/// value cost more than the reading itself, and the table is wanted only for messages and for
/// editing a file in place. It is found by reading the file a second time, with positions, the
/// first time anyone asks, and kept.
public struct SourceLocations: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private let box: Box

    /// Locations given outright (tests, and values made in memory).
    public init(_ table: [String: SourceLocation]) {
        box = Box(origin: .table(table))
    }

    public init(dictionaryLiteral elements: (String, SourceLocation)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// Locations worked out from `bytes` when first asked for.
    init(file: String, bytes: [UInt8], format: DataFormat) {
        box = Box(origin: .source(file: file, bytes: bytes, format: format))
    }

    /// Where the value at `path` starts, or nil when the file has no such value (or no positions).
    public subscript(path: String) -> SourceLocation? { box.table[path] }

    /// True when no value has a position: a plist, or a file whose root holds nothing.
    public var isEmpty: Bool { box.table.isEmpty }

    /// Every location, by path.
    public var all: [String: SourceLocation] { box.table }

    /// Two lazy tables read from the same bytes are equal without reading either; otherwise the
    /// tables are compared.
    public static func == (lhs: SourceLocations, rhs: SourceLocations) -> Bool {
        if lhs.box === rhs.box { return true }
        if case .source(let file, let bytes, let format) = lhs.box.origin,
            case .source(let otherFile, let otherBytes, let otherFormat) = rhs.box.origin
        {
            return file == otherFile && format == otherFormat && bytes == otherBytes
        }
        return lhs.all == rhs.all
    }

    /// Constant: equal tables may come from different origins, and hashing one must not read the
    /// file. The file and path beside it (in `RecordSource`) tell records apart.
    public func hash(into hasher: inout Hasher) {}

    private final class Box: @unchecked Sendable {
        enum Origin {
            case table([String: SourceLocation])
            case source(file: String, bytes: [UInt8], format: DataFormat)
        }

        let origin: Origin
        private let lock = NSLock()
        private var cached: [String: SourceLocation]?

        init(origin: Origin) {
            self.origin = origin
        }

        var table: [String: SourceLocation] {
            switch origin {
            case .table(let table):
                return table
            case .source(let file, let bytes, let format):
                lock.lock()
                defer { lock.unlock() }
                if let cached { return cached }
                let table = DataLoader.locations(of: bytes, file: file, format: format)
                cached = table
                return table
            }
        }
    }
}
