/// Recursive-descent parser for expressions, with Jinja's operator precedence.
///
/// From loosest to tightest: `x if c else y`, `or`, `and`, `not`, comparisons and `in`,
/// `+ -`, `~`, `* / // %`, unary `- +`, then a primary with its `.name` / `[index]`
/// suffixes, then `| filter` and `is test`. As in Jinja, a filter binds to the value just
/// before it: `a + b | upper` is `a + (b | upper)`, and `-x | abs` is `(-x) | abs`.
struct ExpressionParser {
    typealias Token = Lexer.Token

    private let tokens: [Token]
    private(set) var index = 0
    /// How deep the expression being built is nested so far: every bracket, `not`, sign,
    /// operator, filter and path part adds one. Bounded by `maximumNesting`, so that hostile
    /// tags nested thousands deep are refused rather than overflowing the stack here, in the
    /// evaluator or when the tree is freed.
    private var nesting = 0

    /// The deepest nesting an expression may have. Real templates stay below 20.
    static let maximumNesting = 200

    /// Words that cannot be variable names, because they mean something in the syntax.
    static let keywords: Set<String> = [
        "and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor",
    ]

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    init(_ text: String) throws(TagSyntaxError) {
        self.init(tokens: try Lexer.tokenize(text))
    }

    var current: Token { tokens[index] }
    var atEnd: Bool { current.kind == .end }

    /// Parses a whole expression and requires nothing after it.
    static func parse(_ text: String) throws(TagSyntaxError) -> Expression {
        var parser = try ExpressionParser(text)
        let expression = try parser.parseExpression()
        try parser.expectEnd()
        return expression
    }

    mutating func expectEnd() throws(TagSyntaxError) {
        guard atEnd else {
            throw TagSyntaxError(
                "unexpected \(Self.describe(current)) after \(describePrevious()); "
                    + "join values with ~ or 'and', or apply a filter with |")
        }
    }

    // MARK: - Precedence levels

