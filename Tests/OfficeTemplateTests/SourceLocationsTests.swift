import Dispatch
import Foundation
import XCTest

@testable import OfficeTemplate

/// Locations are worked out on first use (a second reading), not while loading: the same
/// answers as the reading that keeps them, shared safely between threads.
final class SourceLocationsTests: XCTestCase {
    private func load(_ text: String, _ format: DataFormat) throws -> DataDocument {
        try DataLoader.load(bytes: Array(text.utf8), file: "d", format: format)
    }

    func testLazyLocationsMatchAReadingThatKeepsThem() throws {
        let json = "\u{FEFF}{\"a\": {\"b\": [1, {\"c\": \"é\", \"d\": 2}]},\n \"odd key\": true}"
        let document = try load(json, .json)
        var reader = JSONReader(bytes: Array(json.utf8), file: "d", recordsLocations: true)
        _ = try reader.readDocument()
        XCTAssertEqual(document.locations.all, reader.locations)
        XCTAssertEqual(document.locations["a.b[1].d"], SourceLocation(file: "d", line: 1, column: 33))
        XCTAssertEqual(document.locations["[\"odd key\"]"], SourceLocation(file: "d", line: 2, column: 13))
        XCTAssertEqual(document.locations.all.count, 7)

        let yaml = "a:\n  b: [1, {c: x}]\nlist:\n  - 2\n"
        let yamlDocument = try load(yaml, .yaml)
        XCTAssertEqual(yamlDocument.locations["a.b[1].c"], SourceLocation(file: "d", line: 2, column: 14))
        XCTAssertEqual(yamlDocument.locations["list[0]"], SourceLocation(file: "d", line: 4, column: 5))
        XCTAssertEqual(try YAMLReader.locations(bytes: Array(yaml.utf8), file: "d"), yamlDocument.locations.all)
    }

    func testEqualWhenReadFromTheSameBytes() throws {
        let text = "{\"a\": 1}"
        XCTAssertEqual(try load(text, .json).locations, try load(text, .json).locations)
        XCTAssertNotEqual(try load(text, .json).locations, try load("{\"b\": 1}", .json).locations)
        // A table given outright equals the one worked out from the file.
        XCTAssertEqual(try load(text, .json).locations, ["a": SourceLocation(file: "d", line: 1, column: 7)])
        XCTAssertTrue(try load("{}", .json).locations.isEmpty)
    }

    func testFirstUseFromManyThreadsGivesOneAnswer() throws {
        let rows = (0..<2000).map { "{\"n\": \($0)}" }.joined(separator: ",\n")
        let document = try load("[\n\(rows)\n]", .json)
        let lines = Lines()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            lines.set(i, document.locations["[\(i * 31)].n"]?.line ?? -1)
        }
        for i in 0..<64 { XCTAssertEqual(lines.values[i], i * 31 + 2) }
    }

    /// A duplicate key names both lines, found without a table of every key's position.
    func testDuplicateKeyNamesTheFirstCopyAfterAByteOrderMark() {
        XCTAssertThrowsError(try load("\u{FEFF}{\"x\": 1,\n  \"é\": 1, \"é\": 2}", .json)) { error in
            XCTAssertEqual(
                "\(error)".components(separatedBy: "\n").first,
                "d:2:11: error: duplicate key 'é'; it is already at line 2, column 3")
        }
    }
}

/// The answers of the threads, one slot each.
private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values = [Int](repeating: 0, count: 64)

    func set(_ index: Int, _ value: Int) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
