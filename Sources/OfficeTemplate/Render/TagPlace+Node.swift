// Places of things that are not tags in the text (pictures found by their alt text, title or
// name; form controls found by their tag, title or name) quote the template's text next to
// them, as tags' places do, so that an author can find them in Word or LibreOffice.

extension TagPlace {
    /// This place (of `paragraph`) with the paragraph's text next to `node` quoted: the text
    /// before it, or when nothing stands before it, the text after it. When `node` is or holds
    /// the paragraph (a control around whole paragraphs), the paragraph's first words are quoted.
    ///
    /// Text inside `node`, inside any of `hidden` (the part's form controls) and inside a
    /// legacy form field's result is left out: a form someone has filled in holds data there,
    /// and a place quotes only the template's own text. The text is read from the tree as it
    /// is now, so a tag already replaced by its marker is not quoted either.
    func quoting(
        around node: XMLNodePointer, in paragraph: XMLNodePointer, format: any FormatAdapter, hidden: Set<XMLNodePointer> = []
    ) -> TagPlace {
        var bytesOf: [XMLNodePointer: [UInt8]] = [:]
        for segment in format.segments(of: paragraph) { bytesOf[segment.node, default: []] += segment.bytes }
        var visible: [UInt8] = []
        var position: Int?
        var inFormField = false
        func walk(_ current: XMLNodePointer) {
            if current.is(XMLNamespace.word, "fldChar") {
                // A legacy form field's result runs from its begin (holding `w:ffData`) to its end.
                switch current.attribute(XMLNamespace.word, "fldCharType") {
                case "begin": inFormField = inFormField || current.children.contains { $0.is(XMLNamespace.word, "ffData") }
                case "end": inFormField = false
                default: break
                }
            }
            if current == node {
                position = visible.count
                return
            }
            if hidden.contains(current) { return }
            if !inFormField, let bytes = bytesOf[current] { visible += bytes }
            var child = current.firstChild
            while let next = child {
                walk(next)
                child = next.next
            }
        }
        if node != paragraph { walk(paragraph) }
        // `node` was not met inside the paragraph: it is the paragraph or holds it.
        let at = position ?? 0
        return quoting(visible, around: at..<at)
    }
}
