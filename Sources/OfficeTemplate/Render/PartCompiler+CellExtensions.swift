/// A marker the compiler adds where a tag has an effect away from where it was typed: the
/// property of the table cell a `{% colspan %}` sits in, the `if` that keeps only the first
/// pass of a `{% hm %}` cell.
struct StructureMarker {
    enum Effect {
        /// Acts as this block tag would (an `if` around a cell, its `endif`).
        case block(TagKind)
        /// Writes these nodes (a cell property whose value is computed at render).
        case nodes([RenderNode])
    }
    var effect: Effect
    /// The tag that asked for it, named in messages; nil for a link's target (`controlReferences` names it).
    var origin: Int?
}

/// docxtpl's table-cell extensions: `{% hm %}`, `{% vm %}`, `{% colspan n %}`, `{% cellbg c %}`.
///
/// - `colspan` and `cellbg` set the cell's span and background from a value;
/// - `vm` in a `{%tr for %}` row: the cell of the first pass starts a vertical merge, the others
///   continue it, and the cell's text up to the end of the tag's own run shows in the first
///   pass only (as docxtpl does: text in later runs of the cell stays in every pass);
/// - `hm` in a `{%tc for %}` cell: only the first pass's cell is written, spanning the columns
///   of all passes (its own span times the number of passes).
///
/// ODF has no cell properties for these: `hm` and `vm` become a span attribute on the first
/// pass's cell and covered cells in the others (`mergeBySpan`); `colspan` and `cellbg` are reported.
extension PartCompiler {
    /// Marker numbers of compiler-made markers start here (tags count from 0, controls from 2,000,000).
    static let structureBase = 3_000_000

    /// Where a cell extension acts, found before markers are placed and nodes freed.
    struct CellExtensionSite {
        var tag: TagOccurrence
        var cell: XMLNodePointer
        /// The text element the tag was typed in (`w:t`), when it stays in the document.
        var text: XMLNodePointer?
        /// The cell's first text element: `{% vm %}` hides the text from here to the end of `text`.
        var firstText: XMLNodePointer?
    }

    /// Finds the cell of each cell extension; reports one outside a table, a loop (hm, vm), or
    /// in a cell that another tag removes.
    func cellExtensionSites(
        _ tags: [TagOccurrence], _ paragraphs: [ParagraphText], _ spans: [Int: TagSpan], _ groups: [BlockGroup],
        _ plan: AnchorPlan
    ) -> [CellExtensionSite] {
        var sites: [CellExtensionSite] = []
        var seen = Set<String>()
        for tag in tags {
            guard case .cellExtension(let cellExtension) = tag.parsed.kind else { continue }
            let keyword = cellExtension.keyword
            let paragraph = paragraphs[tag.paragraph].node
            guard let cell = format.enclosingCell(of: paragraph) else {
                report(tag.place, tag: tag.source, "'\(tag.source)' changes a table cell; put it in the cell it changes")
                continue
            }
            switch cellExtension {
            case .horizontalMerge, .verticalMerge:
                let inLoop = groups.contains { group in
                    group.kind == .loop && group.tags.first! < tag.id && group.tags.last! > tag.id
                }
                guard inLoop else {
                    let loop =
                        keyword == "hm"
                        ? "{%tc for … %} (it merges the cells of the loop's columns)"
                        : "{%tr for … %} (it merges the cells of the loop's rows)"
                    report(
                        tag.place, tag: tag.source, "'\(tag.source)' works inside a loop; put it in a cell repeated by \(loop)")
                    continue
                }
            case .columnSpan, .background: break
            }
            // hm and colspan both set the span.
            let property = keyword == "hm" ? "colspan" : keyword
            guard seen.insert("\(Int(bitPattern: cell)):\(property)").inserted else {
                report(
                    tag.place, tag: tag.source,
                    "'\(tag.source)': this cell already has a '{% \(property) %}' or '{% hm %}'; keep one")
                continue
            }
            let removed = plan.removed.contains { unit in unit == cell || cell.ancestor(where: { $0 == unit }) != nil }
            var text: XMLNodePointer?
            switch plan.anchors[tag.id] {
            case .inline where !removed:
                text = spans[tag.id].flatMap { paragraphs[$0.paragraph].segments[$0.segment].node.parent }
            case .replace(let unit) where !removed && unit != cell && unit.ancestor(where: { $0 == cell }) != nil:
                text = nil  // alone in a paragraph of the cell, which goes
            default:
                report(
                    tag.place, tag: tag.source,
                    "'\(tag.source)' is in a table cell that another tag removes ({%tc …%} or {%tr …%}); put it in the cell it changes"
                )
                continue
            }
            let firstText = paragraphs.lazy.filter { paragraph in
                paragraph.node.ancestor(where: { $0 == cell }) != nil
                    && !plan.removed.contains { unit in
                        unit == paragraph.node || paragraph.node.ancestor(where: { $0 == unit }) != nil
                    }
            }.compactMap { paragraph in
                paragraph.segments.first { $0.kind == .text && !$0.bytes.isEmpty }?.node.parent
            }.first
            sites.append(CellExtensionSite(tag: tag, cell: cell, text: text, firstText: firstText))
        }
        return sites
    }

