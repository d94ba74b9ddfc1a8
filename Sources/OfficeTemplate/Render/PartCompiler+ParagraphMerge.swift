/// docxtpl's `{%-` and `-%}` across lines. A template author splits a long line of tags into
/// paragraphs (Enter) or lines (Shift+Enter) to read it, and the dash joins them again:
///
/// - `{%- … %}` at the start of its text joins it to the text before it: the line breaks and
///   tabs between go, and when nothing precedes the tag in its paragraph, the paragraph is
///   joined to the end of the previous one (whose properties it takes);
/// - `{% … -%}` at the end of its text does the same with the text after it.
///
/// Only the structure goes; spaces in the text are the language's whitespace control.
extension PartCompiler {
    func mergeTrimmedParagraphs(_ root: XMLNodePointer) {
        guard !format.isPropertiesPart(part) else { return }
        var paragraphs = root.descendants(where: format.isParagraph)
        var index = 0
        // Each change removes a paragraph or a break, so this ends; the cap is a second guard.
        var changes = 0
        let maximumChanges = 4 * paragraphs.count + 1000
        while index < paragraphs.count, changes < maximumChanges {
            switch joinOnce(paragraphs[index]) {
            case .none:
                index += 1
            case .breaksRemoved:
                changes += 1
            case .joinedPrevious(let previous):
                changes += 1
                paragraphs.remove(at: index)
                if let at = paragraphs.firstIndex(of: previous) { index = at }
            case .joinedNext(let next):
                changes += 1
                paragraphs.removeAll { $0 == next }
            }
        }
    }

    private enum JoinResult {
        case none
        case breaksRemoved
        /// The paragraph went into this one.
        case joinedPrevious(XMLNodePointer)
        /// This paragraph (already freed) came into the paragraph.
        case joinedNext(XMLNodePointer)
    }

    /// Applies the first `{%-` or `-%}` of the paragraph that still has something to join.
    private func joinOnce(_ paragraph: XMLNodePointer) -> JoinResult {
        let segments = format.segments(of: paragraph)
        var text: [UInt8] = []
        var starts: [Int] = []
        for segment in segments {
            starts.append(text.count)
            text.append(contentsOf: segment.bytes)
        }
        guard text.count >= 3 else { return .none }
        for tag in TagScanner.scan(text).tags where tag.delimiter == .block {
            let source = text[tag.range]
            // `{%p … -%}` and the like act on whole paragraphs, rows or cells already.
            let afterDelimiter = source.dropFirst(2).drop { $0 == UInt8(ascii: "-") }
            guard let first = afterDelimiter.first, first == 32 || first == 9 || first == 0xC2 else { continue }
            if source.starts(with: Array("{%-".utf8)) {
                let result = joinBefore(paragraph, segments, starts, tagStart: tag.range.lowerBound)
                if case .none = result {} else { return result }
            }
            if source.reversed().starts(with: Array("}%-".utf8)) {
                let result = joinAfter(paragraph, segments, starts, tagEnd: tag.range.upperBound)
                if case .none = result {} else { return result }
            }
        }
        return .none
    }

    private func isBreakOrTab(_ segment: TextSegment) -> Bool {
        segment.kind == .character && (segment.bytes == [10] || segment.bytes == [9])
    }

    private func joinBefore(_ paragraph: XMLNodePointer, _ segments: [TextSegment], _ starts: [Int], tagStart: Int) -> JoinResult
    {
        guard let first = segments.indices.first(where: { starts[$0] + segments[$0].bytes.count > tagStart }),
            starts[first] == tagStart
        else { return .none }  // text before the tag in its own run: nothing to join
        var between: [XMLNodePointer] = []
        var index = first - 1
        while index >= 0 {
            let segment = segments[index]
            if isBreakOrTab(segment) {
                between.append(segment.node)
            } else if !segment.bytes.isEmpty {
                for node in between { node.remove() }
                return between.isEmpty ? .none : .breaksRemoved
            }
            index -= 1
        }
        guard let previous = previousParagraph(of: paragraph), format.removableUnit(for: paragraph) == paragraph else {
            return .none
        }
        for node in between { node.remove() }
        moveContent(of: paragraph, to: previous)
        paragraph.remove()
        return .joinedPrevious(previous)
    }

    private func joinAfter(_ paragraph: XMLNodePointer, _ segments: [TextSegment], _ starts: [Int], tagEnd: Int) -> JoinResult {
        guard let last = segments.indices.last(where: { starts[$0] < tagEnd }),
            starts[last] + segments[last].bytes.count == tagEnd
        else { return .none }  // text after the tag in its own run
        var between: [XMLNodePointer] = []
        var index = last + 1
        while index < segments.count {
            let segment = segments[index]
            if isBreakOrTab(segment) {
                between.append(segment.node)
            } else if !segment.bytes.isEmpty {
                for node in between { node.remove() }
                return between.isEmpty ? .none : .breaksRemoved
            }
            index += 1
        }
        guard let next = nextParagraph(of: paragraph), format.removableUnit(for: next) == next else { return .none }
        for node in between { node.remove() }
        moveContent(of: next, to: paragraph)
        next.remove()
        return .joinedNext(next)
    }

    /// The paragraph right before this one among its parent's elements, if that is a paragraph.
    private func previousParagraph(of paragraph: XMLNodePointer) -> XMLNodePointer? {
        guard let parent = paragraph.parent else { return nil }
        let elements = parent.children.filter(\.isElement)
        guard let at = elements.firstIndex(of: paragraph), at > 0, format.isParagraph(elements[at - 1]) else { return nil }
        return elements[at - 1]
    }

    private func nextParagraph(of paragraph: XMLNodePointer) -> XMLNodePointer? {
        guard let parent = paragraph.parent else { return nil }
        let elements = parent.children.filter(\.isElement)
        guard let at = elements.firstIndex(of: paragraph), at + 1 < elements.count, format.isParagraph(elements[at + 1])
        else { return nil }
        return elements[at + 1]
    }

    /// Moves a paragraph's runs (not its properties) to the end of another.
    private func moveContent(of source: XMLNodePointer, to target: XMLNodePointer) {
        for child in source.children {
            if child.isElement && child.localName == "pPr" { continue }
            child.unlink()
            target.appendChild(child)
        }
    }
}
