// libFuzzer target: the tag scanner, the tag parser and the evaluator, on arbitrary bytes.
// Built only with APDOCS_FUZZ=1 (see Fuzz/README.md); main.swift hands this to libFuzzer's driver.
@testable import OfficeTemplate

private let data: TemplateValue = [
    "x": 1.5, "n": .int(Int.min), "name": "Ann", "list": [1, 2, 3], "map": ["a": "b"],
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTags(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let scan = TagScanner.scan(bytes)
    for tag in scan.tags {
        let source = String(decoding: bytes[tag.range], as: UTF8.self)
        guard let parsed = try? TagParser.parse(source) else { continue }
        if case .output(let expression) = parsed.kind {
            _ = try? evaluate(expression, in: Scope(root: data, options: EvaluationOptions()))
        }
    }
    return 0
}
