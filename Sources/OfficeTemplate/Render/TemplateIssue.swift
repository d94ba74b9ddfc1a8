/// Where in a template a tag stands, as an author finds it in Word or LibreOffice.
///
/// Word and LibreOffice show no paragraph numbers, so a place also quotes the template's own
/// text next to the tag (`paragraph 69 (table 5, row 2, cell 1), after 'Key adults for '`):
/// the author searches for it. The quote comes from the template, never from data.
public struct TagPlace: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// 1-based paragraph number within the part, counting paragraphs inside tables too.
    public var paragraph: Int
    public var table: Int?
    public var row: Int?
    public var cell: Int?
    /// For document properties: the field ("title").
    public var field: String?
    /// The paragraph's text just before the tag (at most `TagPlace.quoteLimit` characters).
    public var textBefore: String?
    /// The paragraph's text just after the tag, kept only when nothing stands before it.
    public var textAfter: String?

    /// How many characters of the surrounding text a place quotes at most.
    public static let quoteLimit = 40

    public init(
        paragraph: Int, table: Int? = nil, row: Int? = nil, cell: Int? = nil, field: String? = nil,
        textBefore: String? = nil, textAfter: String? = nil
    ) {
        self.paragraph = paragraph
        self.table = table
        self.row = row
        self.cell = cell
        self.field = field
        self.textBefore = textBefore
        self.textAfter = textAfter
    }

    /// This place with the text around `range` of the paragraph's `text` quoted: what comes
    /// before it, or when nothing does, what comes after.
    func quoting(_ text: [UInt8], around range: Range<Int>) -> TagPlace {
        var place = self
        // Only a window next to the tag is decoded: a paragraph of megabytes with thousands of
        // tags must not cost a pass over the whole text per tag.
        let window = Self.quoteLimit * 8
        let beforeStart = max(0, range.lowerBound - window)
        let afterEnd = min(text.count, range.upperBound + window)
        let before = Self.quote(
            String(decoding: text[beforeStart..<range.lowerBound], as: UTF8.self), fromEnd: true, cut: beforeStart > 0)
        let after = Self.quote(
            String(decoding: text[range.upperBound..<afterEnd], as: UTF8.self), fromEnd: false, cut: afterEnd < text.count)
        place.textBefore = before
        place.textAfter = before == nil ? after : nil
        return place
    }

    /// The last (or first) `quoteLimit` characters of `text`, tabs and line breaks as spaces,
    /// with "…" where text was left out (`cut`: the window already left some out); nil when
    /// nothing but spaces is left.
    private static func quote(_ text: String, fromEnd: Bool, cut: Bool) -> String? {
        let flat = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        guard flat.contains(where: { !$0.isWhitespace }) else { return nil }
        let kept = fromEnd ? String(flat.suffix(quoteLimit)) : String(flat.prefix(quoteLimit))
        if kept.count == flat.count && !cut { return kept }
        return fromEnd ? "…" + kept : kept + "…"
    }

    public var description: String {
        if let field { return "property '\(field)'" }
        var text = "paragraph \(paragraph)"
        if let table, let row, let cell { text += " (table \(table), row \(row), cell \(cell))" }
        if let textBefore {
            text += ", after '\(textBefore)'"
        } else if let textAfter {
            text += ", before '\(textAfter)'"
        }
        return text
    }
}

