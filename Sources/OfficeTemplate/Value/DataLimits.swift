/// Limits on what one data file may hold, each refused with a message naming it.
///
/// Hand-written school data is a few hundred values and a few levels deep; these are far
/// above that and far below what would exhaust the machine. The value count matters for
/// YAML anchors and property-list shared references, which let a file of a kilobyte stand
/// for a billion values ("billion laughs").
package enum DataLimits {
    /// The most values a document may expand to.
    package static let maximumValues = 1_000_000
    /// The deepest nesting of lists and maps.
    package static let maximumDepth = 512
    /// The largest data file read (256 MiB).
    package static let maximumFileSize = 256 << 20

    /// "1,000,000".
    static func grouped(_ number: Int) -> String { UKFormat.groupedThousands(String(number)) }

    static var tooManyValues: String {
        "the data expands to more than \(grouped(maximumValues)) values, which is the limit"
    }

    static var tooDeep: String {
        "the data is nested more than \(maximumDepth) deep, which is the limit"
    }

    /// The message for a non-finite number at `path`.
    static func notFinite(_ path: String) -> String {
        "\(path.isEmpty ? "the value" : "'\(path)'") is infinity or not a number; numbers in data must be finite"
    }
}

/// Finds where bytes stop being valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
/// nothing beyond U+10FFFF), so a message can give the byte offset.
package enum UTF8Check {
    /// The offset of the first byte that does not start a valid sequence, or nil if all are valid.
    package static func firstInvalidOffset<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                secondRange = 0x80...0x9F
            case 0xF0:
                length = 4
                secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                secondRange = 0x80...0x8F
            default: return index - bytes.startIndex
            }
            guard index + length <= end, secondRange.contains(bytes[index + 1]) else { return index - bytes.startIndex }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index - bytes.startIndex
            }
            index += length
        }
        return nil
    }

    /// The message for invalid UTF-8 at `offset`.
    static func message(offset: Int) -> String {
        "the file is not UTF-8 text: the byte at offset \(offset) is not valid UTF-8; save it as UTF-8"
    }
}
