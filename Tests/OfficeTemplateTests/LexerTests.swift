import XCTest

@testable import OfficeTemplate

final class LexerTests: XCTestCase {
    private func kinds(_ text: String) throws -> [Lexer.TokenKind] {
        try Lexer.tokenize(text).map(\.kind)
    }

    private func lexError(_ text: String) -> String? {
        do {
            _ = try Lexer.tokenize(text)
            return nil
        } catch {
            return error.message
        }
    }

    func testNamesNumbersAndSymbols() throws {
        XCTAssertEqual(
            try kinds(" pupil.name | default(\"x\") >= 2.5 // 3 "),
            [
                .name("pupil"), .symbol("."), .name("name"), .symbol("|"), .name("default"), .symbol("("),
                .string("x"), .symbol(")"), .symbol(">="), .number(2.5), .symbol("//"), .integer(3), .end,
            ])
    }

    func testOffsetsAreInScalars() throws {
        XCTAssertEqual(try Lexer.tokenize("é + b").map(\.offset), [0, 2, 4, 5])
    }

    func testNonASCIINames() throws {
        XCTAssertEqual(try kinds("élève.prénom"), [.name("élève"), .symbol("."), .name("prénom"), .end])
    }

    func testStraightQuotesWithEscapes() throws {
        XCTAssertEqual(try kinds(#"'it\'s' "say \"hi\"\n""#), [.string("it's"), .string("say \"hi\"\n"), .end])
    }

    func testCurlyQuotes() throws {
        XCTAssertEqual(try kinds("“Dear” ‘Sir’ “mixed“"), [.string("Dear"), .string("Sir"), .string("mixed"), .end])
        // Inside curly quotes a backslash is just a character.
        XCTAssertEqual(try kinds("“a\\b”"), [.string("a\\b"), .end])
    }

    func testIntegerAfterDotIsAnIndex() throws {
        XCTAssertEqual(try kinds("a.0.1"), [.name("a"), .symbol("."), .integer(0), .symbol("."), .integer(1), .end])
        XCTAssertEqual(try kinds("0.1"), [.number(0.1), .end])
    }

    func testExponentsAndLargeIntegers() throws {
        XCTAssertEqual(try kinds("1e3 2E-2 99999999999999999999"), [.number(1000), .number(0.02), .number(1e20), .end])
    }

    func testUnterminatedString() {
        XCTAssertEqual(lexError("\"abc"), "the text \"abc has no closing quote; add \"")
        XCTAssertEqual(lexError("'abc"), "the text 'abc has no closing quote; add '")
    }

    func testUnexpectedCharacters() {
        XCTAssertEqual(lexError("a @ b"), "unexpected character '@'")
        XCTAssertEqual(lexError("a && b"), "unexpected '&&'; write 'and'")
        XCTAssertEqual(lexError("a || b"), "unexpected '||'; write 'or'")
        XCTAssertEqual(lexError("!a"), "unexpected '!'; write 'not' (or '!=' for 'is not equal to')")
    }
}
