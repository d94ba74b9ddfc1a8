import XCTest

@testable import OfficeTemplate

/// Foundation also has a type named Expression.
private typealias Expr = OfficeTemplate.Expression

final class ParserTests: XCTestCase {
    private func parse(_ source: String) throws -> ParsedTag {
        try TagParser.parse(source)
    }

    private func expression(_ text: String) throws -> Expr {
        try ExpressionParser.parse(text)
    }

    private func syntaxError(_ source: String) -> String? {
        do {
            _ = try TagParser.parse(source)
            return nil
        } catch {
            return error.message
        }
    }

    private func path(_ names: String...) -> Expr {
        var result = Expr.variable(names[0])
        for name in names.dropFirst() { result = .member(result, name) }
        return result
    }

    // MARK: - Tags

    func testOutputTag() throws {
        XCTAssertEqual(try parse("{{ pupil.name }}"), ParsedTag(kind: .output(path("pupil", "name")), explicitScope: nil))
    }

    func testBlockTags() throws {
        XCTAssertEqual(try parse("{% if x %}").kind, .ifStart(.variable("x")))
        XCTAssertEqual(try parse("{% elif y %}").kind, .elif(.variable("y")))
        XCTAssertEqual(try parse("{% else %}").kind, .elseTag)
        XCTAssertEqual(try parse("{% endif %}").kind, .endif)
        XCTAssertEqual(try parse("{% endfor %}").kind, .endfor)
        XCTAssertEqual(try parse("{# anything ' at all #}").kind, .comment)
    }

    func testForTags() throws {
        XCTAssertEqual(
            try parse("{% for c in pupil.contacts %}").kind,
            .forStart(variables: ["c"], sequence: path("pupil", "contacts"), condition: nil))
        XCTAssertEqual(
            try parse("{% for key, value in settings %}").kind,
            .forStart(variables: ["key", "value"], sequence: .variable("settings"), condition: nil))
        XCTAssertEqual(
            try parse("{% for x in xs if x %}").kind,
            .forStart(variables: ["x"], sequence: .variable("xs"), condition: .variable("x")))
    }

    func testExplicitScopes() throws {
        XCTAssertEqual(try parse("{%p if x %}"), ParsedTag(kind: .ifStart(.variable("x")), explicitScope: .paragraph))
        XCTAssertEqual(try parse("{%tr for r in rows %}").explicitScope, .row)
        XCTAssertEqual(try parse("{%tc endfor %}").explicitScope, .cell)
        XCTAssertEqual(try parse("{%r endif %}").explicitScope, .run)
        XCTAssertEqual(try parse("{{r rich }}"), ParsedTag(kind: .output(.variable("rich")), explicitScope: .run))
        XCTAssertEqual(try parse("{{p sub }}").explicitScope, .paragraph)
        XCTAssertEqual(try parse("{#tr hidden row #}"), ParsedTag(kind: .comment, explicitScope: .row))
        // With a space first these are plain variables.
        XCTAssertEqual(try parse("{{ p }}"), ParsedTag(kind: .output(.variable("p")), explicitScope: nil))
        XCTAssertEqual(try parse("{{r}}"), ParsedTag(kind: .output(.variable("r")), explicitScope: nil))
    }

    func testWhitespaceControlIsIgnored() throws {
        XCTAssertEqual(try parse("{%- if x -%}").kind, .ifStart(.variable("x")))
        XCTAssertEqual(try parse("{{- a -}}").kind, .output(.variable("a")))
        XCTAssertEqual(try parse("{%-p if x %}").explicitScope, .paragraph)
    }

    func testCurlyQuotesInTags() throws {
        XCTAssertEqual(
            try parse("{{ x | default(“none given”) }}").kind,
            .output(.filter(.variable("x"), name: "default", arguments: [FilterArgument(.literal("none given"))])))
        XCTAssertEqual(
            try parse("{% if pupil.year == ‘Y10’ %}").kind,
            .ifStart(.binary(.equal, path("pupil", "year"), .literal("Y10"))))
    }

