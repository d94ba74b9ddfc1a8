internal import CLibZip

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a zip package in memory, byte for byte the same for the same calls.
///
/// Determinism: every entry gets the DOS time 1980-01-01 00:00, entries keep the order of
/// the calls, no entry gets an extra field and the archive has no comment. An entry named
/// `mimetype` added first and stored is therefore exactly what ODF requires.
///
/// `add` and `copyRaw` do not throw, so a renderer can stream entries without error
/// plumbing: the first problem (an unsafe or repeated name, a libzip failure) is kept and
/// thrown by `finish()`, and later calls are ignored.
///
/// Not thread-safe: one writer per thread, and a reader passed to `copyRaw` must not be used
/// by another thread until `finish()` returns (libzip reads it while closing).
package final class ZipWriter {
    /// Display name used in errors.
    let name: String
    /// The archive being built; nil once closed or discarded. This object is its only owner.
    private var archive: OpaquePointer?
    /// The growable memory buffer the archive is written into. We hold a reference of our
    /// own (`zip_source_keep`) so the bytes outlive `zip_close`.
    private let output: OpaquePointer
    private var names = Set<String>()
    private var entryCount = 0
    private var firstError: PackageError?
    /// Readers whose entries `copyRaw` queued: libzip reads them during `zip_close`, so the
    /// writer keeps them alive until then instead of trusting the caller to.
    private var sourceReaders: [ZipReader] = []
    private var result: [UInt8]?

    /// DOS date 1980-01-01 (year 0, month 1, day 1) and time 00:00:00. Set as DOS fields, not
    /// a time_t, so the bytes do not depend on the time zone.
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    private static let dosTime: UInt16 = 0
    /// zlib level 6: about 1.4x faster than libzip's default 9 for nearly the same size.
    private static let deflateLevel: UInt32 = 6

    /// Creates an empty package. `name` only labels errors.
    package init(name: String = "output package") throws(PackageError) {
        self.name = name
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let output = zip_source_buffer_create(nil, 0, 0, &error) else {
            throw PackageError(file: name, message: "out of memory while creating the package")
        }
        zip_source_keep(output)
        // On success the archive takes one reference; ours stays for reading back.
        guard let archive = zip_open_from_source(output, ZIP_CREATE | ZIP_TRUNCATE, &error) else {
            zip_source_free(output)  // our extra reference
            zip_source_free(output)  // the one zip_open_from_source did not take
            throw PackageError(
                file: name,
                message: "cannot create the package: \(String(cString: zip_error_strerror(&error)))")
        }
        self.output = output
        self.archive = archive
    }

    deinit {
        // The archive goes first: its pending sources still point into the source readers,
        // which are released only after deinit's body.
        if let archive { zip_discard(archive) }
        zip_source_free(output)
    }

    /// Adds an entry with these bytes: deflated (level 6) if `compress`, else stored.
    package func add(name entryName: String, bytes: [UInt8], compress: Bool) {
        guard let archive = acceptingArchive(for: entryName) else { return }
        // libzip reads the data only during zip_close, so it gets a copy it owns and frees.
        var copy: UnsafeMutableRawPointer?
        if !bytes.isEmpty {
            copy = malloc(bytes.count)
            guard let copy else { return fail(entryName, "out of memory") }
            bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        // Fails only for lack of memory, at a point where libzip may or may not have freed
        // the copy already: leaking it is the safe choice.
        guard let source = zip_source_buffer(archive, copy, UInt64(bytes.count), 1) else {
            return fail(entryName, String(cString: zip_strerror(archive)))
        }
        guard let index = addEntry(archive, entryName, source) else { return }
        let method = compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE
        if zip_set_file_compression(archive, index, method, compress ? Self.deflateLevel : 0) != 0 {
            fail(entryName, String(cString: zip_strerror(archive)))
        }
    }

    /// Copies an entry of `reader` still compressed: no inflate, no deflate, same bytes.
    ///
    /// The writer keeps `reader` alive until `finish()`, when libzip copies the data.
    /// `entry` may come from another reader of the same bytes (a compiled template's plan):
    /// it is matched by value against `reader.entries`.
    package func copyRaw(from reader: ZipReader, entry: ZipEntryInfo) {
        guard entry.index >= 0, entry.index < reader.entries.count,
            reader.entries[entry.index] == entry
        else {
            return fail(entry.name, "internal error: the entry does not belong to \(reader.name)")
        }
        guard let archive = acceptingArchive(for: entry.name) else { return }
        // Whole entry (start 0, length -1) with ZIP_FL_COMPRESSED: libzip hands over the
        // compressed stream with its CRC and sizes, and zip_close writes it unchanged.
        guard
            let source = zip_source_zip(
                archive, reader.archive, UInt64(entry.index), ZIP_FL_COMPRESSED, 0, -1)
        else {
            return fail(entry.name, String(cString: zip_strerror(archive)))
        }
        guard let index = addEntry(archive, entry.name, source) else { return }
        // libzip keeps a compressed source's method by default, but would deflate a stored
        // one ("default" means deflate for new data); asking for "store" copies it as is.
        if entry.method == ZIP_CM_STORE, zip_set_file_compression(archive, index, ZIP_CM_STORE, 0) != 0 {
            return fail(entry.name, String(cString: zip_strerror(archive)))
        }
        if !sourceReaders.contains(where: { $0 === reader }) { sourceReaders.append(reader) }
    }

    /// Writes the central directory and returns the package bytes. Calling it again returns
    /// the same bytes; adding after it is a programming error.
    package func finish() throws(PackageError) -> [UInt8] {
        if let result { return result }
        if let firstError { throw firstError }
        guard let archive else { preconditionFailure("ZipWriter: archive missing") }
        if entryCount == 0 {
            // libzip writes nothing for an empty archive; the shortest valid zip is a bare
            // end-of-central-directory record.
            zip_discard(archive)
            self.archive = nil
            let empty: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
            result = empty
            return empty
        }
        guard zip_close(archive) == 0 else {
            let error = PackageError(
                file: name,
                message: "cannot build the package: \(String(cString: zip_strerror(archive)))")
            zip_discard(archive)  // zip_close leaves the archive open when it fails
            self.archive = nil
            sourceReaders = []
            firstError = error
            throw error
        }
        self.archive = nil
        sourceReaders = []  // copied: the readers may go now
        let bytes = try readOutput()
        result = bytes
        return bytes
    }

    // MARK: - Helpers

    /// The open archive if `entryName` may be added now; records the error otherwise.
    private func acceptingArchive(for entryName: String) -> OpaquePointer? {
        precondition(result == nil, "ZipWriter: entry added after finish()")
        guard firstError == nil, let archive else { return nil }
        if let problem = EntryName.problem(entryName) {
            firstError = .refused(name, entryName, problem)
            return nil
        }
        guard names.insert(entryName).inserted else {
            fail(entryName, "internal error: the entry was added twice")
            return nil
        }
        return archive
    }

    /// Adds `source` under `entryName` with the fixed time; frees the source on failure
    /// (zip_file_add takes it only on success). Returns the new index.
    private func addEntry(
        _ archive: OpaquePointer, _ entryName: String, _ source: OpaquePointer
    )
        -> UInt64?
    {
        // ENC_UTF_8: a non-ASCII name gets the UTF-8 flag (bit 11) rather than an extra field.
        let index = zip_file_add(archive, entryName, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard index >= 0 else {
            zip_source_free(source)
            fail(entryName, String(cString: zip_strerror(archive)))
            return nil
        }
        entryCount += 1
        if zip_file_set_dostime(archive, UInt64(index), Self.dosTime, Self.dosDate, 0) != 0 {
            fail(entryName, String(cString: zip_strerror(archive)))
            return nil
        }
        return UInt64(index)
    }

    private func fail(_ entryName: String, _ why: String) {
        if firstError == nil {
            firstError = PackageError(file: name, entry: entryName, message: "cannot add: \(why)")
        }
    }

    /// Reads the finished archive back out of the memory buffer.
    private func readOutput() throws(PackageError) -> [UInt8] {
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_source_open(output) == 0 else { throw outputError() }
        defer { zip_source_close(output) }
        guard zip_source_stat(output, &stat) == 0, stat.valid & UInt64(ZIP_STAT_SIZE) != 0 else {
            throw outputError()
        }
        let size = Int(stat.size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = zip_source_read(output, buffer.baseAddress! + count, UInt64(size - count))
                if n <= 0 {
                    failed = true
                    return
                }
                count += Int(n)
            }
        }
        if failed { throw outputError() }
        return bytes
    }

    private func outputError() -> PackageError {
        PackageError(
            file: name,
            message: "cannot read back the built package: "
                + String(cString: zip_error_strerror(zip_source_error(output))))
    }
}
