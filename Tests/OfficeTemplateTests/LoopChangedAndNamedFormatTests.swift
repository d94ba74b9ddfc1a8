import XCTest

@testable import OfficeTemplate

/// `loop.changed(…)`, `loop.depth`/`depth0`, and `%(name)s` in `format` and `%`: each expected
/// text is what Jinja2 3.1 printed for the same template and data.
final class LoopChangedAndNamedFormatTests: XCTestCase {
    typealias P = TestPackage

    static let data: TemplateValue = [
        "pupil": ["name": "Zoë", "year": 10],
        "people": [
            ["name": "Ann", "age": 15, "town": "Leeds"], ["name": "Bob", "age": 17, "town": "York"],
            ["name": "Cy", "age": 16, "town": "Leeds"],
        ],
    ]

    /// The text of a document whose one paragraph is `template`.
    private func rendered(_ template: String, _ data: TemplateValue = data) throws -> String {
        let body = P.paragraph(XMLText.escape(template))
        return XMLText.unescape(try P.bodyText(try P.render(try P.docx(body: body), data)))
    }

    private func check(_ cases: [(String, String)], file: StaticString = #filePath, line: UInt = #line) {
        for (template, expected) in cases {
            do {
                XCTAssertEqual(try rendered(template), expected, template, file: file, line: line)
            } catch {
                XCTFail("\(template): \(error)", file: file, line: line)
            }
        }
    }

    private func failure(_ template: String) -> String {
        do {
            return "rendered: " + (try rendered(template))
        } catch {
            return "\(error)"
        }
    }

    func testLoopChangedAsJinja() {
        check([
            (
                #"{% for p in people|sort(attribute="town") %}{% if loop.changed(p.town) %}{{ p.town }}: {% endif %}{{ p.name }} {% endfor %}"#,
                "Leeds: Ann Cy York: Bob "
            ),
            // It remembers the last call that returned true, not the last pass.
            (
                "{% for p in people %}{{ loop.changed(p.town) }}{{ loop.changed(p.town) }} {% endfor %}",
                "TrueFalse TrueFalse TrueFalse "
            ),
            // An inner loop starts afresh on each pass of the outer one.
            (
                "{% for p in people %}{% for q in [1, 1] %}{{ loop.changed(q) }} {% endfor %}{% endfor %}",
                "True False True False True False "
            ),
            ("{% for p in people %}{{ loop.changed(p.town, p.age > 15) }} {% endfor %}", "True True True "),
            ("{% for x in [1, 1, 2] %}{{ loop.changed() }} {% endfor %}", "True False False "),
        ])
    }

    func testLoopChangedAfterAnInnerLoopStillAnswersForItsOwnLoop() {
        check([
            (
                "{% for x in [1, 1, 2] %}{% for y in [5, 6] %}{{ loop.changed(y) }}{% endfor %}{{ loop.changed(x) }} {% endfor %}",
                "TrueTrueTrue TrueTrueFalse TrueTrueTrue "
            )
        ])
    }

    func testLoopDepthIsOneInEveryLoopAsJinjaWithoutRecursiveLoops() {
        check([
            (
                "{% for p in people %}{{ loop.depth }}{{ loop.depth0 }}{% for q in [1] %}{{ loop.depth }}{% endfor %} {% endfor %}",
                "101 101 101 "
            )
        ])
    }

    func testNamedPlacesInFormatAndPercent() {
        check([
            (#"{{ "%(name)s is in year %(year)d" % pupil }}"#, "Zoë is in year 10"),
            (#"{{ "%(name)s, %(n)03d"|format(name=pupil.name, n=7) }}"#, "Zoë, 007"),
            (#"{{ "%(x)-5s|%(x)5s|"|format(x="ab") }}"#, "ab   |   ab|"),
            (#"{{ "%(p).1f%%" % {"p": 12.345} }}"#, "12.3%"),
        ])
    }

    func testNamedPlacesThatCannotBeFilledAreErrors() {
        XCTAssertTrue(failure(#"{{ "%(a)s" % {"b": 1} }}"#).contains("has a place '%(a)' but no value of that name"))
        XCTAssertTrue(failure(#"{{ "%(a)s %s" % {"a": 1} }}"#).contains("mixes '%(name)s' places with places without a name"))
        XCTAssertTrue(failure(#"{{ "%(a)s"|format(1) }}"#).contains("needs named values"))
        XCTAssertTrue(failure(#"{{ "%s %s"|format(1, a=1) }}"#).contains("cannot take values and named values at once"))
        XCTAssertTrue(failure(#"{{ "%(a s"|format(a=1) }}"#).contains("with no ')'"))
    }

    func testNamedPlacesAreBoundedLikeOtherPlaces() {
        XCTAssertTrue(failure(#"{{ "%(a)5000s"|format(a=1) }}"#).contains("width must be at most 1000"))
        // Places of a thousand characters each, more than the limit of a filter's output in all.
        let many = String(repeating: "%(a)1000s", count: 11_000)
        XCTAssertThrowsError(try Filters.apply("format", to: .string(many), arguments: [], keywords: ["a": 1])) { error in
            XCTAssertTrue((error as? EvaluationError)?.message.contains("which is the limit for one value") ?? false, "\(error)")
        }
    }
}
