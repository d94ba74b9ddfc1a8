/// A JSON parser over UTF-8 bytes that keeps key order and can record where every value starts.
///
/// Foundation's `JSONSerialization` loses key order and positions, and its errors have no
/// line numbers; the data files here are written by hand, so good errors matter more than
/// anything else. The grammar is strict RFC 8259: no comments, no trailing commas.
///
/// A first reading keeps no paths or positions (they cost more than the parsing: a string and
/// a table entry per value); a second reading with `recordsLocations` makes them when a message
/// or an editor needs one (see `SourceLocations`, and `DataLoader.load`, which reads again on
/// an error so that the message can name the key path).
struct JSONReader {
    private let bytes: [UInt8]
    private let file: String
    private let recordsLocations: Bool
    private var position = 0
    /// 1-based line of `position`, and the offset where that line starts.
    private var line = 1
    private var lineStart = 0
    /// Remembers the last column computed so successive values on one long line (minified
    /// JSON) are counted incrementally rather than from the line start each time.
    private var columnCursor = (offset: 0, column: 1)
    /// Filled only when `recordsLocations`.
    private(set) var locations: [String: SourceLocation] = [:]

    /// Deeper nesting than this is refused rather than risking the stack.
    private static let maximumDepth = 512

    init(bytes: [UInt8], file: String, recordsLocations: Bool) {
        self.bytes = bytes
        self.file = file
        self.recordsLocations = recordsLocations
    }

