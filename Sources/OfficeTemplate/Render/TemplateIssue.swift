/// Where in a template a tag stands, as an author finds it in Word or LibreOffice.
public struct TagPlace: Sendable, Hashable, CustomStringConvertible {
    /// 1-based paragraph number within the part, counting paragraphs inside tables too.
    public var paragraph: Int
    public var table: Int?
    public var row: Int?
    public var cell: Int?
    /// For document properties: the field ("title").
    public var field: String?

    public var description: String {
        if let field { return "property '\(field)'" }
        var text = "paragraph \(paragraph)"
        if let table, let row, let cell { text += " (table \(table), row \(row), cell \(cell))" }
        return text
    }
}

/// One problem in a template or in rendering it: where it is and what to do about it.
///
/// Its description is one line: `letter.docx: word/document.xml: paragraph 14 (table 1, row 2,
/// cell 3): '{% for c in contacts %}' is never closed; add '{% endfor %}'`.
public struct TemplateIssue: Sendable, Hashable, CustomStringConvertible {
    /// The template's file name (never a path with personal data in it).
    public var file: String
    /// The part of the package (`word/document.xml`, `content.xml`), when known.
    public var part: String?
    public var place: TagPlace?
    /// The tag as the author typed it.
    public var tag: String?
    /// What is wrong and what to do; it quotes the tag where there is one.
    public var message: String
    /// For a value the data lacks: where in the data it was looked for, with loop variables
    /// resolved (`pupil.key_workers[0].phone`), when the render recorded its reads; so that a
    /// caller can report it as a gap in the data rather than a tag to edit.
    public var missingDataPath: String?

    public init(
        file: String, part: String? = nil, place: TagPlace? = nil, tag: String? = nil, message: String,
        missingDataPath: String? = nil
    ) {
        self.file = file
        self.part = part
        self.place = place
        self.tag = tag
        self.message = message
        self.missingDataPath = missingDataPath
    }

    public var description: String {
        var pieces = [file]
        if let part { pieces.append(part) }
        if let place { pieces.append(place.description) }
        pieces.append(message)
        return pieces.joined(separator: ": ")
    }
}

/// A template that cannot be compiled or rendered; carries every problem found, in order.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var issues: [TemplateIssue]

    public init(issues: [TemplateIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
