import Foundation
import XCTest

@testable import OfficeTemplate

/// What `apdocs check` and a failed render report: a code per kind of problem, a place an
/// author can find in Word (with the template's text around the tag), and every problem at once.
final class TemplateIssueTests: XCTestCase {
    typealias P = TestPackage

    private func compileIssues(_ package: [UInt8], name: String = "letter.docx") -> [TemplateIssue] {
        do {
            _ = try Template(bytes: package, name: name)
            return []
        } catch let error as TemplateError {
            return error.issues
        } catch {
            XCTFail("not a TemplateError: \(error)")
            return []
        }
    }

    private func renderIssues(_ package: [UInt8], _ data: TemplateValue, recordReads: Bool = false) throws -> [TemplateIssue] {
        let template = try Template(bytes: package, name: "letter.docx")
        do {
            _ = try template.render(data, options: RenderOptions(recordReads: recordReads))
            return []
        } catch let error as TemplateError {
            return error.issues
        }
    }

    // MARK: Codes and places

    func testEachCompileProblemHasItsCodeAndPlace() throws {
        let body =
            P.paragraph("{% if a %}") + P.paragraph("Name: {{ pupil.name ") + P.paragraph("{% endfor %}")
            + P.paragraph("{% endfro %}") + P.paragraph("{{ }}") + P.paragraph("{% include 'x' %}")
            + P.table([["Key adults for ", "{% if x %}a{% else %}b{% else %}c{% endif %}"]])
        let issues = compileIssues(try P.docx(body: body))
        XCTAssertEqual(
            issues.map(\.code),
            [.unclosedBlock, .unclosedTag, .mismatchedCloser, .unknownTag, .tagSyntax, .unknownTag, .misplacedElse])
        XCTAssertEqual(issues.map(\.place?.paragraph), [1, 2, 3, 4, 5, 6, 8])
        XCTAssertEqual(issues.map(\.part), Array(repeating: "word/document.xml", count: 7))
        let cell = try XCTUnwrap(issues.last?.place)
        XCTAssertEqual([cell.table, cell.row, cell.cell], [1, 1, 2])
        XCTAssertEqual(cell.textBefore, "{% if x %}a{% else %}b")
        XCTAssertEqual(issues.last?.tag, "{% else %}")
        XCTAssertEqual(issues[1].place?.textBefore, "Name: ")
    }

    func testMalformedXMLGivesLineAndColumn() throws {
        let writer = try ZipWriter()
        writer.add(name: "mimetype", bytes: Array("application/vnd.oasis.opendocument.text".utf8), compress: false)
        writer.add(name: "content.xml", bytes: Array("<?xml version=\"1.0\"?>\n<a>\n  <b></a>".utf8), compress: true)
        let issues = compileIssues(try writer.finish(), name: "letter.odt")
        XCTAssertEqual(issues.map(\.code), [.malformedXML])
        XCTAssertEqual(issues.first?.part, "content.xml")
        XCTAssertEqual(issues.first?.line, 3)
        XCTAssertNotNil(issues.first?.column)
        XCTAssertNil(issues.first?.place)
        XCTAssertTrue(issues.first?.description.hasPrefix("letter.odt: content.xml: line 3, column ") ?? false)
    }

    func testAPictureInAPropertyIsPictureOutsideText() throws {
        let core =
            #"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{{ logo | image }}</dc:title></cp:coreProperties>"#
        let issues = compileIssues(try P.docx(body: P.paragraph("x"), extra: [("docProps/core.xml", core)]))
        XCTAssertEqual(issues.map(\.code), [.pictureOutsideText])
        XCTAssertEqual(issues.first?.place?.field, "title")
    }

    func testRenderProblemsHaveCodes() throws {
        let body = P.paragraph("{{ missing }}") + P.paragraph("{{ name | round }}") + P.paragraph("{{ name + 1 }}")
        let issues = try renderIssues(try P.docx(body: body), ["name": "x"])
        XCTAssertEqual(issues.map(\.code), [.undefinedVariable, .filterFailed, .typeMismatch])
    }

    func testNotADocumentAndBrokenPackage() throws {
        XCTAssertEqual(compileIssues([1, 2, 3], name: "letter.pdf").map(\.code), [.notADocument])
        XCTAssertEqual(compileIssues([1, 2, 3], name: "letter.docx").map(\.code), [.invalidPackage])
        let writer = try ZipWriter()
        writer.add(name: "hello.txt", bytes: [65], compress: true)
        XCTAssertEqual(compileIssues(try writer.finish()).map(\.code), [.notADocument])
    }

