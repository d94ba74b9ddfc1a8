/// Compiles one XML part of a template into a `PartProgram`: static XML chunks between the
/// places where tags act.
///
/// The steps, in order:
/// 1. read each paragraph's visible text (Word splits a tag over runs, LibreOffice over spans);
/// 2. find and parse the tags, pair the block tags, report every problem;
/// 3. move each tag's text into the text node where it starts (so the value keeps that run's
///    formatting) and drop the pieces of it left in later runs;
/// 4. decide where each tag acts (`Anchor`): in the text, or in place of a paragraph, row or cell;
/// 5. put a processing-instruction marker at each place, serialise, and cut the XML at the markers.
final class PartCompiler {
    let file: String
    let part: String
    let tree: XMLTree
    let format: any FormatAdapter
    private(set) var issues: [TemplateIssue] = []
    /// Render nodes of bound controls (check boxes, content controls), by marker number (Forms/TemplateControls.swift).
    var controlNodes: [Int: RenderNode] = [:]
    var controlReferences: [Int: TagReference] = [:]
    /// Markers the compiler adds for a tag's effect elsewhere (a cell extension's property), by marker number.
    var structureMarkers: [Int: StructureMarker] = [:]
    /// DOCX: targets of this part's external relationships that hold tags, by relationship id.
    var relationshipTargets: [String: String] = [:]

    init(file: String, part: String, tree: XMLTree, format: any FormatAdapter) {
        self.file = file
        self.part = part
        self.tree = tree
        self.format = format
    }

    func report(_ place: TagPlace?, tag: String?, _ message: String, code: TemplateIssue.Code = .other) {
        issues.append(TemplateIssue(code: code, file: file, part: part, place: place, tag: tag, message: message))
        // Authors read the list top to bottom, as they read the document.
        let paragraphOrder = { (issue: TemplateIssue) in issue.place?.paragraph ?? 0 }
        if issues.count > 1, paragraphOrder(issues[issues.count - 2]) > paragraphOrder(issues[issues.count - 1]) {
            let sorted = issues.enumerated().sorted {
                (paragraphOrder($0.element), $0.offset) < (paragraphOrder($1.element), $1.offset)
            }
            issues = sorted.map(\.element)
        }
    }

    /// The compiled part, or nil when problems were reported.
    func compile() -> PartProgram? {
        guard let root = tree.root else { return nil }
        mergeTrimmedParagraphs(root)
        var paragraphs = paragraphs(of: root)
        let tags = scanTags(paragraphs)
        let slots = pictureSlots(root, paragraphs)
        if tags.isEmpty {
            guard issues.isEmpty else { return nil }
            bindControls(root, paragraphs)
            templateLinks(root, paragraphs)
            guard issues.isEmpty else { return nil }
            unescapeLiteralTags(root)
            var program =
                controlNodes.isEmpty && structureMarkers.isEmpty
                ? PartProgram(nodes: [.chunk(tree.serialize())]) : buildProgram(xml: tree.serialize(), tags: [], modes: [:])!
            program.pictureSlots = slots.map(\.slot)
            for slot in slots { program.tags[slot.slot.tag] = slot.reference }
            return program
        }
        // A tag that cannot be read is reported and left out (a block tag has a stand-in), and the
        // later checks go on, so that `check` lists every problem at once. Blocks that do not
        // pair make those checks guesswork: then they are skipped.
        let unreadable = issues.count
        let groups = groupBlocks(tags)
        guard issues.count == unreadable else { return nil }

        let spans = normalizeTagText(&paragraphs, tags)
        let anchors = AnchorPlanner(format: format, paragraphs: paragraphs, tags: tags, groups: groups).plan()
        for conflict in anchors.conflicts { report(conflict.place, tag: conflict.tag, conflict.message, code: .misplacedTag) }
        guard anchors.conflicts.isEmpty else { return nil }

        let cellSites = cellExtensionSites(tags, paragraphs, spans, groups, anchors)
        guard issues.count == unreadable else { return nil }
        let (modes, markers) = placeMarkers(paragraphs, tags, spans, anchors)
        checkBalance(groups, tags, markers: markers)
        for unit in anchors.removed { unit.remove() }
        guard issues.count == unreadable else { return nil }
        applyCellExtensions(cellSites)
        guard issues.count == unreadable else { return nil }
        for tag in tags {
            if case .output(.filter(_, "image", _)) = tag.parsed.kind, modes[tag.id] == .plain {
                report(
                    tag.place, tag: tag.source,
                    "'\(Excerpt.of(tag.source))': a picture can only go in the document's text, not in its properties",
                    code: .pictureOutsideText)
            }
        }
        guard issues.isEmpty else { return nil }
        bindControls(root, paragraphs)
        templateLinks(root, paragraphs)
        guard issues.isEmpty else { return nil }
        unescapeLiteralTags(root)
        let xml = tree.serialize()
        guard var program = buildProgram(xml: xml, tags: tags, modes: modes) else { return nil }
        program.pictureSlots = slots.map(\.slot)
        for slot in slots { program.tags[slot.slot.tag] = slot.reference }
        return program
    }

