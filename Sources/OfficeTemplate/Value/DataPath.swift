/// Builds the data-path strings used across the engine: `placement.sessions[0].day`.
///
/// The same spelling is used by the data loaders (for source locations), by the evaluator
/// (for the read log) and by static analysis, so a path printed anywhere can be looked up anywhere.
/// Keys that are not plain identifiers are written the way a template would index them: `a["odd key"]`.
package enum DataPath {
    /// The path of the child `key` of the map at `parent` (`""` is the root).
    package static func appending(key: String, to parent: String) -> String {
        if isIdentifier(key) {
            return parent.isEmpty ? key : parent + "." + key
        }
        return parent + "[" + quoted(key) + "]"
    }

    /// The path of item `index` of the list at `parent`.
    package static func appending(index: Int, to parent: String) -> String {
        parent + "[\(index)]"
    }

    /// Whether `key` can be written after a dot in a template: a letter or `_`, then letters,
    /// digits or `_`. Non-ASCII letters count, because data keys in other languages are common.
    static func isIdentifier(_ key: String) -> Bool {
        // ASCII keys (nearly all of them) are decided byte by byte, without Unicode property lookups.
        if let ascii = isASCIIIdentifier(key) { return ascii }
        var scalars = key.unicodeScalars.makeIterator()
        guard let first = scalars.next(), isIdentifierStart(first) else { return false }
        while let scalar = scalars.next() {
            if !isIdentifierContinuation(scalar) { return false }
        }
        return true
    }

    /// Whether an all-ASCII `key` is an identifier; nil when `key` has other characters.
    private static func isASCIIIdentifier(_ key: String) -> Bool? {
        var key = key
        return key.withUTF8 { bytes -> Bool? in
            guard let first = bytes.first else { return false }
            var isIdentifier = first == UInt8(ascii: "_") || isASCIILetter(first)
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if !(byte == UInt8(ascii: "_") || isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39)) {
                    isIdentifier = false
                }
            }
            return isIdentifier
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    static func isIdentifierContinuation(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
    }

    /// `key` as a double-quoted template string literal.
    static func quoted(_ key: String) -> String {
        var result = "\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
