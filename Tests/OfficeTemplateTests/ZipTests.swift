import Foundation
import XCTest

@testable import OfficeTemplate

/// ZipWriter and ZipReader on well-formed packages, checked against Python and Info-ZIP.
final class ZipTests: XCTestCase {
    private let text = Array(String(repeating: "<w:p><w:r><w:t>Hello placement</w:t></w:r></w:p>", count: 400).utf8)

    private func buildSample() throws -> [UInt8] {
        let writer = try ZipWriter()
        writer.add(name: "[Content_Types].xml", bytes: Array("<Types/>".utf8), compress: true)
        writer.add(name: "word/document.xml", bytes: text, compress: true)
        writer.add(name: "word/media/image1.png", bytes: (0..<3000).map { UInt8($0 % 251) }, compress: false)
        writer.add(name: "word/empty.xml", bytes: [], compress: true)
        writer.add(name: "word/Übersicht.xml", bytes: Array("ü".utf8), compress: true)
        return try writer.finish()
    }

    func testRoundTripKeepsOrderContentAndMethod() throws {
        let reader = try ZipReader(bytes: try buildSample(), name: "sample.docx")
        XCTAssertEqual(
            reader.entries.map(\.name),
            ["[Content_Types].xml", "word/document.xml", "word/media/image1.png", "word/empty.xml", "word/Übersicht.xml"])
        XCTAssertEqual(reader.entries.map(\.index), [0, 1, 2, 3, 4])
        let document = try XCTUnwrap(reader.entry(named: "word/document.xml"))
        XCTAssertEqual(document.method, 8)
        XCTAssertLessThan(document.compressedSize, document.uncompressedSize / 10)
        XCTAssertEqual(try reader.read(document), text)
        let image = try XCTUnwrap(reader.entry(named: "word/media/image1.png"))
        XCTAssertEqual(image.method, 0)
        XCTAssertEqual(try reader.read(image), (0..<3000).map { UInt8($0 % 251) })
        XCTAssertEqual(try reader.read(reader.entries[3]), [])
        XCTAssertEqual(try reader.read(reader.entries[4]), Array("ü".utf8))
        XCTAssertNil(reader.entry(named: "word/missing.xml"))
    }

    func testOutputPassesPythonAndUnzip() throws {
        let bytes = try buildSample()
        try ZipTools.withFile(bytes) { path in
            let check = """
                import sys, zipfile
                z = zipfile.ZipFile(sys.argv[1])
                assert z.testzip() is None
                assert z.comment == b""
                for i in z.infolist():
                    assert i.extra == b"", (i.filename, i.extra)
                    assert i.date_time == (1980, 1, 1, 0, 0, 0), i.date_time
                u = z.getinfo("word/Übersicht.xml")
                assert u.flag_bits & 0x800, "UTF-8 flag missing"
                assert z.read("word/Übersicht.xml") == "ü".encode()
                print("ok", len(z.infolist()))
                """
            let python = try ZipTools.run("python3", ["-c", check, path])
            XCTAssertEqual(python.status, 0, python.output)
            XCTAssertTrue(python.output.contains("ok 5"), python.output)
            let unzip = try ZipTools.run("unzip", ["-t", path])
            XCTAssertEqual(unzip.status, 0, unzip.output)
            XCTAssertTrue(unzip.output.contains("No errors detected"), unzip.output)
        }
    }

    func testSameCallsGiveIdenticalBytesInAnyTimeZone() throws {
        let first = try buildSample()
        let second = try buildSample()
        XCTAssertEqual(first, second)
        // libzip turns DOS times into time_t and back through the local zone; the bytes
        // must not depend on it.
        let saved = getenv("TZ").map { String(cString: $0) }
        setenv("TZ", "Pacific/Kiritimati", 1)
        tzset()
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        XCTAssertEqual(try buildSample(), first)
        let raw = try RawZip(first)
        XCTAssertEqual(raw.commentLength, 0)
        for entry in raw.entries {
            XCTAssertEqual(entry.dosTime, 0, entry.name)
            XCTAssertEqual(entry.dosDate, 0x21, entry.name)  // 1980-01-01
            XCTAssertEqual(entry.centralExtraLength, 0, entry.name)
            XCTAssertEqual(entry.localExtraLength, 0, entry.name)
        }
    }

    func testMimetypeFirstIsStoredWithoutExtraField() throws {
        let mimetype = Array("application/vnd.oasis.opendocument.text".utf8)
        let writer = try ZipWriter()
        writer.add(name: "mimetype", bytes: mimetype, compress: false)
        writer.add(name: "content.xml", bytes: text, compress: true)
        let bytes = try writer.finish()
        XCTAssertEqual(Array(bytes[0..<4]), [0x50, 0x4B, 0x03, 0x04])  // local header signature
        XCTAssertEqual(bytes[6] & 0x08, 0)  // no data descriptor
        XCTAssertEqual(Array(bytes[8..<10]), [0, 0])  // method 0: stored
        XCTAssertEqual(Array(bytes[26..<28]), [8, 0])  // name length 8
        XCTAssertEqual(Array(bytes[28..<30]), [0, 0])  // extra field length 0
        XCTAssertEqual(Array(bytes[30..<38]), Array("mimetype".utf8))
        XCTAssertEqual(Array(bytes[38..<(38 + mimetype.count)]), mimetype)
    }

