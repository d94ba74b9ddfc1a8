/// The two package formats a template can be in.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case docx
    case odt

    /// The format named by a file's extension (`letter.docx`), if it is one we fill.
    public init?(path: String) {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        self.init(rawValue: ext)
    }
}

/// A piece of a paragraph's visible text: a text node, or an element that stands for
/// characters (a tab, a line break, ODF's `text:s` spaces).
struct TextSegment {
    enum Kind {
        case text
        case character
    }
    var node: XMLNodePointer
    var kind: Kind
    var bytes: [UInt8]
}

/// How a value is written into the XML where its tag stood.
enum OutputMode: Sendable, Hashable {
    /// Inside a WordprocessingML `w:t`: breaks and tabs close and reopen the text element.
    case wordRun(prefix: String)
    /// Inside a `w:t` of a run directly in a paragraph: as `wordRun`, and docxtpl's control
    /// characters work: `\u{7}` closes the paragraph and opens a new one, which starts with
    /// `paragraphStart` (`<w:p><w:pPr>…</w:pPr>`) and `runStart` (`<w:r><w:rPr>…</w:rPr>`);
    /// `\u{C}` puts a page break in a paragraph between. With `linesAreParagraphs` (a block-level
    /// rich-text control) each new line also starts a paragraph.
    case wordParagraphs(prefix: String, paragraphStart: [UInt8], runStart: [UInt8], linesAreParagraphs: Bool)
    /// Inside an ODF paragraph or span: breaks, tabs and repeated spaces become elements.
    case odfText(prefix: String)
    /// Plain element text (document properties): only escaping.
    case plain
    /// An attribute value in double quotes (a cell's span or colour, a link's target): quotes
    /// escaped too, and line breaks and tabs left out, so a value stays one attribute.
    case attribute
    /// A link's target in an attribute: as `attribute`, and spaces, quotes and angle brackets
    /// percent-encoded, so a value cannot end the link or break it in two.
    case urlAttribute
}

/// What differs between DOCX and ODT for the compiler: names of the structural elements,
/// which parts hold tags, where visible text lives.
protocol FormatAdapter: Sendable {
    var format: DocumentFormat { get }
    /// Parts that may hold tags, in package order.
    func templatedParts(_ names: [String]) -> [String]
    /// Parts whose text is a handful of property fields (title, subject) rather than paragraphs.
    func isPropertiesPart(_ name: String) -> Bool
    func isParagraph(_ node: XMLNodePointer) -> Bool
    func isTable(_ node: XMLNodePointer) -> Bool
    func isRow(_ node: XMLNodePointer) -> Bool
    func isCell(_ node: XMLNodePointer) -> Bool
    func isRun(_ node: XMLNodePointer) -> Bool
    /// The visible text of one paragraph, in order, excluding nested paragraphs (text boxes, notes).
    func segments(of paragraph: XMLNodePointer) -> [TextSegment]
    /// Property fields that may hold tags (`dc:title`), each treated as a one-line paragraph.
    func propertyFields(of root: XMLNodePointer) -> [XMLNodePointer]
    /// How values are written into this text node's place.
    func outputMode(for textNode: XMLNodePointer) -> OutputMode
    /// Prepares the element holding a text node that will receive values (DOCX: keep spaces).
    func prepareForValues(_ textNode: XMLNodePointer)
    /// What to remove when a paragraph holding only block tags is taken away: the paragraph,
    /// a wrapper that would be left empty (an ODF list item), or nil when it must stay
    /// (the last paragraph of a table cell, a DOCX section break).
    func removableUnit(for paragraph: XMLNodePointer) -> XMLNodePointer?
    /// docxtpl's cell extensions: puts `marker` where `property` belongs among `cell`'s
    /// properties (taking out the one already there) and returns the property's XML around its
    /// value; nil when the format cannot set it this way (ODF keeps spans in attributes).
    func placeCellProperty(_ property: CellProperty, of cell: XMLNodePointer, marker: XMLNodePointer) -> CellPropertyMarkup?
    /// ODF merges cells by a span attribute on the first cell and covered cells in place of the
    /// others: the attribute for a column (`columnSpan`) or row (`verticalMerge`) span and the
    /// XML of one covered cell; nil when the format merges by cell properties (DOCX).
    func cellSpanAttribute(
        _ property: CellProperty, of cell: XMLNodePointer
    ) -> (namespace: String, local: String, coveredCell: [UInt8])?
}

/// A table cell property that a cell extension (`{% colspan %}`, `{% vm %}`...) sets at render.
enum CellProperty {
    case columnSpan
    case verticalMerge
    case background
}

/// A cell property's XML: `head` + value + `tail`, as in `<w:gridSpan w:val="` 3 `"/>`.
struct CellPropertyMarkup {
    var head: [UInt8]
    var tail: [UInt8]
    /// The value the template's cell had (its span, for `{% hm %}`), if any.
    var current: String?
}

extension FormatAdapter {
    /// The table row or cell, or paragraph, ancestor used to name where a tag is.
    func enclosingCell(of node: XMLNodePointer) -> XMLNodePointer? { node.ancestor(where: isCell) }
    func enclosingRow(of node: XMLNodePointer) -> XMLNodePointer? { node.ancestor(where: isRow) }
    func enclosingTable(of node: XMLNodePointer) -> XMLNodePointer? { node.ancestor(where: isTable) }
}

/// The adapter for a format.
func adapter(for format: DocumentFormat) -> any FormatAdapter {
    switch format {
    case .docx: return DOCXAdapter()
    case .odt: return ODTAdapter()
    }
}
