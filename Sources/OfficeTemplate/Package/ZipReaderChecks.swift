internal import CLibZip

/// The checks `ZipReader` makes when it opens a package, and the translation of libzip's
/// error codes into messages that tell the user what to do.
extension ZipReader {
    /// Reads and checks the central directory: names, encryption, duplicates and the
    /// declared sizes. Reading an entry later enforces the same sizes on the actual data.
    static func scan(
        _ archive: OpaquePointer, name: String, limits: PackageLimits, fileSize: Int
    )
        throws(PackageError) -> [ZipEntryInfo]
    {
        let count = Int(zip_get_num_entries(archive, 0))
        if count > limits.maxEntries {
            throw .refused(
                name, nil,
                "the package has \(count) entries, more than the limit of \(limits.maxEntries)")
        }
        var entries: [ZipEntryInfo] = []
        entries.reserveCapacity(count)
        var seen = Set<String>()
        var total = 0
        for index in 0..<count {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, UInt64(index), 0, &stat) == 0,
                stat.valid & UInt64(ZIP_STAT_NAME) != 0, let cName = stat.name
            else {
                throw .damaged(name, nil, "entry \(index) of the central directory is unreadable")
            }
            // libzip hands names out as UTF-8 (CP437 names are converted) and has already
            // turned any NUL inside a stored name into a space, so a name cannot be cut short.
            let entryName = String(cString: cName)
            if let problem = EntryName.problem(entryName) {
                throw .refused(name, entryName, problem)
            }
            if !seen.insert(entryName).inserted {
                throw .refused(name, entryName, "two entries have this name")
            }
            if stat.encryption_method != UInt16(ZIP_EM_NONE) {
                throw PackageError(
                    file: name, entry: entryName,
                    message: "the entry is encrypted (password-protected); remove the password "
                        + "in the word processor and save the document again")
            }
            let size = Int(clamping: stat.size)
            let compressed = Int(clamping: stat.comp_size)
            if size > limits.maxEntrySize {
                throw .refused(
                    name, entryName,
                    "the entry expands to \(formatSize(size)), more than the limit of "
                        + formatSize(limits.maxEntrySize))
            }
            total += size
            if total > limits.maxTotalSize {
                throw .refused(
                    name, nil,
                    "the entries expand to more than the limit of \(formatSize(limits.maxTotalSize))"
                        + " in total")
            }
            // A size field bigger than the whole file is a lie; refusing it keeps the ratio
            // below honest (its denominator can only be as large as the file).
            if compressed > fileSize {
                throw .damaged(
                    name, entryName,
                    "the entry claims \(compressed) compressed bytes but the file has only \(fileSize)")
            }
            if size > PackageLimits.ratioCheckFloor,
                size / max(compressed, 1) > limits.maxCompressionRatio
            {
                throw .refused(
                    name, entryName,
                    "the entry expands from \(formatSize(compressed)) to \(formatSize(size)), "
                        + "more than \(limits.maxCompressionRatio) times (a zip bomb?)")
            }
            entries.append(
                ZipEntryInfo(
                    index: index, name: entryName, uncompressedSize: size,
                    compressedSize: compressed, method: Int32(stat.comp_method), crc: stat.crc))
        }
        return entries
    }

    package static func notAZip(_ name: String) -> PackageError {
        PackageError(
            file: name,
            message: "not a DOCX/ODT package (not a zip file); was it saved in another format "
                + "such as .doc or .rtf? Open it in the word processor and save it as .docx or .odt")
    }

    /// The message for a failed `zip_open_from_source`.
    static func openError(
        _ name: String, _ error: UnsafeMutablePointer<zip_error_t>
    )
        -> PackageError
    {
        switch zip_error_code_zip(error) {
        case ZIP_ER_NOZIP: return notAZip(name)
        case ZIP_ER_MULTIDISK:
            return PackageError(
                file: name, message: "the zip file is split over several parts; join it first")
        case ZIP_ER_MEMORY:
            return PackageError(file: name, message: "out of memory while opening the package")
        default:
            // INCONS, EOF, READ, CRC...: the zip structure is broken (often a truncated copy).
            return .damaged(name, nil, String(cString: zip_error_strerror(error)))
        }
    }

    /// The message for a failure while opening or reading one entry.
    static func entryError(
        _ name: String, _ entry: String, _ error: UnsafeMutablePointer<zip_error_t>
    )
        -> PackageError
    {
        switch zip_error_code_zip(error) {
        case ZIP_ER_CRC:
            return .damaged(name, entry, "the entry's data does not match its checksum (CRC)")
        case ZIP_ER_ZLIB, ZIP_ER_COMPRESSED_DATA:
            return .damaged(name, entry, "the entry's compressed data is corrupt")
        case ZIP_ER_INCONS:
            return .damaged(name, entry, "the entry's data does not match its header")
        case ZIP_ER_COMPNOTSUPP:
            return PackageError(
                file: name, entry: entry,
                message: "the entry uses a compression method this program cannot read; "
                    + "save the document again in the word processor")
        case ZIP_ER_MEMORY:
            return PackageError(file: name, entry: entry, message: "out of memory while reading")
        default:
            return .damaged(name, entry, String(cString: zip_error_strerror(error)))
        }
    }
}

/// "8120 bytes", "12.5 KiB", "256.1 MiB": sizes for messages. Small sizes are exact; exact
/// multiples print round ("256 MiB", as limits usually are); anything else rounds its
/// tenths up, so a size just over a limit never prints as equal to it.
func formatSize(_ bytes: Int) -> String {
    if bytes < 10 << 10 { return "\(bytes) bytes" }
    let units: [(Int, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
    for (unit, label) in units where bytes >= unit {
        let whole = bytes / unit
        let rest = bytes % unit
        if rest == 0 { return "\(whole) \(label)" }
        let tenths = whole * 10 + (rest * 10 + unit - 1) / unit
        return "\(tenths / 10).\(tenths % 10) \(label)"
    }
    return "\(bytes) bytes"
}