    /// A full expression, including `x if condition else y`.
    mutating func parseExpression() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        try deeper()
        let value = try parseOr()
        guard take(name: "if") else { return value }
        let condition = try parseOr()
        let otherwise = take(name: "else") ? try parseExpression() : nil
        return .conditional(value: value, condition: condition, otherwise: otherwise)
    }

    /// An expression without the trailing `if … else …` form; `for` uses this so that
    /// `for x in list if …` can be reported clearly.
    mutating func parseOr() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var left = try parseAnd()
        while take(name: "or") {
            try deeper()
            left = .binary(.or, left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var left = try parseNot()
        while take(name: "and") {
            try deeper()
            left = .binary(.and, left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(TagSyntaxError) -> Expression {
        guard take(name: "not") else { return try parseComparison() }
        let outer = nesting
        defer { nesting = outer }
        try deeper()
        return .unary(.not, try parseNot())
    }

    /// Comparisons chain as in Jinja (and Python): `a < b == c` is `(a < b) and (b == c)`, so
    /// `1 < 2 < 3` is true and `1 < 2 == true` is false. The middle operand appears in both
    /// comparisons of the tree; expressions have no side effects, so reading it twice is safe.
    private mutating func parseComparison() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var left = try parseAdditive()
        var chain: Expression?
        while true {
            let op: BinaryOperator
            if case .symbol(let symbol) = current.kind, let comparison = Self.comparisons[symbol] {
                index += 1
                op = comparison
            } else if take(name: "in") {
                op = .contains
            } else if current.kind == .name("not"), tokens[index + 1].kind == .name("in") {
                index += 2
                op = .notContains
            } else {
                return chain ?? left
            }
            try deeper()
            let right = try parseAdditive()
            let comparison = Expression.binary(op, left, right)
            chain = chain.map { .binary(.and, $0, comparison) } ?? comparison
            left = right
        }
    }

    private static let comparisons: [String: BinaryOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    private mutating func parseAdditive() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var left = try parseConcatenation()
        while let op = take(symbols: ["+": .add, "-": .subtract]) {
            try deeper()
            left = .binary(op, left, try parseConcatenation())
        }
        return left
    }

    private mutating func parseConcatenation() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var left = try parseMultiplicative()
        while take(symbol: "~") {
            try deeper()
            left = .binary(.concatenate, left, try parseMultiplicative())
        }
        return left
    }

    private mutating func parseMultiplicative() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var left = try parsePower()
        while let op = take(symbols: ["*": .multiply, "/": .divide, "//": .floorDivide, "%": .remainder]) {
            try deeper()
            left = .binary(op, left, try parsePower())
        }
        return left
    }

    /// `a ** b`, left to right and tighter than `*` but looser than a sign, as Jinja reads it
    /// (`-2 ** 2` is 4, and `2 ** 3 ** 2` is 64).
    private mutating func parsePower() throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var left = try parseUnary(withFilters: true)
        while take(symbol: "**") {
            try deeper()
            left = .binary(.power, left, try parseUnary(withFilters: true))
        }
        return left
    }

    private mutating func parseUnary(withFilters: Bool) throws(TagSyntaxError) -> Expression {
        let outer = nesting
        defer { nesting = outer }
        var expression: Expression
        if take(symbol: "-") {
            try deeper()
            let operand = try parseUnary(withFilters: false)
            switch operand {  // Fold "-3" into a literal so it reads naturally in the tree.
            case .literal(.int(let value)): expression = .literal(.int(-value))
            case .literal(.double(let value)): expression = .literal(.double(-value))
            default: expression = .unary(.negate, operand)
            }
        } else if take(symbol: "+") {
            try deeper()
            expression = .unary(.plus, try parseUnary(withFilters: false))
        } else {
            expression = try parsePostfix(try parsePrimary())
        }
        if withFilters { expression = try parseFiltersAndTests(expression) }
        return expression
    }

    // MARK: - Primaries and suffixes

    private mutating func parsePrimary() throws(TagSyntaxError) -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            index += 1
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None", "null": return .literal(.null)
            default: break
            }
            if Self.keywords.contains(name) {
                throw TagSyntaxError("'\(name)' is a keyword and cannot be used as a value here")
            }
            return .variable(name)
        case .string(let text):
            index += 1
            return .literal(.string(text))
        case .integer(let value):
            index += 1
            return .literal(.int(value))
        case .number(let value):
            index += 1
            return .literal(.double(value))
        case .symbol("("):
            // `(x)` groups; `()`, `(x,)` and `(x, y)` are tuples, which are lists here.
            index += 1
            if take(symbol: ")") { return .list([]) }
            let inner = try parseExpression()
            guard take(symbol: ",") else {
                try expect(")", closing: "(")
                return inner
            }
            var items = [inner]
            while !take(symbol: ")") {
                items.append(try parseExpression())
                if !take(symbol: ",") {
                    try expect(")", closing: "(")
                    break
                }
            }
            return .list(items)
        case .symbol("{"):
            index += 1
            var entries: [MapEntry] = []
            while !take(symbol: "}") {
                let key = try parseExpression()
                guard take(symbol: ":") else {
                    throw TagSyntaxError("expected ':' after a key in '{…}', as in {\"key\": value}")
                }
                entries.append(MapEntry(key: key, value: try parseExpression()))
                if !take(symbol: ",") {
                    try expect("}", closing: "{")
                    break
                }
            }
            return .map(entries)
        case .symbol("["):
            index += 1
            var items: [Expression] = []
            while !take(symbol: "]") {
                items.append(try parseExpression())
                if !take(symbol: ",") {
                    try expect("]", closing: "[")
                    break
                }
            }
            return .list(items)
        case .end:
            throw TagSyntaxError(index == 0 ? "expected a value" : "expected a value after \(describePrevious())")
        default:
            throw TagSyntaxError("unexpected \(Self.describe(token)); expected a value")
        }
    }

    private mutating func parsePostfix(_ base: Expression) throws(TagSyntaxError) -> Expression {
        var expression = base
        while true {
            if current.kind == .symbol(".") || current.kind == .symbol("[") { try deeper() }
            if take(symbol: ".") {
                switch current.kind {
                case .name(let name): expression = .member(expression, name)
                case .integer(let position): expression = .index(expression, .literal(.int(position)))
                default: throw TagSyntaxError("expected a name after '.'")
                }
                index += 1
            } else if take(symbol: "[") {
                expression = try parseSubscript(of: expression)
            } else if current.kind == .symbol("(") {
                try deeper()
                let owner: String
                switch expression {
                case .variable(let name): owner = "call of '\(Excerpt.of(name))'"
                case .member(_, let name): owner = "call of '.\(Excerpt.of(name))()'"
                default: throw TagSyntaxError("only a name or a method can be called, as in range(3) or name.upper()")
                }
                expression = .call(expression, arguments: try parseArguments(of: owner))
            } else {
                return expression
            }
        }
    }

    /// After `[`: `[index]`, or a slice `[start:stop:step]` with any part left out.
    private mutating func parseSubscript(of base: Expression) throws(TagSyntaxError) -> Expression {
        var parts: [Expression?] = []
        var current: Expression? = nil
        while true {
            if self.current.kind == .symbol(":") || self.current.kind == .symbol("]") {
                // An empty part.
            } else {
                current = try parseExpression()
            }
            if take(symbol: ":") {
                parts.append(current)
                current = nil
                guard parts.count < 3 else { throw TagSyntaxError("a slice has at most three parts, as in [start:stop:step]") }
                continue
            }
            try expect("]", closing: "[")
            break
        }
        if parts.isEmpty {
            guard let current else { throw TagSyntaxError("expected a position or key inside '[]'") }
            return .index(base, current)
        }
        parts.append(current)
        while parts.count < 3 { parts.append(nil) }
        return .slice(base, start: parts[0], stop: parts[1], step: parts[2])
    }

    private mutating func parseFiltersAndTests(_ base: Expression) throws(TagSyntaxError) -> Expression {
        var expression = base
        while true {
            if current.kind == .symbol("|") || current.kind == .name("is") { try deeper() }
            if take(symbol: "|") {
                guard case .name(let name) = current.kind else {
                    throw TagSyntaxError("expected a filter name after '|', such as | upper")
                }
                index += 1
                let arguments = current.kind == .symbol("(") ? try parseArguments(of: "filter '\(Excerpt.of(name))'") : []
                expression = .filter(expression, name: name, arguments: arguments)
            } else if take(name: "is") {
                let negated = take(name: "not")
                let name: String
                switch current.kind {
                case .name(let word): name = word
                case .symbol(let symbol) where ["==", "!=", "<", "<=", ">", ">="].contains(symbol): name = symbol
                default: throw TagSyntaxError("expected a test name after 'is', such as 'is defined'")
                }
                index += 1
                let test = name.lowercased() == "none" ? "none" : name
                guard IsTest.names.contains(test) else {
                    throw TagSyntaxError(
                        "unknown test 'is \(Excerpt.of(name))'"
                            + Suggestion.didYouMean(name, among: IsTest.names.sorted()), code: .unknownTest)
                }
                var arguments: [Expression] = []
                if current.kind == .symbol("(") {
                    for argument in try parseArguments(of: "test '\(test)'") { arguments.append(argument.value) }
                } else if IsTest.arity[test] == 1, startsValue(current) {
                    // Jinja's `x is divisibleby 3`, `x is sameas false`: one argument without brackets.
                    try deeper()
                    arguments.append(try parsePostfix(try parsePrimary()))
                }
                if let problem = IsTest.argumentProblem(test, count: arguments.count) { throw TagSyntaxError(problem) }
                expression = .test(expression, name: test, arguments: arguments, negated: negated)
            } else {
                return expression
            }
        }
    }

    /// `(a, b, label=c)`; positional arguments must come first, as in Python.
    private mutating func parseArguments(of owner: String) throws(TagSyntaxError) -> [FilterArgument] {
        index += 1  // (
        var arguments: [FilterArgument] = []
        while !take(symbol: ")") {
            if case .name(let label) = current.kind, tokens[index + 1].kind == .symbol("=") {
                index += 2
                arguments.append(FilterArgument(label: label, try parseExpression()))
            } else {
                if arguments.last?.label != nil {
                    throw TagSyntaxError("in the \(owner), plain arguments must come before named ones")
                }
                arguments.append(FilterArgument(try parseExpression()))
            }
            if !take(symbol: ",") {
                try expect(")", closing: "(")
                break
            }
        }
        return arguments
    }

    // MARK: - Token helpers

    /// Whether `token` can begin a value (for a test's argument written without brackets).
    private func startsValue(_ token: Token) -> Bool {
        switch token.kind {
        case .string, .integer, .number: return true
        case .name(let name): return !Self.keywords.contains(name)
        case .symbol(let symbol): return symbol == "[" || symbol == "(" || symbol == "{"
        case .end: return false
        }
    }

    /// One level deeper; refuses the expression past `maximumNesting`.
    private mutating func deeper() throws(TagSyntaxError) {
        nesting += 1
        guard nesting <= Self.maximumNesting else {
            throw TagSyntaxError(
                "this expression is nested more than \(Self.maximumNesting) deep (brackets, "
                    + "operators, filters and path parts together), which is the limit; split it into simpler tags")
        }
    }

    mutating func take(name: String) -> Bool {
        guard current.kind == .name(name) else { return false }
        index += 1
        return true
    }

    mutating func take(symbol: String) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func take(symbols: [String: BinaryOperator]) -> BinaryOperator? {
        guard case .symbol(let symbol) = current.kind, let op = symbols[symbol] else { return nil }
        index += 1
        return op
    }

    private mutating func expect(_ symbol: String, closing opening: String) throws(TagSyntaxError) {
        guard take(symbol: symbol) else {
            throw TagSyntaxError(
                atEnd
                    ? "'\(opening)' is never closed; add '\(symbol)'"
                    : "expected '\(symbol)' to close '\(opening)', found \(Self.describe(current))")
        }
    }

    private func describePrevious() -> String {
        index > 0 ? Self.describe(tokens[index - 1]) : "the start"
    }

    /// A token as a message quotes it.
    static func describe(_ token: Token) -> String {
        switch token.kind {
        case .name(let name): return "'\(Excerpt.of(name))'"
        case .string(let text): return "the text \"\(Excerpt.of(text))\""
        case .integer(let value): return "'\(value)'"
        case .number(let value): return "'\(value)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "the end of the tag"
        }
    }
}