    /// One exact line per compile-time wording not pinned elsewhere (TemplateErrorTests and
    /// HostileExpressionTests pin the others), with its code.
    func testGoldenMessagesOfCompileProblems() throws {
        let cases: [(body: String, code: TemplateIssue.Code, line: String)] = [
            (
                P.paragraph("Dear {{ name"), .unclosedTag,
                "paragraph 1, after 'Dear ': '{{ name' is never closed; add '}}'"
            ),
            (
                P.paragraph("{% include 'a' %}"), .unknownTag,
                "paragraph 1: '{% include 'a' %}': {% include %} is not supported in document templates; the tags are if, elif, else, endif, for, endfor, set, endset, raw, endraw, filter, endfilter, macro and endmacro"
            ),
            (
                P.paragraph("{% shout %}"), .unknownTag,
                "paragraph 1: '{% shout %}': unknown tag 'shout'; the tags are if, elif, else, endif, for, endfor, set, endset, raw, endraw, filter, endfilter, macro and endmacro (to print a value write {{ shout }})"
            ),
            (
                P.paragraph("{{ a is spelt }}"), .unknownTest,
                "paragraph 1: '{{ a is spelt }}': unknown test 'is spelt'"
            ),
            (
                P.paragraph("Total {% endfor %}"), .unopenedBlock,
                "paragraph 1, after 'Total ': '{% endfor %}' has no matching '{% for %}'; remove it or add the opening tag before it"
            ),
            (
                P.paragraph("{% if a %}x{% else %}y{% else %}z{% endif %}"), .misplacedElse,
                "paragraph 1, after '{% if a %}x{% else %}y': '{% else %}' is a second '{% else %}' for '{% if a %}'; remove one"
            ),
            (
                P.paragraph("Rows: {%tr for c in cs %}{{ c }}{% endfor %}"), .misplacedTag,
                "paragraph 1, after 'Rows: ': '{%tr for c in cs %}' is not inside a table row; remove the 'tr' after '{%'"
            ),
        ]
        for (body, code, line) in cases {
            let issues = compileIssues(try P.docx(body: body))
            XCTAssertEqual(issues.map(\.code), [code], body)
            XCTAssertEqual(issues.map(\.description), ["letter.docx: word/document.xml: " + line])
        }
    }

    // MARK: Every problem at once

