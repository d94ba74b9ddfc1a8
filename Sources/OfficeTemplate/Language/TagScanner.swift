/// A tag found in text: where it is and which delimiter it uses.
struct ScannedTag: Sendable, Hashable {
    /// Byte offsets in the scanned UTF-8 text, delimiters included.
    var range: Range<Int>
    var delimiter: TagDelimiter
}

/// An opening delimiter with no closer in the text.
struct ScanProblem: Sendable, Hashable {
    /// Byte offset of the opening delimiter.
    var offset: Int
    var message: String
}

/// Finds `{{ … }}`, `{% … %}` and `{# … #}` in the UTF-8 text of a paragraph.
///
/// The renderer calls this for every paragraph of a document, so it is a plain byte loop.
/// Inside `{{ }}` and `{% %}` a quoted string may contain the closing delimiter
/// (`{{ "50%}" }}`); straight and curly quotes both count, because word processors
/// replace typed quotes with curly ones. Comments are free text (an apostrophe in
/// `{# don't #}` must not start a string), so quotes are ignored there. Text outside
/// tags is not interpreted: a lone `}}` is just text.
enum TagScanner {
    static func scan(_ text: [UInt8]) -> (tags: [ScannedTag], problems: [ScanProblem]) {
        var tags: [ScannedTag] = []
        var problems: [ScanProblem] = []
        let count = text.count
        var index = 0
        while index + 1 < count {
            guard text[index] == UInt8(ascii: "{"),
                let delimiter = TagDelimiter(opening: Unicode.Scalar(text[index + 1]))
            else {
                index += 1
                continue
            }
            let closer = UInt8(ascii: delimiter.closingCharacter)
            let bodyStart = index + 2
            // A string left open inside the tag would hide its closer; fall back to the first
            // closer so the parser can report the unterminated string precisely.
            let end =
                delimiter == .comment
                ? findCloser(closer, in: text, from: bodyStart, honouringQuotes: false)
                : findCloser(closer, in: text, from: bodyStart, honouringQuotes: true)
                    ?? findCloser(closer, in: text, from: bodyStart, honouringQuotes: false)
            if let end {
                tags.append(ScannedTag(range: index..<end, delimiter: delimiter))
                index = end
            } else {
                problems.append(ScanProblem(offset: index, message: neverClosedMessage(text, from: index, delimiter)))
                index = bodyStart
            }
        }
        return (tags, problems)
    }

    /// The offset just past the closer (`}}`, `%}` or `#}`), or nil if there is none.
    private static func findCloser(_ closer: UInt8, in text: [UInt8], from start: Int, honouringQuotes: Bool) -> Int? {
        let count = text.count
        var index = start
        while index < count {
            let byte = text[index]
            if byte == closer, index + 1 < count, text[index + 1] == UInt8(ascii: "}") {
                return index + 2
            }
            if honouringQuotes, let quote = Quote(at: index, in: text) {
                guard let after = skipString(opened: quote, in: text, from: index + quote.length) else { return nil }
                index = after
                continue
            }
            index += 1
        }
        return nil
    }

    /// The offset after the quote that ends a string opened by `quote`, or nil if none does.
    private static func skipString(opened quote: Quote, in text: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < text.count {
            if quote.isStraight, text[index] == UInt8(ascii: "\\") {
                index += 2  // An escaped character, possibly the quote itself.
                continue
            }
            if let candidate = Quote(at: index, in: text), quote.isClosed(by: candidate) {
                return index + candidate.length
            }
            index += 1
        }
        return nil
    }

    private static func neverClosedMessage(_ text: [UInt8], from start: Int, _ delimiter: TagDelimiter) -> String {
        // Quote the tag's beginning, up to the end of the text or a sensible length.
        var excerpt = String(decoding: text[start...], as: UTF8.self)
        if excerpt.count > 40 { excerpt = String(excerpt.prefix(40)) + "…" }
        while excerpt.last?.isWhitespace == true { excerpt.removeLast() }
        return "'\(excerpt)' is never closed; add '\(delimiter.closing)'"
    }
}

/// A quote character in UTF-8: straight ' and ", or curly ‘ ’ “ ” (E2 80 98/99/9C/9D).
private struct Quote {
    enum Family { case single, double }
    var family: Family
    var isStraight: Bool
    var length: Int { isStraight ? 1 : 3 }

    init?(at index: Int, in text: [UInt8]) {
        switch text[index] {
        case UInt8(ascii: "'"): (family, isStraight) = (.single, true)
        case UInt8(ascii: "\""): (family, isStraight) = (.double, true)
        case 0xE2:
            guard index + 2 < text.count, text[index + 1] == 0x80 else { return nil }
            switch text[index + 2] {
            case 0x98, 0x99: (family, isStraight) = (.single, false)
            case 0x9C, 0x9D: (family, isStraight) = (.double, false)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Straight quotes close only with the same character; curly ones with either curly
    /// quote of their family, matching `Lexer.closingQuote(for:)`.
    func isClosed(by other: Quote) -> Bool {
        other.family == family && other.isStraight == isStraight
    }
}