    // MARK: Paragraphs

    func paragraphs(of root: XMLNodePointer) -> [ParagraphText] {
        if format.isPropertiesPart(part) {
            return format.propertyFields(of: root).enumerated().map { index, field in
                let texts = field.children.filter(\.isText).map { TextSegment(node: $0, kind: .text, bytes: $0.contentBytes) }
                return ParagraphText(node: field, segments: texts, place: TagPlace(paragraph: index + 1, field: field.localName))
            }
        }
        let nodes = root.descendants(where: format.isParagraph)
        let tables = root.descendants(where: format.isTable)
        var tableNumber: [XMLNodePointer: Int] = [:]
        for (index, table) in tables.enumerated() { tableNumber[table] = index + 1 }
        return nodes.enumerated().map { index, node in
            var place = TagPlace(paragraph: index + 1)
            if let cell = format.enclosingCell(of: node), let row = format.enclosingRow(of: cell),
                let table = format.enclosingTable(of: row)
            {
                place.table = tableNumber[table]
                let rows = table.descendants(where: format.isRow).filter { format.enclosingTable(of: $0) == table }
                place.row = (rows.firstIndex(of: row) ?? 0) + 1
                place.cell = (row.children.filter(format.isCell).firstIndex(of: cell) ?? 0) + 1
            }
            return ParagraphText(node: node, segments: format.segments(of: node), place: place)
        }
    }

    // MARK: Step 3: one text node per tag

    /// Where a tag's text now sits: in which segment of its paragraph, at which byte offsets.
    struct TagSpan {
        var paragraph: Int
        var segment: Int
        var range: Range<Int>
    }

