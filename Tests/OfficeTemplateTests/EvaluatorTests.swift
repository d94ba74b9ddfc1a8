import XCTest

@testable import OfficeTemplate

final class EvaluatorTests: XCTestCase {
    private let data: TemplateValue = [
        "pupil": ["name": "Zoë", "year": 10, "sen": false, "nickname": nil],
        "contacts": [["name": "Ann", "phone": "01632 960001"], ["name": "Bob"], ["name": "Cy"]],
        "settings": ["a": 1, "b": 2],
        "start": .date(Date(timeIntervalSince1970: 1_756_684_800)),  // 2025-09-01
        "fee": 2.5,
    ]

    private func eval(_ text: String, lenient: Bool = false) throws -> TemplateValue {
        let scope = Scope(root: data, options: EvaluationOptions(lenientUndefined: lenient))
        return try evaluate(try ExpressionParser.parse(text), in: scope)
    }

    private func printed(_ text: String) throws -> String {
        OfficeTemplate.text(of: try eval(text))
    }

    private func failure(_ text: String) -> EvaluationError? {
        do {
            _ = try eval(text)
            return nil
        } catch let error as EvaluationError {
            return error
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    func testPaths() throws {
        XCTAssertEqual(try eval("pupil.name"), "Zoë")
        XCTAssertEqual(try eval("contacts[1].name"), "Bob")
        XCTAssertEqual(try eval("contacts[-1]['name']"), "Cy")
        XCTAssertEqual(try eval("contacts.0.name"), "Ann")
        XCTAssertEqual(try eval("pupil['na' ~ 'me']"), "Zoë")
        XCTAssertEqual(try eval("pupil.name[0]"), "Z")
    }

    func testUndefinedIsAnErrorWithAHelpfulMessage() {
        XCTAssertEqual(failure("pupil.nmae"), .undefined(path: "pupil.nmae"))
        XCTAssertEqual(
            failure("pupil.nmae")?.message,
            "'pupil.nmae' is not in the data; check the spelling, or write {{ pupil.nmae | default(\"\") }}")
        XCTAssertEqual(failure("pupill.name.first"), .undefined(path: "pupill"))
        XCTAssertEqual(failure("contacts[5].name"), .undefined(path: "contacts[5]"))
        XCTAssertEqual(failure("pupil.nickname.first"), .undefined(path: "pupil.nickname.first"))
    }

    func testLenientUndefinedIsNull() throws {
        XCTAssertEqual(try eval("pupil.nmae", lenient: true), .null)
        XCTAssertEqual(try eval("missing.deeply[0]", lenient: true), .null)
    }

    func testDefaultAndDefinedSeeUndefined() throws {
        XCTAssertEqual(try eval("pupil.nmae | default('none')"), "none")
        XCTAssertEqual(try eval("pupil.nickname | default('-')"), "-")
        XCTAssertEqual(try eval("pupil.nmae is defined"), false)
        XCTAssertEqual(try eval("pupil.name is defined"), true)
        XCTAssertEqual(try eval("pupil.nmae is undefined"), true)
        XCTAssertEqual(try eval("pupil.nickname is none"), true)
        XCTAssertEqual(try eval("pupil.name is not none"), true)
    }

    func testTruthiness() throws {
        for falsy in ["''", "0", "0.0", "none", "false", "[]", "pupil.nickname", "pupil.sen"] {
            XCTAssertEqual(try eval("not \(falsy)"), true, falsy)
        }
        for truthy in ["'x'", "1", "-0.5", "[0]", "pupil", "start"] {
            XCTAssertEqual(try eval("not \(truthy)"), false, truthy)
        }
        // and/or return an operand, as in Jinja.
        XCTAssertEqual(try eval("pupil.nickname or pupil.name"), "Zoë")
        XCTAssertEqual(try eval("pupil.name and pupil.year"), 10)
    }

    func testComparisons() throws {
        XCTAssertEqual(try eval("pupil.year == 10.0"), true)
        XCTAssertEqual(try eval("pupil.year >= 9 and pupil.year < 11"), true)
        XCTAssertEqual(try eval("fee > 2"), true)
        XCTAssertEqual(try eval("'abc' < 'abd'"), true)
        XCTAssertEqual(try eval("start < start"), false)
        XCTAssertEqual(try eval("start <= start"), true)
        XCTAssertEqual(try eval("'1' == 1"), false)
        XCTAssertEqual(try eval("settings == settings"), true)
        XCTAssertEqual(failure("pupil.name > 3")?.message, "cannot compare text with a number using '>'")
    }

    func testMembership() throws {
        XCTAssertEqual(try eval("'oë' in pupil.name"), true)
        XCTAssertEqual(try eval("2 in [1, 2]"), true)
        XCTAssertEqual(try eval("'a' in settings"), true)
        XCTAssertEqual(try eval("'z' not in settings"), true)
        XCTAssertEqual(failure("1 in 2")?.message, "'in' needs a list, a map or text on the right, but was given a number")
    }

    func testArithmeticAndConcatenation() throws {
        XCTAssertEqual(try eval("1 + 2 * 3"), 7)
        XCTAssertEqual(try eval("7 / 2"), 3.5)
        XCTAssertEqual(try eval("4 / 2"), 2.0)
        XCTAssertEqual(try eval("7 // 2"), 3)
        XCTAssertEqual(try eval("-7 // 2"), -4)
        XCTAssertEqual(try eval("-7 % 3"), 2)
        XCTAssertEqual(try eval("fee * 2"), 5.0)
        XCTAssertEqual(try eval("'a' + 'b'"), "ab")
        XCTAssertEqual(try eval("pupil.name ~ ' (' ~ pupil.year ~ ')'"), "Zoë (10)")
        XCTAssertEqual(try eval("-pupil.year"), -10)
        XCTAssertEqual(failure("1 / 0")?.message, "cannot divide by zero")
        XCTAssertEqual(
            failure("pupil.name + 1")?.message,
            "'+' needs two numbers, but was given text and a number; to join values as text use ~")
    }

    func testConditionalExpression() throws {
        XCTAssertEqual(try eval("'SEN' if pupil.sen else 'none'"), "none")
        XCTAssertEqual(try eval("'SEN' if pupil.sen"), .null)
    }

    func testTestsOnValues() throws {
        XCTAssertEqual(try eval("pupil.year is even"), true)
        XCTAssertEqual(try eval("pupil.year is divisibleby(3)"), false)
        XCTAssertEqual(try eval("pupil.year is number"), true)
        XCTAssertEqual(try eval("start is date"), true)
        XCTAssertEqual(try eval("contacts is sequence"), true)
        XCTAssertEqual(try eval("settings is mapping"), true)
        XCTAssertEqual(failure("pupil.name is odd")?.message, "the test 'is odd' needs a whole number, but was given text")
    }

    func testTextOfValues() {
        XCTAssertEqual(text(of: .null), "")
        XCTAssertEqual(text(of: true), "True")
        XCTAssertEqual(text(of: false), "False")
        XCTAssertEqual(text(of: 42), "42")
        XCTAssertEqual(text(of: 2.5), "2.5")
        XCTAssertEqual(text(of: 3.0), "3.0")
        XCTAssertEqual(text(of: 0.1), "0.1")
        XCTAssertEqual(text(of: 1e-5), "1e-05")
        XCTAssertEqual(text(of: data["start"]!), "1 September 2025")
        XCTAssertEqual(text(of: ["a", 1, nil]), "a, 1, ")
        XCTAssertEqual(text(of: ["x": 1, "y": "b"]), "x: 1, y: b")
    }

    func testReadLogRecordsDataPathsThroughLoopVariables() throws {
        let scope = Scope(root: data, options: EvaluationOptions())
        scope.readLog = [:]
        let sequence = try ExpressionParser.parse("contacts")
        let items = try loopItems(try evaluate(sequence, in: scope), variables: ["c"], path: dataPath(of: sequence, in: scope))
        scope.push(items[2].bindings(index: 2, count: items.count))
        XCTAssertEqual(try evaluate(try ExpressionParser.parse("c.name ~ loop.index"), in: scope), "Cy3")
        XCTAssertEqual(dataPath(of: try ExpressionParser.parse("c['name']"), in: scope), "contacts[2].name")
        XCTAssertNil(dataPath(of: try ExpressionParser.parse("loop.index"), in: scope))
        _ = try evaluate(try ExpressionParser.parse("pupil.nmae | default('')"), in: scope)
        scope.pop()
        XCTAssertEqual(scope.readLog.map { Set($0.keys) }, [.value(path: "contacts"), .value(path: "contacts[2].name")])
        XCTAssertEqual(scope.readLog?[.value(path: "contacts[2].name")], "Cy")
    }

    func testScopeFramesShadowAndPop() throws {
        let scope = Scope(root: data, options: EvaluationOptions())
        scope.push(["pupil": ("shadow", nil)])
        XCTAssertEqual(try evaluate(.variable("pupil"), in: scope), "shadow")
        scope.pop()
        XCTAssertEqual(try evaluate(.member(.variable("pupil"), "year"), in: scope), 10)
    }

    func testLoopOverListAndMap() throws {
        let listItems = try loopItems(data["contacts"]!, variables: ["c"], path: "contacts")
        XCTAssertEqual(listItems.count, 3)
        XCTAssertEqual(listItems[1].variables["c"]?.path, "contacts[1]")
        XCTAssertEqual(
            listItems[1].bindings(index: 1, count: 3)["loop"]?.value,
            [
                "index": 2, "index0": 1, "revindex": 2, "revindex0": 1, "first": false, "last": false, "length": 3,
                "depth": 1, "depth0": 0,
            ])
        XCTAssertEqual(listItems[2].bindings(index: 2, count: 3)["loop"]?.value["last"], true)
        XCTAssertEqual(listItems[0].bindings(index: 0, count: 3)["c"]?.value, ["name": "Ann", "phone": "01632 960001"])

        let mapItems = try loopItems(data["settings"]!, variables: ["k", "v"], path: "settings")
        XCTAssertEqual(mapItems.map { $0.variables["k"]!.value }, ["a", "b"])
        XCTAssertEqual(mapItems.map { $0.variables["v"]!.value }, [1, 2])
        XCTAssertEqual(mapItems[1].variables["v"]?.path, "settings.b")
        XCTAssertEqual(
            try loopItems(data["settings"]!, variables: ["k"], path: nil).map { $0.variables["k"]!.value }, ["a", "b"])

        let pairs: TemplateValue = [["x", 1], ["y", 2]]
        XCTAssertEqual(try loopItems(pairs, variables: ["a", "b"], path: "p")[1].variables["b"]?.path, "p[1][1]")
        XCTAssertEqual(try loopItems(.null, variables: ["x"], path: nil).count, 0)
        XCTAssertThrowsError(try loopItems("text", variables: ["x"], path: nil)) { error in
            XCTAssertEqual((error as? EvaluationError)?.message, "'for' needs a list or a map, but was given text")
        }
        XCTAssertThrowsError(try loopItems(["a"], variables: ["x", "y"], path: nil)) { error in
            XCTAssertEqual(
                (error as? EvaluationError)?.message,
                "'for x, y in …' needs pairs, but item 1 is text; use one variable for a list")
        }
    }

    /// The walker behind `Template.usage()` and so `apdocs check`: what each expression reads.
    func testFreePaths() throws {
        func paths(_ text: String, bound: [String: String?] = [:], optional: Bool = false) throws -> [String] {
            freePaths(of: try ExpressionParser.parse(text), bound: bound, optional: optional)
                .map { $0.optional ? $0.path + "?" : $0.path }
        }
        XCTAssertEqual(try paths("pupil.name ~ pupil.year ~ pupil.name"), ["pupil.name", "pupil.year"])
        XCTAssertEqual(try paths("pupil.name", optional: true), ["pupil.name?"])
        // A loop variable reads its items; `default` makes its input optional, not its argument.
        XCTAssertEqual(
            try paths("c.name | default(school.name)", bound: ["c": "contacts[]"]),
            ["contacts[].name?", "school.name"])
        XCTAssertEqual(try paths("contacts[0]['phone no']"), ["contacts[][\"phone no\"]"])
        XCTAssertEqual(try paths("pupils[i].name"), ["pupils[].name"])
        // `loop` and map-pair variables are not data.
        XCTAssertEqual(try paths("loop.index if x is defined else k ~ v", bound: ["loop": nil, "k": nil, "v": nil]), ["x?"])
        XCTAssertEqual(try paths("a is undefined or [b, -c] and not d"), ["a?", "b", "c", "d"])
        XCTAssertEqual(try paths("'text' ~ 3"), [])
    }
}
