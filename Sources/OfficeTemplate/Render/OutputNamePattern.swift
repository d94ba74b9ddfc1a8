/// A file-name pattern such as `output/{{ id }}-letter.docx`, filled per record.
///
/// What comes from data is cleaned so it can never leave the folder or hide a file: `/` and `\`
/// become `-`, `..` becomes `_`, control characters and bidirectional controls go, and leading
/// dots and spaces are trimmed.
public struct OutputNamePattern: Sendable {
    private enum Piece: Sendable {
        case literal(String)
        case value(Expression, source: String)
    }

    private let pieces: [Piece]
    public let pattern: String

    public init(_ pattern: String) throws {
        self.pattern = pattern
        let bytes = Array(pattern.utf8)
        let scan = TagScanner.scan(bytes)
        if let problem = scan.problems.first {
            throw TemplateError(issues: [
                TemplateIssue(code: .invalidOutputName, file: "output name '\(pattern)'", message: problem.message)
            ])
        }
        var pieces: [Piece] = []
        var cursor = 0
        for tag in scan.tags {
            if tag.range.lowerBound > cursor {
                pieces.append(.literal(String(decoding: bytes[cursor..<tag.range.lowerBound], as: UTF8.self)))
            }
            let source = String(decoding: bytes[tag.range], as: UTF8.self)
            let parsed: ParsedTag
            do {
                parsed = try TagParser.parse(source)
            } catch {
                throw TemplateError(issues: [
                    TemplateIssue(
                        code: .invalidOutputName, file: "output name '\(pattern)'", message: "'\(source)': \(error.message)")
                ])
            }
            guard case .output(let expression) = parsed.kind else {
                throw TemplateError(issues: [
                    TemplateIssue(
                        code: .invalidOutputName, file: "output name '\(pattern)'",
                        message: "'\(source)': only {{ value }} tags can build a file name")
                ])
            }
            pieces.append(.value(expression, source: source))
            cursor = tag.range.upperBound
        }
        if cursor < bytes.count { pieces.append(.literal(String(decoding: bytes[cursor...], as: UTF8.self))) }
        self.pieces = pieces
    }

    /// Whether the pattern reads the record at all (without tags every record gets one name).
    public var hasTags: Bool {
        pieces.contains { if case .value = $0 { return true } else { return false } }
    }

    /// The file name for one record.
    public func name(for record: TemplateValue) throws -> String {
        var name = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): name += text
            case .value(let expression, let source):
                let scope = Scope(root: record, options: EvaluationOptions())
                do {
                    name += Self.clean(text(of: try evaluate(expression, in: scope)))
                } catch {
                    throw TemplateError(issues: [
                        TemplateIssue(
                            code: .invalidOutputName, file: "output name '\(pattern)'", message: "'\(source)': \(error.message)")
                    ])
                }
            }
        }
        return name
    }

    /// One name per record; two records giving one name is an error, never an overwrite.
    public func names(for records: [TemplateValue]) throws -> [String] {
        var seen: [String: Int] = [:]
        var names: [String] = []
        var issues: [TemplateIssue] = []
        for (index, record) in records.enumerated() {
            let name = try self.name(for: record)
            // The name is not quoted: it is made from data, perhaps a pupil's name.
            if let first = seen[name] {
                issues.append(
                    TemplateIssue(
                        code: .invalidOutputName, file: "output name '\(pattern)'",
                        message:
                            "records \(first + 1) and \(index + 1) give the same file name; add something unique to the pattern, such as {{ id }}"
                    ))
            }
            seen[name] = seen[name] ?? index
            names.append(name)
        }
        guard issues.isEmpty else { throw TemplateError(issues: issues) }
        return names
    }

    /// Makes a piece of data safe inside a file name.
    static func clean(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "/", "\\": result += "-"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            // Bidirectional controls (U+202A-202E, U+2066-2069, U+200E/200F) reorder how a
            // name is shown: "\u{202E}xcod.exe" looks like "exe.docx" in a file manager.
            case "\u{200E}", "\u{200F}", "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        while result.contains("..") {
            result = result.split(separator: "..", omittingEmptySubsequences: false).joined(separator: "_")
        }
        while let first = result.first, first == "." || first == " " { result.removeFirst() }
        while let last = result.last, last == " " { result.removeLast() }
        return result.isEmpty ? "_" : result
    }
}
