import XCTest

@testable import OfficeTemplate

private typealias P = TestPackage

/// What a render records of the data it read (`RenderOptions.recordReads`): typed reads, a
/// loop's shape apart from the values it reads item by item.
final class ReadLogTests: XCTestCase {
    func testALoopRecordsItsShapeAndEachItemsValues() throws {
        let body = P.paragraph("{% for c in contacts %}{{ c.name }} {% endfor %}{{ school.name }}")
        let template = try Template(bytes: try P.docx(body: body), name: "t.docx")
        let data: TemplateValue = ["contacts": [["name": "A", "phone": "1"], ["name": "B"]], "school": ["name": "S"]]
        let rendered = try template.render(data, options: RenderOptions(recordReads: true))
        XCTAssertEqual(
            rendered.reads,
            [
                .shape(path: "contacts"): .int(2),
                .value(path: "contacts[0].name"): "A",
                .value(path: "contacts[1].name"): "B",
                .value(path: "school.name"): "S",
            ])
        XCTAssertTrue(try template.render(data).reads.isEmpty, "nothing is recorded unless asked for")
    }

    func testAReadIsLookedUpInNewDataAsItWasRead() {
        let data: TemplateValue = ["contacts": [["name": "A"], ["name": "B"], ["name": "C"]], "map": ["x": 1, "y": 2]]
        XCTAssertEqual(data.value(of: .shape(path: "contacts")), .int(3))
        XCTAssertEqual(data.value(of: .value(path: "contacts[2].name")), "C")
        XCTAssertEqual(data.value(of: .shape(path: "map")), ["x", "y"])
        XCTAssertNil(data.value(of: .value(path: "contacts[3].name")))
        XCTAssertNil(data.value(of: .shape(path: "missing")))
        XCTAssertEqual(DataRead.shape(path: "a.b").path, "a.b")
        XCTAssertTrue(DataRead.shape(path: "a").isShape)
        XCTAssertFalse(DataRead.value(path: "a").isShape)
    }
}
