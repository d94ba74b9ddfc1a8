/// Parses one tag's source text, delimiters included: `{{ pupil.name }}`, `{%p if x %}`.
enum TagParser {
    /// Block keywords the language has.
    static let blockKeywords = ["if", "elif", "else", "endif", "for", "endfor", "hm", "vm", "colspan", "cellbg"]

    /// Jinja statements people may try that have no meaning in a document template.
    private static let unsupportedStatements: Set<String> = [
        "set", "macro", "endmacro", "include", "import", "from", "extends", "block", "endblock",
        "with", "endwith", "raw", "endraw", "call", "endcall", "filter", "endfilter", "break", "continue",
    ]

    /// Parses `source`, which must start with `{{`, `{%` or `{#` and end with the matching closer.
    static func parse(_ source: String) throws(TagSyntaxError) -> ParsedTag {
        let scalars = Array(source.unicodeScalars)
        guard scalars.count >= 2, scalars[0] == "{", let delimiter = TagDelimiter(opening: scalars[1]) else {
            throw TagSyntaxError("a tag must start with {{, {% or {#")
        }
        guard scalars.count >= 4, scalars[scalars.count - 1] == "}",
            scalars[scalars.count - 2] == delimiter.closingCharacter
        else {
            throw TagSyntaxError("'\(Excerpt.of(source))' must end with '\(delimiter.closing)'")
        }
        var inner = scalars[2..<scalars.count - 2]
        // Whitespace control (`{%-`, `-%}`, `{%+`) only matters for plain-text output; ignore it.
        if let first = inner.first, first == "-" || first == "+" { inner = inner.dropFirst() }
        if let last = inner.last, last == "-" || last == "+" { inner = inner.dropLast() }
        let scope = explicitScope(in: &inner, delimiter: delimiter)
        let body = String(String.UnicodeScalarView(inner))

        switch delimiter {
        case .comment:
            return ParsedTag(kind: .comment, explicitScope: scope)
        case .output:
            var parser = try ExpressionParser(body)
            if parser.atEnd {
                throw TagSyntaxError("'\(Excerpt.of(source))' is empty; put a data path in it, such as {{ pupil.name }}")
            }
            let expression = try parser.parseExpression()
            try parser.expectEnd()
            return ParsedTag(kind: .output(expression), explicitScope: scope)
        case .block:
            return ParsedTag(kind: try parseBlock(body, source: source), explicitScope: scope)
        }
    }

    /// Removes a docxtpl prefix (`p`, `r`, `tr`, `tc`) written right after the opening
    /// delimiter and followed by a space, and returns its scope. `{{ p }}` (with a space
    /// first) is the variable `p`, not a prefix.
    private static func explicitScope(
        in inner: inout ArraySlice<Unicode.Scalar>, delimiter: TagDelimiter
    ) -> TagScope? {
        let allowed: [(String, TagScope)] =
            switch delimiter {
            case .output: [("r", .run), ("p", .paragraph)]
            case .block: [("tr", .row), ("tc", .cell), ("r", .run), ("p", .paragraph)]
            case .comment: [("tr", .row), ("tc", .cell), ("p", .paragraph)]
            }
        for (prefix, scope) in allowed {
            let prefixScalars = Array(prefix.unicodeScalars)
            guard inner.starts(with: prefixScalars) else { continue }
            let rest = inner.dropFirst(prefixScalars.count)
            if let next = rest.first, next.properties.isWhitespace || next == "-" {
                inner = rest
                return scope
            }
        }
        return nil
    }

