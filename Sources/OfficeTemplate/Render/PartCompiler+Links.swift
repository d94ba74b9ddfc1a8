/// Tags in hyperlink targets: `https://example.org/pupils/{{ pupil.id }}`.
///
/// - DOCX: a `w:hyperlink` points by `r:id` at a relationship whose target holds the tags. Each
///   rendering of the link (each pass of a loop) gets a relationship of its own, so links in a
///   loop can differ.
/// - ODT: the `xlink:href` of a `text:a` holds the tags; it is written in place.
///
/// Attributes cannot hold markers, so the attribute gets a placeholder that `buildProgram`
/// turns into a marker in the serialised XML.
extension PartCompiler {
    /// Marks each link whose target holds tags; reports a target whose tags are not `{{ }}` values.
    func templateLinks(_ root: XMLNodePointer, _ paragraphs: [ParagraphText]) {
        let paragraphIndex = Dictionary(paragraphs.enumerated().map { ($1.node, $0) }, uniquingKeysWith: { first, _ in first })
        func place(of node: XMLNodePointer) -> TagPlace {
            guard let paragraph = node.ancestor(where: format.isParagraph), let index = paragraphIndex[paragraph] else {
                return TagPlace(paragraph: 0)
            }
            return paragraphs[index].place
        }
        switch format.format {
        case .docx:
            guard !relationshipTargets.isEmpty else { return }
            let r = XMLNamespace.officeRelationships
            for link in root.descendants(where: { $0.is(XMLNamespace.word, "hyperlink") }) {
                guard let id = link.attribute(r, "id"), let target = relationshipTargets[id].map(Self.linkTemplate) else {
                    continue
                }
                let reference = TagReference(source: target, place: place(of: link))
                let marker = Self.structureBase + structureMarkers.count
                guard let pieces = targetNodes(target, reference, tag: marker) else { continue }
                structureMarkers[marker] = StructureMarker(effect: .nodes([.link(target: pieces, tag: marker)]), origin: nil)
                controlReferences[marker] = reference
                link.setAttribute(r, "id", Self.attributePlaceholder(marker))
            }
        case .odt:
            let xlink = XMLNamespace.xlink
            for link in root.descendants(where: { $0.is(XMLNamespace.odfText, "a") }) {
                guard let target = link.attribute(xlink, "href").map(Self.linkTemplate), target.contains("{{") else {
                    continue
                }
                let reference = TagReference(source: target, place: place(of: link))
                let marker = Self.structureBase + structureMarkers.count
                guard let pieces = targetNodes(target, reference, tag: marker) else { continue }
                structureMarkers[marker] = StructureMarker(effect: .nodes(pieces), origin: nil)
                controlReferences[marker] = reference
                link.setAttribute(xlink, "href", Self.attributePlaceholder(marker))
            }
        }
    }

    /// The target as render nodes: its text escaped for an attribute, its tags as URL values.
    private func targetNodes(_ target: String, _ reference: TagReference, tag: Int) -> [RenderNode]? {
        let bytes = Array(target.utf8)
        let scan = TagScanner.scan(bytes)
        for problem in scan.problems { report(reference.place, tag: target, "'\(target)' (a link's target): \(problem.message)") }
        guard scan.problems.isEmpty else { return nil }
        var nodes: [RenderNode] = []
        var cursor = 0
        let literal = ValueWriter(mode: .attribute)
        for found in scan.tags {
            var text: [UInt8] = []
            literal.append(String(decoding: bytes[cursor..<found.range.lowerBound], as: UTF8.self), to: &text)
            if !text.isEmpty { nodes.append(.chunk(text)) }
            let source = String(decoding: bytes[found.range], as: UTF8.self)
            do {
                guard case .output(let expression) = try TagParser.parse(source).kind else {
                    report(
                        reference.place, tag: source,
                        "'\(source)' in a link's target: only values ({{ … }}) can go there; put conditions and loops around the link"
                    )
                    return nil
                }
                nodes.append(.value(expression, .urlAttribute, tag: tag))
            } catch {
                report(reference.place, tag: source, "'\(source)' (in a link's target): \(error.message)")
                return nil
            }
            cursor = found.range.upperBound
        }
        var rest: [UInt8] = []
        literal.append(String(decoding: bytes[cursor...], as: UTF8.self), to: &rest)
        if !rest.isEmpty { nodes.append(.chunk(rest)) }
        return nodes
    }

    /// A target as the author typed it: word processors may store `{{ x }}` percent-encoded
    /// (`%7B%7B%20x%20%7D%7D`); then the whole target is decoded.
    static func linkTemplate(_ target: String) -> String {
        guard !target.contains("{{"), target.lowercased().contains("%7b%7b") else { return target }
        var bytes: [UInt8] = []
        let source = Array(target.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let value = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Stands in an attribute for marker `id` until the part is serialised (private-use
    /// characters, which no writer puts in a link).
    static func attributePlaceholder(_ id: Int) -> String { "\u{E000}apdocs\(id)\u{E000}" }

    /// The serialised part with each link placeholder replaced by its marker.
    func replacingAttributePlaceholders(_ xml: [UInt8]) -> [UInt8] {
        let lead = Array("\u{E000}apdocs".utf8)
        let close = Array("\u{E000}".utf8)
        guard !structureMarkers.isEmpty else { return xml }
        var out: [UInt8] = []
        out.reserveCapacity(xml.count)
        var index = 0
        while index < xml.count {
            if xml[index] == lead[0], xml[index...].starts(with: lead) {
                var scan = index + lead.count
                var value = 0
                while scan < xml.count, xml[scan] >= 48, xml[scan] <= 57, value < Int.max / 10 - 10 {
                    value = value * 10 + Int(xml[scan] - 48)
                    scan += 1
                }
                if xml[scan...].starts(with: close), structureMarkers[value] != nil {
                    out += Array("<?apdocs \(value)?>".utf8)
                    index = scan + close.count
                    continue
                }
            }
            out.append(xml[index])
            index += 1
        }
        return out
    }
}
