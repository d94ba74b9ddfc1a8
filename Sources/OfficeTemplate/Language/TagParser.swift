/// Parses one tag's source text, delimiters included: `{{ pupil.name }}`, `{%p if x %}`.
enum TagParser {
    /// Block keywords the language has.
    static let blockKeywords = [
        "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "raw", "endraw", "filter", "endfilter", "macro",
        "endmacro", "hm", "vm", "colspan", "cellbg",
    ]

    /// The statements, as messages list them.
    static let statementList =
        "if, elif, else, endif, for, endfor, set, endset, raw, endraw, filter, endfilter, macro and endmacro"

    /// Jinja statements people may try that have no meaning in a document template (a template
    /// is one file, so there is nothing to include, import or extend).
    private static let unsupportedStatements: Set<String> = [
        "include", "import", "from", "extends", "block", "endblock", "with", "endwith", "call", "endcall", "break",
        "continue",
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
        // Whitespace control: `{%-` and `-%}` strip the white space beside the tag (`+` keeps it,
        // which is already the default here).
        var trimsBefore = false
        var trimsAfter = false
        if let first = inner.first, first == "-" || first == "+" {
            trimsBefore = first == "-"
            inner = inner.dropFirst()
        }
        if let last = inner.last, last == "-" || last == "+" {
            trimsAfter = last == "-"
            inner = inner.dropLast()
        }
        let scope = explicitScope(in: &inner, delimiter: delimiter)
        let body = String(String.UnicodeScalarView(inner))
        var tag = try parseKind(body, source: source, delimiter: delimiter, scope: scope)
        tag.trimsBefore = trimsBefore
        tag.trimsAfter = trimsAfter
        return tag
    }

    private static func parseKind(
        _ body: String, source: String, delimiter: TagDelimiter, scope: TagScope?
    ) throws(TagSyntaxError) -> ParsedTag {

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
        case "set":
            kind = try parseSet(&parser)
        case "raw":
            kind = .raw
        case "endraw":
            kind = .endraw
        case "endfilter":
            kind = .endfilter
        case "endset":
            kind = .endset
        case "endmacro":
            kind = .endmacro
        case "filter":
            guard case .name(let name) = parser.current.kind else {
                throw TagSyntaxError("'filter' needs a filter name, as in {% filter upper %}")
            }
            // Parsed as a filter applied to a placeholder, so its arguments read as any filter's.
            var filterParser = try ExpressionParser("_ | " + body.drop { $0.isWhitespace }.dropFirst("filter".count))
            guard case .filter(.variable("_"), name, let arguments) = try filterParser.parseExpression() else {
                throw TagSyntaxError("'filter' takes one filter, as in {% filter upper %} or {% filter replace(\"a\", \"b\") %}")
            }
            try filterParser.expectEnd()
            return .filterStart(name: name, arguments: arguments)
        case "macro":
            kind = try parseMacro(&parser)
        default:
            if unsupportedStatements.contains(keyword) {
                throw TagSyntaxError(
                    "{% \(keyword) %} is not supported in document templates; the tags are \(statementList)", code: .unknownTag)
            }
            if let suggestion = Suggestion.closest(to: keyword, among: blockKeywords) {
                throw TagSyntaxError("unknown tag '\(keyword)'; did you mean '\(suggestion)'?", code: .unknownTag)
            }
            throw TagSyntaxError(
                "unknown tag '\(Excerpt.of(keyword))'; the tags are \(statementList) "
                    + "(to print a value write {{ \(Excerpt.of(keyword)) }})", code: .unknownTag)
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
        var condition: Expression?
        if parser.take(name: "if") {
            if parser.atEnd { throw TagSyntaxError("'for … if' needs a condition after 'if'") }
            condition = try parser.parseOr()
        }
        if parser.current.kind == .name("recursive") {
            throw TagSyntaxError("recursive loops are not supported; nest a second {% for %} instead")
        }
        try parser.expectEnd()
        return .forStart(variables: variables, sequence: sequence, condition: condition)
    }

    /// `set name = value`, `set a, b = value`.
    private static func parseSet(_ parser: inout ExpressionParser) throws(TagSyntaxError) -> TagKind {
        var targets: [String] = []
        repeat {
            guard case .name(let name) = parser.current.kind, !ExpressionParser.keywords.contains(name) else {
                throw TagSyntaxError("'set' needs a variable name, as in {% set total = 0 %}")
            }
            _ = parser.take(name: name)
            if parser.take(symbol: ".") {
                // `set ns.total = …`: a field of a namespace(), the way Jinja carries a value out of a loop.
                guard case .name(let field) = parser.current.kind else {
                    throw TagSyntaxError("expected a field name after '\(Excerpt.of(name)).' in 'set'")
                }
                _ = parser.take(name: field)
                targets.append(name + "." + field)
            } else {
                targets.append(name)
            }
        } while parser.take(symbol: ",")
        if targets.count > 1, targets.contains(where: { $0.contains(".") }) {
            throw TagSyntaxError("'set' can unpack into plain names only, not into fields such as ns.total")
        }
        if parser.atEnd, targets.count == 1, !targets[0].contains(".") {
            return .setBlock(target: targets[0])  // `{% set name %}…{% endset %}`
        }
        guard parser.take(symbol: "=") else {
            throw TagSyntaxError(
                "expected '=' after {% set \(targets.joined(separator: ", ")) %}, as in {% set total = 0 %}, or "
                    + "{% set name %}…{% endset %} for the text in between")
        }
        if parser.atEnd { throw TagSyntaxError("'set' needs a value after '='") }
        var value = try parser.parseExpression()
        if parser.take(symbol: ",") {  // `set a, b = 1, 2`: a tuple without brackets, as in Jinja.
            var items = [value]
            repeat { items.append(try parser.parseExpression()) } while parser.take(symbol: ",")
            value = .list(items)
        }
        try parser.expectEnd()
        return .set(targets: targets, value: value)
    }

    /// `macro name(a, b=default)`.
    private static func parseMacro(_ parser: inout ExpressionParser) throws(TagSyntaxError) -> TagKind {
        guard case .name(let name) = parser.current.kind, !ExpressionParser.keywords.contains(name) else {
            throw TagSyntaxError("'macro' needs a name, as in {% macro greeting(name) %}")
        }
        _ = parser.take(name: name)
        guard parser.take(symbol: "(") else {
            throw TagSyntaxError(
                "'macro \(Excerpt.of(name))' needs its parameters in brackets, as in {% macro \(Excerpt.of(name))() %}")
        }
        var parameters: [MacroParameter] = []
        while !parser.take(symbol: ")") {
            guard case .name(let parameter) = parser.current.kind, !ExpressionParser.keywords.contains(parameter) else {
                throw TagSyntaxError("expected a parameter name in 'macro \(Excerpt.of(name))(…)'")
            }
            _ = parser.take(name: parameter)
            var defaultValue: Expression?
            if parser.take(symbol: "=") {
                defaultValue = try parser.parseExpression()
            } else if parameters.last?.defaultValue != nil {
                throw TagSyntaxError("in 'macro \(Excerpt.of(name))', parameters without a default must come first")
            }
            parameters.append(MacroParameter(name: parameter, defaultValue: defaultValue))
            if !parser.take(symbol: ",") {
                guard parser.take(symbol: ")") else {
                    throw TagSyntaxError("expected ',' or ')' in 'macro \(Excerpt.of(name))(…)'")
                }
                break
            }
        }
        return .macroStart(name: name, parameters: parameters)
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
