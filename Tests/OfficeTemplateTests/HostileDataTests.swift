import Foundation
import XCTest

@testable import OfficeTemplate

/// Issue 14, the data loaders under hostile input: expansion bombs are refused within a bound
/// of time and memory, no message quotes a value, and values a document cannot print sensibly
/// (infinity, NaN, text that is not UTF-8) are refused when the file is loaded.
final class HostileDataTests: XCTestCase {
    private func loadError(_ bytes: [UInt8], _ format: DataFormat, file: String) -> String? {
        do {
            _ = try DataLoader.load(bytes: bytes, file: file, format: format)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func loadError(_ text: String, _ format: DataFormat, file: String) -> String? {
        loadError(Array(text.utf8), format, file: file)
    }

    /// The process's peak resident memory so far, in MiB (Linux; 0 elsewhere).
    private func peakMemoryMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
    }

    /// Runs `body`, failing if it takes more than `seconds` or raises the peak memory by more than `mebibytes`.
    private func bounded(seconds: Double, mebibytes: Double, _ body: () -> Void) {
        let before = peakMemoryMiB()
        let start = Date()
        body()
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, seconds, "took \(elapsed) s")
        XCTAssertLessThan(peakMemoryMiB() - before, mebibytes, "peak memory grew by \(peakMemoryMiB() - before) MiB")
    }

    // MARK: - Expansion bombs

