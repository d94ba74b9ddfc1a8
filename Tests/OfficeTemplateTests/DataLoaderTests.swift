import XCTest

@testable import OfficeTemplate

final class DataLoaderTests: XCTestCase {
    private func load(_ text: String, _ format: DataFormat, file: String = "data") throws -> DataDocument {
        try DataLoader.load(bytes: Array(text.utf8), file: file, format: format)
    }

    private func loadError(_ text: String, _ format: DataFormat, file: String) -> String? {
        do {
            _ = try load(text, format, file: file)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> TemplateValue {
        .date(UTCDateTime(year: year, month: month, day: day, hour: hour, minute: minute).date)
    }

    private var temporaryFolder: URL!

    override func setUpWithError() throws {
        temporaryFolder = FileManager.default.temporaryDirectory.appendingPathComponent("DataLoaderTests-\(UUID())")
        try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temporaryFolder)
    }

    // MARK: - JSON

    func testJSONValuesAndKeyOrder() throws {
        let document = try load(
            #"{"z": 1, "a": [true, false, null], "n": -2.5e1, "big": 12345678901234567890, "s": "Zo\u00eb \"q\" \ud83d\ude00"}"#,
            .json)
        XCTAssertEqual(
            document.value,
            [
                "z": 1, "a": [true, false, nil], "n": -25.0, "big": 12345678901234567890.0, "s": "Zoë \"q\" 😀",
            ])
        guard case .map(let map) = document.value else { return XCTFail() }
        XCTAssertEqual(map.keys, ["z", "a", "n", "big", "s"])
        XCTAssertEqual(try load("1.0", .json).value, .double(1))
        XCTAssertEqual(try load(" 7 ", .json).value, .int(7))
    }

    func testJSONLocations() throws {
        let text = """
            {
              "placement": {
                "sessions": [
                  {"day": "Mon"},
                  { "day": "Tue", "odd key": 1 }
                ]
              }
            }
            """
        let locations = try load(text, .json, file: "p.json").locations
        XCTAssertEqual(locations["placement"], SourceLocation(file: "p.json", line: 2, column: 16))
        XCTAssertEqual(locations["placement.sessions"], SourceLocation(file: "p.json", line: 3, column: 17))
        XCTAssertEqual(locations["placement.sessions[0]"], SourceLocation(file: "p.json", line: 4, column: 7))
        XCTAssertEqual(locations["placement.sessions[0].day"], SourceLocation(file: "p.json", line: 4, column: 15))
        XCTAssertEqual(locations["placement.sessions[1].day"], SourceLocation(file: "p.json", line: 5, column: 16))
        XCTAssertEqual(locations["placement.sessions[1][\"odd key\"]"], SourceLocation(file: "p.json", line: 5, column: 34))
        XCTAssertNil(locations[""])
    }

    func testJSONColumnsCountCharactersNotBytes() throws {
        let locations = try load(#"{"é": "ü", "x": 1}"#, .json).locations
        XCTAssertEqual(locations["x"]?.column, 17)
    }

    /// The line is shown blanked (letters x, digits 9): it may hold a pupil's name.
    func testJSONSyntaxErrorShowsLineAndCaret() {
        let text = "{\n  \"id\": 1,\n    \"name\": \"Zoë\" \"x\"\n}"
        XCTAssertEqual(
            loadError(text, .json, file: "data.json"),
            """
            data.json:3:19: error: expected ',' or '}' after a value
                "xxxx": "xxx" "x"
                              ^
            """)
    }

    func testJSONErrorMessages() {
        XCTAssertEqual(
            loadError("{\"a\": 1,}", .json, file: "d.json"),
            """
            d.json:1:9: error: expected a key after ','; remove the trailing comma
            {"x": 9,}
                    ^
            """)
        XCTAssertEqual(
            loadError("[1, 2", .json, file: "d.json"),
            """
            d.json:1:6: error: unexpected end of file; expected ',' or ']' after a list item
            [9, 9
                 ^
            """)
        XCTAssertEqual(
            loadError("{\"a\": True}", .json, file: "d.json")?.components(separatedBy: "\n").first,
            "d.json:1:7: error: expected a value, found 'True'; JSON writes true, false and null in lower case")
        XCTAssertEqual(
            loadError("{'a': 1}", .json, file: "d.json")?.components(separatedBy: "\n").first,
            "d.json:1:2: error: expected a key in double quotes")
        XCTAssertEqual(
            loadError("[0123]", .json, file: "d.json")?.components(separatedBy: "\n").first,
            "d.json:1:2: error: numbers must not start with 0; put codes such as \"0123\" in double quotes")
        XCTAssertEqual(
            loadError("[\"abc\n\"]", .json, file: "d.json")?.components(separatedBy: "\n").first,
            "d.json:1:2: error: this text has no closing '\"' on its line")
        XCTAssertEqual(
            loadError("[\"a\\qb\"]", .json, file: "d.json")?.components(separatedBy: "\n").first,
            "d.json:1:4: error: unknown escape '\\q'; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        XCTAssertEqual(
            loadError("{} x", .json, file: "d.json")?.components(separatedBy: "\n").first,
            "d.json:1:4: error: unexpected text after the end of the JSON value")
        XCTAssertEqual(
            loadError("  ", .json, file: "d.json"),
            "d.json:1:3: error: the file is empty; a JSON data file holds a value such as { \"name\": \"…\" }\n  \n  ^")
    }

    func testJSONDuplicateKey() {
        XCTAssertEqual(
            loadError("{\n  \"name\": 1,\n  \"name\": 2\n}", .json, file: "d.json"),
            """
            d.json:3:3: error: duplicate key 'name'; it is already at line 2, column 3
              "xxxx": 9
              ^
            """)
    }

    func testCaretFollowsTabs() {
        XCTAssertEqual(
            loadError("{\n\t\"a\": x}", .json, file: "t.json"),
            "t.json:2:7: error: expected a value; put text in double quotes\n\t\"x\": x}\n\t     ^")
    }

    // MARK: - YAML

    func testYAMLScalarTypes() throws {
        let text = """
            name: Zoë
            quoted: "123"
            single: 'true'
            count: 12
            negative: -3
            hex: 0x1F
            ratio: 2.5
            exponent: 1e3
            yes_word: yes
            flag: true
            Flag2: False
            nothing: ~
            empty:
            null_word: null
            phone: 07700900123
            plus: +447700900123
            zero: 0
            start: 2025-09-01
            meeting: 2025-09-01T09:30:00Z
            spaced: 2025-09-01 09:30:00 +01:00
            version: 1.2.3
            tagged: !!str 42
            block: |
              line one
            """
        XCTAssertEqual(
            try load(text, .yaml).value,
            [
                "name": "Zoë", "quoted": "123", "single": "true", "count": 12, "negative": -3, "hex": 31,
                "ratio": 2.5, "exponent": 1000.0, "yes_word": "yes", "flag": true, "Flag2": false,
                "nothing": nil, "empty": nil, "null_word": nil, "phone": "07700900123", "plus": "+447700900123",
                "zero": 0, "start": date(2025, 9, 1), "meeting": date(2025, 9, 1, 9, 30),
                "spaced": date(2025, 9, 1, 8, 30), "version": "1.2.3", "tagged": "42", "block": "line one",
            ])
    }

    func testYAMLLocationsAnchorsAndMerge() throws {
        let text = """
            defaults: &defaults
              room: A1
              day: Mon
            placement:
              sessions:
                - day: Tue
                  <<: *defaults
                - *defaults
            """
        let document = try load(text, .yaml, file: "p.yaml")
        XCTAssertEqual(
            document.value["placement"],
            [
                "sessions": [["day": "Tue", "room": "A1"], ["room": "A1", "day": "Mon"]]
            ])
        XCTAssertEqual(document.locations["placement.sessions"], SourceLocation(file: "p.yaml", line: 6, column: 5))
        XCTAssertEqual(document.locations["placement.sessions[0].day"], SourceLocation(file: "p.yaml", line: 6, column: 12))
        XCTAssertEqual(document.locations["placement.sessions[0].room"], SourceLocation(file: "p.yaml", line: 2, column: 9))
        XCTAssertEqual(document.locations["defaults.day"], SourceLocation(file: "p.yaml", line: 3, column: 8))
    }

    func testYAMLEmptyFileIsAnEmptyMap() throws {
        XCTAssertEqual(try load("", .yaml).value, .map(TemplateMap()))
    }

    func testYAMLSyntaxError() {
        XCTAssertEqual(
            loadError("pupil:\n  name: Zoë\n  year: [10\n", .yaml, file: "data.yaml"),
            """
            data.yaml:4:1: error: did not find expected ',' or ']' (while parsing a flow sequence, from line 3, column 9)

            ^
            """)
        XCTAssertEqual(
            loadError("a: 1\n  b: 2\n", .yaml, file: "data.yaml"),
            """
            data.yaml:2:4: error: mapping values are not allowed in this context
              x: 9
               ^
            """)
    }

    /// Keys are used as text, so `1` and `"1"` are one key (Yams types nothing; see YAMLReader.compose).
    func testYAMLKeysThatReadAlikeAsTextAreDuplicates() {
        XCTAssertEqual(
            loadError("1: a\n\"1\": b\n", .yaml, file: "d.yaml")?.components(separatedBy: "\n").first,
            "d.yaml:2:1: error: duplicate key '1' in one map; it is already at line 1, column 1, and each key may appear once")
        XCTAssertEqual(try load("\"<<\": 1\nb: 2\n", .yaml).value, ["<<": 1, "b": 2])
    }

    func testYAMLDuplicateKey() {
        XCTAssertEqual(
            loadError("a: 1\nb: 2\na: 3\n", .yaml, file: "d.yaml"),
            """
            d.yaml:3:1: error: duplicate key 'a' in one map; it is already at line 1, column 1, and each key may appear once
            x: 9
            ^
            """)
    }

    // MARK: - Property lists

    func testPlistXMLAndBinary() throws {
        let start = Date(timeIntervalSince1970: 1_756_684_800)
        let root: [String: Any] = [
            "name": "Zoë", "year": 10, "ratio": 2.5, "whole": 3.0, "sen": false, "consent": true,
            "zero": 0, "one": 1, "start": start, "tags": ["a", 1], "nested": ["b": 2, "a": 1],
        ]
        for format in [PropertyListSerialization.PropertyListFormat.xml, .binary] {
            let data = try PropertyListSerialization.data(fromPropertyList: root, format: format, options: 0)
            let url = temporaryFolder.appendingPathComponent("data-\(format.rawValue).plist")
            try data.write(to: url)
            let document = try DataLoader.load(contentsOf: url.path)
            XCTAssertEqual(
                document.value,
                [
                    "consent": true, "name": "Zoë", "nested": ["a": 1, "b": 2], "one": 1, "ratio": 2.5,
                    "sen": false, "start": .date(start), "tags": ["a", 1], "whole": 3.0, "year": 10, "zero": 0,
                ], "format \(format)")
            XCTAssertEqual(document.locations, [:])
            XCTAssertEqual(document.file, url.path)
        }
    }

    func testPlistError() {
        XCTAssertTrue(
            loadError("not a plist", .plist, file: "d.plist")?
                .hasPrefix("d.plist: error: this is not a valid property list (XML or binary): ") ?? false)
    }

    // MARK: - Files

    func testLoadFromFileChoosesFormatByExtension() throws {
        let url = temporaryFolder.appendingPathComponent("d.YML")
        try "a: 1\n".write(to: url, atomically: true, encoding: .utf8)
        let document = try DataLoader.load(contentsOf: url.path)
        XCTAssertEqual(document.value, ["a": 1])
        XCTAssertEqual(document.locations["a"], SourceLocation(file: url.path, line: 1, column: 4))
        XCTAssertEqual(DataFormat(pathExtension: "json"), .json)
        XCTAssertEqual(DataFormat(pathExtension: "yaml"), .yaml)
        XCTAssertEqual(DataFormat(pathExtension: "plist"), .plist)
        XCTAssertNil(DataFormat(pathExtension: "csv"))
    }

    func testFileErrors() {
        let missing = temporaryFolder.appendingPathComponent("missing.json").path
        XCTAssertThrowsError(try DataLoader.load(contentsOf: missing)) { error in
            XCTAssertEqual("\(error)", "\(missing): error: cannot load data: there is no such file")
        }
        XCTAssertThrowsError(try DataLoader.load(contentsOf: "pupils.csv")) { error in
            XCTAssertEqual(
                "\(error)",
                "pupils.csv: error: cannot tell the data format from the extension '.csv'; "
                    + "use a file ending in .json, .yaml, .yml or .plist")
        }
        let folder = temporaryFolder.appendingPathComponent("folder.json")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try DataLoader.load(contentsOf: folder.path)) { error in
            XCTAssertEqual("\(error)", "\(folder.path): error: cannot load data: it is a folder, not a file")
        }
    }

    func testISODateParsing() {
        XCTAssertEqual(ISODateParser.parse("2025-09-01"), Date(timeIntervalSince1970: 1_756_684_800))
        XCTAssertEqual(ISODateParser.parse("2025-09-01T09:30:00.5+0100"), Date(timeIntervalSince1970: 1_756_715_400.5))
        XCTAssertEqual(ISODateParser.parse("1969-12-31T23:59:59Z"), Date(timeIntervalSince1970: -1))
        XCTAssertNil(ISODateParser.parse("2025-13-01"))
        XCTAssertNil(ISODateParser.parse("2025-9-1"))
        XCTAssertNil(ISODateParser.parse("2025-09-01x"))
        XCTAssertEqual(
            UTCDateTime(Date(timeIntervalSince1970: -1)),
            UTCDateTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
        XCTAssertEqual(UTCDateTime(year: 2025, month: 9, day: 1).weekday, 1)
    }
}
