internal import CLibXML2

/// One tag found in a part's text.
struct TagOccurrence {
    /// Position in document order within the part; also the marker number.
    let id: Int
    /// The tag as typed, delimiters included.
    let source: String
    let parsed: ParsedTag
    /// Index into the part's paragraph list.
    let paragraph: Int
    /// Byte range in the paragraph's text.
    let range: Range<Int>
    let place: TagPlace

    var isBlock: Bool {
        if case .output = parsed.kind { return false }
        return true
    }
    /// Comments, and `{% raw %}` / `{% endraw %}`, which leave nothing of themselves either.
    var isComment: Bool {
        switch parsed.kind {
        case .comment, .raw, .endraw: return true
        default: return false
        }
    }
}

/// A paragraph (or property field) of a part with its visible text.
struct ParagraphText {
    let node: xmlNodePtr
    var segments: [TextSegment]
    /// Where each segment starts in `text`.
    var starts: [Int]
    var text: [UInt8]
    let place: TagPlace

    init(node: xmlNodePtr, segments: [TextSegment], place: TagPlace) {
        self.node = node
        self.segments = segments
        self.place = place
        var text: [UInt8] = []
        var starts: [Int] = []
        for segment in segments {
            starts.append(text.count)
            text.append(contentsOf: segment.bytes)
        }
        self.text = text
        self.starts = starts
    }
}

/// An `if` chain or a `for` loop: its tags in order, opener first and closer last.
struct BlockGroup {
    enum Kind { case condition, loop, filter, macro, capture }
    let kind: Kind
    var tags: [Int]
}

extension PartCompiler {
    /// Finds and parses every tag of every paragraph; reports each problem.
    func scanTags(_ paragraphs: [ParagraphText]) -> [TagOccurrence] {
        var tags: [TagOccurrence] = []
        // Inside {% raw %} … {% endraw %} (which may span paragraphs) tags are text.
        var rawOpener: TagOccurrence?
        for (index, paragraph) in paragraphs.enumerated() {
            let scan = TagScanner.scan(paragraph.text)
            if rawOpener == nil {
                for problem in scan.problems {
                    report(paragraph.place, tag: nil, problem.message)
                }
            }
            for found in scan.tags {
                let source = String(decoding: paragraph.text[found.range], as: UTF8.self)
                if rawOpener != nil {
                    guard found.delimiter == .block, case .endraw? = (try? TagParser.parse(source))?.kind else { continue }
                }
                do {
                    let parsed = try TagParser.parse(source)
                    switch parsed.kind {
                    case .raw:
                        rawOpener = TagOccurrence(
                            id: tags.count, source: source, parsed: parsed, paragraph: index,
                            range: found.range, place: paragraph.place)
                    case .endraw where rawOpener == nil:
                        report(paragraph.place, tag: source, "'\(Excerpt.of(source))' has no matching '{% raw %}'; remove it")
                        continue
                    case .endraw: rawOpener = nil
                    default: break
                    }
                    // Found without data: an unknown filter or a wrong argument count fails `check`, not a render.
                    // The tag is kept, so its block still pairs with its end tag.
                    for problem in TagCheck.problems(in: parsed) {
                        report(paragraph.place, tag: source, "'\(Excerpt.of(source))': \(problem)")
                    }
                    tags.append(
                        TagOccurrence(
                            id: tags.count, source: source, parsed: parsed, paragraph: index,
                            range: found.range, place: paragraph.place))
                } catch {
                    report(paragraph.place, tag: source, "'\(Excerpt.of(source))': \(error.message)")
                }
            }
        }
        if let rawOpener {
            report(
                rawOpener.place, tag: rawOpener.source, "'\(Excerpt.of(rawOpener.source))' is never closed; add '{% endraw %}'")
        }
        // A call of a name that is neither range() nor a macro of this part fails every render.
        var macros: [String] = []
        for tag in tags { if case .macroStart(let name, _) = tag.parsed.kind { macros.append(name) } }
        for tag in tags {
            for name in TagCheck.calledNames(in: tag.parsed) where !Methods.functions.contains(name) && !macros.contains(name) {
                report(
                    tag.place, tag: tag.source, "'\(Excerpt.of(tag.source))': \(TagCheck.unknownFunction(name, macros: macros))")
            }
        }
        return tags
    }

    /// The deepest nesting of `{% if %}` and `{% for %}` blocks; real templates use a handful.
    static let maximumBlockNesting = 100

