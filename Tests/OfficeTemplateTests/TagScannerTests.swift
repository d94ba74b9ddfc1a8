import XCTest

@testable import OfficeTemplate

final class TagScannerTests: XCTestCase {
    /// The tag texts found in `text`, with their delimiters.
    private func scannedTags(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return TagScanner.scan(bytes).tags.map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    func testFindsAllThreeKinds() {
        let bytes = Array("Dear {{ pupil.name }},{% if x %} yes {# note #}".utf8)
        let result = TagScanner.scan(bytes)
        XCTAssertEqual(
            result.tags,
            [
                ScannedTag(range: 5..<21, delimiter: .output),
                ScannedTag(range: 22..<32, delimiter: .block),
                ScannedTag(range: 37..<47, delimiter: .comment),
            ])
        XCTAssertEqual(result.problems, [])
    }

    func testRangesAreByteOffsetsAfterMultibyteText() {
        let bytes = Array("Zoë £5 {{ a }}".utf8)
        XCTAssertEqual(TagScanner.scan(bytes).tags, [ScannedTag(range: 9..<16, delimiter: .output)])
    }

    func testQuotedClosingDelimiterDoesNotEndTheTag() {
        XCTAssertEqual(scannedTags(#"{% if x == "50%}" %}after"#), [#"{% if x == "50%}" %}"#])
        XCTAssertEqual(scannedTags("{{ 'a}}b' ~ c }}"), ["{{ 'a}}b' ~ c }}"])
        XCTAssertEqual(scannedTags(#"{{ "say \"}}\"" }}"#), [#"{{ "say \"}}\"" }}"#])
    }

    func testCurlyQuotesAreQuotes() {
        XCTAssertEqual(scannedTags("{{ x | yesno(“Yes%},No”) }} tail"), ["{{ x | yesno(“Yes%},No”) }}"])
        XCTAssertEqual(scannedTags("{% if a == ‘}}%}’ %}"), ["{% if a == ‘}}%}’ %}"])
    }

    func testCommentsIgnoreQuotes() {
        XCTAssertEqual(scannedTags("{# don't forget #} {{ a }}"), ["{# don't forget #}", "{{ a }}"])
    }

    func testUnterminatedStringFallsBackToFirstCloser() {
        // The parser then reports the unterminated string precisely.
        XCTAssertEqual(scannedTags("{{ \"abc }} and more"), ["{{ \"abc }}"])
    }

    func testTextOutsideTagsIsIgnored() {
        let result = TagScanner.scan(Array("a }} b %} c #} { d {x}".utf8))
        XCTAssertEqual(result.tags, [])
        XCTAssertEqual(result.problems, [])
    }

    func testUnclosedTagIsAProblem() {
        let result = TagScanner.scan(Array("Dear {{ pupil.name".utf8))
        XCTAssertEqual(result.tags, [])
        XCTAssertEqual(result.problems, [ScanProblem(offset: 5, message: "'{{ pupil.name' is never closed; add '}}'")])
    }

    func testScanningContinuesAfterAnUnclosedTag() {
        let result = TagScanner.scan(Array("{{ a {% if b %}".utf8))
        XCTAssertEqual(result.tags, [ScannedTag(range: 5..<15, delimiter: .block)])
        XCTAssertEqual(result.problems.map(\.message), ["'{{ a {% if b %}' is never closed; add '}}'"])
    }

    func testLongUnclosedTagIsShortenedInTheMessage() {
        let text = "{% if " + String(repeating: "x", count: 60)
        let message = TagScanner.scan(Array(text.utf8)).problems.first?.message
        XCTAssertEqual(message, "'{% if " + String(repeating: "x", count: 34) + "…' is never closed; add '%}'")
    }

    func testAdjacentTags() {
        XCTAssertEqual(scannedTags("{{a}}{{b}}{%p endif %}"), ["{{a}}", "{{b}}", "{%p endif %}"])
    }

    func testLargeParagraphScansQuickly() {
        let text = String(repeating: "Some text {{ pupil.name }} and {% if x %}more{% endif %}. ", count: 20_000)
        let bytes = Array(text.utf8)
        let start = Date()
        let result = TagScanner.scan(bytes)
        XCTAssertEqual(result.tags.count, 60_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.0)
    }
}
