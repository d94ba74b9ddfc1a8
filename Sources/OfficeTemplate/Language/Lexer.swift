/// Splits the inside of a tag (without its delimiters) into tokens.
///
/// Tags are short, so the lexer works on Unicode scalars for clarity. Besides straight
/// quotes it accepts the curly quotes Word and LibreOffice type automatically (“…” and ‘…’),
/// since users cannot easily avoid them in a document.
struct Lexer {
    enum TokenKind: Sendable, Hashable {
        case name(String)
        case string(String)
        case integer(Int)
        case number(Double)
        /// An operator or punctuation: `==`, `|`, `(`, ...
        case symbol(String)
        case end
    }

    struct Token: Sendable, Hashable {
        var kind: TokenKind
        /// Position in the tag text, in Unicode scalars.
        var offset: Int
    }

    private static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "//", "**"]
    private static let oneCharacterSymbols: Set<Unicode.Scalar> = [
        "<", ">", "+", "-", "*", "/", "%", "~", "|", ".", ",", "(", ")", "[", "]", "=", ":", "{", "}",
    ]

    /// The tokens of `text`, always ending with `.end`.
    static func tokenize(_ text: String) throws(TagSyntaxError) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let start = index
            if scalar.properties.isWhitespace {
                index += 1
            } else if let closing = closingQuote(for: scalar) {
                let (value, next) = try readString(scalars, from: index, closing: closing)
                tokens.append(Token(kind: .string(value), offset: start))
                index = next
            } else if isDigit(scalar) {
                // After a dot only an integer can follow: `a.0.1` is `a[0][1]`, not `a[0.1]`.
                let afterDot = tokens.last?.kind == .symbol(".")
                let (kind, next) = try readNumber(scalars, from: index, integerOnly: afterDot)
                tokens.append(Token(kind: kind, offset: start))
                index = next
            } else if DataPath.isIdentifierStart(scalar) {
                while index < scalars.count, DataPath.isIdentifierContinuation(scalars[index]) { index += 1 }
                tokens.append(Token(kind: .name(String(String.UnicodeScalarView(scalars[start..<index]))), offset: start))
            } else {
                let pair = index + 1 < scalars.count ? "\(scalar)\(scalars[index + 1])" : ""
                if pair == "&&" || pair == "||" || pair == "{{" || pair == "{%" || pair == "{#" {
                    throw TagSyntaxError(unexpectedCharacterMessage(scalar, pair: pair))
                } else if twoCharacterSymbols.contains(pair) {
                    tokens.append(Token(kind: .symbol(pair), offset: start))
                    index += 2
                } else if oneCharacterSymbols.contains(scalar) {
                    tokens.append(Token(kind: .symbol(String(scalar)), offset: start))
                    index += 1
                } else {
                    throw TagSyntaxError(unexpectedCharacterMessage(scalar, pair: pair))
                }
            }
        }
        tokens.append(Token(kind: .end, offset: scalars.count))
        return tokens
    }

    /// The quote that ends a string opened by `scalar`, if `scalar` opens one.
    /// Curly quotes close with either curly form, because autocorrect sometimes
    /// picks the wrong one (“…“).
    static func closingQuote(for scalar: Unicode.Scalar) -> Set<Unicode.Scalar>? {
        switch scalar {
        case "\"": return ["\""]
        case "'": return ["'"]
        case "\u{201C}", "\u{201D}": return ["\u{201C}", "\u{201D}"]
        case "\u{2018}", "\u{2019}": return ["\u{2018}", "\u{2019}"]
        default: return nil
        }
    }

    private static func readString(
        _ scalars: [Unicode.Scalar], from start: Int, closing: Set<Unicode.Scalar>
    ) throws(TagSyntaxError) -> (String, Int) {
        // Backslash escapes only in straight quotes, where people type them deliberately.
        let allowsEscapes = scalars[start] == "\"" || scalars[start] == "'"
        var value = String.UnicodeScalarView()
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if closing.contains(scalar) { return (String(value), index + 1) }
            if allowsEscapes && scalar == "\\" && index + 1 < scalars.count {
                let escaped = scalars[index + 1]
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append(escaped)  // \\ \" \' and anything else: the character itself
                }
                index += 2
                continue
            }
            value.append(scalar)
            index += 1
        }
        var opening = String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + 20)]))
        while opening.last?.isWhitespace == true { opening.removeLast() }
        throw TagSyntaxError("the text \(opening) has no closing quote; add \(scalars[start] == "'" ? "'" : "\"")")
    }

    /// A number as Jinja writes them: `12`, `1_000`, `2.5`, `1e3`, and `0x1F`, `0o17`, `0b101`.
    private static func readNumber(
        _ scalars: [Unicode.Scalar], from start: Int, integerOnly: Bool
    ) throws(TagSyntaxError) -> (TokenKind, Int) {
        if !integerOnly, scalars[start] == "0", start + 1 < scalars.count,
            let radix = ["x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2][Character(scalars[start + 1])]
        {
            var index = start + 2
            var digits = ""
            while index < scalars.count, scalars[index] == "_" || Character(scalars[index]).isHexDigit {
                if scalars[index] != "_" { digits.unicodeScalars.append(scalars[index]) }
                index += 1
            }
            guard let value = Int(digits, radix: radix) else {
                let written = String(String.UnicodeScalarView(scalars[start..<index]))
                throw TagSyntaxError("'\(Excerpt.of(written))' is not a whole number in base \(radix) that fits")
            }
            return (.integer(value), index)
        }
        var index = start
        while index < scalars.count, isDigit(scalars[index]) || (scalars[index] == "_" && !integerOnly) { index += 1 }
        var isInteger = true
        if !integerOnly, index + 1 < scalars.count, scalars[index] == ".", isDigit(scalars[index + 1]) {
            isInteger = false
            index += 1
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        }
        if !integerOnly, index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var exponentEnd = index + 1
            if exponentEnd < scalars.count, scalars[exponentEnd] == "+" || scalars[exponentEnd] == "-" { exponentEnd += 1 }
            if exponentEnd < scalars.count, isDigit(scalars[exponentEnd]) {
                isInteger = false
                index = exponentEnd
                while index < scalars.count, isDigit(scalars[index]) { index += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index])).filter { $0 != "_" }
        if isInteger, let int = Int(text) { return (.integer(int), index) }
        return (.number(Double(text) ?? .infinity), index)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func unexpectedCharacterMessage(_ scalar: Unicode.Scalar, pair: String) -> String {
        switch pair {
        case "&&": return "unexpected '&&'; write 'and'"
        case "||": return "unexpected '||'; write 'or'"
        default: break
        }
        switch scalar {
        case "!": return "unexpected '!'; write 'not' (or '!=' for 'is not equal to')"
        case "{", "}": return "unexpected '\(scalar)' inside a tag; tags cannot be nested"
        default: return "unexpected character '\(scalar)'"
        }
    }
}