    /// Gives each tag's whole text to the text node where it starts and removes the rest of it
    /// from the following runs; returns where each tag ended up.
    private func normalizeTagText(_ paragraphs: inout [ParagraphText], _ tags: [TagOccurrence]) -> [Int: TagSpan] {
        var spans: [Int: TagSpan] = [:]
        var byParagraph: [Int: [TagOccurrence]] = [:]
        for tag in tags { byParagraph[tag.paragraph, default: []].append(tag) }
        for (index, paragraphTags) in byParagraph {
            var paragraph = paragraphs[index]
            var contents = paragraph.segments.map { _ in [UInt8]() }
            var doomed: [Int] = []
            // Text nodes whose edges may now be spaces that Word must keep. A tag that prints
            // nothing, inside one run, leaves the run's text as docxtpl does (`{% colspan 2 %} Wide`
            // shows "Wide" where the run does not keep spaces).
            var needsSpaces = Set<Int>()
            let trimmed = Self.trimmedWhitespace(paragraph.text, paragraphTags)
            var next = 0
            for (segmentIndex, segment) in paragraph.segments.enumerated() {
                let start = paragraph.starts[segmentIndex]
                let end = start + segment.bytes.count
                var position = start
                while position < end {
                    while next < paragraphTags.count, paragraphTags[next].range.upperBound <= position { next += 1 }
                    if next < paragraphTags.count, paragraphTags[next].range.lowerBound <= position {
                        let tag = paragraphTags[next]
                        if !tag.printsNothing || tag.range.lowerBound < start || tag.range.upperBound > end {
                            needsSpaces.insert(segmentIndex)
                        }
                        if segment.kind == .character {
                            doomed.append(segmentIndex)
                        } else if tag.range.lowerBound >= start {
                            let offset = contents[segmentIndex].count
                            contents[segmentIndex].append(contentsOf: paragraph.text[tag.range])
                            spans[tag.id] = TagSpan(
                                paragraph: index, segment: segmentIndex, range: offset..<offset + tag.range.count)
                        }
                        position = min(end, tag.range.upperBound)
                    } else {
                        let stop = next < paragraphTags.count ? min(end, paragraphTags[next].range.lowerBound) : end
                        if segment.kind == .text {
                            for offset in position..<stop where !trimmed.contains(offset) {
                                contents[segmentIndex].append(paragraph.text[offset])
                            }
                        } else if (position..<stop).allSatisfy(trimmed.contains) {
                            doomed.append(segmentIndex)  // a tab or line break that `-%}` strips
                        }
                        position = stop
                    }
                }
            }
            for (segmentIndex, segment) in paragraph.segments.enumerated() where segment.kind == .text {
                guard contents[segmentIndex] != segment.bytes else { continue }
                if contents[segmentIndex].isEmpty {
                    // Only the piece of a tag was here: take the run (span) with it if nothing else is left.
                    pruneEmpty(segment.node, upTo: paragraph.node)
                } else {
                    segment.node.setTextContent(contents[segmentIndex])
                    if needsSpaces.contains(segmentIndex) { format.prepareForValues(segment.node) }
                }
                paragraph.segments[segmentIndex].bytes = contents[segmentIndex]
            }
            for segmentIndex in doomed.reversed() {
                paragraph.segments[segmentIndex].node.remove()
                paragraph.segments[segmentIndex].bytes = []
            }
            paragraphs[index] = paragraph
        }
        return spans
    }

    /// The byte offsets of white space that Jinja's whitespace control strips: before a tag
    /// opened with `{{-` or `{%-` and after one closed with `-}}` or `-%}`, up to the nearest
    /// other text or tag in the paragraph.
    static func trimmedWhitespace(_ text: [UInt8], _ tags: [TagOccurrence]) -> Set<Int> {
        var trimmed = Set<Int>()
        func isSpace(_ offset: Int) -> Bool {
            switch text[offset] {
            case 9, 10, 13, 32: return true
            default: return false
            }
        }
        for (position, tag) in tags.enumerated() {
            if tag.parsed.trimsBefore {
                let floor = position > 0 ? tags[position - 1].range.upperBound : 0
                var offset = tag.range.lowerBound - 1
                while offset >= floor, isSpace(offset) {
                    trimmed.insert(offset)
                    offset -= 1
                }
            }
            if tag.parsed.trimsAfter {
                let ceiling = position + 1 < tags.count ? tags[position + 1].range.lowerBound : text.count
                var offset = tag.range.upperBound
                while offset < ceiling, isSpace(offset) {
                    trimmed.insert(offset)
                    offset += 1
                }
            }
        }
        return trimmed
    }

    /// docxtpl's escapes for text that must show a tag's delimiters: `{_{ }_}`, `{_% %_}` and
    /// `{_# #_}` print as `{{ }}`, `{% %}` and `{# #}`.
    private func unescapeLiteralTags(_ root: XMLNodePointer) {
        let escapes: [(String, String)] = [
            ("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"), ("{_#", "{#"), ("#_}", "#}"),
        ]
        func walk(_ node: XMLNodePointer) {
            var child = node.firstChild
            while let current = child {
                if current.isText {
                    let original = String(decoding: current.contentBytes, as: UTF8.self)
                    if original.contains("_") {
                        var text = original
                        for (escaped, plain) in escapes { text = text.replacingAll(escaped, with: plain) }
                        if text != original { current.setTextContent(Array(text.utf8)) }
                    }
                } else if current.isElement {
                    walk(current)
                }
                child = current.next
            }
        }
        walk(root)
    }

