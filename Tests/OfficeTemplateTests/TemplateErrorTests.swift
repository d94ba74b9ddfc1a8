import XCTest

@testable import OfficeTemplate

/// Errors of a template as a whole: every problem at once, each with its place, exact text.
final class TemplateErrorTests: XCTestCase {
    typealias P = TestPackage

    func testUnclosedLoopInTableCellNamesTheCell() throws {
        let body = P.paragraph("Contacts") + P.table([["Name", "Phone"], ["{% for c in contacts %}", "x"]])
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body)),
            [
                "letter.docx: word/document.xml: paragraph 4 (table 1, row 2, cell 1): '{% for c in contacts %}' is never closed; add '{% endfor %}'"
            ])
    }

    func testEveryProblemIsReportedAtOnce() throws {
        let body =
            P.paragraph("{% if a %}") + P.paragraph("{{ pupil.name ") + P.paragraph("{% endfor %}")
            + P.paragraph("{% endfro %}") + P.paragraph("{{ }}")
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body)),
            [
                "letter.docx: word/document.xml: paragraph 1: '{% if a %}' is never closed; add '{% endif %}'",
                "letter.docx: word/document.xml: paragraph 2: '{{ pupil.name' is never closed; add '}}'",
                "letter.docx: word/document.xml: paragraph 3: '{% endfor %}' closes '{% if a %}' (paragraph 1), which needs '{% endif %}' first",
                "letter.docx: word/document.xml: paragraph 4: '{% endfro %}': unknown tag 'endfro'; did you mean 'endfor'?",
                "letter.docx: word/document.xml: paragraph 5: '{{ }}': '{{ }}' is empty; put a data path in it, such as {{ pupil.name }}",
            ])
    }

    func testMismatchedClosers() throws {
        let body =
            P.paragraph("{% for c in cs %}") + P.paragraph("{% endif %}") + P.paragraph("{% endfor %}")
            + P.paragraph("{% else %}") + P.paragraph("{% if x %}a{% else %}b{% elif y %}c{% endif %}")
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body)),
            [
                "letter.docx: word/document.xml: paragraph 2: '{% endif %}' closes '{% for c in cs %}' (paragraph 1), which needs '{% endfor %}' first",
                "letter.docx: word/document.xml: paragraph 4: '{% else %}' has no matching '{% if %}' or '{% for %}'; remove it or add the opening tag before it",
                "letter.docx: word/document.xml: paragraph 5, after '{% if x %}a{% else %}b': '{% elif y %}' comes after '{% else %}'; move it before the '{% else %}'",
            ])
    }

    func testErrorsInHeadersNameTheirPart() throws {
        let package = try P.docx(body: P.paragraph("ok"), header: P.paragraph("{% if school.logo %}"))
        XCTAssertEqual(
            P.compileErrors(package),
            [
                "letter.docx: word/header1.xml: paragraph 1: '{% if school.logo %}' is never closed; add '{% endif %}'"
            ])
    }

    func testLoopBetweenTableAndBodyIsRefused() throws {
        let body = P.paragraph("Intro {% for c in cs %}") + P.table([["{{ c }} {% endfor %}"]])
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body)),
            [
                "letter.docx: word/document.xml: paragraph 1, after 'Intro ': '{% for c in cs %}' and '{% endfor %}' (paragraph 2 (table 1, row 1, cell 1), after '{{ c }} ') are at different levels of the document (one in a table, a text box or a header and the other not); put both in the same table cell, the same table, or outside tables"
            ])
    }

    func testUndefinedVariablesAreListedWithTheirPlaces() throws {
        let body = P.paragraph("Dear {{ pupil.nmae }},") + P.table([["{{ school.phone }}"]])
        let template = try Template(bytes: try P.docx(body: body), name: "letter.docx")
        XCTAssertThrowsError(try template.render(["pupil": ["name": "Zoë"], "school": [:]])) { error in
            XCTAssertEqual(
                (error as? TemplateError)?.issues.map(\.description),
                [
                    "letter.docx: word/document.xml: paragraph 1, after 'Dear ': '{{ pupil.nmae }}': 'pupil.nmae' is not in the data; did you mean 'pupil.name'?",
                    "letter.docx: word/document.xml: paragraph 2 (table 1, row 1, cell 1): '{{ school.phone }}': 'school.phone' is not in the data; check the spelling, or write {{ school.phone | default(\"\") }}",
                ])
        }
    }

    /// Found when the template is compiled, so `check` reports it without data.
    func testUnknownFilterSuggestsTheNearestOne() throws {
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: P.paragraph("{{ name | uper }}"))),
            ["letter.docx: word/document.xml: paragraph 1: '{{ name | uper }}': there is no filter 'uper'; did you mean 'upper'?"]
        )
    }

    /// Every problem knowable without data, at once: unknown filters and tests, wrong argument
    /// counts (also of a filter or test named inside map/select), and the block still pairs with its end.
    func testFilterAndTestProblemsAreFoundWithoutData() throws {
        let body =
            P.paragraph("{{ name | truncate(1, 2, 3, 4, 5) }}") + P.paragraph("{% for c in cs if c | lenght %}")
            + P.paragraph("{{ c | replace('a') }}{{ xs | map('uper') }}{{ xs | select('od') }}") + P.paragraph("{% endfor %}")
            + P.paragraph("{{ x | round(digits=2) }}{{ x is divisibleby }}")
        XCTAssertEqual(
            P.compileErrors(try P.docx(body: body)),
            [
                "letter.docx: word/document.xml: paragraph 1: '{{ name | truncate(1, 2, 3, 4, 5) }}': the 'truncate' filter takes at most 4 arguments (length, killwords, end, leeway), but was given 5",
                "letter.docx: word/document.xml: paragraph 2: '{% for c in cs if c | lenght %}': there is no filter 'lenght'; did you mean 'length'?",
                "letter.docx: word/document.xml: paragraph 3, before '{{ xs | map('uper') }}{{ xs | select('od…': '{{ c | replace('a') }}': the 'replace' filter needs 2 arguments (old, new), but was given 1",
                "letter.docx: word/document.xml: paragraph 3, after '{{ c | replace('a') }}': '{{ xs | map('uper') }}': there is no filter 'uper'; did you mean 'upper'?",
                "letter.docx: word/document.xml: paragraph 3, after '… | replace('a') }}{{ xs | map('uper') }}': '{{ xs | select('od') }}': unknown test 'is od'; did you mean 'odd'?",
                "letter.docx: word/document.xml: paragraph 5, before '{{ x is divisibleby }}': '{{ x | round(digits=2) }}': the 'round' filter has no argument named 'digits'; it takes precision, method",
                "letter.docx: word/document.xml: paragraph 5, after '{{ x | round(digits=2) }}': '{{ x is divisibleby }}': the test 'is divisibleby' takes one number, as in 'is divisibleby(3)'",
            ])
        XCTAssertEqual(TagCheck.filterProblem("upper", positional: 0, keywords: []), nil)
        XCTAssertEqual(TagCheck.filterProblem("batch", positional: 0, keywords: ["linecount"]), nil)
    }

    func testNotAPackage() {
        XCTAssertThrowsError(try Template(bytes: Array("hello".utf8), name: "letter.docx")) { error in
            XCTAssertTrue("\(error)".hasPrefix("letter.docx"), "\(error)")
        }
        XCTAssertThrowsError(try Template(bytes: [], name: "letter.rtf")) { error in
            XCTAssertEqual(
                "\(error)",
                "letter.rtf: is neither a .docx nor an .odt file; save the template from Word or LibreOffice in one of those formats"
            )
        }
    }

    func testMalformedPartIsReported() throws {
        let package = try P.docx(body: "<w:p><w:r><w:t>unclosed</w:r></w:p>")
        let errors = P.compileErrors(package)
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors[0].hasPrefix("letter.docx: word/document.xml: line 1, column "), errors[0])
    }

    func testEntityDeclarationsAreRefused() throws {
        // A billion-laughs or external-entity part must not be expanded, nor even read.
        let writer = try ZipWriter()
        let document =
            #"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol;&x;</w:t></w:r></w:p></w:body></w:document>"#
        writer.add(
            name: "[Content_Types].xml",
            bytes: Array(
                #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8),
            compress: true)
        writer.add(name: "word/document.xml", bytes: Array(document.utf8), compress: true)
        XCTAssertEqual(
            P.compileErrors(try writer.finish()),
            [
                "letter.docx: word/document.xml: line 1, column 1: a DOCTYPE declaration is not allowed in a document part; the part is not well-formed XML, so open and save the template again in Word or LibreOffice"
            ])
    }

    func testTortureValuesGiveWellFormedDocuments() throws {
        let template = try Template(bytes: try P.docx(body: P.paragraph("{{ v }}") + P.table([["{{ v }}"]])), name: "t.docx")
        let torture =
            "Zoë O'Brien & Sons <Ltd> \"quoted\" ‘single’ ]]> \u{FFFE}\u{0} Siân Müller-Łukasz مرحبا שלום "
            + String(repeating: "x", count: 1_000_000)
        // A megabyte of one letter compresses more than a zip-bomb check allows: read it back with a looser one.
        let reader = try ZipReader(
            bytes: try template.render(["v": .string(torture)]).bytes, name: "out",
            limits: PackageLimits(maxCompressionRatio: 100_000))
        let xml = String(decoding: try reader.read(reader.entry(named: "word/document.xml")!), as: UTF8.self)
        // libxml2 parses it back: the value did not change the document's structure.
        XCTAssertNoThrow(try XMLTree(parsing: Array(xml.utf8), partName: "word/document.xml"))
        XCTAssertTrue(
            xml.contains("Zoë O'Brien &amp; Sons &lt;Ltd&gt; \"quoted\" ‘single’ ]]&gt;  Siân Müller-Łukasz مرحبا שלום xxx"))
    }
}
