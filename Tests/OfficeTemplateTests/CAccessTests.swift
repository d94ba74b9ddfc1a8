import Foundation
import XCTest

/// Keeps the engine's C access where Package.swift's comment says it is: libxml2 only in
/// `XML/`, libzip only in `Package/`. A file elsewhere that imports either fails here.
final class CAccessTests: XCTestCase {
    private let engine = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/OfficeTemplate")

    /// Engine files (relative to Sources/OfficeTemplate) whose text contains `import <module>`.
    private func files(importing module: String) throws -> [String] {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: engine, includingPropertiesForKeys: nil))
        var found: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let imports = text.split(separator: "\n").contains { line in
                line.split(separator: " ").last == Substring(module) && line.contains("import ")
            }
            if imports { found.append(String(url.path.dropFirst(engine.path.count + 1))) }
        }
        return found.sorted()
    }

    func testLibXML2IsImportedOnlyInsideXML() throws {
        let importers = try files(importing: "CLibXML2")
        XCTAssertFalse(importers.isEmpty, "the scan found no libxml2 import at all; is the path right?")
        XCTAssertEqual(importers.filter { !$0.hasPrefix("XML/") }, [])
    }

    func testLibZipIsImportedOnlyInsidePackage() throws {
        let importers = try files(importing: "CLibZip")
        XCTAssertFalse(importers.isEmpty, "the scan found no libzip import at all; is the path right?")
        XCTAssertEqual(importers.filter { !$0.hasPrefix("Package/") }, [])
    }
}
