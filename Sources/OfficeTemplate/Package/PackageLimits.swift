/// Limits against zip bombs and hostile packages; each refusal is a clear error.
///
/// The defaults are far above any real DOCX or ODT (a long report with pictures is a few
/// hundred entries and tens of megabytes) and far below what would exhaust a machine that
/// renders several documents at once.
public struct PackageLimits: Sendable, Hashable {
    /// Most entries a package may have.
    public var maxEntries: Int
    /// Most bytes one entry may expand to.
    public var maxEntrySize: Int
    /// Most bytes all entries together may expand to.
    public var maxTotalSize: Int
    /// Highest uncompressed/compressed ratio, checked only for entries larger than
    /// ``ratioCheckFloor``: tiny XML parts legitimately compress 300:1 and are harmless.
    public var maxCompressionRatio: Int

    /// Entries at or below this uncompressed size skip the ratio check (1 MiB).
    public static let ratioCheckFloor = 1 << 20

    /// Creates limits; every argument defaults to the value used for documents.
    public init(
        maxEntries: Int = 5_000,
        maxEntrySize: Int = 256 << 20,
        maxTotalSize: Int = 1 << 30,
        maxCompressionRatio: Int = 500
    ) {
        self.maxEntries = maxEntries
        self.maxEntrySize = maxEntrySize
        self.maxTotalSize = maxTotalSize
        self.maxCompressionRatio = maxCompressionRatio
    }
}

/// A package (DOCX/ODT zip file) that cannot be read or written, or that was refused as unsafe.
///
/// `description` reads as one line for the user: which file, which entry, what is wrong and
/// what to do, e.g. `letter.docx: word/../../x: refused: entry name leaves the package ('..');
/// the file is not a safe document package`.
public struct PackageError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The package's display name (usually the file name).
    public var file: String
    /// The entry concerned, if the problem is with one entry.
    public var entry: String?
    /// What is wrong and what to do about it.
    public var message: String

    public init(file: String, entry: String? = nil, message: String) {
        self.file = file
        self.entry = entry
        self.message = message
    }

    public var description: String {
        if let entry { return "\(file): \(entry): \(message)" }
        return "\(file): \(message)"
    }
}

extension PackageError {
    static let unsafeHint = "the file is not a safe document package"

    /// Refusal of a hostile or absurd package.
    static func refused(_ file: String, _ entry: String?, _ why: String) -> PackageError {
        PackageError(file: file, entry: entry, message: "refused: \(why); \(unsafeHint)")
    }

    /// Damage found while reading: the fix is always a fresh copy of the file.
    static func damaged(_ file: String, _ entry: String?, _ why: String) -> PackageError {
        PackageError(
            file: file, entry: entry,
            message: "damaged package: \(why); open it in the word processor and save it again")
    }
}

/// Checks entry names against the ways a zip entry can point outside its package.
///
/// The same rules serve reading (a template from elsewhere) and writing (names built from
/// data), so a name we would refuse in a template can never appear in our output either.
enum EntryName {
    /// Why `name` is unsafe, or nil if it is fine.
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "entry has an empty name" }
        let bytes = Array(name.utf8)
        if bytes.contains(0) { return "entry name contains a NUL character" }
        if bytes.contains(UInt8(ascii: "\\")) {
            return "entry name contains a backslash (Windows path separator)"
        }
        if bytes.first == UInt8(ascii: "/") { return "entry name is an absolute path" }
        // "C:" and friends: a drive letter makes the name absolute on Windows.
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"),
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0] & 0xDF)
        {
            return "entry name starts with a drive letter (absolute path)"
        }
        if bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .contains(where: { $0.elementsEqual("..".utf8) })
        {
            return "entry name leaves the package ('..')"
        }
        return nil
    }
}
