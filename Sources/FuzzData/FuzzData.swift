// libFuzzer target: the JSON, YAML and property-list loaders on arbitrary bytes; the first
// byte chooses the format. Built only with APDOCS_FUZZ=1 (see Fuzz/README.md); main.swift hands this to libFuzzer's driver.
import OfficeTemplate

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzData(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    let format: DataFormat = [.json, .yaml, .plist][Int(start[0]) % 3]
    if let error = (Result { try DataLoader.load(bytes: bytes, file: "f", format: format) }).failure {
        _ = "\(error)"  // Messages are built too: they blank lines and cut windows.
    }
    return 0
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
