/// OpenDocument text (ODT): paragraphs `text:p`/`text:h`, spans, tables
/// `table:table/table:table-row/table:table-cell`; headers and footers live in `styles.xml`.
struct ODTAdapter: FormatAdapter {
    var format: DocumentFormat { .odt }
    private let text = XMLNamespace.odfText
    private let table = XMLNamespace.odfTable

    func templatedParts(_ names: [String]) -> [String] {
        names.filter { $0 == "content.xml" || $0 == "styles.xml" || $0 == "meta.xml" }
    }

    func isPropertiesPart(_ name: String) -> Bool { name == "meta.xml" }

    func isParagraph(_ node: XMLNodePointer) -> Bool { node.is(text, "p") || node.is(text, "h") }
    func isTable(_ node: XMLNodePointer) -> Bool { node.is(table, "table") }
    func isRow(_ node: XMLNodePointer) -> Bool { node.is(table, "table-row") }
    func isCell(_ node: XMLNodePointer) -> Bool { node.is(table, "table-cell") || node.is(table, "covered-table-cell") }
    func isRun(_ node: XMLNodePointer) -> Bool { node.is(text, "span") }

    func segments(of paragraph: XMLNodePointer) -> [TextSegment] {
        var result: [TextSegment] = []
        func walk(_ node: XMLNodePointer) {
            var child = node.firstChild
            while let current = child {
                defer { child = current.next }
                if current.isText {
                    result.append(.init(node: current, kind: .text, bytes: current.contentBytes))
                    continue
                }
                guard current.isElement else { continue }
                if current.namespaceURI == text {
                    switch current.localName {
                    case "s":
                        let count = current.attribute(text, "c").flatMap { Int($0) } ?? 1
                        result.append(.init(node: current, kind: .character, bytes: Array(repeating: 32, count: max(1, count))))
                    case "tab": result.append(.init(node: current, kind: .character, bytes: [9]))
                    case "line-break": result.append(.init(node: current, kind: .character, bytes: [10]))
                    // Notes and nested paragraphs are paragraphs of their own.
                    case "note", "p", "h", "tracked-changes": continue
                    default: walk(current)
                    }
                } else if current.namespaceURI == XMLNamespace.odfOffice || current.namespaceURI == XMLNamespace.odfDraw {
                    continue  // annotations, frames, text boxes: not this paragraph's text
                } else {
                    walk(current)
                }
            }
        }
        walk(paragraph)
        return result
    }

    func propertyFields(of root: XMLNodePointer) -> [XMLNodePointer] {
        guard let meta = root.children(XMLNamespace.odfOffice, "meta").first else { return [] }
        return meta.children.filter {
            $0.is(XMLNamespace.dublinCore, "title") || $0.is(XMLNamespace.dublinCore, "subject")
                || $0.is(XMLNamespace.dublinCore, "description") || $0.is(XMLNamespace.odfMeta, "keyword")
        }
    }

    func outputMode(for textNode: XMLNodePointer) -> OutputMode {
        guard let parent = textNode.parent, parent.namespaceURI == text else { return .plain }
        return .odfText(prefix: prefix(of: text, at: parent, fallback: "text"))
    }

    func prepareForValues(_ textNode: XMLNodePointer) {}

    func removableUnit(for paragraph: XMLNodePointer) -> XMLNodePointer? {
        guard let parent = paragraph.parent else { return nil }
        let siblings = parent.children.filter(\.isElement)
        if siblings.count == 1 {
            // A list item with nothing else would leave an empty bullet: take the item with it.
            if parent.is(text, "list-item") { return parent }
            // A table cell may be empty in ODF, but an empty cell would lose its paragraph style.
            if isCell(parent) { return nil }
        }
        return paragraph
    }

    func placeCellProperty(_ property: CellProperty, of cell: XMLNodePointer, marker: XMLNodePointer) -> CellPropertyMarkup? {
        nil
    }

    func cellSpanAttribute(
        _ property: CellProperty, of cell: XMLNodePointer
    ) -> (namespace: String, local: String, coveredCell: [UInt8])? {
        let local: String
        switch property {
        case .columnSpan: local = "number-columns-spanned"
        case .verticalMerge: local = "number-rows-spanned"
        case .background: return nil
        }
        let p = prefix(of: table, at: cell, fallback: "table")
        return (table, local, Array("<\(p):covered-table-cell/>".utf8))
    }
}