    /// "Billion laughs": nine levels of aliases, each naming the one before ten times, is 10^9 values.
    func testYAMLAliasBombIsRefusedQuickly() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(previous)]\n"
        }
        XCTAssertLessThan(yaml.utf8.count, 1_100)
        bounded(seconds: 20, mebibytes: 600) {
            let message = loadError(yaml, .yaml, file: "bomb.yaml")
            XCTAssertTrue(message?.hasPrefix("bomb.yaml:") ?? false, message ?? "loaded")
            XCTAssertTrue(message?.contains("more than 1,000,000 values") ?? false, message ?? "loaded")
        }
    }

    /// A binary property list of 300 bytes whose arrays share references expands the same way.
    func testBinaryPlistSharedReferenceBombIsRefusedQuickly() throws {
        // Objects: 0 is the text "lol"; object k (1...9) is an array of ten references to object k-1.
        var bytes = Array("bplist00".utf8)
        var offsets: [Int] = []
        offsets.append(bytes.count)
        bytes += [0x53] + Array("lol".utf8)
        for level in 1...9 {
            offsets.append(bytes.count)
            bytes += [0xAA] + Array(repeating: UInt8(level - 1), count: 10)
        }
        let tableOffset = bytes.count
        bytes += offsets.map { UInt8($0) }
        // Trailer: 6 unused bytes, offset size 1, reference size 1, 10 objects, root 9, table offset.
        bytes += [0, 0, 0, 0, 0, 0, 1, 1]
        bytes += [0, 0, 0, 0, 0, 0, 0, 10] + [0, 0, 0, 0, 0, 0, 0, 9]
        bytes += [0, 0, 0, 0, 0, 0, 0, UInt8(tableOffset)]
        XCTAssertLessThan(bytes.count, 300)
        bounded(seconds: 20, mebibytes: 600) {
            let message = loadError(bytes, .plist, file: "bomb.plist")
            XCTAssertEqual(
                message,
                "bomb.plist: error: the data expands to more than 1,000,000 values, which is the "
                    + "limit; shared references in the property list repeat a part many times")
        }
    }

    func testDeeplyNestedPlistIsRefused() {
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\">"
            + String(repeating: "<array>", count: 600) + String(repeating: "</array>", count: 600) + "</plist>"
        XCTAssertEqual(
            loadError(xml, .plist, file: "deep.plist"),
            "deep.plist: error: the data is nested more than 512 deep, which is the limit")
    }

    // MARK: - No values in messages

    /// A syntax error shows the line with its letters and digits blanked, never the line itself.
    func testSyntaxErrorShowsABlankedLine() {
        let text = "[\n  {\"name\": \"Zoë Smith\", \"upn\": \"A123456789012\" \"dob\": \"2011-04-05\"}\n]"
        let message = loadError(text, .json, file: "pupils.json")
        XCTAssertEqual(
            message,
            """
            pupils.json:2:48: error: expected ',' or '}' after a value
              {"xxxx": "xxx xxxxx", "xxx": "x999999999999" "xxx": "9999-99-99"}
                                                           ^
            """)
        for secret in ["Zoë", "Smith", "A123456789012", "2011"] {
            XCTAssertFalse(message?.contains(secret) ?? true, secret)
        }
    }

    func testYAMLSyntaxErrorShowsABlankedLine() {
        let message = loadError("pupil:\n  name: Zoë Smith\n  year: 10\n    x: 1\n", .yaml, file: "p.yaml")
        XCTAssertEqual(
            message,
            """
            p.yaml:4:6: error: mapping values are not allowed in this context
                x: 9
                 ^
            """)
        let bare = loadError("{\"name\": Zoë}", .json, file: "p.json")
        XCTAssertFalse(bare?.contains("Zo") ?? true, bare ?? "")
    }

    /// A very long line (minified JSON) shows only a window of blanked text around the column.
    func testLongLinesShowAWindow() {
        let text = "[" + Array(repeating: "\"Zoë\"", count: 5_000).joined(separator: ",") + " x]"
        let message = loadError(text, .json, file: "long.json") ?? ""
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].hasPrefix("long.json:1:30002: error: expected ',' or ']' after a list item"), String(lines[0]))
        XCTAssertLessThanOrEqual(lines[1].count, 100)
        XCTAssertTrue(lines[1].hasPrefix("…") && lines[1].contains("\"xxx\" x]"), String(lines[1]))
        // The caret stands under the 'x'.
        let caret = lines[2].count - 1
        XCTAssertEqual(Array(lines[1])[caret], "x")
    }

    func testDuplicateKeysNameBothLines() {
        XCTAssertEqual(
            loadError("{\n  \"name\": \"Zoë\",\n  \"name\": \"Ann\"\n}", .json, file: "d.json"),
            """
            d.json:3:3: error: duplicate key 'name'; it is already at line 2, column 3
              "xxxx": "xxx"
              ^
            """)
        XCTAssertEqual(
            loadError("pupil:\n  name: Zoë\n  year: 10\n  name: Ann\n", .yaml, file: "d.yaml"),
            """
            d.yaml:4:3: error: duplicate key 'name' in one map; it is already at line 2, column 3, and each key may appear once
              xxxx: xxx
              ^
            """)
    }

    // MARK: - Values a document cannot print

    func testInfinityAndNaNAreRefusedAtLoad() {
        XCTAssertEqual(
            loadError("{\"fees\": {\"total\": 1e400}}", .json, file: "f.json")?.split(separator: "\n").first,
            "f.json:1:20: error: 'fees.total' is a number too large to hold (it reads as infinity); numbers in data must be finite"
        )
        XCTAssertEqual(
            loadError("fees:\n  total: .inf\n", .yaml, file: "f.yaml")?.split(separator: "\n").first,
            "f.yaml:2:10: error: 'fees.total' is infinity or not a number; numbers in data must be finite")
        XCTAssertEqual(
            loadError("fees: [1, .nan]\n", .yaml, file: "f.yaml")?.split(separator: "\n").first,
            "f.yaml:1:11: error: 'fees[1]' is infinity or not a number; numbers in data must be finite")
        XCTAssertEqual(
            loadError("total: -1e999\n", .yaml, file: "f.yaml")?.split(separator: "\n").first,
            "f.yaml:1:8: error: 'total' is infinity or not a number; numbers in data must be finite")
        let plist =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict><key>total</key><real>nan</real></dict></plist>"
        XCTAssertEqual(
            loadError(plist, .plist, file: "f.plist"),
            "f.plist: error: 'total' is infinity or not a number; numbers in data must be finite")
    }

    /// A Latin-1 file: "Zoë" with ë as the single byte 0xEB.
    func testTextThatIsNotUTF8IsRefusedWithItsByteOffset() {
        let json = Array("{\"name\": \"Zo".utf8) + [0xEB] + Array("\"}".utf8)
        XCTAssertEqual(
            loadError(json, .json, file: "l.json"),
            "l.json: error: the file is not UTF-8 text: the byte at offset 12 is not valid UTF-8; save it as UTF-8")
        let yaml = Array("name: Zo".utf8) + [0xEB] + Array("\n".utf8)
        XCTAssertEqual(
            loadError(yaml, .yaml, file: "l.yaml"),
            "l.yaml: error: the file is not UTF-8 text: the byte at offset 8 is not valid UTF-8; save it as UTF-8")
        // Escapes in JSON and valid multi-byte text still load.
        XCTAssertNil(loadError("{\"name\": \"Zo\\u00eb Zoë 😀\"}", .json, file: "ok.json"))
    }

    func testUTF8Validation() {
        XCTAssertNil(UTF8Check.firstInvalidOffset(Array("Zoë 😀 ü".utf8)))
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0x41, 0xC0, 0x80]), 1)  // overlong
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0xED, 0xA0, 0x80]), 0)  // surrogate
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0x41, 0x42, 0xE2, 0x82]), 2)  // cut short
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0xF4, 0x90, 0x80, 0x80]), 0)  // beyond U+10FFFF
        XCTAssertEqual(UTF8Check.firstInvalidOffset([0x80]), 0)
    }

    // MARK: - Files that are not regular files

    func testAFIFOAsDataIsNamedAsSuch() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("HostileDataTests-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("data.json").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let start = Date()
        XCTAssertThrowsError(try DataLoader.load(contentsOf: fifo)) { error in
            XCTAssertEqual("\(error)", "\(fifo): error: cannot load data: it is a named pipe (FIFO), not a regular file")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertThrowsError(try DataLoader.load(contentsOf: "/dev/zero.json")) { error in
            XCTAssertEqual("\(error)", "/dev/zero.json: error: cannot load data: there is no such file")
        }
    }
}