    func testCopyRawKeepsCompressedBytes() throws {
        // Info-ZIP's zip writes extended-timestamp and Unix extra fields; the copies must
        // not inherit them.
        let source = try ZipTools.withFile([]) { path -> [UInt8] in
            let folder = (path as NSString).deletingLastPathComponent
            let word = folder + "/word"
            try FileManager.default.createDirectory(atPath: word, withIntermediateDirectories: true)
            try Data(text).write(to: URL(fileURLWithPath: word + "/document.xml"))
            try Data("<styles/>".utf8).write(to: URL(fileURLWithPath: word + "/styles.xml"))
            try Data((0..<5000).map { UInt8($0 % 7) }).write(to: URL(fileURLWithPath: word + "/settings.xml"))
            try Data((0..<3000).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: word + "/image1.png"))
            try FileManager.default.removeItem(atPath: path)
            // -n .png: pictures stored, as word processors do.
            let zip = try ZipTools.run("sh", ["-c", "cd '\(folder)' && zip -q -X- -n .png '\(path)' word/*"])
            XCTAssertEqual(zip.status, 0, zip.output)
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let sourceRaw = try RawZip(source)
        XCTAssertTrue(sourceRaw.entries.contains { $0.localExtraLength > 0 }, "fixture should carry extra fields")

        let reader = try ZipReader(bytes: source, name: "source.docx")
        func build() throws -> [UInt8] {
            let writer = try ZipWriter()
            for entry in reader.entries where entry.name != "word/styles.xml" {
                writer.copyRaw(from: reader, entry: entry)
            }
            writer.add(name: "word/styles.xml", bytes: Array("<styles changed/>".utf8), compress: true)
            return try writer.finish()
        }
        let output = try build()
        XCTAssertEqual(try build(), output)
        let outRaw = try RawZip(output)
        XCTAssertEqual(sourceRaw.entry("word/image1.png")?.method, 0)
        for name in ["word/document.xml", "word/settings.xml", "word/image1.png"] {
            let before = try XCTUnwrap(sourceRaw.entry(name))
            let after = try XCTUnwrap(outRaw.entry(name))
            XCTAssertEqual(after.method, before.method, name)
            XCTAssertEqual(after.crc, before.crc, name)
            XCTAssertEqual(outRaw.data(after), sourceRaw.data(before), name)
            XCTAssertEqual(after.localExtraLength, 0, name)
            XCTAssertEqual(after.centralExtraLength, 0, name)
            XCTAssertEqual(after.dosDate, 0x21, name)
        }
        let back = try ZipReader(bytes: output, name: "out.docx")
        XCTAssertEqual(try back.read(XCTUnwrap(back.entry(named: "word/document.xml"))), text)
        XCTAssertEqual(try back.read(XCTUnwrap(back.entry(named: "word/styles.xml"))), Array("<styles changed/>".utf8))
        try ZipTools.withFile(output) { path in
            XCTAssertEqual(try ZipTools.run("unzip", ["-tq", path]).status, 0)
        }
    }

    func testWriterKeepsReaderAliveUntilFinish() throws {
        let source = try buildSample()
        let writer = try ZipWriter()
        do {
            let reader = try ZipReader(bytes: source, name: "sample.docx")
            for entry in reader.entries { writer.copyRaw(from: reader, entry: entry) }
        }  // the caller's reader reference is gone here
        let back = try ZipReader(bytes: try writer.finish(), name: "out.docx")
        XCTAssertEqual(try back.read(XCTUnwrap(back.entry(named: "word/document.xml"))), text)
    }

    func testWriterReportsFirstProblemAtFinish() throws {
        let writer = try ZipWriter(name: "letter.docx")
        writer.add(name: "word/document.xml", bytes: text, compress: true)
        writer.add(name: "word/../../evil", bytes: [1], compress: true)
        writer.add(name: "word/document.xml", bytes: text, compress: true)
        assertPackageError(["letter.docx: word/../../evil: refused", "'..'"], entry: "word/../../evil") {
            try writer.finish()
        }
        let twice = try ZipWriter()
        twice.add(name: "a.xml", bytes: [], compress: true)
        twice.add(name: "a.xml", bytes: [], compress: true)
        assertPackageError(["a.xml", "added twice"]) { try twice.finish() }
        let nul = try ZipWriter()
        nul.add(name: "a\u{0}b.xml", bytes: [], compress: true)
        assertPackageError(["NUL"]) { try nul.finish() }
    }

    func testEmptyWriterGivesValidEmptyZip() throws {
        let bytes = try ZipWriter().finish()
        XCTAssertEqual(bytes.count, 22)
        XCTAssertEqual(try ZipReader(bytes: bytes, name: "empty.zip").entries.count, 0)
    }

    func testOneHandlePerThread() throws {
        let source = try buildSample()
        let expected = try buildSample()
        let results = ResultBox(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { slot in
            do {
                let reader = try ZipReader(bytes: source, name: "sample.docx")
                let writer = try ZipWriter()
                for entry in reader.entries {
                    if entry.name == "word/document.xml" {
                        writer.add(name: entry.name, bytes: try reader.read(entry), compress: true)
                    } else {
                        writer.copyRaw(from: reader, entry: entry)
                    }
                }
                results.set(slot, try writer.finish())
            } catch {
                results.set(slot, [])
            }
        }
        for slot in 0..<8 { XCTAssertEqual(results.get(slot), expected, "thread \(slot)") }
    }
}

/// Per-thread results, written under a lock.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[UInt8]]
    init(count: Int) { values = Array(repeating: [], count: count) }
    func set(_ slot: Int, _ value: [UInt8]) { lock.withLock { values[slot] = value } }
    func get(_ slot: Int) -> [UInt8] { lock.withLock { values[slot] } }
}