    func testClosingDelimiterInsideAString() throws {
        XCTAssertEqual(try parse(#"{% if x == "50%}" %}"#).kind, .ifStart(.binary(.equal, .variable("x"), .literal("50%}"))))
    }

    // MARK: - Tag errors

    func testTagErrors() {
        XCTAssertEqual(syntaxError("{% endfro %}"), "unknown tag 'endfro'; did you mean 'endfor'?")
        XCTAssertEqual(syntaxError("{% esle %}"), "unknown tag 'esle'; did you mean 'else'?")
        XCTAssertEqual(
            syntaxError("{% pupil %}"),
            "unknown tag 'pupil'; the tags are if, elif, else, endif, for, endfor, set, endset, raw, endraw, filter, "
                + "endfilter, macro and endmacro (to print a value write {{ pupil }})")
        XCTAssertEqual(
            syntaxError("{% include 'x.docx' %}"),
            "{% include %} is not supported in document templates; the tags are if, elif, else, endif, for, endfor, set, "
                + "endset, raw, endraw, filter, endfilter, macro and endmacro")
        XCTAssertEqual(syntaxError("{{ }}"), "'{{ }}' is empty; put a data path in it, such as {{ pupil.name }}")
        XCTAssertEqual(syntaxError("{%  %}"), "'{%  %}' is empty; write a statement such as {% if … %}")
        XCTAssertEqual(syntaxError("{% if %}"), "'if' needs a condition, such as {% if pupil.sen %}")
        XCTAssertEqual(syntaxError("{% else if x %}"), "write {% elif … %} rather than {% else if … %}")
        XCTAssertEqual(syntaxError("{% endif x %}"), "unexpected 'x' in '{% endif x %}'; 'endif' takes nothing more")
        XCTAssertEqual(syntaxError("{% for x of xs %}"), "expected 'in' after the loop variable, as in {% for x in list %}")
        XCTAssertEqual(syntaxError("{% for in xs %}"), "'for' needs a loop variable name, as in {% for pupil in pupils %}")
        XCTAssertEqual(
            syntaxError("{% for a, b, c in xs %}"),
            "'for' takes one variable, or two for a map's keys and values (for key, value in map)")
        XCTAssertEqual(syntaxError("{% for x in xs if %}"), "'for … if' needs a condition after 'if'")
        XCTAssertEqual(syntaxError("{{ a }"), "'{{ a }' must end with '}}'")
        XCTAssertEqual(
            syntaxError("{% \"x\" %}"),
            "'{% \"x\" %}' must start with a keyword such as 'if' or 'for'; to print a value write {{ … }}")
        XCTAssertEqual(syntaxError("{{ \"abc }}"), "the text \"abc has no closing quote; add \"")
    }

    // MARK: - Expressions

    func testLiterals() throws {
        XCTAssertEqual(try expression("'a'"), .literal("a"))
        XCTAssertEqual(try expression("12"), .literal(12))
        XCTAssertEqual(try expression("-2.5"), .literal(-2.5))
        for word in ["true", "True"] { XCTAssertEqual(try expression(word), .literal(true)) }
        for word in ["false", "False"] { XCTAssertEqual(try expression(word), .literal(false)) }
        for word in ["none", "None"] { XCTAssertEqual(try expression(word), .literal(.null)) }
        XCTAssertEqual(try expression("[1, 'b', x]"), .list([.literal(1), .literal("b"), .variable("x")]))
        XCTAssertEqual(try expression("[]"), .list([]))
    }

    func testPathsAndIndexes() throws {
        XCTAssertEqual(
            try expression("a.b[0][\"odd key\"].c"),
            .member(.index(.index(path("a", "b"), .literal(0)), .literal("odd key")), "c"))
        XCTAssertEqual(try expression("a.0"), .index(.variable("a"), .literal(0)))
        XCTAssertEqual(try expression("a[i]"), .index(.variable("a"), .variable("i")))
    }

    func testPrecedence() throws {
        XCTAssertEqual(
            try expression("a or b and not c"),
            .binary(.or, .variable("a"), .binary(.and, .variable("b"), .unary(.not, .variable("c")))))
        XCTAssertEqual(
            try expression("1 + 2 * 3 == 7"),
            .binary(.equal, .binary(.add, .literal(1), .binary(.multiply, .literal(2), .literal(3))), .literal(7)))
        // As in Jinja, ~ binds tighter than + and -.
        XCTAssertEqual(
            try expression("a + b ~ c"),
            .binary(.add, .variable("a"), .binary(.concatenate, .variable("b"), .variable("c"))))
        XCTAssertEqual(
            try expression("(a + b) * c"),
            .binary(.multiply, .binary(.add, .variable("a"), .variable("b")), .variable("c")))
        XCTAssertEqual(try expression("not x in y"), .unary(.not, .binary(.contains, .variable("x"), .variable("y"))))
        XCTAssertEqual(try expression("x not in y"), .binary(.notContains, .variable("x"), .variable("y")))
    }

    func testFiltersBindToTheValueBeforeThem() throws {
        XCTAssertEqual(
            try expression("a ~ b | upper"),
            .binary(.concatenate, .variable("a"), .filter(.variable("b"), name: "upper", arguments: [])))
        XCTAssertEqual(try expression("-x | abs"), .filter(.unary(.negate, .variable("x")), name: "abs", arguments: []))
    }

    func testFilterArguments() throws {
        XCTAssertEqual(
            try expression("x | f(1, 'b', width=\"4cm\") | g"),
            .filter(
                .filter(
                    .variable("x"), name: "f",
                    arguments: [
                        FilterArgument(.literal(1)), FilterArgument(.literal("b")),
                        FilterArgument(label: "width", .literal("4cm")),
                    ]), name: "g", arguments: []))
    }

    func testTests() throws {
        XCTAssertEqual(try expression("x is defined"), .test(.variable("x"), name: "defined", arguments: [], negated: false))
        XCTAssertEqual(try expression("x is not none"), .test(.variable("x"), name: "none", arguments: [], negated: true))
        XCTAssertEqual(
            try expression("n is divisibleby(3)"),
            .test(.variable("n"), name: "divisibleby", arguments: [.literal(3)], negated: false))
        XCTAssertEqual(
            try expression("not x is defined"),
            .unary(.not, .test(.variable("x"), name: "defined", arguments: [], negated: false)))
    }

    func testConditionalExpression() throws {
        XCTAssertEqual(
            try expression("'Yes' if x else 'No'"),
            .conditional(value: .literal("Yes"), condition: .variable("x"), otherwise: .literal("No")))
        XCTAssertEqual(
            try expression("'Yes' if x"),
            .conditional(value: .literal("Yes"), condition: .variable("x"), otherwise: nil))
    }

    func testExpressionErrors() {
        func message(_ text: String) -> String? {
            do {
                _ = try ExpressionParser.parse(text)
                return nil
            } catch {
                return error.message
            }
        }
        XCTAssertEqual(message("a +"), "expected a value after '+'")
        XCTAssertEqual(
            message("pupil name"),
            "unexpected 'name' after 'pupil'; join values with ~ or 'and', or apply a filter with |")
        XCTAssertEqual(message("(a"), "'(' is never closed; add ')'")
        XCTAssertEqual(message("[a b]"), "expected ']' to close '[', found 'b'")
        XCTAssertEqual(message("x | "), "expected a filter name after '|', such as | upper")
        XCTAssertEqual(message("x is defnied"), "unknown test 'is defnied'; did you mean 'defined'?")
        XCTAssertEqual(message("'a'(x)"), "only a name or a method can be called, as in range(3) or name.upper()")
        XCTAssertEqual(message("x | f(a=1, 2)"), "in the filter 'f', plain arguments must come before named ones")
        XCTAssertEqual(message("if"), "'if' is a keyword and cannot be used as a value here")
        XCTAssertEqual(message("a.)"), "expected a name after '.'")
        XCTAssertEqual(message(")"), "unexpected ')'; expected a value")
    }
}