    private static func parseBlock(_ body: String, source: String) throws(TagSyntaxError) -> TagKind {
        var parser = try ExpressionParser(body)
        guard case .name(let keyword) = parser.current.kind else {
            if parser.atEnd { throw TagSyntaxError("'\(Excerpt.of(source))' is empty; write a statement such as {% if … %}") }
            throw TagSyntaxError(
                "'\(Excerpt.of(source))' must start with a keyword such as 'if' or 'for'; "
                    + "to print a value write {{ … }}")
        }
        _ = parser.take(name: keyword)
        let kind: TagKind
        switch keyword {
        case "if":
            kind = .ifStart(try condition(of: "if", &parser))
        case "elif":
            kind = .elif(try condition(of: "elif", &parser))
        case "else":
            if parser.current.kind == .name("if") {
                throw TagSyntaxError("write {% elif … %} rather than {% else if … %}")
            }
            kind = .elseTag
        case "endif":
            kind = .endif
        case "endfor":
            kind = .endfor
        case "for":
            kind = try parseFor(&parser)
        case "hm":
            kind = .cellExtension(.horizontalMerge)
        case "vm":
            kind = .cellExtension(.verticalMerge)
        case "colspan":
            kind = .cellExtension(.columnSpan(try argument(of: "colspan", example: "{% colspan columns|count %}", &parser)))
        case "cellbg":
            kind = .cellExtension(.background(try argument(of: "cellbg", example: "{% cellbg \"FFCC00\" %}", &parser)))
        default:
            if unsupportedStatements.contains(keyword) {
                throw TagSyntaxError(
                    "{% \(keyword) %} is not supported in document templates; "
                        + "the tags are if, elif, else, endif, for and endfor", code: .unknownTag)
            }
            if let suggestion = Suggestion.closest(to: keyword, among: blockKeywords) {
                throw TagSyntaxError("unknown tag '\(keyword)'; did you mean '\(suggestion)'?", code: .unknownTag)
            }
            throw TagSyntaxError(
                "unknown tag '\(Excerpt.of(keyword))'; the tags are if, elif, else, endif, for "
                    + "and endfor (to print a value write {{ \(Excerpt.of(keyword)) }})", code: .unknownTag)
        }
        guard parser.atEnd else {
            throw TagSyntaxError(
                "unexpected \(ExpressionParser.describe(parser.current)) in '\(Excerpt.of(source))'; "
                    + "'\(keyword)' takes nothing more")
        }
        return kind
    }

    private static func condition(of keyword: String, _ parser: inout ExpressionParser) throws(TagSyntaxError) -> Expression {
        if parser.atEnd {
            throw TagSyntaxError("'\(keyword)' needs a condition, such as {% \(keyword) pupil.sen %}")
        }
        let condition = try parser.parseExpression()
        try parser.expectEnd()
        return condition
    }

    /// The one expression a cell extension takes (`{% colspan n %}`).
    private static func argument(
        of keyword: String, example: String, _ parser: inout ExpressionParser
    ) throws(TagSyntaxError) -> Expression {
        if parser.atEnd { throw TagSyntaxError("'\(keyword)' needs a value, as in \(example)") }
        let value = try parser.parseExpression()
        try parser.expectEnd()
        return value
    }

    /// `for name in expr` or `for key, value in expr`.
    private static func parseFor(_ parser: inout ExpressionParser) throws(TagSyntaxError) -> TagKind {
        var variables: [String] = []
        repeat {
            guard case .name(let name) = parser.current.kind, !ExpressionParser.keywords.contains(name) else {
                throw TagSyntaxError("'for' needs a loop variable name, as in {% for pupil in pupils %}")
            }
            _ = parser.take(name: name)
            variables.append(name)
        } while parser.take(symbol: ",")
        guard variables.count <= 2 else {
            throw TagSyntaxError("'for' takes one variable, or two for a map's keys and values (for key, value in map)")
        }
        guard parser.take(name: "in") else {
            throw TagSyntaxError("expected 'in' after the loop variable, as in {% for \(variables[0]) in list %}")
        }
        if parser.atEnd { throw TagSyntaxError("'for' needs a list after 'in'") }
        let sequence = try parser.parseOr()
        if parser.current.kind == .name("if") {
            throw TagSyntaxError("'for … if …' is not supported; put an {% if %} inside the loop instead")
        }
        try parser.expectEnd()
        return .forStart(variables: variables, sequence: sequence)
    }
}

/// The three kinds of tag delimiter.
enum TagDelimiter: Sendable, Hashable {
    /// `{{ … }}`
    case output
    /// `{% … %}`
    case block
    /// `{# … #}`
    case comment

    init?(opening character: Unicode.Scalar) {
        switch character {
        case "{": self = .output
        case "%": self = .block
        case "#": self = .comment
        default: return nil
        }
    }

    /// The character before the final `}` of the closer.
    var closingCharacter: Unicode.Scalar {
        switch self {
        case .output: "}"
        case .block: "%"
        case .comment: "#"
        }
    }

    var opening: String { "{" + String(openingCharacter) }
    var closing: String { String(closingCharacter) + "}" }

    private var openingCharacter: Unicode.Scalar {
        switch self {
        case .output: "{"
        case .block: "%"
        case .comment: "#"
        }
    }
}
