import Foundation
import XCTest

@testable import Placement

/// The `upn` rule: the DfE's format and check letter (UniquePupilNumber), with messages that
/// give the file, line and field path and never the value.
final class UPNRuleTests: XCTestCase {
    let file = "placements/PL-2025-014.yaml"

    func testCheckLetterFollowsTheDfEFormula() {
        // B801200005001: 8·2 + 1·4 + 2·5 + 5·10 + 1·13 = 93 = 4·23 + 1, and 1 is B.
        XCTAssertNil(UniquePupilNumber.problem("B801200005001"))
        XCTAssertEqual(UniquePupilNumber.checkLetter(for: "801200005001"), "B")
        XCTAssertEqual(UniquePupilNumber.problem("A801200005001"), .checkLetter)
        // A sum of 0 is A; I, O and S are skipped, so 8 is J, 12 N, 13 P, 15 R and 17 U.
        XCTAssertNil(UniquePupilNumber.problem("A000000000000"))
        XCTAssertEqual(UniquePupilNumber.checkLetter(for: "000000000004"), "G")  // 4·13 = 52 = 2·23 + 6
        XCTAssertEqual(UniquePupilNumber.checkLetter(for: "400000000000"), "J")  // 4·2 = 8
        XCTAssertEqual(UniquePupilNumber.checkLetter(for: "000000000010"), "N")  // 1·12 = 12
        XCTAssertEqual(UniquePupilNumber.checkLetter(for: "000000000001"), "P")  // 1·13 = 13
        XCTAssertEqual(UniquePupilNumber.checkLetter(for: "100000000001"), "R")  // 2 + 13 = 15
        XCTAssertEqual(UniquePupilNumber.checkLetter(for: "200000000001"), "U")  // 4 + 13 = 17
    }

    func testTemporaryUPNEndsInALetterThatCountsByTheSameTable() {
        // 80120000500 then B (1): 16 + 4 + 10 + 50 + 13 = 93, B again.
        XCTAssertNil(UniquePupilNumber.problem("B80120000500B"))
        XCTAssertEqual(UniquePupilNumber.problem("B80120000500C"), .checkLetter)
        // A letter anywhere else, or I, O or S at the end, is not the format.
        XCTAssertEqual(UniquePupilNumber.problem("B8012000050B1"), .format)
        XCTAssertEqual(UniquePupilNumber.problem("B80120000500I"), .format)
    }

    func testWrongShapesAreFormatProblems() {
        for text in [
            "", "B80120000500", "B8012000050011", "b801200005001", "1801200005001", "O801200005001", "Jordan Smith",
            "B 01200005001",
        ] {
            XCTAssertEqual(UniquePupilNumber.problem(text), .format, text)
        }
    }

    func testRuleNamesFileLineAndPathNeverTheValue() throws {
        let fixture = DataFolderFixture()
        let line = DataFolderFixture.line(of: "upn:", in: fixture.placement)
        XCTAssertEqual(try fixture.report(), [])

        DataFolderFixture.edit(&fixture.placement, "upn: A123456789012", "upn: B123456789012")
        XCTAssertEqual(
            try fixture.report(),
            [
                "\(file):\(line): error [upn] PL-2025-014 pupil.upn: has the wrong check letter: the first letter does not follow from the 12 characters after it (DfE formula, modulo 23); a character is mistyped"
            ])

        DataFolderFixture.edit(&fixture.placement, "upn: B123456789012", "upn: Jordan Quillfeather")
        let report = try fixture.report()
        XCTAssertEqual(
            report,
            [
                "\(file):\(line): error [upn] PL-2025-014 pupil.upn: is not a UPN: a UPN is 13 characters, a capital check letter (not I, O or S) then 12 digits (a temporary UPN: 11 digits and a letter)"
            ])
        XCTAssertFalse(report.joined().contains("Jordan"))
    }

    /// The sample data is fictional, but `apdocs validate examples` must stay clean of this rule.
    func testExamplesHaveValidUPNs() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/placements").standardized.path
        let files = try FileManager.default.contentsOfDirectory(atPath: examples).filter { $0.hasSuffix(".yaml") }
        XCTAssertFalse(files.isEmpty)
        for name in files {
            let text = try String(contentsOfFile: examples + "/" + name, encoding: .utf8)
            let upns = text.split(separator: "\n").compactMap { line -> String? in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("upn:") ? trimmed.dropFirst(4).trimmingCharacters(in: .whitespaces) : nil
            }
            XCTAssertEqual(upns.count, 1, name)
            for upn in upns { XCTAssertNil(UniquePupilNumber.problem(upn), name) }
        }
    }
}
