/// Where a tag acts once the template is compiled.
enum Anchor {
    /// Where it was typed, inside the text.
    case inline
    /// Before a paragraph, row or cell that stays (an opener whose row has other text).
    case before(XMLNodePointer)
    /// After a paragraph, row or cell that stays (a closer).
    case after(XMLNodePointer)
    /// In place of a paragraph, row or cell that held only tags and is removed.
    case replace(XMLNodePointer)
}

struct AnchorPlan {
    var anchors: [Int: Anchor] = [:]
    /// Outermost units to remove; nested ones go with them.
    var removed: [XMLNodePointer] = []
    var conflicts: [(place: TagPlace, tag: String, message: String)] = []
}

/// Decides where each tag acts, as docxtemplater infers it:
/// - a block tag alone in its paragraph takes the paragraph with it (no blank line is left);
/// - a loop or condition whose tags sit in different rows of one table repeats rows; in
///   different cells of one row, cells; a row or cell holding only tags goes with them;
/// - docxtpl's explicit `{%p`, `{%tr`, `{%tc` take their paragraph, row or cell whatever else it holds;
/// - otherwise the tag acts where it was typed.
struct AnchorPlanner {
    let format: any FormatAdapter
    let paragraphs: [ParagraphText]
    let tags: [TagOccurrence]
    let groups: [BlockGroup]

    func plan() -> AnchorPlan {
        var plan = AnchorPlan()
        for tag in tags { plan.anchors[tag.id] = .inline }
        var removed = Set<XMLNodePointer>()
        let blank = paragraphs.indices.map(isBlank)

        // docxtpl's explicit prefixes.
        for tag in tags {
            guard let scope = tag.parsed.explicitScope else { continue }
            let paragraph = paragraphs[tag.paragraph].node
            let unit: XMLNodePointer?
            switch scope {
            case .paragraph: unit = paragraph
            case .row: unit = format.enclosingRow(of: paragraph)
            case .cell: unit = format.enclosingCell(of: paragraph)
            case .run: unit = nil  // a run-level block tag acts in the text, which is where it is
            }
            if let unit {
                plan.anchors[tag.id] = .replace(unit)
                removed.insert(unit)
            } else if scope != .run {
                plan.conflicts.append(
                    (
                        tag.place, tag.source,
                        "'\(tag.source)' is not inside a table \(scope == .row ? "row" : "cell"); remove the '\(scope == .row ? "tr" : "tc")' after '{%'"
                    ))
            }
        }

        // Groups spread over rows or cells of one table.
        for group in groups where group.tags.allSatisfy({ tags[$0].parsed.explicitScope == nil }) {
            let nodes = uniqueParagraphNodes(group)
            guard nodes.count > 1, let common = lowestCommonAncestor(nodes) else { continue }
            let units = group.tags.map { child(of: common, containing: paragraphs[tags[$0].paragraph].node) }
            let rows = units.allSatisfy { $0.map(format.isRow) ?? false }
            let cells = units.allSatisfy { $0.map(format.isCell) ?? false }
            guard rows || cells else { continue }
            for (position, (tagID, unit)) in zip(group.tags, units).enumerated() {
                let unit = unit!
                if isBlankUnit(unit, blank) {
                    plan.anchors[tagID] = .replace(unit)
                    removed.insert(unit)
                } else if position == 0 {
                    plan.anchors[tagID] = .before(unit)
                } else if position == group.tags.count - 1 {
                    plan.anchors[tagID] = .after(unit)
                } else {
                    let tag = tags[tagID]
                    let kind = rows ? "row" : "cell"
                    plan.conflicts.append(
                        (
                            tag.place, tag.source,
                            "'\(tag.source)' shares its table \(kind) with other text; put it in a \(kind) of its own"
                        ))
                }
            }
        }

        // Paragraphs holding only block tags and comments.
        var byParagraph: [Int: [Int]] = [:]
        for tag in tags { byParagraph[tag.paragraph, default: []].append(tag.id) }
        for (index, ids) in byParagraph where blank[index] {
            guard ids.allSatisfy({ if case .inline = plan.anchors[$0] { return true } else { return false } }),
                let unit = format.removableUnit(for: paragraphs[index].node)
            else { continue }
            for id in ids { plan.anchors[id] = .replace(unit) }
            removed.insert(unit)
        }

        // A tag inside a removed unit acts just before it, in document order.
        let outermost = removed.filter { unit in unit.ancestor(where: { removed.contains($0) }) == nil }
        for tag in tags {
            let node: XMLNodePointer
            switch plan.anchors[tag.id]! {
            case .inline: node = paragraphs[tag.paragraph].node
            case .before(let unit), .after(let unit), .replace(let unit): node = unit
            }
            let container = removed.contains(node) ? node : node.ancestor(where: { removed.contains($0) })
            if var container {
                while let outer = container.ancestor(where: { removed.contains($0) }) { container = outer }
                if case .replace(let unit) = plan.anchors[tag.id]!, unit == container { continue }
                plan.anchors[tag.id] = .before(container)
            }
        }
        plan.removed = Array(outermost)
        return plan
    }

    /// True when the paragraph has block tags or comments and nothing else but white space.
    private func isBlank(_ index: Int) -> Bool {
        let paragraph = paragraphs[index]
        var remaining = paragraph.text
        var hadTag = false
        for tag in tags.reversed() where tag.paragraph == index {
            guard tag.isBlock else { return false }
            hadTag = true
            remaining.removeSubrange(tag.range)
        }
        return hadTag && isWhitespace(remaining)
    }

    private func isBlankUnit(_ unit: XMLNodePointer, _ blank: [Bool]) -> Bool {
        var sawTag = false
        for (index, paragraph) in paragraphs.enumerated()
        where paragraph.node == unit || paragraph.node.ancestor(where: { $0 == unit }) != nil {
            if blank[index] { sawTag = true } else if !isWhitespace(paragraph.text) { return false }
        }
        return sawTag
    }

    private func isWhitespace(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 9, 10, 13, 32: index += 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: index += 2  // no-break space
            default: return false
            }
        }
        return true
    }

    private func uniqueParagraphNodes(_ group: BlockGroup) -> [XMLNodePointer] {
        var seen: [XMLNodePointer] = []
        for id in group.tags where !seen.contains(paragraphs[tags[id].paragraph].node) {
            seen.append(paragraphs[tags[id].paragraph].node)
        }
        return seen
    }

    private func lowestCommonAncestor(_ nodes: [XMLNodePointer]) -> XMLNodePointer? {
        func chain(_ node: XMLNodePointer) -> [XMLNodePointer] {
            var result: [XMLNodePointer] = []
            var current: XMLNodePointer? = node
            while let node = current, node.isElement {
                result.append(node)
                current = node.parent
            }
            return result.reversed()
        }
        let chains = nodes.map(chain)
        var common: XMLNodePointer?
        for depth in 0..<(chains.map(\.count).min() ?? 0) {
            let candidate = chains[0][depth]
            guard chains.allSatisfy({ $0[depth] == candidate }) else { break }
            common = candidate
        }
        return common
    }

    /// The child of `ancestor` on the way down to `node`.
    private func child(of ancestor: XMLNodePointer, containing node: XMLNodePointer) -> XMLNodePointer? {
        var current = node
        while let parent = current.parent {
            if parent == ancestor { return current }
            current = parent
        }
        return nil
    }
}
