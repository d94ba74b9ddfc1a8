/// WordprocessingML (DOCX): paragraphs `w:p`, runs `w:r`, text `w:t`, tables `w:tbl/w:tr/w:tc`.
struct DOCXAdapter: FormatAdapter {
    var format: DocumentFormat { .docx }
    private let w = XMLNamespace.word

    func templatedParts(_ names: [String]) -> [String] {
        names.filter { name in
            name == "word/document.xml" || name == "word/footnotes.xml" || name == "word/endnotes.xml"
                || name == "docProps/core.xml"
                || (name.hasPrefix("word/header") && name.hasSuffix(".xml") && !name.contains("/_rels/"))
                || (name.hasPrefix("word/footer") && name.hasSuffix(".xml") && !name.contains("/_rels/"))
        }
    }

    func isPropertiesPart(_ name: String) -> Bool { name == "docProps/core.xml" }

    func isParagraph(_ node: XMLNodePointer) -> Bool { node.is(w, "p") }
    func isTable(_ node: XMLNodePointer) -> Bool { node.is(w, "tbl") }
    func isRow(_ node: XMLNodePointer) -> Bool { node.is(w, "tr") }
    func isCell(_ node: XMLNodePointer) -> Bool { node.is(w, "tc") }
    func isRun(_ node: XMLNodePointer) -> Bool { node.is(w, "r") }

    func segments(of paragraph: XMLNodePointer) -> [TextSegment] {
        var result: [TextSegment] = []
        func walk(_ node: XMLNodePointer) {
            var child = node.firstChild
            while let current = child {
                defer { child = current.next }
                guard current.isElement, current.namespaceURI == w else {
                    // Drawing and markup-compatibility wrappers can hold text boxes; their
                    // paragraphs are visited on their own, so only descend to find runs.
                    if current.isElement { walk(current) }
                    continue
                }
                switch current.localName {
                case "p": continue  // a nested paragraph (text box) is its own paragraph
                case "t":
                    var textChild = current.firstChild
                    while let text = textChild {
                        if text.isText { result.append(.init(node: text, kind: .text, bytes: text.contentBytes)) }
                        textChild = text.next
                    }
                case "tab": result.append(.init(node: current, kind: .character, bytes: [9]))
                case "br", "cr": result.append(.init(node: current, kind: .character, bytes: [10]))
                case "delText", "instrText", "rPr", "pPr": continue
                default: walk(current)
                }
            }
        }
        walk(paragraph)
        return result
    }

    func propertyFields(of root: XMLNodePointer) -> [XMLNodePointer] {
        root.children.filter {
            $0.is(XMLNamespace.dublinCore, "title") || $0.is(XMLNamespace.dublinCore, "subject")
                || $0.is(XMLNamespace.dublinCore, "description")
                || $0.is(XMLNamespace.coreProperties, "keywords")
                || $0.is(XMLNamespace.coreProperties, "category")
        }
    }

    func outputMode(for textNode: XMLNodePointer) -> OutputMode {
        guard let parent = textNode.parent, parent.is(w, "t") else { return .plain }
        let p = prefix(of: w, at: parent, fallback: "w")
        // A run directly in its paragraph can close both and open new ones (docxtpl's \u{7}, \u{C}).
        guard let run = parent.parent, run.is(w, "r"), let paragraph = run.parent, paragraph.is(w, "p") else {
            return .wordRun(prefix: p)
        }
        // The new paragraphs' properties, less a section break (it ends the section once).
        var properties: [UInt8] = []
        if let pPr = paragraph.children(w, "pPr").first {
            properties =
                Array("<\(p):pPr>".utf8) + pPr.children.filter { !$0.is(w, "sectPr") }.flatMap(dump) + Array("</\(p):pPr>".utf8)
        }
        return .wordParagraphs(
            prefix: p, paragraphStart: Array("<\(p):p>".utf8) + properties,
            runStart: Array("<\(p):r>".utf8) + (run.children(w, "rPr").first.map(dump) ?? []), linesAreParagraphs: false)
    }

    func prepareForValues(_ textNode: XMLNodePointer) {
        guard let parent = textNode.parent, parent.is(w, "t") else { return }
        // Without xml:space="preserve" Word trims the spaces at the edges of a value.
        parent.setSpacePreserve()
    }

    func removableUnit(for paragraph: XMLNodePointer) -> XMLNodePointer? {
        // A paragraph carrying the section's properties ends the section: keep it.
        if let properties = paragraph.children(w, "pPr").first, !properties.children(w, "sectPr").isEmpty {
            return nil
        }
        // A table cell (or a text box, header, footnote) must keep at least one paragraph.
        if let parent = paragraph.parent, !parent.is(w, "body") {
            let paragraphs = parent.children.filter(isParagraph)
            if paragraphs.count == 1 { return nil }
        }
        return paragraph
    }

    /// The children of `w:tcPr` in the order the schema requires (Word refuses other orders).
    private static let cellPropertyOrder = [
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange",
    ]

    func placeCellProperty(_ property: CellProperty, of cell: XMLNodePointer, marker: XMLNodePointer) -> CellPropertyMarkup? {
        let p = prefix(of: w, at: cell, fallback: "w")
        let name: String
        let head: String
        switch property {
        case .columnSpan:
            name = "gridSpan"
            head = "<\(p):gridSpan \(p):val=\""
        case .verticalMerge:
            name = "vMerge"
            head = "<\(p):vMerge \(p):val=\""
        case .background:
            name = "shd"
            head = "<\(p):shd \(p):val=\"clear\" \(p):color=\"auto\" \(p):fill=\""
        }
        let properties: XMLNodePointer
        if let existing = cell.children(w, "tcPr").first {
            properties = existing
        } else {
            guard let created = cell.newElement("tcPr", namespace: w) else { return nil }
            cell.prependChild(created)
            properties = created
        }
        var current: String?
        for old in properties.children(w, name) {
            current = current ?? old.attribute(w, "val")
            old.remove()
        }
        let rank = Self.cellPropertyOrder.firstIndex(of: name)!
        let following = properties.children.first { child in
            guard child.isElement, child.namespaceURI == w, let other = Self.cellPropertyOrder.firstIndex(of: child.localName)
            else { return false }
            return other > rank
        }
        if let following { following.insertSibling(marker, after: false) } else { properties.appendChild(marker) }
        return CellPropertyMarkup(head: Array(head.utf8), tail: Array("\"/>".utf8), current: current)
    }

    func cellSpanAttribute(
        _ property: CellProperty, of cell: XMLNodePointer
    ) -> (namespace: String, local: String, coveredCell: [UInt8])? {
        nil
    }
}
