import XCTest

@testable import OfficeTemplate

/// The language against Jinja: each case's expected text is what Jinja2 3.1 printed for it
/// (JinjaCases.swift); differences made on purpose are tested separately, with the reason.
final class JinjaParityTests: XCTestCase {
    typealias P = TestPackage

    static let data: TemplateValue = [
        "n": 7, "pupil": ["name": "Zoë", "year": 10], "xs": [3, 1, 2], "days": ["Mon", "Tue", "Wed"],
        "people": [
            ["name": "Ann", "age": 15, "town": "Leeds"], ["name": "Bob", "age": 17, "town": "York"],
            ["name": "Cy", "age": 16, "town": "Leeds"],
        ],
        "m": ["b": 2, "a": 1], "text": "  Hello World  ",
    ]

    private func printed(_ expression: String) throws -> String {
        let scope = Scope(root: Self.data)
        return OfficeTemplate.text(of: try evaluate(try ExpressionParser.parse(expression), in: scope))
    }

    /// The text of a document whose one paragraph is `template`.
    private func rendered(_ template: String, _ data: TemplateValue = data) throws -> String {
        let body = P.paragraph(XMLText.escape(template))
        return XMLText.unescape(try P.bodyText(try P.render(try P.docx(body: body), data)))
    }

    private func checkExpressions(_ cases: [(String, String)], file: StaticString = #filePath, line: UInt = #line) {
        for (expression, expected) in cases {
            do {
                XCTAssertEqual(try printed(expression), expected, expression, file: file, line: line)
            } catch {
                XCTFail("\(expression): \(error)", file: file, line: line)
            }
        }
    }

    private func checkTemplates(_ cases: [(String, String)], file: StaticString = #filePath, line: UInt = #line) {
        for (template, expected) in cases {
            do {
                XCTAssertEqual(try rendered(template), expected, template, file: file, line: line)
            } catch {
                XCTFail("\(template): \(error)", file: file, line: line)
            }
        }
    }

    func testWhitespaceControlStripsWithinTheParagraph() {
        checkTemplates(JinjaCases.whitespaceTemplates)
    }

    func testComparisonsChain() {
        checkExpressions(JinjaCases.chainsExpressions)
    }

    func testUndefinedIsFalseInConditionsAndTests() {
        checkExpressions(JinjaCases.undefinedInConditionsExpressions)
        checkTemplates(JinjaCases.undefinedIfTemplates)
    }

    func testPrintingAMissingValueIsStillAnError() {
        XCTAssertThrowsError(try rendered("{{ pupil.missing }}")) { error in
            XCTAssertTrue("\(error)".contains("'pupil.missing' is not in the data"), "\(error)")
        }
        // The right side of `or` is the printed value when reached, so it must exist.
        XCTAssertThrowsError(try rendered("{{ pupil.missing or pupil.other }}"))
    }

    func testStatements() {
        checkTemplates(JinjaCases.statementsTemplates)
    }

    func testMethodsSlicesOperatorsAndLiterals() {
        checkExpressions(JinjaCases.methodsExpressions)
        checkExpressions(JinjaCases.slicesExpressions)
        checkExpressions(JinjaCases.operatorsExpressions)
        checkExpressions(JinjaCases.rangeExpressions)
    }

    func testFiltersAndTests() {
        checkExpressions(JinjaCases.filtersExpressions)
    }
}