    func testARefusedForDoesNotMakeItsEndforAProblem() throws {
        let body =
            P.paragraph("{% for in contacts %}") + P.paragraph("{{ c }}") + P.paragraph("{% endfor %}")
            + P.paragraph("{% if %}") + P.paragraph("{% endif %}")
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body)),
            [
                "letter.docx: word/document.xml: paragraph 1: '{% for in contacts %}': 'for' needs a loop variable name, as in {% for pupil in pupils %}",
                "letter.docx: word/document.xml: paragraph 4: '{% if %}': 'if' needs a condition, such as {% if pupil.sen %}",
            ])
    }

    func testUnsupportedTagsDoNotStopTheCheck() throws {
        let body =
            P.paragraph("{% include 'a' %}") + P.paragraph("{% extends 'b' %}") + P.paragraph("{% for c in cs %}")
            + P.paragraph("{{ c | }}")
        let issues = compileIssues(try P.docx(body: body))
        XCTAssertEqual(issues.map(\.code), [.unknownTag, .unknownTag, .unclosedBlock, .tagSyntax])
        XCTAssertEqual(issues.map(\.place?.paragraph), [1, 2, 3, 4])
    }

    func testATagThatCannotBeReadDoesNotHideLaterStructuralProblems() throws {
        let body =
            P.paragraph("{% include 'a' %}") + P.paragraph("{% for c in %}") + P.paragraph("Rows: {%tr if a %}x{% endif %}")
            + P.paragraph("{% endfor %}")
        let issues = compileIssues(try P.docx(body: body))
        XCTAssertEqual(issues.map(\.code), [.unknownTag, .tagSyntax, .misplacedTag])
        XCTAssertEqual(issues.map(\.place?.paragraph), [1, 2, 3])
    }

    /// Stand-ins for unreadable block tags go through the structural checks: mixtures of good
    /// and broken tags, in paragraphs and table rows, must compile or report, never trap.
    func testMixturesOfBrokenAndGoodBlockTagsAreReportedNotTrapped() throws {
        let pieces = [
            "{% for c in cs %}", "{% for in cs %}", "{% endfor %}", "{% if a %}", "{% if %}", "{% elif %}", "{% else %}",
            "{% endif %}", "{{ c }}", "{{ c | }}", "{%tr for c in %}", "{%tr endfor %}", "{%p if %}", "{%p endif %}", "text ",
        ]
        var seed: UInt64 = 0x5eed
        for _ in 0..<300 {
            // A small deterministic generator, so a failure can be replayed.
            func next(_ bound: Int) -> Int {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((seed >> 33) % UInt64(bound))
            }
            let paragraphs = (0..<(1 + next(4))).map { _ in (0..<(1 + next(3))).map { _ in pieces[next(pieces.count)] }.joined() }
            let body =
                paragraphs.prefix(2).map { P.paragraph($0) }.joined()
                + P.table(paragraphs.dropFirst(2).map { [$0, "x"] })
            let issues = compileIssues(try P.docx(body: body))
            if !issues.isEmpty { XCTAssertTrue(issues.allSatisfy { $0.place != nil }, body) }
        }
    }

    func testAStandInKeepsItsKindForPairing() {
        XCTAssertEqual(
            PartCompiler.standIn(for: "{%- for x in %}")?.kind,
            .forStart(variables: ["_"], sequence: .literal(.null), condition: nil))
        XCTAssertEqual(PartCompiler.standIn(for: "{%p endif x %}")?.kind, .endif)
        XCTAssertEqual(PartCompiler.standIn(for: "{%tr else if y %}")?.kind, .elseTag)
        XCTAssertNil(PartCompiler.standIn(for: "{% include 'x' %}"))
        XCTAssertNil(PartCompiler.standIn(for: "{{ for }}"))
    }

    // MARK: The text around a tag

    func testAPlaceQuotesTheTextBeforeTheTag() throws {
        let body = P.table([["x"], ["Key adults for {{ pupil.nmae }}", "y"]])
        let issues = try renderIssues(try P.docx(body: P.paragraph("one") + body), ["pupil": ["name": "A"]])
        XCTAssertEqual(issues.map(\.place?.description), ["paragraph 3 (table 1, row 2, cell 1), after 'Key adults for '"])
        let inline = P.paragraph("Key adults for ", "{{ pupil.nmae }}", " and more")
        XCTAssertEqual(
            try renderIssues(try P.docx(body: inline), ["pupil": ["name": "A"]]).map(\.place?.description),
            ["paragraph 1, after 'Key adults for '"])
    }

    func testAPlaceQuotesTheTextAfterATagThatStartsItsParagraph() throws {
        let issues = compileIssues(try P.docx(body: P.paragraph("{% endif %} is stray")))
        XCTAssertEqual(issues.first?.place?.description, "paragraph 1, before ' is stray'")
        XCTAssertNil(issues.first?.place?.textBefore)
    }

    func testAQuoteFollowsTheTextAsAReaderSeesItInBothFormats() throws {
        let docx = P.paragraph("Key adults ", "for {{ pupil.", "nmae }}\tand more")
        XCTAssertEqual(
            try renderIssues(try P.docx(body: docx), ["pupil": ["name": "A"]]).map(\.place?.description),
            ["paragraph 1, after 'Key adults for '"])
        let odt = #"<text:p>Key <text:span>adults</text:span> for {% if a %}</text:p>"#
        XCTAssertEqual(
            compileIssues(try P.odt(body: odt), name: "letter.odt").map(\.description),
            ["letter.odt: content.xml: paragraph 1, after 'Key adults for ': '{% if a %}' is never closed; add '{% endif %}'"])
    }

    func testAQuoteIsAtMostFortyCharacters() throws {
        let long = String(repeating: "abcdefghij", count: 6)
        let issues = compileIssues(try P.docx(body: P.paragraph(long + "{% endif %}")))
        let quote = try XCTUnwrap(issues.first?.place?.textBefore)
        XCTAssertEqual(quote, "…" + String(long.suffix(40)))
        XCTAssertEqual(quote.count, 41)
    }

    func testTheQuoteOfATemplateComesFromTheTemplateNotTheData() throws {
        let body = P.paragraph("Dear {{ pupil.name }}, {{ pupil.missing }}")
        let issues = try renderIssues(try P.docx(body: body), ["pupil": ["name": "Zoë Secret"]])
        XCTAssertEqual(issues.first?.place?.textBefore, "Dear {{ pupil.name }}, ")
        XCTAssertFalse(issues.map(\.description).joined().contains("Secret"))
    }

    // MARK: Did you mean

    func testAMisspeltDataPathSuggestsTheOneTheDataHas() throws {
        let body = P.paragraph("{{ placment.start }}") + P.paragraph("{% for c in contacts %}{{ c.phnoe }}{% endfor %}")
        let data: TemplateValue = ["placement": ["start": "2025-09-01"], "contacts": [["phone": "1"]]]
        XCTAssertEqual(
            try renderIssues(try P.docx(body: body), data).map(\.description),
            [
                "letter.docx: word/document.xml: paragraph 1: '{{ placment.start }}': 'placment' is not in the data; did you mean 'placement.start'?",
                "letter.docx: word/document.xml: paragraph 2, after '{% for c in contacts %}': '{{ c.phnoe }}': 'c.phnoe' is not in the data; did you mean 'c.phone'?",
            ])
    }

    func testNoSuggestionWhenNothingIsClose() throws {
        let issues = try renderIssues(try P.docx(body: P.paragraph("{{ placment.strat.x }}")), ["placement": ["start": "x"]])
        XCTAssertEqual(
            issues.map(\.message),
            [
                "'{{ placment.strat.x }}': 'placment' is not in the data; check the spelling, or write {{ placment | default(\"\") }}"
            ]
        )
    }

    func testCompareSuggestsPathsTheDataHas() throws {
        let body = P.paragraph("{{ placment.start }} {% for c in contacts %}{{ c.phnoe }}{% endfor %} {{ zzz }}")
        let template = try Template(bytes: try P.docx(body: body), name: "letter.docx")
        let data: TemplateValue = ["placement": ["start": "x"], "contacts": [["phone": "1"]]]
        let comparison = template.compare(with: data)
        XCTAssertEqual(comparison.missing, ["contacts[].phnoe", "placment.start", "zzz"])
        XCTAssertEqual(comparison.suggestions, ["contacts[].phnoe": "contacts[].phone", "placment.start": "placement.start"])
        XCTAssertEqual(Template.suggestion(forMissing: "contacts[0].phnoe", in: data), "contacts[0].phone")
    }

    func testOneLetterWordsGetNoSuggestion() {
        XCTAssertNil(Suggestion.closest(to: "x", among: ["d", "y"]))
        XCTAssertEqual(Suggestion.closest(to: "D", among: ["d"]), "d")
        XCTAssertEqual(Suggestion.didYouMean("mondya", among: ["monday", "tuesday"]), "; did you mean 'monday'?")
    }

    // MARK: Reports

    func testJSONIsFlatWithCodeAndPlace() throws {
        let issue = TemplateIssue(
            code: .unclosedBlock, file: "t.docx", part: "word/document.xml",
            place: TagPlace(paragraph: 4, table: 1, row: 2, cell: 3, textBefore: "Contacts "), tag: "{% for c in cs %}",
            message: "'{% for c in cs %}' is never closed; add '{% endfor %}'")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        XCTAssertEqual(
            String(decoding: try encoder.encode(issue), as: UTF8.self),
            #"{"cell":3,"code":"unclosed-block","file":"t.docx","message":"'{% for c in cs %}' is never closed; add '{% endfor %}'","paragraph":4,"part":"word/document.xml","row":2,"table":1,"tag":"{% for c in cs %}","text":"t.docx: word/document.xml: paragraph 4 (table 1, row 2, cell 3), after 'Contacts ': '{% for c in cs %}' is never closed; add '{% endfor %}'","textBefore":"Contacts "}"#
        )
    }

    func testCodesAreStableAndUnique() {
        let ids = TemplateIssue.Code.allCases.map(\.rawValue)
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(TemplateIssue.Code.unclosedBlock.rawValue, "unclosed-block")
        XCTAssertEqual(TemplateIssue.Code.malformedXML.rawValue, "malformed-xml")
        XCTAssertEqual(TemplateIssue.Code.undefinedVariable.rawValue, "undefined-variable")
    }

    func testAProblemSharedByManyDocumentsIsPrintedOnce() {
        let template = "letter.docx: word/document.xml: paragraph 1: '{{ x | uper }}': there is no filter 'uper'"
        let lines = FailureSummary.lines(
            (1...5).map { ("record \($0)", template) } + [("record 6", template + "\nletter.docx: other")])
        XCTAssertEqual(lines, ["record 1, record 2, record 3 and 3 more: \(template)", "record 6: letter.docx: other"])
    }
}
