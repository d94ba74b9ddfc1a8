import Foundation
import OfficeTemplate
import Placement

/// `output/manifest.json`: what each generated file is, what it was made from, and its history.
/// Written atomically; documented in the README for other programs.
public struct Manifest: Codable, Sendable, Equatable {
    public static let fileName = "manifest.json"
    public static let currentFormat = 1

    /// Version of this file's layout.
    public var manifestFormat = Manifest.currentFormat
    /// APDocs version that last wrote it.
    public var engineVersion: String
    /// One entry per document and format, sorted by path.
    public var files: [Entry] = []
    /// A fingerprint of every input (data and template files' sizes and times, settings,
    /// engine, issue date) when the last build finished without failures: while it holds and
    /// every file is as recorded, nothing can be out of date and the build stops at once.
    public var inputsFingerprint: String?
    /// Documents the data's errors held back at that build.
    public var held: [PlannedFile]?
    /// The data's errors and warnings at that build: while `inputsFingerprint` holds they are
    /// still the data's, and every run reports them without reading the data again.
    public var issues: [ValidationIssue]?
    /// Signed agreements left as they are although school-wide inputs changed since.
    public var reissues: [PendingReissue]?
    /// What needs doing, as of that build (see `ToDo`).
    public var todo: [ToDo]?

    public struct Entry: Codable, Sendable, Equatable {
        /// The document id: `PL-2025-014/placement-agreement`.
        public var id: String
        public var kind: DocumentKind
        public var format: String
        public var school: String
        public var provider: String
        public var placement: String?
        /// The current file, relative to the output folder.
        public var path: String
        /// 1 for the first file made, then one more each time it is regenerated.
        public var version: Int
        public var fileSHA256: String
        /// Size and modification time (seconds since 1970) of the file when it was written:
        /// when both still hold, the file need not be read to know it is unchanged.
        public var fileSize: Int?
        public var fileModified: Double?
        /// The template file (relative to the workspace) and the hash of its bytes.
        public var template: String
        public var templateSHA256: String
        /// The APDocs version that rendered it.
        public var engineVersion: String
        /// Hash over the data values the render actually read (listed in `readsFile`).
        public var dataSHA256: String
        /// Relative to the output folder: the data paths the render read, one per line with the
        /// hash of the value read there (`path<TAB>hash`; `|shape` marks a loop's shape). Kept
        /// apart from this file so the manifest stays small for thousands of documents.
        public var readsFile: String
        /// Policy id -> version, for every policy whose version the document prints.
        public var policies: [String: String]
        /// For agreements: draft, partly-signed or signed (as the file prints them).
        public var signatureState: AgreementState?
        /// Whether the file carries a digital seal (then it is never regenerated).
        public var sealed: Bool
        /// Earlier versions, oldest first.
        public var history: [HistoryEntry]
        /// When a signed or sealed version was set aside by a change: which one, and why.
        public var supersededSigned: HistoryEntry?
        /// Signatures (role -> hash) that belonged to a superseded signed version: left blank in
        /// this version until the data holds a new signature for that role.
        public var clearedSignatures: [String: String]?
        /// Why this version was made ("online-safety policy 3.1 -> 3.2").
        public var reasons: [String]
        /// The PDF made beside it, if any: its path and hash, and the document hash it came from.
        public var pdf: PDFRecord?
    }

    public struct HistoryEntry: Codable, Sendable, Equatable {
        public var version: Int
        /// Relative to the output folder: `history/PL-2025-014/placement-agreement.v1.docx`.
        public var path: String
        public var fileSHA256: String
        public var signatureState: AgreementState?
        public var sealed: Bool
        /// Why it was replaced.
        public var replacedBecause: [String]
    }

    public struct PDFRecord: Codable, Sendable, Equatable {
        public var path: String
        public var fileSHA256: String
        public var sourceSHA256: String
    }

    public init(engineVersion: String) { self.engineVersion = engineVersion }

    /// Where the reads of the file at `path` are kept.
    public static func readsFile(for path: String) -> String { ".apdocs/reads/\(path).tsv" }

    /// Writes a reads file atomically.
    static func saveReads(_ reads: ReadRecord, outputFolder: String, file: String) throws {
        let path = (outputFolder as NSString).appendingPathComponent(file)
        try AtomicFile.createDirectories((path as NSString).deletingLastPathComponent)
        try AtomicFile.write(Array(reads.tsv.utf8), to: path)
    }

    /// Reads a reads file; nil when it is missing (the document is then rebuilt).
    static func loadReads(outputFolder: String, file: String) -> ReadRecord? {
        guard let data = FileManager.default.contents(atPath: (outputFolder as NSString).appendingPathComponent(file)) else {
            return nil
        }
        return ReadRecord(tsv: String(decoding: data, as: UTF8.self))
    }

    public func entry(path: String) -> Entry? { files.first { $0.path == path } }

    /// Reads the manifest of an output folder; none yet is an empty manifest.
    public static func load(outputFolder: String, engineVersion: String) throws -> Manifest {
        let path = (outputFolder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return Manifest(engineVersion: engineVersion) }
        do {
            return try decoder.decode(Manifest.self, from: data)
        } catch {
            throw BatchError(
                "\(path) cannot be read (\(error.localizedDescription)); move it aside and run the build again to rebuild it from the documents' data"
            )
        }
    }

    /// Writes the manifest atomically (a reader sees the old one or the new one, never a mix).
    public func save(outputFolder: String) throws {
        var sorted = self
        sorted.files.sort { $0.path < $1.path }
        let data = try Self.encoder.encode(sorted)
        try AtomicFile.write([UInt8](data) + [10], to: (outputFolder as NSString).appendingPathComponent(Self.fileName))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder = JSONDecoder()
}

/// A batch problem that stops the whole build (a lock held, a manifest unreadable).
public struct BatchError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