    /// Pairs openers with their `elif`/`else` and closers, reporting every mismatch.
    func groupBlocks(_ tags: [TagOccurrence]) -> [BlockGroup] {
        var groups: [BlockGroup] = []
        var open: [Int] = []  // indexes into groups
        func closes(_ kind: BlockGroup.Kind, _ tag: TagOccurrence, word: String) {
            guard let top = open.last else {
                report(
                    tag.place, tag: tag.source,
                    "'\(Excerpt.of(tag.source))' has no matching '\(opener(of: kind))'; remove it or add the opening tag before it"
                )
                return
            }
            if groups[top].kind != kind {
                let other = tags[groups[top].tags[0]]
                report(
                    tag.place, tag: tag.source,
                    "'\(Excerpt.of(tag.source))' closes '\(Excerpt.of(other.source))' (\(other.place)), which needs '\(closer(of: groups[top].kind))' first"
                )
                return
            }
            groups[top].tags.append(tag.id)
            if word == "end" { open.removeLast() }
        }
        for tag in tags {
            switch tag.parsed.kind {
            case .ifStart, .forStart, .filterStart, .macroStart, .setBlock:
                // Building and rendering a part recurse once per level of blocks.
                if open.count >= Self.maximumBlockNesting {
                    report(
                        tag.place, tag: tag.source,
                        "'\(Excerpt.of(tag.source))' opens a block nested more than "
                            + "\(Self.maximumBlockNesting) deep (if and for together), which is the limit; simplify the template")
                    return groups
                }
            default: break
            }
            switch tag.parsed.kind {
            case .output, .comment, .set, .raw, .endraw: continue
            case .filterStart:
                groups.append(BlockGroup(kind: .filter, tags: [tag.id]))
                open.append(groups.count - 1)
            case .macroStart:
                groups.append(BlockGroup(kind: .macro, tags: [tag.id]))
                open.append(groups.count - 1)
            case .setBlock:
                groups.append(BlockGroup(kind: .capture, tags: [tag.id]))
                open.append(groups.count - 1)
            case .ifStart:
                groups.append(BlockGroup(kind: .condition, tags: [tag.id]))
                open.append(groups.count - 1)
            case .forStart:
                groups.append(BlockGroup(kind: .loop, tags: [tag.id]))
                open.append(groups.count - 1)
            case .elif:
                if let top = open.last, groups[top].kind == .condition,
                    groups[top].tags.contains(where: {
                        if case .elseTag = tags[$0].parsed.kind { return true } else { return false }
                    })
                {
                    report(
                        tag.place, tag: tag.source,
                        "'\(Excerpt.of(tag.source))' comes after '{% else %}'; move it before the '{% else %}'")
                } else {
                    closes(.condition, tag, word: "middle")
                }
            case .elseTag:
                if let top = open.last, [.filter, .macro, .capture].contains(groups[top].kind) {
                    report(
                        tag.place, tag: tag.source,
                        "'\(Excerpt.of(tag.source))' cannot stand in '\(Excerpt.of(tags[groups[top].tags[0]].source))'; "
                            + "close it with '\(closer(of: groups[top].kind))' first")
                } else if let top = open.last {
                    if groups[top].tags.contains(where: {
                        if case .elseTag = tags[$0].parsed.kind { return true } else { return false }
                    }) {
                        report(
                            tag.place, tag: tag.source,
                            "'\(Excerpt.of(tag.source))' is a second '{% else %}' for '\(Excerpt.of(tags[groups[top].tags[0]].source))'; remove one"
                        )
                    } else {
                        groups[top].tags.append(tag.id)
                    }
                } else {
                    report(
                        tag.place, tag: tag.source,
                        "'\(Excerpt.of(tag.source))' has no matching '{% if %}' or '{% for %}'; remove it or add the opening tag before it"
                    )
                }
            case .endif: closes(.condition, tag, word: "end")
            case .endfor: closes(.loop, tag, word: "end")
            case .endfilter: closes(.filter, tag, word: "end")
            case .endmacro: closes(.macro, tag, word: "end")
            case .endset: closes(.capture, tag, word: "end")
            }
        }
        for index in open {
            let first = tags[groups[index].tags[0]]
            report(
                first.place, tag: first.source,
                "'\(Excerpt.of(first.source))' is never closed; add '\(closer(of: groups[index].kind))'")
        }
        return groups.filter { group in !open.contains(where: { groups[$0].tags == group.tags }) }
    }

    private func opener(of kind: BlockGroup.Kind) -> String {
        switch kind {
        case .condition: "{% if %}"
        case .loop: "{% for %}"
        case .filter: "{% filter %}"
        case .macro: "{% macro %}"
        case .capture: "{% set %}"
        }
    }

    private func closer(of kind: BlockGroup.Kind) -> String {
        switch kind {
        case .condition: "{% endif %}"
        case .loop: "{% endfor %}"
        case .filter: "{% endfilter %}"
        case .macro: "{% endmacro %}"
        case .capture: "{% endset %}"
        }
    }
}
