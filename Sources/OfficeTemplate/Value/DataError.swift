/// A problem loading a data file, pointing at the place in the file when there is one.
///
/// Its `description` is what the command line prints, in the compiler style that editors
/// can jump to, followed by the line with every letter and digit blanked and a caret under
/// the column. The line itself is never shown: it may hold a pupil's name, and messages
/// reach terminals and logs. The blanked copy keeps the shape (quotes, colons, brackets,
/// indentation), which is what a syntax error is about:
///
///     data.json:3:19: error: expected ',' or '}' after a value
///         "xxxx": "xxx" "x"
///                       ^
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file as the user named it.
    public let file: String
    /// 1-based line, or nil when the problem is with the file as a whole (missing, unreadable).
    public let line: Int?
    /// 1-based column counted in Unicode scalars, like libyaml does; nil with `line`.
    public let column: Int?
    /// What is wrong, and where possible what to do about it.
    public let message: String
    /// Line `line` with its letters and digits blanked (`x`, `9`), shown under the message;
    /// long lines are cut to a window around `column`, with `column` adjusted to match.
    public let sourceLine: String?
    /// The column of the caret in `sourceLine` (differs from `column` when the line is cut).
    private let caretColumn: Int?

    /// An error at a place; `sourceLine` is blanked here, so the value never holds data.
    public init(file: String, line: Int?, column: Int?, message: String, sourceLine: String?) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        if let sourceLine, let column {
            let excerpt = Self.blankedExcerpt(of: sourceLine, column: column)
            self.sourceLine = excerpt.line
            self.caretColumn = excerpt.column
        } else {
            self.sourceLine = nil
            self.caretColumn = column
        }
    }

    /// An error about the whole file.
    init(file: String, message: String) {
        self.init(file: file, line: nil, column: nil, message: message, sourceLine: nil)
    }

    /// An error at a position in `text`, taking the source line from the text.
    init(file: String, text: String, line: Int, column: Int, message: String) {
        self.init(file: file, bytes: Array(text.utf8), line: line, column: column, message: message)
    }

    /// An error at a position in UTF-8 `bytes` (invalid sequences show as blanks too).
    init(file: String, bytes: [UInt8], line: Int, column: Int, message: String) {
        var start = 0
        var current = 1
        while current < line, let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            start = newline + 1
            current += 1
        }
        var source: String?
        if current == line {
            var end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            source = String(decoding: bytes[start..<end], as: UTF8.self)
        }
        self.init(file: file, line: line, column: column, message: message, sourceLine: source)
    }

    /// Lines longer than this are shown as a window around the column.
    static let widestLine = 100

    /// `line` blanked: ASCII letters become `x`, digits `9`, any other non-ASCII character
    /// `x`; spaces, tabs and ASCII punctuation stay. One scalar stays one scalar, so the
    /// caret still lines up. A long line is cut to `widestLine` around `column`.
    static func blankedExcerpt(of line: String, column: Int) -> (line: String, column: Int) {
        var scalars: [Unicode.Scalar] = line.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x30...0x39: "9"
            case 0x41...0x5A, 0x61...0x7A: "x"
            case 0x09, 0x20...0x7E: scalar
            case 0...0x1F, 0x7F: " "
            default: "x"
            }
        }
        var caret = column
        if scalars.count > widestLine {
            let width = widestLine - 20
            let start = max(0, min(column - 1 - 60, scalars.count - width))
            let end = min(scalars.count, start + width)
            var window = Array(scalars[start..<end])
            if start > 0 {
                window.insert("…", at: 0)
                caret = column - start + 1
            }
            if end < scalars.count { window.append("…") }
            scalars = window
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return (String(text), caret)
    }

    public var description: String {
        guard let line, let column else { return "\(file): error: \(message)" }
        var result = "\(file):\(line):\(column): error: \(message)"
        if let sourceLine, let caretColumn {
            result += "\n" + sourceLine + "\n" + Self.caretPadding(for: sourceLine, column: caretColumn) + "^"
        }
        return result
    }

    /// The whitespace that puts a caret under `column`: a tab where the line has a tab (so the
    /// caret lines up in any tab width), a space for every other scalar.
    private static func caretPadding(for line: String, column: Int) -> String {
        var padding = ""
        for scalar in line.unicodeScalars.prefix(max(0, column - 1)) {
            padding += scalar == "\t" ? "\t" : " "
        }
        if column - 1 > line.unicodeScalars.count {
            padding += String(repeating: " ", count: column - 1 - line.unicodeScalars.count)
        }
        return padding
    }
}
