internal import CLibZip

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a package as its central directory describes it.
package struct ZipEntryInfo: Sendable, Hashable {
    /// Position in the central directory; what libzip calls the index.
    package var index: Int
    package var name: String
    package var uncompressedSize: Int
    package var compressedSize: Int
    /// 0 stored, 8 deflate (other methods are passed on to libzip, which may refuse them).
    package var method: Int32
    package var crc: UInt32
}

/// A read-only zip package held in memory, checked against ``PackageLimits`` when opened.
///
/// Owns its libzip archive (closed with `zip_discard`, since nothing is ever written back).
/// libzip reads the package lazily from a `malloc`'d copy of the bytes that libzip owns and
/// frees (`freep = 1`), so the caller's array may go away at once and the data stays valid
/// for as long as any writer still copies entries from this reader.
///
/// Not thread-safe (a libzip archive is not): use one reader per thread. Several readers
/// may be built from the same bytes.
package final class ZipReader {
    /// Display name used in errors, e.g. `letter.docx`.
    package let name: String
    package let limits: PackageLimits
    /// The entries in central-directory order (which is `index` order).
    package let entries: [ZipEntryInfo]
    private let indexByName: [String: Int]
    /// The libzip archive: this object is its only owner. Internal only for
    /// `ZipWriter.copyRaw`, which needs it as the source of `zip_source_zip`.
    let archive: OpaquePointer

    /// Opens a package from memory and checks every entry's name and declared sizes.
    package init(bytes: [UInt8], name: String, limits: PackageLimits = .init()) throws(PackageError) {
        self.name = name
        self.limits = limits
        // libzip treats an empty file as an empty archive; for us it is no document at all.
        guard !bytes.isEmpty else { throw Self.notAZip(name) }
        if bytes.count > limits.maxTotalSize {
            throw .refused(
                name, nil,
                "the file is \(formatSize(bytes.count)), more than the limit of "
                    + formatSize(limits.maxTotalSize))
        }
        guard let copy = malloc(bytes.count) else {
            throw PackageError(file: name, message: "out of memory while opening the package")
        }
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }

        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // On success the source owns `copy`. It can only fail for lack of memory; we then
        // leak the copy rather than guess whether libzip already freed it.
        guard let source = zip_source_buffer_create(copy, UInt64(bytes.count), 1, &error) else {
            throw Self.openError(name, &error)
        }
        // zip_open_from_source takes the source only on success.
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            throw Self.openError(name, &error)
        }
        do {
            entries = try Self.scan(archive, name: name, limits: limits, fileSize: bytes.count)
        } catch {
            zip_discard(archive)  // deinit does not run for a failed init
            throw error
        }
        self.archive = archive
        var indexByName: [String: Int] = [:]
        for entry in entries { indexByName[entry.name] = entry.index }
        self.indexByName = indexByName
    }

    deinit { zip_discard(archive) }

    /// The entry with exactly this name, if any.
    package func entry(named entryName: String) -> ZipEntryInfo? {
        indexByName[entryName].map { entries[$0] }
    }

    /// The uncompressed bytes of an entry of this reader.
    ///
    /// The declared size was checked against the limits when the package was opened, and
    /// this reads at most one byte more than declared: an entry that holds more than its
    /// header says is refused, so a lying header cannot let more through. libzip checks the
    /// CRC when the data ends.
    package func read(_ entry: ZipEntryInfo) throws(PackageError) -> [UInt8] {
        guard entry.index >= 0, entry.index < entries.count, entries[entry.index] == entry else {
            throw PackageError(
                file: name, entry: entry.name,
                message: "internal error: the entry does not belong to this package")
        }
        let declared = entry.uncompressedSize
        guard let file = zip_fopen_index(archive, UInt64(entry.index), 0) else {
            throw Self.entryError(name, entry.name, zip_get_error(archive))
        }
        defer { zip_fclose(file) }

        var failure: PackageError?
        let data = [UInt8](unsafeUninitializedCapacity: declared) { buffer, count in
            while count < declared {
                let n = zip_fread(file, buffer.baseAddress! + count, UInt64(declared - count))
                if n < 0 {
                    failure = Self.entryError(name, entry.name, zip_file_get_error(file))
                    return
                }
                if n == 0 {
                    failure = .damaged(
                        name, entry.name,
                        "the entry ends after \(count) of the \(declared) bytes its header promises")
                    return
                }
                count += Int(n)
            }
        }
        if let failure { throw failure }
        // One more read must find the end; it is also the read at which libzip checks the CRC.
        var probe: UInt8 = 0
        let extra = zip_fread(file, &probe, 1)
        if extra < 0 { throw Self.entryError(name, entry.name, zip_file_get_error(file)) }
        if extra > 0 {
            throw .refused(
                name, entry.name,
                "the entry holds more data than the \(declared) bytes its header declares")
        }
        return data
    }
}
