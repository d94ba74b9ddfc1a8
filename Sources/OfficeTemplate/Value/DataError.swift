/// A problem loading a data file, pointing at the place in the file when there is one.
///
/// Its `description` is what the command line prints, in the compiler style that editors
/// can jump to, followed by the offending line and a caret under the column:
///
///     data.json:3:19: error: expected ',' or '}' after a value
///         "name": "Zoë" "x"
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
    /// The text of line `line` (without its line break), shown under the message.
    public let sourceLine: String?

    public init(file: String, line: Int?, column: Int?, message: String, sourceLine: String?) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    /// An error about the whole file.
    init(file: String, message: String) {
        self.init(file: file, line: nil, column: nil, message: message, sourceLine: nil)
    }

    /// An error at a position in `text`, taking the source line from the text.
    init(file: String, text: String, line: Int, column: Int, message: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var source: String?
        if line >= 1 && line <= lines.count {
            var lineText = lines[line - 1]
            if lineText.hasSuffix("\r") { lineText = lineText.dropLast() }
            source = String(lineText)
        }
        self.init(file: file, line: line, column: column, message: message, sourceLine: source)
    }

    public var description: String {
        guard let line, let column else { return "\(file): error: \(message)" }
        var result = "\(file):\(line):\(column): error: \(message)"
        if let sourceLine {
            result += "\n" + sourceLine + "\n" + Self.caretPadding(for: sourceLine, column: column) + "^"
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
