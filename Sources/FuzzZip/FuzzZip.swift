// libFuzzer target: the zip reader on arbitrary bytes (central directory, names, sizes, limits,
// inflating every entry), then the whole template load of the same bytes as a DOCX and as an ODT.
// Built only with APDOCS_FUZZ=1 (see Fuzz/README.md); main.swift hands this to libFuzzer's driver.
@testable import OfficeTemplate

/// Small limits, so that one input cannot make the fuzzer inflate hundreds of megabytes.
private let limits = PackageLimits(maxEntries: 200, maxEntrySize: 1 << 20, maxTotalSize: 4 << 20)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZip(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    do {
        let reader = try ZipReader(bytes: bytes, name: "f.docx", limits: limits)
        for entry in reader.entries {
            if let error = (Result { () throws(PackageError) in try reader.read(entry) }).failure {
                _ = error.description
            }
        }
    } catch {
        _ = error.description  // Messages are built too: they quote entry names, cut to size.
    }
    for name in ["f.docx", "f.odt"] {
        if let error = (Result { try Template(bytes: bytes, name: name, options: TemplateOptions(limits: limits)) }).failure {
            _ = "\(error)"
        }
    }
    return 0
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
