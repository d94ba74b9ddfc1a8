import XCTest

@testable import OfficeTemplate

/// Issue 14, the tag language under hostile input: no crash, no runaway allocation, and
/// messages of a bounded length.
final class HostileExpressionTests: XCTestCase {
    typealias P = TestPackage

    private let data: TemplateValue = [
        "n": .int(Int.min), "big": .int(Int.max), "x": 1.5, "name": "Ann",
        "inf": .double(.infinity), "nan": .double(.nan),
    ]

    private func eval(_ text: String) throws -> TemplateValue {
        try evaluate(try ExpressionParser.parse(text), in: Scope(root: data, options: EvaluationOptions()))
    }

    private func message(_ text: String) -> String? {
        do {
            _ = try eval(text)
            return nil
        } catch let error as TagSyntaxError {
            return error.message
        } catch let error as EvaluationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    // MARK: - Crashes

    /// Int.min // -1 and Int.min % -1 trapped (SIGILL): the one quotient that does not fit.
    func testFloorDivisionAndRemainderOfIntMinByMinusOne() throws {
        XCTAssertEqual(try eval("n % -1"), 0)
        XCTAssertEqual(message("n // -1"), "the result of '//' is too large for a whole number (beyond ±\(Int.max))")
        // Python's rounding towards minus infinity is kept.
        XCTAssertEqual(try eval("-7 // 2"), -4)
        XCTAssertEqual(try eval("-7 % 2"), 1)
        XCTAssertEqual(try eval("7 % -2"), -1)
        XCTAssertEqual(try eval("n // 1"), .int(Int.min))
        XCTAssertEqual(try eval("n % 7"), .int(Int.min % 7 + 7))
    }

    /// Expressions nested 8,000-30,000 deep overflowed the stack in the parser, the evaluator
    /// and when the tree was freed. Each shape is refused with the limit named.
    func testDeepNestingIsRefusedWithTheLimitNamed() {
        let depth = 30_000
        let shapes: [String: String] = [
            "brackets": String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth),
            "not": String(repeating: "not ", count: depth) + "x",
            "minus": String(repeating: "- ", count: depth) + "x",
            "plus chain": "x" + String(repeating: " + x", count: depth),
            "and chain": "x" + String(repeating: " and x", count: depth),
            "concatenation": "x" + String(repeating: " ~ x", count: depth),
            "comparison": "x" + String(repeating: " < x", count: depth),
            "filters": "name" + String(repeating: " | upper", count: depth),
            "path": "name" + String(repeating: ".a", count: depth),
            "indexes": "name" + String(repeating: "[0]", count: depth),
            "lists": String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            "conditional": String(repeating: "x if x else ", count: depth) + "x",
        ]
        for (shape, text) in shapes.sorted(by: { $0.key < $1.key }) {
            XCTAssertThrowsError(try ExpressionParser.parse(text), shape) { error in
                XCTAssertTrue("\(error)".contains("nested more than 200 deep"), "\(shape): \(error)")
            }
        }
    }

    func testNestingWellWithinTheLimitStillWorks() throws {
        let brackets = String(repeating: "(", count: 60) + "x" + String(repeating: ")", count: 60)
        XCTAssertEqual(try eval(brackets), 1.5)
        XCTAssertEqual(try eval("x" + String(repeating: " + x", count: 100)), 151.5)
        XCTAssertEqual(try eval("name" + String(repeating: " | lower | upper", count: 50)), "ANN")
        XCTAssertEqual(try eval(String(repeating: "not ", count: 100) + "x"), true)
        XCTAssertEqual(try eval("[" + Array(repeating: "1", count: 5_000).joined(separator: ",") + "] | length"), 5_000)
    }

    /// In a document, the deep tag is a compile error of the template, not a crash of `check`.
    func testDeepNestingInATemplateIsACompileError() throws {
        let tag = "{{ " + String(repeating: "(", count: 20_000) + "x" + String(repeating: ")", count: 20_000) + " }}"
        let errors = P.compileErrors(try P.docx(body: P.paragraph(tag)))
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.contains("nested more than 200 deep") ?? false, "\(errors)")
    }

    /// `{% if %}` blocks nested thousands deep recursed once per level when the part was built
    /// and rendered; past the limit the template is refused with one message.
    func testDeeplyNestedBlocksAreACompileError() throws {
        let deep = String(repeating: "{% if x %}", count: 20_000) + "y" + String(repeating: "{% endif %}", count: 20_000)
        let errors = P.compileErrors(try P.docx(body: P.paragraph(deep)))
        XCTAssertEqual(
            errors,
            [
                "letter.docx: word/document.xml: paragraph 1, after '…{% if x %}{% if x %}{% if x %}{% if x %}': "
                    + "'{% if x %}' opens a block nested more "
                    + "than 100 deep (if and for together), which is the limit; simplify the template"
            ])
        let fine = String(repeating: "{% if x %}", count: 60) + "y" + String(repeating: "{% endif %}", count: 60)
        let template = try Template(bytes: try P.docx(body: P.paragraph(fine)), name: "letter.docx")
        XCTAssertEqual(try P.bodyText(template.render(["x": true]).bytes), "y")
    }

    /// `round(10**12)` tried to build a text of 10^12 zeros.
    func testRoundPrecisionIsBounded() throws {
        XCTAssertEqual(message("x | round(1000000000000)"), "the 'round' filter needs a precision from 0 to 17 decimal places")
        XCTAssertEqual(message("x | round(-1)"), "the 'round' filter needs a precision from 0 to 17 decimal places")
        XCTAssertEqual(try eval("x | round(17)"), 1.5)
        XCTAssertEqual(try eval("2.345 | round(2)"), 2.35)
    }

    /// Infinity or NaN reaching a number filter printed a made-up amount.
    func testNumberFiltersRefuseInfinityAndNaN() {
        for filter in ["gbp", "round", "ordinal", "abs"] {
            XCTAssertEqual(message("inf | \(filter)"), "the '\(filter)' filter needs a finite number, but was given inf")
            XCTAssertEqual(message("nan | \(filter)"), "the '\(filter)' filter needs a finite number, but was given nan")
        }
        XCTAssertEqual(message("(1e308 * 10) | gbp"), "the 'gbp' filter needs a finite number, but was given inf")
    }
}