    /// Puts each cell extension's markers in place.
    func applyCellExtensions(_ sites: [CellExtensionSite]) {
        guard !sites.isEmpty else { return }
        let loopFirst = Self.expression("loop.first")
        for site in sites {
            guard case .cellExtension(let cellExtension) = site.tag.parsed.kind else { continue }
            if mergeBySpan(cellExtension, site, loopFirst) { continue }
            switch cellExtension {
            case .columnSpan(let value):
                setProperty(.columnSpan, site) { markup, id in
                    [.chunk(markup.head), .value(value, .attribute, tag: id), .chunk(markup.tail)]
                }
            case .background(let value):
                setProperty(.background, site) { markup, id in
                    [.chunk(markup.head), .value(value, .attribute, tag: id), .chunk(markup.tail)]
                }
            case .verticalMerge:
                setProperty(.verticalMerge, site) { markup, id in
                    let restart = markup.head + Array("restart".utf8) + markup.tail
                    let proceed = markup.head + Array("continue".utf8) + markup.tail
                    return [
                        .condition(
                            branches: [ConditionBranch(condition: loopFirst, body: [.chunk(restart)], tag: id)],
                            otherwise: [.chunk(proceed)])
                    ]
                }
                if let text = site.text {
                    // As docxtpl: from the cell's first text to the end of the tag's own run, when
                    // both are at the same depth (what lies between then closes what it opens).
                    let start = site.firstText.flatMap { $0.elementPath == text.elementPath ? $0 : nil } ?? text
                    start.prependChild(blockMarker(.ifStart(loopFirst), site))
                    text.appendChild(blockMarker(.endif, site))
                }
            case .horizontalMerge:
                let placed = setProperty(.columnSpan, site) { markup, id in
                    let span = markup.current.flatMap { Int($0) } ?? 1
                    return [
                        .chunk(markup.head), .value(Self.expression("loop.length * \(span)"), .attribute, tag: id),
                        .chunk(markup.tail),
                    ]
                }
                if placed {
                    site.cell.insertSibling(blockMarker(.ifStart(loopFirst), site), after: false)
                    site.cell.insertSibling(blockMarker(.endif, site), after: true)
                }
            }
        }
    }

    /// ODF: `hm` and `vm` as a span on the first pass's cell (the passes times its own span) and a
    /// covered cell in place of each other pass's. False when the format merges otherwise.
    private func mergeBySpan(_ cellExtension: CellExtension, _ site: CellExtensionSite, _ loopFirst: Expression) -> Bool {
        let property: CellProperty
        switch cellExtension {
        case .horizontalMerge: property = .columnSpan
        case .verticalMerge: property = .verticalMerge
        case .columnSpan, .background: return false
        }
        guard let span = format.cellSpanAttribute(property, of: site.cell) else { return false }
        let own = property == .columnSpan ? site.cell.attribute(span.namespace, span.local).flatMap { Int($0) } ?? 1 : 1
        let id = Self.structureBase + structureMarkers.count
        let length = Self.expression(own == 1 ? "loop.length" : "loop.length * \(own)")
        structureMarkers[id] = StructureMarker(effect: .nodes([.value(length, .attribute, tag: id)]), origin: site.tag.id)
        site.cell.setAttribute(span.namespace, span.local, Self.attributePlaceholder(id))
        // The template's own covered cells after a spanning cell stay in every pass; the other
        // passes put one covered cell where the merged cell was.
        site.cell.insertSibling(blockMarker(.ifStart(loopFirst), site), after: false)
        let otherwise = blockMarker(.elseTag, site)
        site.cell.insertSibling(otherwise, after: true)
        let coveredID = Self.structureBase + structureMarkers.count
        structureMarkers[coveredID] = StructureMarker(effect: .nodes([.chunk(span.coveredCell)]), origin: site.tag.id)
        let covered = site.cell.newProcessingInstruction("apdocs", "\(coveredID)")
        otherwise.insertSibling(covered, after: true)
        covered.insertSibling(blockMarker(.endif, site), after: true)
        return true
    }

    /// Puts a marker for `property` among the cell's properties; reports a format that cannot.
    @discardableResult
    private func setProperty(
        _ property: CellProperty, _ site: CellExtensionSite, nodes: (CellPropertyMarkup, Int) -> [RenderNode]
    ) -> Bool {
        let id = Self.structureBase + structureMarkers.count
        let marker = site.cell.newProcessingInstruction("apdocs", "\(id)")
        guard let markup = format.placeCellProperty(property, of: site.cell, marker: marker) else {
            marker.remove()
            report(
                site.tag.place, tag: site.tag.source,
                "'\(site.tag.source)' is docxtpl's and works in Word documents (.docx) only; in an .odt merge or colour the cell in the template"
            )
            return false
        }
        structureMarkers[id] = StructureMarker(effect: .nodes(nodes(markup, id)), origin: site.tag.id)
        return true
    }

    private func blockMarker(_ kind: TagKind, _ site: CellExtensionSite) -> XMLNodePointer {
        let id = Self.structureBase + structureMarkers.count
        structureMarkers[id] = StructureMarker(effect: .block(kind), origin: site.tag.id)
        return site.cell.newProcessingInstruction("apdocs", "\(id)")
    }

    /// An expression the compiler writes itself (always valid).
    static func expression(_ source: String) -> Expression {
        do {
            var parser = try ExpressionParser(source)
            return try parser.parseExpression()
        } catch {
            preconditionFailure("the compiler's own expression '\(source)' does not parse: \(error.message)")
        }
    }
}
