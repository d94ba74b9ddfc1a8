/// The expression tree of the tag language (Jinja's expression syntax).
///
/// Trees are immutable values, so one parsed template can be rendered on many threads.
indirect enum Expression: Sendable, Hashable {
    /// `"text"`, `12`, `2.5`, `true`, `none`.
    case literal(TemplateValue)
    /// A bare name: a loop variable, `loop`, or a top-level key of the data.
    case variable(String)
    /// `base.name`.
    case member(Expression, String)
    /// `base[index]`: a list position or a map key.
    case index(Expression, Expression)
    /// `[a, b, c]`, and the tuple `(a, b)`, which is a list here too.
    case list([Expression])
    /// `{"key": value, …}`; keys must evaluate to text.
    case map([MapEntry])
    /// `base[start:stop:step]`, each part optional, as in Python.
    case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
    /// `callee(arguments)`: a method (`name.upper()`, `map.get("k")`, `loop.cycle("a", "b")`),
    /// `range(…)`, or a macro defined with `{% macro %}`.
    case call(Expression, arguments: [FilterArgument])
    /// `not x`, `-x`, `+x`.
    case unary(UnaryOperator, Expression)
    /// `a + b`, `a == b`, `a and b`, ...
    case binary(BinaryOperator, Expression, Expression)
    /// `value if condition else otherwise` (the `else` part is optional and defaults to none).
    case conditional(value: Expression, condition: Expression, otherwise: Expression?)
    /// `input | name(arguments)`.
    case filter(Expression, name: String, arguments: [FilterArgument])
    /// `input is name(arguments)`, or `is not` when negated.
    case test(Expression, name: String, arguments: [Expression], negated: Bool)
}

enum UnaryOperator: String, Sendable, Hashable {
    case not
    case negate = "-"
    case plus = "+"
}

enum BinaryOperator: String, Sendable, Hashable {
    case or, and
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case contains = "in"
    case notContains = "not in"
    case concatenate = "~"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case floorDivide = "//"
    case remainder = "%"
    case power = "**"
}

/// One `key: value` of a map literal.
struct MapEntry: Sendable, Hashable {
    var key: Expression
    var value: Expression
}

/// One argument of a filter call; `label` is set for keyword arguments (`width="4cm"`).
struct FilterArgument: Sendable, Hashable {
    var label: String?
    var value: Expression

    init(label: String? = nil, _ value: Expression) {
        self.label = label
        self.value = value
    }
}