/// One problem in a template or in rendering it: what kind, where it is and what to do about it.
///
/// Its description is one line: `letter.docx: word/document.xml: paragraph 14 (table 1, row 2,
/// cell 3), after 'Contacts: ': '{% for c in contacts %}' is never closed; add '{% endfor %}'`.
public struct TemplateIssue: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// The kind of problem. The raw values are stable ids, for scripts (`apdocs check --json`)
    /// and for looking a problem up in the README; a message's wording may change, its code does not.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file cannot be read.
        case unreadableFile = "unreadable-file"
        /// Not a .docx or .odt, or a zip that lacks the document's main part.
        case notADocument = "not-a-document"
        /// The zip package is damaged or exceeds the limits against hostile files.
        case invalidPackage = "invalid-package"
        /// A part of the package is not well-formed XML (`line` and `column` say where).
        case malformedXML = "malformed-xml"
        /// `{{`, `{%` or `{#` with no closer in its paragraph.
        case unclosedTag = "unclosed-tag"
        /// A tag whose contents cannot be parsed (a stray character, an open string, an empty tag).
        case tagSyntax = "tag-syntax"
        /// A statement the language does not have (`{% include %}`, `{% endfro %}`).
        case unknownTag = "unknown-tag"
        /// `{% if %}` or `{% for %}` with no `{% endif %}` / `{% endfor %}`.
        case unclosedBlock = "unclosed-block"
        /// A closer, `elif` or `else` with no block open.
        case unopenedBlock = "unopened-block"
        /// A closer of the wrong kind (`{% endif %}` while a `for` is open).
        case mismatchedCloser = "mismatched-closer"
        /// `elif` after `else`, or a second `else`.
        case misplacedElse = "misplaced-else"
        /// Blocks nested deeper than the engine allows.
        case nestingTooDeep = "nesting-too-deep"
        /// The tags of one block at different levels of the document (one in a table, one not).
        case unbalancedBlock = "unbalanced-block"
        /// A tag placed where the document's structure cannot follow it (a row tag beside text,
        /// a tag that would end up out of order once rows are repeated).
        case misplacedTag = "misplaced-tag"
        /// `| image` in a place that holds only text (a document property).
        case pictureOutsideText = "picture-outside-text"
        /// A form control or picture whose tag cannot be used.
        case invalidControl = "invalid-control"
        /// A data path the data does not have (render, or `check --data`).
        case undefinedVariable = "undefined-variable"
        /// A filter the language does not have.
        case unknownFilter = "unknown-filter"
        /// An `is` test the language does not have.
        case unknownTest = "unknown-test"
        /// A filter, test or function given the wrong number or names of arguments.
        case wrongArguments = "wrong-arguments"
        /// A call of a function that is neither `range()` (and the other built-ins) nor a macro of the template.
        case unknownFunction = "unknown-function"
        /// A filter that refused its input or arguments.
        case filterFailed = "filter-failed"
        /// An operation on values of the wrong kind.
        case typeMismatch = "type-mismatch"
        /// A picture the data names that cannot be read or used, or a size that is not one.
        case pictureFailed = "picture-failed"
        /// An output-name pattern that cannot be used.
        case invalidOutputName = "invalid-output-name"
        /// A form-filling map that cannot be used.
        case invalidFormMap = "invalid-form-map"
        /// Not yet given a code of its own.
        case other
    }

    public var code: Code
    /// The template's file name (never a path with personal data in it).
    public var file: String
    /// The part of the package (`word/document.xml`, `content.xml`), when known.
    public var part: String?
    public var place: TagPlace?
    /// For malformed XML: the line and column in the part where the parser gave up.
    public var line: Int?
    public var column: Int?
    /// The tag as the author typed it.
    public var tag: String?
    /// What is wrong and what to do; it quotes the tag where there is one.
    public var message: String
    /// For a value the data lacks: where in the data it was looked for, with loop variables
    /// resolved (`pupil.key_workers[0].phone`), when the render recorded its reads; so that a
    /// caller can report it as a gap in the data rather than a tag to edit.
    public var missingDataPath: String?

    public init(
        code: Code = .other, file: String, part: String? = nil, place: TagPlace? = nil, line: Int? = nil,
        column: Int? = nil, tag: String? = nil, message: String, missingDataPath: String? = nil
    ) {
        self.code = code
        self.file = file
        self.part = part
        self.place = place
        self.line = line
        self.column = column
        self.tag = tag
        self.message = message
        self.missingDataPath = missingDataPath
    }

    public var description: String {
        var pieces = [file]
        if let part { pieces.append(part) }
        if let place { pieces.append(place.description) }
        if let line, let column { pieces.append("line \(line), column \(column)") }
        pieces.append(message)
        return pieces.joined(separator: ": ")
    }

    private enum CodingKeys: String, CodingKey {
        case code, file, part, paragraph, table, row, cell, field, textBefore, textAfter, line, column, tag, message
        case missingDataPath, text
    }

    /// Flat, for scripts: the place's fields sit beside the code and message, and `text` is the
    /// one-line description a person reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(file, forKey: .file)
        try container.encodeIfPresent(part, forKey: .part)
        if let place {
            if place.field == nil { try container.encode(place.paragraph, forKey: .paragraph) }
            try container.encodeIfPresent(place.table, forKey: .table)
            try container.encodeIfPresent(place.row, forKey: .row)
            try container.encodeIfPresent(place.cell, forKey: .cell)
            try container.encodeIfPresent(place.field, forKey: .field)
            try container.encodeIfPresent(place.textBefore, forKey: .textBefore)
            try container.encodeIfPresent(place.textAfter, forKey: .textAfter)
        }
        try container.encodeIfPresent(line, forKey: .line)
        try container.encodeIfPresent(column, forKey: .column)
        try container.encodeIfPresent(tag.map { Excerpt.of($0) }, forKey: .tag)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(missingDataPath, forKey: .missingDataPath)
        try container.encode(description, forKey: .text)
    }
}

/// A template that cannot be compiled or rendered; carries every problem found, in order.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var issues: [TemplateIssue]

    public init(issues: [TemplateIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// The problems of many documents made from the same templates, each printed once.
///
/// A problem in a template (an unknown filter, a misplaced tag) fails every document made
/// from it, in every format; printed once per document it buried the rest. Messages carry no
/// data, so the same line from several documents is the same problem: it is printed once,
/// naming the documents it stopped.
public enum FailureSummary {
    /// How many documents a grouped line names before "and N more".
    public static let namedDocuments = 3

    /// One line per distinct problem, in order of first appearance:
    /// `record 1, record 2, record 3 and 7 more: letter.docx: …`. Each failure's `message`
    /// may hold several lines (a `TemplateError` lists each issue on its own line).
    public static func lines(_ failures: [(document: String, message: String)]) -> [String] {
        var order: [String] = []
        var documents: [String: [String]] = [:]
        for failure in failures {
            for line in failure.message.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
                if documents[line] == nil { order.append(line) }
                if documents[line]?.last != failure.document { documents[line, default: []].append(failure.document) }
            }
        }
        return order.map { line in
            let names = documents[line] ?? []
            var label = names.prefix(namedDocuments).joined(separator: ", ")
            if names.count > namedDocuments { label += " and \(names.count - namedDocuments) more" }
            return "\(label): \(line)"
        }
    }
}
