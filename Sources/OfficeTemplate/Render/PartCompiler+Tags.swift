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
    /// A comment or cell extension: leaves no marker where it is typed.
    var printsNothing: Bool { isComment || isCellExtension }
    /// `{% hm %}`, `{% colspan n %}`...: acts on its table cell, not where it is typed.
    var isCellExtension: Bool {
        if case .cellExtension = parsed.kind { return true }
        return false
    }
}

/// A paragraph (or property field) of a part with its visible text.
struct ParagraphText {
    let node: XMLNodePointer
    var segments: [TextSegment]
    /// Where each segment starts in `text`.
    var starts: [Int]
    var text: [UInt8]
    let place: TagPlace

    init(node: XMLNodePointer, segments: [TextSegment], place: TagPlace) {
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
    ///
    /// A block tag that cannot be parsed (`{% for x in %}`) still takes its part in pairing, as
    /// a stand-in of its kind, so that its `{% endfor %}` is not reported as a second problem.
    func scanTags(_ paragraphs: [ParagraphText]) -> [TagOccurrence] {
        var tags: [TagOccurrence] = []
        // Inside {% raw %} … {% endraw %} (which may span paragraphs) tags are text.
        var rawOpener: TagOccurrence?
        for (index, paragraph) in paragraphs.enumerated() {
            let scan = TagScanner.scan(paragraph.text)
            if rawOpener == nil {
                for problem in scan.problems {
                    let place = paragraph.place.quoting(paragraph.text, around: problem.offset..<paragraph.text.count)
                    report(place, tag: nil, problem.message, code: .unclosedTag)
                }
            }
            for found in scan.tags {
                let source = String(decoding: tagText(paragraph, found.range), as: UTF8.self)
                if rawOpener != nil {
                    guard found.delimiter == .block, case .endraw? = (try? TagParser.parse(source))?.kind else { continue }
                }
                let place = paragraph.place.quoting(paragraph.text, around: found.range)
                let parsed: ParsedTag
                do {
                    parsed = try TagParser.parse(source)
                } catch {
                    report(place, tag: source, "'\(Excerpt.of(source))': \(error.message)", code: error.code)
                    guard let standIn = Self.standIn(for: source) else { continue }
                    parsed = standIn
                }
                switch parsed.kind {
                case .raw:
                    rawOpener = TagOccurrence(
                        id: tags.count, source: source, parsed: parsed, paragraph: index, range: found.range, place: place)
                case .endraw where rawOpener == nil:
                    report(
                        place, tag: source, "'\(Excerpt.of(source))' has no matching '{% raw %}'; remove it",
                        code: .unopenedBlock)
                    continue
                case .endraw: rawOpener = nil
                default: break
                }
                // Found without data: an unknown filter or a wrong argument count fails `check`, not a render.
                // The tag is kept, so its block still pairs with its end tag.
                for problem in TagCheck.problems(in: parsed) {
                    report(place, tag: source, "'\(Excerpt.of(source))': \(problem.message)", code: problem.code)
                }
                tags.append(
                    TagOccurrence(
                        id: tags.count, source: source, parsed: parsed, paragraph: index, range: found.range, place: place))
            }
        }
        if let rawOpener {
            report(
                rawOpener.place, tag: rawOpener.source, "'\(Excerpt.of(rawOpener.source))' is never closed; add '{% endraw %}'",
                code: .unclosedBlock)
        }
        // A call of a name that is neither range() nor a macro of this part fails every render.
        var macros: [String] = []
        for tag in tags { if case .macroStart(let name, _) = tag.parsed.kind { macros.append(name) } }
        for tag in tags {
            for name in TagCheck.calledNames(in: tag.parsed) where !Methods.functions.contains(name) && !macros.contains(name) {
                report(
                    tag.place, tag: tag.source, "'\(Excerpt.of(tag.source))': \(TagCheck.unknownFunction(name, macros: macros))",
                    code: .unknownFunction)
            }
        }
        return tags
    }

    /// A tag's text without the tabs and line breaks typed inside it: they are markup in the
    /// document (`<w:tab/>`), and docxtpl drops markup inside a tag, so `{{ '<tab>' }}` prints "".
    private func tagText(_ paragraph: ParagraphText, _ range: Range<Int>) -> ArraySlice<UInt8> {
        let inside = paragraph.segments.indices.filter { index in
            let start = paragraph.starts[index]
            return start >= range.lowerBound && start < range.upperBound && paragraph.segments[index].kind == .character
                && (paragraph.segments[index].bytes == [9] || paragraph.segments[index].bytes == [10])
        }
        guard !inside.isEmpty else { return paragraph.text[range] }
        var text: [UInt8] = []
        var position = range.lowerBound
        for index in inside {
            text += paragraph.text[position..<paragraph.starts[index]]
            position = paragraph.starts[index] + 1
        }
        text += paragraph.text[position..<range.upperBound]
        return text[...]
    }

    /// For a block tag that failed to parse, a tag of the same kind (by its first word) that
    /// stands in for it when blocks are paired; nil for any other tag. Never rendered: a part
    /// with a problem is not compiled.
    static func standIn(for source: String) -> ParsedTag? {
        guard source.hasPrefix("{%") else { return nil }
        var words = source.dropFirst(2).drop { $0 == "-" || $0 == "+" }
            .split(whereSeparator: { $0.isWhitespace || $0 == "%" || $0 == "-" || $0 == "(" })
        if let first = words.first, ["p", "r", "tr", "tc"].contains(first), words.count > 1 { words.removeFirst() }
        let placeholder = Expression.literal(.null)
        switch words.first {
        case "if": return ParsedTag(kind: .ifStart(placeholder))
        case "elif": return ParsedTag(kind: .elif(placeholder))
        case "else": return ParsedTag(kind: .elseTag)
        case "endif": return ParsedTag(kind: .endif)
        case "for": return ParsedTag(kind: .forStart(variables: ["_"], sequence: placeholder, condition: nil))
        case "endfor": return ParsedTag(kind: .endfor)
        case "filter": return ParsedTag(kind: .filterStart(name: "_", arguments: []))
        case "endfilter": return ParsedTag(kind: .endfilter)
        case "macro": return ParsedTag(kind: .macroStart(name: "_", parameters: []))
        case "endmacro": return ParsedTag(kind: .endmacro)
        case "endset": return ParsedTag(kind: .endset)
        default: return nil
        }
    }

    /// The kind of block a tag opens, or nil when it opens none.
    static func openedBlock(by kind: TagKind) -> BlockGroup.Kind? {
        switch kind {
        case .filterStart: return .filter
        case .macroStart: return .macro
        case .setBlock: return .capture
        case .ifStart: return .condition
        case .forStart: return .loop
        default: return nil
        }
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
                    "'\(Excerpt.of(tag.source))' has no matching '\(opener(of: kind))'; remove it or add the opening tag before it",
                    code: .unopenedBlock)
                return
            }
            if groups[top].kind != kind {
                let other = tags[groups[top].tags[0]]
                report(
                    tag.place, tag: tag.source,
                    "'\(Excerpt.of(tag.source))' closes '\(Excerpt.of(other.source))' (\(other.place)), which needs '\(closer(of: groups[top].kind))' first",
                    code: .mismatchedCloser)
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
                            + "\(Self.maximumBlockNesting) deep (if and for together), which is the limit; simplify the template",
                        code: .nestingTooDeep)
                    return groups
                }
            default: break
            }
            if let kind = Self.openedBlock(by: tag.parsed.kind) {
                groups.append(BlockGroup(kind: kind, tags: [tag.id]))
                open.append(groups.count - 1)
                continue
            }
            switch tag.parsed.kind {
            case .output, .comment, .set, .raw, .endraw, .cellExtension, .filterStart, .macroStart, .setBlock, .ifStart,
                .forStart:
                continue
            case .elif:
                if let top = open.last, groups[top].kind == .condition,
                    groups[top].tags.contains(where: {
                        if case .elseTag = tags[$0].parsed.kind { return true } else { return false }
                    })
                {
                    report(
                        tag.place, tag: tag.source,
                        "'\(Excerpt.of(tag.source))' comes after '{% else %}'; move it before the '{% else %}'",
                        code: .misplacedElse)
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
                            "'\(Excerpt.of(tag.source))' is a second '{% else %}' for '\(Excerpt.of(tags[groups[top].tags[0]].source))'; remove one",
                            code: .misplacedElse)
                    } else {
                        groups[top].tags.append(tag.id)
                    }
                } else {
                    report(
                        tag.place, tag: tag.source,
                        "'\(Excerpt.of(tag.source))' has no matching '{% if %}' or '{% for %}'; remove it or add the opening tag before it",
                        code: .unopenedBlock)
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
                "'\(Excerpt.of(first.source))' is never closed; add '\(closer(of: groups[index].kind))'",
                code: .unclosedBlock)
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
