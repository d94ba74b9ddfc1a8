internal import CLibZip
import OfficeTemplate

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a package, read whole into memory.
struct ZipItem {
    var name: String
    var bytes: [UInt8]
    var isDirectory: Bool { name.hasSuffix("/") }
}

/// Minimal zip access for signing: read every entry, then add or replace a few entries and
/// write the package back with every other entry copied unchanged, byte for byte.
///
/// (OfficeTemplate's zip reader and writer are internal to it; this is the small part of
/// them that signing needs, on the same libzip.)
enum SignedZip {
    /// DOS date 1980-01-01 00:00 for every entry we add, so output does not depend on the clock.
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    private static let dosTime: UInt16 = 0

    /// Every entry, in central-directory order, checked against `limits`.
    static func read(_ bytes: [UInt8], limits: PackageLimits = .init()) throws(SigningError) -> [ZipItem] {
        guard !bytes.isEmpty else { throw SigningError("the file is empty, not a document") }
        guard bytes.count <= limits.maxTotalSize else {
            throw SigningError("the file is larger than the limit of \(limits.maxTotalSize) bytes")
        }
        let archive = try open(bytes, readOnly: true)
        defer { zip_discard(archive) }
        let count = zip_get_num_entries(archive, 0)
        guard count >= 0, count <= limits.maxEntries else {
            throw SigningError("the package has more than \(limits.maxEntries) entries")
        }
        var items: [ZipItem] = []
        var total = 0
        for index in 0..<UInt64(count) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, index, 0, &stat) == 0, let cName = stat.name else {
                throw SigningError("the package is damaged: cannot read entry \(index)")
            }
            let name = String(cString: cName)
            let size = Int(stat.size)
            guard size <= limits.maxEntrySize else {
                throw SigningError("the entry \(name) is larger than the limit of \(limits.maxEntrySize) bytes")
            }
            total += size
            guard total <= limits.maxTotalSize else {
                throw SigningError("the package unpacks to more than \(limits.maxTotalSize) bytes")
            }
            guard let file = zip_fopen_index(archive, index, 0) else {
                throw SigningError("cannot read the entry \(name): \(String(cString: zip_strerror(archive)))")
            }
            defer { zip_fclose(file) }
            var data = [UInt8](repeating: 0, count: size)
            var done = 0
            while done < size {
                let n = data.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress! + done, UInt64(size - done)) }
                if n <= 0 { throw SigningError("the entry \(name) is damaged or shorter than its header says") }
                done += Int(n)
            }
            var probe: UInt8 = 0
            if zip_fread(file, &probe, 1) != 0 {
                throw SigningError("the entry \(name) is damaged or longer than its header says")
            }
            items.append(ZipItem(name: name, bytes: data))
        }
        return items
    }

    /// The package with `changes` applied: each named entry replaced, or added at the end
    /// (deflated, dated 1980-01-01). Other entries are copied unchanged.
    static func write(_ bytes: [UInt8], changes: [(name: String, bytes: [UInt8])]) throws(SigningError) -> [UInt8] {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let copy = malloc(bytes.count) else { throw SigningError("out of memory") }
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        guard let source = zip_source_buffer_create(copy, UInt64(bytes.count), 1, &error) else {
            free(copy)
            throw SigningError("out of memory")
        }
        zip_source_keep(source)  // our reference, to read the result after zip_close
        defer { zip_source_free(source) }
        guard let archive = zip_open_from_source(source, 0, &error) else {
            zip_source_free(source)  // the reference zip_open_from_source did not take
            throw SigningError("the file is not a zip package: \(String(cString: zip_error_strerror(&error)))")
        }
        for change in changes {
            let length = change.bytes.count
            let data = malloc(max(length, 1))!
            change.bytes.withUnsafeBytes { if length > 0 { data.copyMemory(from: $0.baseAddress!, byteCount: length) } }
            guard let entrySource = zip_source_buffer(archive, data, UInt64(length), 1) else {
                free(data)
                zip_discard(archive)
                throw SigningError("out of memory")
            }
            let index = zip_file_add(archive, change.name, entrySource, zip_flags_t(ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8))
            guard index >= 0 else {
                zip_source_free(entrySource)
                let reason = String(cString: zip_strerror(archive))
                zip_discard(archive)
                throw SigningError("cannot add \(change.name) to the package: \(reason)")
            }
            zip_set_file_compression(archive, UInt64(index), ZIP_CM_DEFLATE, 6)
            zip_file_set_dostime(archive, UInt64(index), dosTime, dosDate, 0)
        }
        guard zip_close(archive) == 0 else {
            let reason = String(cString: zip_strerror(archive))
            zip_discard(archive)
            throw SigningError("cannot write the signed package: \(reason)")
        }
        guard zip_source_open(source) == 0 else { throw SigningError("cannot read back the signed package") }
        defer { zip_source_close(source) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { zip_source_read(source, $0.baseAddress!, UInt64($0.count)) }
            if n < 0 { throw SigningError("cannot read back the signed package") }
            if n == 0 { break }
            output.append(contentsOf: chunk[0..<Int(n)])
        }
        return output
    }

    private static func open(_ bytes: [UInt8], readOnly: Bool) throws(SigningError) -> OpaquePointer {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let copy = malloc(bytes.count) else { throw SigningError("out of memory") }
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        guard let source = zip_source_buffer_create(copy, UInt64(bytes.count), 1, &error) else {
            free(copy)
            throw SigningError("out of memory")
        }
        guard let archive = zip_open_from_source(source, readOnly ? ZIP_RDONLY : 0, &error) else {
            zip_source_free(source)
            throw SigningError("the file is not a zip package: \(String(cString: zip_error_strerror(&error)))")
        }
        return archive
    }
}