    /// Removes a node, then each ancestor below `paragraph` left with nothing but formatting.
    private func pruneEmpty(_ node: XMLNodePointer, upTo paragraph: XMLNodePointer) {
        var current = node
        while let parent = current.parent, parent != paragraph {
            current.remove()
            guard !hasContent(parent) else { return }
            current = parent
        }
        current.remove()
    }

    // MARK: Step 5: markers

    /// Splits text nodes around inline tags, puts a marker where each tag acts, removes the
    /// paragraphs, rows and cells that tags replace. Returns the output mode of each value tag.
    private func placeMarkers(
        _ paragraphs: [ParagraphText], _ tags: [TagOccurrence], _ spans: [Int: TagSpan], _ plan: AnchorPlan
    ) -> (modes: [Int: OutputMode], markers: [Int: XMLNodePointer]) {
        var modes: [Int: OutputMode] = [:]
        var markers: [Int: XMLNodePointer] = [:]
        var blockMarkersInText: [(marker: XMLNodePointer, paragraph: XMLNodePointer)] = []
        func marker(_ id: Int) -> XMLNodePointer {
            let node = tree.newProcessingInstruction("apdocs", "\(id)")
            markers[id] = node
            return node
        }

        // Inline tags: cut their text node into pieces with markers between.
        var bySegment: [Int: [Int: [TagOccurrence]]] = [:]
        for tag in tags {
            if let span = spans[tag.id] { bySegment[span.paragraph, default: [:]][span.segment, default: []].append(tag) }
        }
        for (paragraphIndex, segments) in bySegment {
            for (segmentIndex, segmentTags) in segments {
                let node = paragraphs[paragraphIndex].segments[segmentIndex].node
                let content = paragraphs[paragraphIndex].segments[segmentIndex].bytes
                // Cutting the text leaves spaces at the edges of the pieces: keep them.
                if segmentTags.contains(where: { !$0.printsNothing }) { format.prepareForValues(node) }
                var pieces: [XMLNodePointer] = []
                var cursor = 0
                for tag in segmentTags {
                    let range = spans[tag.id]!.range
                    if range.lowerBound > cursor { pieces.append(textNode(Array(content[cursor..<range.lowerBound]))) }
                    if case .inline = plan.anchors[tag.id], !tag.isComment, !tag.isCellExtension {
                        pieces.append(marker(tag.id))
                        if case .output = tag.parsed.kind {
                            modes[tag.id] = format.outputMode(for: node)
                        } else {
                            blockMarkersInText.append((pieces.last!, paragraphs[paragraphIndex].node))
                        }
                    }
                    cursor = range.upperBound
                }
                for piece in pieces { node.insertSibling(piece, after: false) }
                let rest = Array(content[cursor...])
                if rest.isEmpty { node.remove() } else { node.setTextContent(rest) }
            }
        }
        for (node, paragraph) in blockMarkersInText { hoist(node, to: paragraph) }
        // Unit tags: markers before or after the paragraph, row or cell.
        var lastAfter: [XMLNodePointer: XMLNodePointer] = [:]
        for tag in tags where !tag.isComment && !tag.isCellExtension {
            switch plan.anchors[tag.id] {
            case .before(let unit), .replace(let unit): unit.insertSibling(marker(tag.id), after: false)
            case .after(let unit):
                // Several tags after one unit keep their document order.
                let node = marker(tag.id)
                (lastAfter[unit] ?? unit).insertSibling(node, after: true)
                lastAfter[unit] = node
            case .inline, .none: continue
            }
        }
        return (modes, markers)
    }

    private func textNode(_ bytes: [UInt8]) -> XMLNodePointer { XMLTree.newText(bytes) }
}
