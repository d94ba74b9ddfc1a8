import Foundation
import OfficeTemplate
import PackageSigning
import Placement

/// SHA-256 hashes for the manifest: of files, and of data values in a canonical form.
public enum Digest {
    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(DigestAlgorithm.sha256.hash(bytes))
    }

    /// Lower-case hex, without Foundation's slow `String(format:)`.
    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The hash of a data value: equal values hash equally, whatever file they came from.
    public static func sha256(_ value: TemplateValue) -> String {
        var bytes: [UInt8] = []
        canonical(value, into: &bytes)
        return sha256(bytes)
    }

    /// A short hash of a data value, for the reads of a document: 64 bits tell a change
    /// reliably and keep thousands of documents' reads small.
    public static func shortHash(_ value: TemplateValue) -> String {
        String(sha256(value).prefix(16))
    }

    /// A hash over a set of recorded reads (path and value hash), independent of their order.
    public static func sha256(reads: [String: String]) -> String {
        sha256(Array(reads.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined().utf8))
    }

    /// A tagged, length-prefixed encoding: no two different values share one.
    private static func canonical(_ value: TemplateValue, into bytes: inout [UInt8]) {
        func text(_ tag: UInt8, _ string: String) {
            let utf8 = Array(string.utf8)
            bytes.append(tag)
            bytes += Array("\(utf8.count):".utf8)
            bytes += utf8
        }
        switch value {
        case .null: bytes.append(UInt8(ascii: "n"))
        case .bool(let flag): bytes += flag ? [UInt8(ascii: "t")] : [UInt8(ascii: "f")]
        case .int(let number): text(UInt8(ascii: "i"), String(number))
        case .double(let number): text(UInt8(ascii: "d"), number.description)
        case .string(let string): text(UInt8(ascii: "s"), string)
        case .date(let date): text(UInt8(ascii: "D"), String(date.timeIntervalSince1970))
        case .list(let items):
            text(UInt8(ascii: "l"), String(items.count))
            for item in items { canonical(item, into: &bytes) }
        case .map(let map):
            text(UInt8(ascii: "m"), String(map.count))
            for (key, item) in map.pairs {
                text(UInt8(ascii: "k"), key)
                canonical(item, into: &bytes)
            }
        }
    }
}