    mutating func readDocument() throws(DataError) -> TemplateValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {  // A byte-order mark some editors add.
            position = 3
            lineStart = 3
            columnCursor = (3, 1)
        }
        skipWhitespace()
        guard position < bytes.count else {
            throw error("the file is empty; a JSON data file holds a value such as { \"name\": \"…\" }")
        }
        let value = try readValue(path: "", depth: 0)
        skipWhitespace()
        guard position == bytes.count else {
            throw error("unexpected text after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func readValue(path: String, depth: Int) throws(DataError) -> TemplateValue {
        guard depth < Self.maximumDepth else { throw error("the data is nested too deeply") }
        guard position < bytes.count else { throw error("unexpected end of file; expected a value") }
        if recordsLocations, !path.isEmpty {
            locations[path] = SourceLocation(file: file, line: line, column: column(at: position))
        }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject(path: path, depth: depth)
        case UInt8(ascii: "["): return try readArray(path: path, depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber(path: path)
        case UInt8(ascii: "'"):
            throw error("JSON text must be in double quotes (\"…\"), not single quotes")
        default:
            let word = currentWord()
            switch word {
            case "true":
                position += 4
                return .bool(true)
            case "false":
                position += 5
                return .bool(false)
            case "null":
                position += 4
                return .null
            case "True", "False", "Null", "TRUE", "FALSE", "NULL", "None":
                throw error("expected a value, found '\(word)'; JSON writes true, false and null in lower case")
            case "":
                throw error("expected a value, found '\(currentCharacter())'")
            default:
                // The word is not quoted: it is data (a name typed without quotes).
                throw error("expected a value; put text in double quotes")
            }
        }
    }

    private mutating func readObject(path: String, depth: Int) throws(DataError) -> TemplateValue {
        position += 1  // {
        var map = TemplateMap()
        // Where each key starts, in the order of `map.keys`, to point at both copies of a duplicate.
        var keyOffsets: [Int] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return .map(map)
        }
        while true {
            guard peek == UInt8(ascii: "\"") else {
                if peek == UInt8(ascii: "}") {
                    throw error("expected a key after ','; remove the trailing comma")
                }
                throw error(
                    peek == nil
                        ? "unexpected end of file; expected a key in double quotes"
                        : "expected a key in double quotes")
            }
            let keyOffset = position
            let key = try readString()
            if map[key] != nil, let index = map.keys.firstIndex(of: key) {
                let first = lineAndColumn(of: keyOffsets[index])
                position = keyOffset
                throw error("duplicate key '\(key)'; it is already at line \(first.line), column \(first.column)")
            }
            keyOffsets.append(keyOffset)
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw error("expected ':' after the key '\(key)'") }
            position += 1
            skipWhitespace()
            map[key] = try readValue(path: recordsLocations ? DataPath.appending(key: key, to: path) : "", depth: depth + 1)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                return .map(map)
            case nil:
                throw error("unexpected end of file; expected ',' or '}' after a value")
            default:
                throw error("expected ',' or '}' after a value")
            }
        }
    }

    private mutating func readArray(path: String, depth: Int) throws(DataError) -> TemplateValue {
        position += 1  // [
        var items: [TemplateValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            position += 1
            return .list(items)
        }
        while true {
            if peek == UInt8(ascii: "]") {
                throw error("expected a value after ','; remove the trailing comma")
            }
            let itemPath = recordsLocations ? DataPath.appending(index: items.count, to: path) : ""
            items.append(try readValue(path: itemPath, depth: depth + 1))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                return .list(items)
            case nil:
                throw error("unexpected end of file; expected ',' or ']' after a list item")
            default:
                throw error("expected ',' or ']' after a list item")
            }
        }
    }

    // MARK: - Strings

    private mutating func readString() throws(DataError) -> String {
        let openingQuote = position
        position += 1
        let start = position
        // Fast path: most strings have no escapes and can be decoded in one go. Only text
        // with bytes beyond ASCII needs checking as UTF-8 (elsewhere they are syntax errors).
        var ascii: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                if ascii & 0x80 != 0 { try checkUTF8(start..<position - 1) }
                return String(decoding: bytes[start..<position - 1], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            ascii |= byte
            position += 1
        }
        if ascii & 0x80 != 0 { try checkUTF8(start..<position) }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &buffer)
            case 0..<0x20:
                if byte == UInt8(ascii: "\n") {
                    position = openingQuote
                    throw error("this text has no closing '\"' on its line")
                }
                throw error("control characters must be escaped in text (write \\t for a tab)")
            default:
                if byte >= 0x80 {
                    // Copy one whole UTF-8 sequence, refusing an invalid one with its offset.
                    var end = position + 1
                    while end < bytes.count, end - position < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
                    try checkUTF8(position..<end)
                    buffer.append(contentsOf: bytes[position..<end])
                    position = end
                } else {
                    buffer.append(byte)
                    position += 1
                }
            }
        }
        position = openingQuote
        throw error("this text has no closing '\"'")
    }

    /// Refuses bytes in `range` that are not UTF-8, giving the offset in the file: a Latin-1
    /// file would otherwise load with "Zoë" turned into "Zo\u{FFFD}".
    private func checkUTF8(_ range: Range<Int>) throws(DataError) {
        if let offset = UTF8Check.firstInvalidOffset(bytes[range]) {
            throw DataError(file: file, message: UTF8Check.message(offset: range.lowerBound + offset))
        }
    }

    private mutating func readEscape(into buffer: inout [UInt8]) throws(DataError) {
        position += 1  // backslash
        guard let byte = peek else { throw error("unexpected end of file in an escape") }
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            buffer.append(simple)
            position += 1
            return
        }
        guard byte == UInt8(ascii: "u") else {
            position -= 1
            throw error(
                "unknown escape '\\\(currentCharacter(at: position + 1))'; "
                    + "JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        }
        position += 1
        var scalarValue = try readHex4()
        if (0xD800..<0xDC00).contains(scalarValue) {
            // A UTF-16 high surrogate must be followed by \u and its low half.
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else {
                throw error("\\u\(String(scalarValue, radix: 16, uppercase: true)) is half of a pair; add the second \\u escape")
            }
            position += 2
            let low = try readHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid second half of a \\u pair") }
            scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw error("\\u escape is not a character") }
        buffer.append(contentsOf: String(Character(scalar)).utf8)
    }

    private mutating func readHex4() throws(DataError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = hexValue(byte) else {
                throw error("\\u must be followed by four hex digits")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: - Numbers

    private mutating func readNumber(path: String) throws(DataError) -> TemplateValue {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        guard let first = peek, isDigit(first) else { throw error("expected a digit after '-'") }
        if first == UInt8(ascii: "0"), position + 1 < bytes.count, isDigit(bytes[position + 1]) {
            throw error("numbers must not start with 0; put codes such as \"0123\" in double quotes")
        }
        skipDigits()
        var isIntegral = true
        if peek == UInt8(ascii: ".") {
            isIntegral = false
            position += 1
            guard let byte = peek, isDigit(byte) else { throw error("expected a digit after '.'") }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isIntegral = false
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek, isDigit(byte) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        // Integers too large for Int fall back to Double, like JavaScript would read them.
        if isIntegral, let int = Int(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else {
            // 1e400 reads as infinity, which would print as a made-up amount.
            position = start
            throw error(
                "\(path.isEmpty ? "the value" : "'\(path)'") is a number too large to hold "
                    + "(it reads as infinity); numbers in data must be finite")
        }
        return .double(double)
    }

    private mutating func skipDigits() {
        while let byte = peek, isDigit(byte) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    // MARK: - Position and errors

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                line += 1
                lineStart = position
            default:
                return
            }
        }
    }

    /// The 1-based column of `offset` on the current line, counted in Unicode scalars.
    private mutating func column(at offset: Int) -> Int {
        if columnCursor.offset < lineStart || columnCursor.offset > offset {
            columnCursor = (lineStart, 1)
        }
        var column = columnCursor.column
        for index in columnCursor.offset..<offset where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        columnCursor = (offset, column)
        return column
    }

    /// Line and column of an offset before the current position, counted from the start (only
    /// for messages).
    private func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for index in start..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            start = index + 1
        }
        let column = bytes[start..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (line, column)
    }

    /// The letters at the position, to quote a bare word such as `True` in a message.
    private func currentWord() -> String {
        var end = position
        while end < bytes.count, (bytes[end] | 0x20) >= UInt8(ascii: "a"), (bytes[end] | 0x20) <= UInt8(ascii: "z") {
            end += 1
        }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// The whole (possibly multi-byte) character starting at `offset`.
    private func currentCharacter(at offset: Int? = nil) -> String {
        let start = offset ?? position
        guard start < bytes.count else { return "" }
        var end = start + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private mutating func error(_ message: String) -> DataError {
        DataError(file: file, bytes: bytes, line: line, column: column(at: position), message: message)
    }
}
