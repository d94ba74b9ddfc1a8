import XCTest

@testable import OfficeTemplate

/// The statements in documents (across runs and paragraphs), the limits on what a tag may
/// build, and the differences from Jinja made on purpose.
final class StatementTests: XCTestCase {
    typealias P = TestPackage

    private func body(_ template: Template, _ data: TemplateValue) throws -> String {
        XMLText.unescape(try P.bodyText(template.render(data).bytes))
    }

    private func evaluationError(_ expression: String, _ data: TemplateValue = [:]) -> String? {
        do {
            _ = try evaluate(try ExpressionParser.parse(expression), in: Scope(root: data))
            return nil
        } catch let error as EvaluationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    func testWhitespaceControlReachesIntoNeighbouringRuns() throws {
        let template = try Template(
            bytes: try P.docx(body: P.paragraph("Name: ", "  {{- name -}}  ", " .")), name: "t.docx")
        XCTAssertEqual(try body(template, ["name": "Ann"]), "Name:Ann.")
    }

    func testWhitespaceControlRemovesTabsAndWorksInODT() throws {
        let tab = #"<w:p><w:r><w:t>A</w:t><w:tab/><w:t xml:space="preserve"> {{- x }}</w:t><w:tab/></w:r></w:p>"#
        let docx = try P.entry("word/document.xml", of: try P.render(try P.docx(body: tab), ["x": "B"]))
        XCTAssertTrue(docx.contains(#"<w:t>A</w:t><w:t xml:space="preserve">B</w:t><w:tab/>"#), docx)
        let odt = try Template(
            bytes: try P.odt(body: "<text:p>Name:  {{- name -}}  .</text:p>"), name: "t.odt"
        ).render(["name": "Ann"]).bytes
        XCTAssertTrue(try P.entry("content.xml", of: odt).contains("Name:Ann.</text:p>"))
    }

    func testStatementsAloneInTheirParagraphsLeaveNoBlankLines() throws {
        let paragraphs = [
            "{% set greeting = 'Dear ' ~ name %}", "{% macro sign(who, role='Head') %}", "{{ who }}, {{ role }}",
            "{% endmacro %}",
            "{{ greeting }},", "{% raw %}", "Literal {{ tag }}", "{% endraw %}", "{% filter upper %}", "shouting {{ name }}",
            "{% endfilter %}", "{{ sign('Cy') }}",
        ]
        let template = try Template(bytes: try P.docx(body: paragraphs.map { P.paragraph($0) }.joined()), name: "t.docx")
        XCTAssertEqual(try body(template, ["name": "Ann"]), "Dear Ann,\nLiteral {{ tag }}\nSHOUTING ANN\nCy, Head")
        // Names bound by set and macro are not data the template needs.
        XCTAssertEqual(template.usage(), TemplateUsage(required: ["name"], optional: []))
    }

    /// Jinja's way to carry a value out of a loop, whose `set` lasts one pass (expected texts from Jinja2 3.1).
    func testNamespaceCarriesValuesOutOfLoops() throws {
        let template = try Template(
            bytes: try P.docx(
                body: P.paragraph(
                    "{% set ns = namespace(total=0) %}{% for p in people %}{% set ns.total = ns.total + p.age %}{% endfor %}"
                        + "{{ ns.total }} {{ dict(b=1, a=2)|dictsort|map('join', '=')|join(',') }}")), name: "t.docx")
        XCTAssertEqual(try body(template, ["people": [["age": 15], ["age": 17]]]), "32 a=2,b=1")
        let data = try Template(
            bytes: try P.docx(body: P.paragraph("{% set pupil.name = 'x' %}")), name: "t.docx")
        XCTAssertThrowsError(try data.render(["pupil": ["name": "Ann"]])) { error in
            XCTAssertTrue("\(error)".contains("needs 'pupil' to be a namespace"), "\(error)")
        }
    }

    func testFilterBlockKeepsFormattingOfEachRun() throws {
        let runs =
            #"<w:p><w:r><w:t>{% filter upper %}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>bold &amp; </w:t></w:r>"#
            + #"<w:r><w:t>plain{% endfilter %}</w:t></w:r></w:p>"#
        let output = try P.render(try P.docx(body: runs), [:])
        let xml = try P.entry("word/document.xml", of: output)
        XCTAssertTrue(xml.contains(#"<w:rPr><w:b/></w:rPr><w:t>BOLD &amp; </w:t>"#), xml)
        XCTAssertTrue(xml.contains(">PLAIN<"), xml)
    }

    func testUndefinedConditionsDoNotFailButMisspeltPrintsDo() throws {
        let template = try Template(
            bytes: try P.docx(body: P.paragraph("{% if pupil.sen %}SEN{% endif %}{{ pupil.nmae }}")), name: "t.docx")
        XCTAssertThrowsError(try template.render(["pupil": ["name": "Ann"]])) { error in
            let issues = (error as? TemplateError)?.issues ?? []
            XCTAssertEqual(issues.count, 1, "\(issues)")
            XCTAssertTrue(issues.first?.message.contains("'pupil.nmae' is not in the data") ?? false, "\(issues)")
        }
    }

    func testMacroErrorsAndRecursionAreReported() throws {
        let recursive = try Template(
            bytes: try P.docx(
                body: P.paragraph("{% macro loop_forever(n) %}{{ loop_forever(n) }}{% endmacro %}{{ loop_forever(1) }}")),
            name: "t.docx")
        XCTAssertThrowsError(try recursive.render([:])) { error in
            XCTAssertTrue("\(error)".contains("more than 50 deep"), "\(error)")
        }
        let wrong = try Template(
            bytes: try P.docx(body: P.paragraph("{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}{{ m(b=1) }}")), name: "t.docx"
        )
        XCTAssertThrowsError(try wrong.render([:])) { error in
            XCTAssertTrue("\(error)".contains("the macro 'm' takes 1 argument, but was given 2"), "\(error)")
            XCTAssertTrue("\(error)".contains("the macro 'm' has no parameter 'b'"), "\(error)")
        }
    }

    /// A short template must not be able to ask for billions of passes: the render stops with a message.
    func testLoopPassesAndMacroCallsAreBounded() throws {
        let nested = try Template(
            bytes: try P.docx(
                body: P.paragraph("{% for i in range(1001) %}{% for j in range(1000) %}{% endfor %}{% endfor %}")),
            name: "t.docx")
        XCTAssertThrowsError(try nested.render([:])) { error in
            XCTAssertTrue("\(error)".contains("more than 1,000,000 loop passes and macro calls"), "\(error)")
        }
        let doubling = try Template(
            bytes: try P.docx(body: P.paragraph("{% macro m(n) %}{{ m(n) }}{{ m(n) }}{% endmacro %}{{ m(1) }}")), name: "t.docx")
        XCTAssertThrowsError(try doubling.render([:]))
    }

    /// A namespace keeps a value across loop passes, so a text doubled on each pass must stop at the limit.
    func testJoiningIsBounded() throws {
        let doubling = try Template(
            bytes: try P.docx(
                body: P.paragraph(
                    "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
                )),
            name: "t.docx")
        XCTAssertThrowsError(try doubling.render([:])) { error in
            XCTAssertTrue("\(error)".contains("joining would make more than 10,000,000 bytes"), "\(error)")
        }
        XCTAssertEqual(
            evaluationError("[1] + big", ["big": .list(Array(repeating: 1, count: 1_000_000))]),
            "joining would make more than 1,000,000 items, which is the limit for one value")
    }

    func testBlockStatementsMustBeClosed() throws {
        let errors = P.compileErrors(
            try P.docx(body: P.paragraph("{% filter upper %}x") + P.paragraph("{% raw %}{{ y }}") + P.paragraph("{% endmacro %}"))
        )
        XCTAssertEqual(
            errors,
            [
                "letter.docx: word/document.xml: paragraph 1, before 'x': '{% filter upper %}' is never closed; add '{% endfilter %}'",
                "letter.docx: word/document.xml: paragraph 2, before '{{ y }}': '{% raw %}' is never closed; add '{% endraw %}'",
            ])
    }

    func testCallsOfUnknownFunctionsAreFoundWithoutData() throws {
        let body =
            P.paragraph("{% macro greet(who) %}Hi {{ who }}{% endmacro %}{{ gret('Ann') }}")
            + P.paragraph("{% for i in rnage(3) %}{{ greet(i) }}{% endfor %}{{ nothing_like_it() }}")
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body)),
            [
                "letter.docx: word/document.xml: paragraph 1, after '… greet(who) %}Hi {{ who }}{% endmacro %}': '{{ gret('Ann') }}': there is no function 'gret'; did you mean 'greet'?",
                "letter.docx: word/document.xml: paragraph 2, before '{{ greet(i) }}{% endfor %}{{ nothing_lik…': '{% for i in rnage(3) %}': there is no function 'rnage'; did you mean 'range'?",
                "letter.docx: word/document.xml: paragraph 2, after '…in rnage(3) %}{{ greet(i) }}{% endfor %}': '{{ nothing_like_it() }}': there is no function 'nothing_like_it'; "
                    + "the functions are dict(), namespace(), range(), greet()",
            ])
    }

    func testLimitsOnWhatATagBuilds() {
        XCTAssertEqual(evaluationError("range(100001)"), "'range()' would make more than 100,000 numbers, which is the limit")
        XCTAssertEqual(evaluationError("range(1, 2, 0)"), "'range()' needs a step that is not 0")
        XCTAssertEqual(
            evaluationError("'abcdefghij' * 1000001"),
            "'*' would make more than 10,000,000 bytes, which is the limit for one value")
        XCTAssertEqual(
            evaluationError("[1, 2] * 600000"), "'*' would make more than 1,000,000 items, which is the limit for one value")
        XCTAssertEqual(
            evaluationError("'x' * 9223372036854775807"),
            "'*' would make more than 10,000,000 bytes, which is the limit for one value")
        let big: TemplateValue = [
            "big": .string(String(repeating: "x", count: 1_000_000)), "many": .list(Array(repeating: "a", count: 20)),
        ]
        for expression in [
            "('\\n' * 20) | indent(big)", "big | wordwrap(1, wrapstring=big[:20])", "many | join(big)", "big.join(many)",
        ] {
            XCTAssertEqual(
                evaluationError(expression, big).map {
                    $0.hasSuffix("would make a text of more than 10,000,000 bytes, which is the limit for one value")
                },
                true, expression)
        }
        XCTAssertEqual(evaluationError("[1] | batch(1000000000, 0)"), "the 'batch' filter fills lines of at most 1,000,000 items")
        XCTAssertEqual(evaluationError("10.0 ** 400"), "the result of '**' is too large to be a number here")
        XCTAssertEqual(evaluationError("[1][::0]"), "a slice step cannot be 0")
        XCTAssertEqual(
            evaluationError("nothing(1)"),
            "there is no function 'nothing'; the functions are range(), namespace(), dict() and the template's own {% macro %}s")
        XCTAssertEqual(
            evaluationError("'a'.nope()"),
            "text has no method '.nope()'; text has .capitalize(), .endswith(), .join(), .lower(), .lstrip(), .replace(), "
                + ".rstrip(), .split(), .startswith(), .strip(), .title(), .upper()")
        XCTAssertEqual(evaluationError("{1: 2}"), "the keys of a map written {…} must be text, but one is a number")
    }

    func testIntegerArithmeticIsCheckedNotTrapped() throws {
        let data: TemplateValue = ["n": .int(.min)]
        XCTAssertEqual(
            evaluationError("n // -1", data), "the result of '//' is too large for a whole number (beyond ±\(Int.max))")
        // The remainder is exactly 0, as in Python; only the quotient does not fit.
        XCTAssertEqual(try evaluate(try ExpressionParser.parse("n % -1"), in: Scope(root: data)), .int(0))
        // Past the range of whole numbers, a power becomes a decimal as other arithmetic does.
        XCTAssertEqual(
            try evaluate(try ExpressionParser.parse("2 ** 64"), in: Scope(root: [:])), .double(18_446_744_073_709_551_616))
        XCTAssertEqual(try evaluate(try ExpressionParser.parse("(-2) ** 63"), in: Scope(root: [:])), .int(.min))
    }

    /// Where APDocs prints differently from Jinja on purpose (see the README).
    func testDeliberateDifferencesFromJinja() throws {
        let data: TemplateValue = ["m": ["a": 1]]
        func printed(_ expression: String) throws -> String {
            OfficeTemplate.text(of: try evaluate(try ExpressionParser.parse(expression), in: Scope(root: data)))
        }
        XCTAssertEqual(try printed("m.get('z')"), "")  // Jinja: None
        XCTAssertEqual(try printed("[1, 'a']"), "1, a")  // Jinja: [1, 'a']
        XCTAssertEqual(try printed("2.5 | round"), "3.0")  // Jinja: 2.0 (half to even)
        XCTAssertEqual(try printed("'<b>' | safe"), "<b>")  // escaped when written, like every value
        // In a condition a missing value is false at any depth (Jinja fails on `missing.deeper`).
        XCTAssertEqual(try evaluateCondition(try ExpressionParser.parse("m.z.deeper"), in: Scope(root: data)), false)
    }
}
