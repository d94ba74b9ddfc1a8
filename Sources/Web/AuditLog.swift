import Foundation

/// One line of `.apdocs/audit.log`: who did what to which record, and when. Field names, never
/// their values; for a signature, the hash of the document shown and where the request came from.
public struct AuditRecord: Codable, Sendable, Equatable {
    public var time: Date
    /// The user name, or `signing-link` for a signature through a link.
    public var actor: String
    public var action: String
    /// `placements/PL-2025-014.yaml`, a placement id, or a user name for user changes.
    public var record: String
    public var fields: [String]?
    public var role: String?
    public var documentSHA256: String?
    public var documentPath: String?
    public var ipAddress: String?
    public var userAgent: String?

    public init(
        time: Date, actor: String, action: String, record: String, fields: [String]? = nil, role: String? = nil,
        documentSHA256: String? = nil, documentPath: String? = nil, ipAddress: String? = nil, userAgent: String? = nil
    ) {
        self.time = time
        self.actor = actor
        self.action = action
        self.record = record
        self.fields = fields
        self.role = role
        self.documentSHA256 = documentSHA256
        self.documentPath = documentPath
        self.ipAddress = ipAddress
        self.userAgent = userAgent
    }
}

/// Appends audit records, one JSON object a line; each append is one write(2) to a file opened
/// with O_APPEND, so lines from concurrent writers never interleave.
public enum AuditLog {
    /// Appends one record (creating `.apdocs/audit.log` readable by its owner only).
    public static func append(_ record: AuditRecord, files: WebFiles) throws {
        try FileManager.default.createDirectory(atPath: files.folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var line = try encoder.encode(record)
        line.append(0x0A)
        let descriptor = open(files.auditLog, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw WebError("cannot open \(files.relative(files.auditLog)): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else { throw WebError("cannot append to \(files.relative(files.auditLog))") }
    }

    /// Every record, oldest first (lines that do not read are skipped).
    public static func read(files: WebFiles) -> [AuditRecord] {
        guard let text = try? String(contentsOfFile: files.auditLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder.web.decode(AuditRecord.self, from: Data($0.utf8)) }
    }
}
