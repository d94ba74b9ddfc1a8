import XCTest

@testable import OfficeTemplate

/// Tags in hyperlink targets are rendered: DOCX relationship targets, ODT `xlink:href`.
final class LinkTargetTests: XCTestCase {
    typealias P = TestPackage

    private let relationships =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/p/{{ p.id }}?name={{ p.name }}&amp;x=1" TargetMode="External"/>"#
        + #"<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/%7B%7B%20site%20%7D%7D" TargetMode="External"/>"#
        + "</Relationships>"

    private func link(_ id: String, _ text: String) -> String {
        #"<w:hyperlink r:id="\#(id)"><w:r><w:t>\#(text)</w:t></w:r></w:hyperlink>"#
    }

    func testWordLinkTargetsAreRenderedOncePerPassOfALoop() throws {
        let body =
            P.paragraph("{% for p in pupils %}") + "<w:p>" + link("rId5", "{{ p.name }}") + "</w:p>" + P.paragraph("{% endfor %}")
            + "<w:p>" + link("rId6", "Site") + "</w:p>"
        // In a header: its relationships are its own part (the body's are the helper's).
        let package = try P.docx(body: P.paragraph("Body"), header: body, extra: [("word/_rels/header1.xml.rels", relationships)])
        let output = try P.render(
            package, ["pupils": [["id": 7, "name": "A \"B\" <C>"], ["id": 8, "name": "D&E"]], "site": "home"])
        let xml = try P.entry("word/header1.xml", of: output)
        XCTAssertTrue(xml.contains(#"<w:hyperlink r:id="rIdApdocsLink1">"#), xml)
        XCTAssertTrue(xml.contains(#"<w:hyperlink r:id="rIdApdocsLink2">"#), xml)
        XCTAssertTrue(xml.contains(#"<w:hyperlink r:id="rIdApdocsLink3">"#), xml)
        let rels = try P.entry("word/_rels/header1.xml.rels", of: output)
        XCTAssertTrue(
            rels.contains(
                #"<Relationship Id="rIdApdocsLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/p/7?name=A%20%22B%22%20%3CC%3E&amp;x=1" TargetMode="External"/>"#
            ), rels)
        XCTAssertTrue(rels.contains(#"Id="rIdApdocsLink2" Type="#), rels)
        XCTAssertTrue(rels.contains(#"Target="https://example.org/p/8?name=D&amp;E&amp;x=1""#), rels)
        XCTAssertTrue(rels.contains(#"Id="rIdApdocsLink3""#) && rels.contains(#"Target="https://example.org/home""#), rels)
        XCTAssertNoThrow(try XMLTree(parsing: Array(rels.utf8), partName: "rels"))
        XCTAssertEqual(
            Set(try Template(bytes: package, name: "t.docx").usage().required),
            ["pupils", "pupils[].id", "pupils[].name", "site"])
    }

    func testOdtLinkTargetIsRenderedInPlace() throws {
        let body =
            #"<text:p><text:a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="simple" xlink:href="https://example.org/{{ id }}">Open</text:a></text:p>"#
        let output = try P.render(try P.odt(body: body), name: "t.odt", ["id": "a b\"c"])
        let xml = try P.entry("content.xml", of: output)
        XCTAssertTrue(xml.contains(#"xlink:href="https://example.org/a%20b%22c">Open</text:a>"#), xml)
    }

    func testALinkTargetWithABlockTagIsReported() throws {
        let body =
            #"<text:p><text:a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://x.org/{% if a %}b{% endif %}{{ c }}">x</text:a></text:p>"#
        let errors = P.compileErrors(try P.odt(body: body), name: "t.odt")
        XCTAssertTrue(errors.contains { $0.contains("only values ({{ … }}) can go there") }, "\(errors)")
    }
}
