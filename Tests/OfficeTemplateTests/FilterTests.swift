import XCTest

@testable import OfficeTemplate

final class FilterTests: XCTestCase {
    private let data: TemplateValue = [
        "start": .date(Date(timeIntervalSince1970: 1_756_719_000)),  // Monday 2025-09-01 09:30 UTC
        "names": ["Ann", "Bob", "Cy"],
        "people": [["name": "Cy", "age": 9], ["name": "ann", "age": 11], ["name": "Bob", "age": 10]],
        "empty": [],
        "nothing": nil,
    ]

    private func eval(_ text: String) throws -> TemplateValue {
        try evaluate(try ExpressionParser.parse(text), in: Scope(root: data, options: EvaluationOptions()))
    }

    private func failure(_ text: String) -> String? {
        do {
            _ = try eval(text)
            return nil
        } catch let error as EvaluationError {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    // MARK: - Dates and times

    func testDate() throws {
        XCTAssertEqual(try eval("start | date"), "1 September 2025")
        XCTAssertEqual(try eval("start | date('dd/MM/yyyy')"), "01/09/2025")
        XCTAssertEqual(try eval("start | date('EEEE d MMMM yyyy')"), "Monday 1 September 2025")
        XCTAssertEqual(try eval("start | date('EEE d MMM yy')"), "Mon 1 Sep 25")
        XCTAssertEqual(try eval("start | date(\"d/M/y 'at' h:mm a\")"), "1/9/2025 at 9:30 am")
        XCTAssertEqual(try eval("start | date(format='yyyy-MM-dd')"), "2025-09-01")
        XCTAssertEqual(try eval("'2025-09-01' | date"), "1 September 2025")
        XCTAssertEqual(try eval("'2024-02-29T23:30:00Z' | date('EEEE d MMMM')"), "Thursday 29 February")
        XCTAssertEqual(try eval("'2025-09-01T00:30:00+01:00' | date"), "31 August 2025")  // Printed in UTC.
        XCTAssertEqual(try eval("nothing | date"), "")
        XCTAssertEqual(try eval("'' | date"), "")
    }

    func testDateErrors() {
        XCTAssertEqual(
            failure("'next week' | date"),
            "the 'date' filter needs a date such as 2025-09-01, but was given text")
        XCTAssertEqual(
            failure("'2025-02-30' | date"),
            "the 'date' filter needs a date such as 2025-09-01, but was given text")
        XCTAssertEqual(failure("3 | date"), "the 'date' filter needs a date, but was given the number 3")
        XCTAssertEqual(
            failure("start | date('Q yyyy')"),
            "the 'date' filter does not understand 'Q' in its pattern; it knows \(UKFormat.patternHelp)")
        XCTAssertEqual(failure("start | date(3)"), "the 'date' filter needs text for its format, but was given the number 3")
    }

    func testTime() throws {
        XCTAssertEqual(try eval("start | time"), "09:30")
        XCTAssertEqual(try eval("start | time('h:mm a')"), "9:30 am")
        XCTAssertEqual(try eval("'14:05' | time('h.mm a')"), "2.05 pm")
        XCTAssertEqual(try eval("'2025-09-01T00:05:09Z' | time('hh:mm:ss a')"), "12:05:09 am")
        XCTAssertEqual(
            failure("'soon' | time"),
            "the 'time' filter needs a date such as 09:30 or 2025-09-01T09:30:00Z, but was given text")
    }

    // MARK: - Numbers

    func testGBP() throws {
        XCTAssertEqual(try eval("1234.5 | gbp"), "£1,234.50")
        XCTAssertEqual(try eval("-3 | gbp"), "-£3.00")
        XCTAssertEqual(try eval("0 | gbp"), "£0.00")
        XCTAssertEqual(try eval("1234567 | gbp"), "£1,234,567.00")
        XCTAssertEqual(try eval("1.005 | gbp"), "£1.01")
        XCTAssertEqual(try eval("0.995 | gbp"), "£1.00")
        XCTAssertEqual(try eval("-0.001 | gbp"), "£0.00")
        XCTAssertEqual(try eval("'12.5' | gbp"), "£12.50")
        XCTAssertEqual(try eval("nothing | gbp"), "")
        XCTAssertEqual(failure("'free' | gbp"), "the 'gbp' filter needs a number, but was given text")
        XCTAssertEqual(failure("1 | gbp(2)"), "the 'gbp' filter takes no arguments, but was given 1")
    }

    func testOrdinal() throws {
        let expected = [
            1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th",
            21: "21st", 22: "22nd", 23: "23rd", 101: "101st", 111: "111th", 112: "112th", 0: "0th",
        ]
        for (number, text) in expected {
            XCTAssertEqual(try eval("\(number) | ordinal"), .string(text))
        }
        XCTAssertEqual(try eval("2.0 | ordinal"), "2nd")
        XCTAssertEqual(try eval("'3' | ordinal"), "3rd")
        XCTAssertEqual(failure("2.5 | ordinal"), "the 'ordinal' filter needs a whole number, but was given the number 2.5")
    }

    func testRound() throws {
        XCTAssertEqual(try eval("2.5 | round"), 3.0)
        XCTAssertEqual(try eval("-2.5 | round"), -3.0)
        XCTAssertEqual(try eval("2.675 | round(2)"), 2.68)
        XCTAssertEqual(try eval("7 | round"), 7)
        XCTAssertEqual(try eval("2.1 | round(0, 'ceil')"), 3.0)
        XCTAssertEqual(try eval("2.9 | round(method='floor')"), 2.0)
        XCTAssertEqual(
            failure("2.5 | round(0, 'up')"),
            "the 'round' filter method must be \"common\", \"ceil\" or \"floor\", not \"up\"")
        XCTAssertEqual(
            failure("2.5 | round(1, 'common', 3)"),
            "the 'round' filter takes at most 2 arguments (precision, method), but was given 3")
    }

    func testConversions() throws {
        XCTAssertEqual(try eval("'42' | int"), 42)
        XCTAssertEqual(try eval("'4.7' | int"), 4)
        XCTAssertEqual(try eval("3.9 | int"), 3)
        XCTAssertEqual(try eval("'abc' | int"), 0)
        XCTAssertEqual(try eval("'abc' | int(-1)"), -1)
        XCTAssertEqual(try eval("'2.5' | float"), 2.5)
        XCTAssertEqual(try eval("3 | float"), 3.0)
        XCTAssertEqual(try eval("'x' | float"), 0.0)
        XCTAssertEqual(try eval("3 | string"), "3")
        XCTAssertEqual(try eval("-3 | abs"), 3)
        XCTAssertEqual(try eval("-2.5 | abs"), 2.5)
    }

    // MARK: - Text

    func testTextFilters() throws {
        XCTAssertEqual(try eval("'zoë smith' | upper"), "ZOË SMITH")
        XCTAssertEqual(try eval("'ZOË' | lower"), "zoë")
        XCTAssertEqual(try eval("'mary-jane o\\'brien' | title"), "Mary-Jane O'brien")
        XCTAssertEqual(try eval("'hELLO world' | capitalize"), "Hello world")
        XCTAssertEqual(try eval("'  x y \\n' | trim"), "x y")
        XCTAssertEqual(try eval("5 | upper"), "5")
        XCTAssertEqual(try eval("nothing | upper"), "")
        XCTAssertEqual(try eval("'a-b-c' | replace('-', '/')"), "a/b/c")
        XCTAssertEqual(try eval("'a-b-c' | replace('-', '/', 1)"), "a/b-c")
        XCTAssertEqual(try eval("'<b>' | e"), "<b>")
        XCTAssertEqual(try eval("'<b>' | escape"), "<b>")
        XCTAssertEqual(failure("'x' | replace('a')"), "the 'replace' filter needs 2 arguments (old, new), but was given 1")
        XCTAssertEqual(failure("'x' | upper(1)"), "the 'upper' filter takes no arguments, but was given 1")
    }

    func testDefault() throws {
        XCTAssertEqual(try eval("missing | default('n/a')"), "n/a")
        XCTAssertEqual(try eval("missing | d('n/a')"), "n/a")
        XCTAssertEqual(try eval("missing | default"), "")
        XCTAssertEqual(try eval("nothing | default('n/a')"), "n/a")
        XCTAssertEqual(try eval("'' | default('n/a')"), "")
        XCTAssertEqual(try eval("'' | default('n/a', true)"), "n/a")
        XCTAssertEqual(try eval("empty | default('none', boolean=true)"), "none")
        XCTAssertEqual(try eval("'x' | default('n/a', true)"), "x")
        XCTAssertEqual(
            failure("'x' | default(colour='red')"),
            "the 'default' filter has no argument named 'colour'; it takes value, boolean")
    }

    func testYesNo() throws {
        XCTAssertEqual(try eval("true | yesno"), "Yes")
        XCTAssertEqual(try eval("0 | yesno"), "No")
        XCTAssertEqual(try eval("true | yesno('Ticked,Not ticked')"), "Ticked")
        XCTAssertEqual(try eval("false | yesno('Ticked, Not ticked')"), "Not ticked")
        XCTAssertEqual(try eval("nothing | yesno('Y,N,Unknown')"), "Unknown")
        XCTAssertEqual(try eval("nothing | yesno('Y,N')"), "N")
        XCTAssertEqual(
            failure("true | yesno('Yes')"),
            "the 'yesno' filter needs two or three choices separated by commas, such as \"Yes,No\" or \"Yes,No,Not known\"")
    }

    // MARK: - Lists

    func testJoinAndListAnd() throws {
        XCTAssertEqual(try eval("names | join(', ')"), "Ann, Bob, Cy")
        XCTAssertEqual(try eval("names | join"), "AnnBobCy")
        XCTAssertEqual(try eval("people | join('/', attribute='age')"), "9/11/10")
        XCTAssertEqual(try eval("[] | list_and"), "")
        XCTAssertEqual(try eval("['A'] | list_and"), "A")
        XCTAssertEqual(try eval("['A', 'B'] | list_and"), "A and B")
        XCTAssertEqual(try eval("names | list_and"), "Ann, Bob and Cy")
        XCTAssertEqual(try eval("people | list_and('name')"), "Cy, ann and Bob")
        XCTAssertEqual(try eval("nothing | list_and"), "")
        XCTAssertEqual(failure("3 | join"), "the 'join' filter needs a list, but was given the number 3")
    }

    func testLengthFirstLast() throws {
        XCTAssertEqual(try eval("names | length"), 3)
        XCTAssertEqual(try eval("names | count"), 3)
        XCTAssertEqual(try eval("'Zoë' | length"), 3)
        XCTAssertEqual(try eval("people[0] | length"), 2)
        XCTAssertEqual(try eval("nothing | length"), 0)
        XCTAssertEqual(try eval("names | first"), "Ann")
        XCTAssertEqual(try eval("names | last"), "Cy")
        XCTAssertEqual(try eval("'Zoë' | last"), "ë")
        XCTAssertEqual(try eval("empty | first"), .null)
        XCTAssertEqual(failure("3 | length"), "the 'length' filter needs a list, a map or text, but was given the number 3")
    }

    func testSort() throws {
        XCTAssertEqual(try eval("['b', 'C', 'a'] | sort"), ["a", "b", "C"])
        XCTAssertEqual(try eval("[3, 1.5, 2] | sort(true)"), [3, 2, 1.5])
        XCTAssertEqual(try eval("people | sort(attribute='age') | join(',', 'name')"), "Cy,Bob,ann")
        XCTAssertEqual(try eval("people | sort(attribute='name') | join(',', 'name')"), "ann,Bob,Cy")
        XCTAssertEqual(failure("[1, 'a'] | sort"), "the 'sort' filter cannot order a number and text together")
    }

    func testUnknownFilter() {
        XCTAssertEqual(failure("'x' | uper"), "there is no filter 'uper'; did you mean 'upper'?")
        XCTAssertEqual(failure("'x' | listand"), "there is no filter 'listand'; did you mean 'list_and'?")
        XCTAssertEqual(
            failure("'x' | frobnicate"),
            "there is no filter 'frobnicate'; the filters are \(Filters.names.joined(separator: ", "))")
        XCTAssertThrowsError(try eval("'x' | uper")) { error in
            XCTAssertEqual(error as? EvaluationError, .unknownFilter(name: "uper", suggestion: "upper"))
        }
    }

    func testEditDistance() {
        XCTAssertEqual(Suggestion.editDistance("endfro", "endfor"), 1)
        XCTAssertEqual(Suggestion.editDistance("", "abc"), 3)
        XCTAssertEqual(Suggestion.editDistance("kitten", "sitting"), 3)
        XCTAssertNil(Suggestion.closest(to: "xyz", among: ["upper", "lower"]))
    }
}
