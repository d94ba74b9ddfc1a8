import Foundation
import XCTest

@testable import OfficeTemplate

/// ZipReader against broken and hostile packages made by Python or patched by hand.
final class HostileZipTests: XCTestCase {
    func testNotAZipSaysWhatToDo() throws {
        let rtf = Array("{\\rtf1\\ansi Dear {\\b Anna}}".utf8)
        assertPackageError(["letter.docx: not a DOCX/ODT package (not a zip file)", ".doc or .rtf", "save it as .docx"]) {
            try ZipReader(bytes: rtf, name: "letter.docx")
        }
        assertPackageError(["empty.docx: not a DOCX/ODT package"]) { try ZipReader(bytes: [], name: "empty.docx") }
        let whole = try ZipTools.python(#"z.writestr("word/document.xml", "<w:document/>" * 100)"#)
        XCTAssertThrowsError(try ZipReader(bytes: Array(whole.dropLast(30)), name: "cut.docx")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cut.docx: "), "\(error)")
        }
    }

    func testUnsafeNamesAreRefused() throws {
        let cases: [(String, String)] = [
            ("word/../../x", "entry name leaves the package ('..')"),
            ("..", "('..')"),
            ("/etc/passwd", "absolute path"),
            ("C:/Windows/x", "drive letter"),
            ("c:evil", "drive letter"),
            ("word\\\\document.xml", "backslash"),
        ]
        for (pythonName, why) in cases {
            let bytes = try ZipTools.python(#"z.writestr("ok.xml", "x"); z.writestr("\#(pythonName)", "x")"#)
            let name = pythonName.replacingOccurrences(of: "\\\\", with: "\\")
            assertPackageError(["letter.docx: \(name): refused: ", why, "not a safe document package"], entry: name) {
                try ZipReader(bytes: bytes, name: "letter.docx")
            }
        }
        // Harmless names that merely look odd stay allowed.
        let fine = try ZipTools.python(#"z.writestr("word/..x/a..b.xml", "x"); z.writestr("ab:c.xml", "x")"#)
        XCTAssertEqual(try ZipReader(bytes: fine, name: "ok.docx").entries.count, 2)
    }

    func testNulInStoredNameCannotCutItShort() throws {
        var raw = try RawZip(try ZipTools.python(#"z.writestr("word/a_b.xml", "x")"#))
        let entry = raw.entries[0]
        raw.bytes[entry.centralOffset + 46 + 6] = 0
        raw.bytes[entry.localOffset + 30 + 6] = 0
        // libzip replaces a NUL inside a stored name with a space, so the name stays whole.
        let reader = try ZipReader(bytes: raw.bytes, name: "nul.docx")
        XCTAssertEqual(reader.entries.map(\.name), ["word/a b.xml"])
        XCTAssertNil(EntryName.problem("word/a b.xml"))
        XCTAssertNotNil(EntryName.problem("word/a\u{0}b.xml"))
    }

    func testDuplicateNamesAreRefused() throws {
        let bytes = try ZipTools.python(#"z.writestr("word/document.xml", "a"); z.writestr("word/document.xml", "b")"#)
        assertPackageError(["word/document.xml: refused: two entries have this name"], entry: "word/document.xml") {
            try ZipReader(bytes: bytes, name: "dup.docx")
        }
    }

    func testEncryptedEntryIsRefused() throws {
        var raw = try RawZip(try ZipTools.python(#"z.writestr("word/document.xml", "secret " * 50)"#))
        let entry = raw.entries[0]
        raw.put16(entry.flags | 1, at: entry.centralOffset + 8)  // bit 0: encrypted
        raw.put16(entry.flags | 1, at: entry.localOffset + 6)
        assertPackageError(["word/document.xml: the entry is encrypted", "remove the password"]) {
            try ZipReader(bytes: raw.bytes, name: "locked.docx")
        }
    }

    func testCountAndSizeLimits() throws {
        let many = try ZipTools.python(#"for i in range(11): z.writestr(f"p{i}.xml", "x")"#)
        assertPackageError(["refused: the package has 11 entries, more than the limit of 10"], entry: .some(nil)) {
            try ZipReader(bytes: many, name: "many.docx", limits: PackageLimits(maxEntries: 10))
        }
        let big = try ZipTools.python(#"z.writestr("a.xml", "x" * 2000); z.writestr("b.xml", "y" * 2000)"#)
        assertPackageError(["a.xml: refused: the entry expands to 2000 bytes, more than the limit of 1000 bytes"]) {
            try ZipReader(bytes: big, name: "big.docx", limits: PackageLimits(maxEntrySize: 1000))
        }
        assertPackageError(["big.docx: refused: the entries expand to more than the limit of 3000 bytes in total"]) {
            try ZipReader(bytes: big, name: "big.docx", limits: PackageLimits(maxTotalSize: 3000))
        }
        XCTAssertEqual(try ZipReader(bytes: big, name: "big.docx", limits: PackageLimits(maxTotalSize: 4000)).entries.count, 2)
    }

    func testZipBombIsRefusedBeforeInflating() throws {
        // 300 MiB of zeros deflate to about 300 KiB.
        let bomb = try ZipTools.python(
            #"""
            with z.open("word/document.xml", "w") as f:
                chunk = bytes(1 << 20)
                for _ in range(300): f.write(chunk)
            """#)
        XCTAssertLessThan(bomb.count, 1 << 20)
        assertPackageError(["bomb.docx: word/document.xml: refused: the entry expands to 300 MiB, more than the limit of 256 MiB"]
        ) {
            try ZipReader(bytes: bomb, name: "bomb.docx")
        }
    }

    func testCompressionRatioOnlyForLargeEntries() throws {
        let zeros = try ZipTools.python(
            #"z.writestr("word/document.xml", bytes(4 << 20)); z.writestr("small.xml", bytes(1 << 20))"#)
        assertPackageError(["word/document.xml: refused: the entry expands from", "to 4 MiB, more than 500 times"]) {
            try ZipReader(bytes: zeros, name: "zeros.docx")
        }
        // 1 MiB of zeros compresses about 1000:1 too, but is under the floor.
        let small = try ZipTools.python(#"z.writestr("small.xml", bytes(1 << 20))"#)
        let reader = try ZipReader(bytes: small, name: "small.docx")
        XCTAssertEqual(try reader.read(reader.entries[0]).count, 1 << 20)
    }

    func testLyingSizeHeaderCannotLetMoreThrough() throws {
        let content = #""<w:t>lie</w:t>" * 10000"#
        for patchLocalToo in [false, true] {
            var raw = try RawZip(try ZipTools.python("z.writestr(\"word/document.xml\", \(content))"))
            let entry = raw.entries[0]
            raw.put32(10, at: entry.centralOffset + 24)  // uncompressed size: 10 bytes
            if patchLocalToo { raw.put32(10, at: entry.localOffset + 22) }
            // The declared 10 bytes pass a 1000-byte limit; the 140000 real ones must not.
            let reader = try ZipReader(bytes: raw.bytes, name: "liar.docx", limits: PackageLimits(maxEntrySize: 1000))
            XCTAssertEqual(reader.entries[0].uncompressedSize, 10)
            assertPackageError(["word/document.xml: refused: the entry holds more data than the 10 bytes its header declares"]) {
                try reader.read(reader.entries[0])
            }
        }
        var short = try RawZip(try ZipTools.python("z.writestr(\"word/document.xml\", \(content))"))
        short.put32(200_000, at: short.entries[0].centralOffset + 24)
        let reader = try ZipReader(bytes: short.bytes, name: "short.docx")
        assertPackageError(["short.docx: word/document.xml: damaged package:", "save it again"]) {
            try reader.read(reader.entries[0])
        }
    }

    func testCompressedSizeBeyondTheFileIsDamage() throws {
        var raw = try RawZip(try ZipTools.python(#"z.writestr("word/document.xml", "x" * 5000)"#))
        raw.put32(50_000_000, at: raw.entries[0].centralOffset + 20)
        XCTAssertThrowsError(try ZipReader(bytes: raw.bytes, name: "odd.docx")) { error in
            XCTAssertTrue("\(error)".contains("damaged package"), "\(error)")
        }
    }

    func testCorruptDataIsReported() throws {
        var stored = try RawZip(
            try ZipTools.python(#"z.writestr("word/document.xml", "hello world " * 20, zipfile.ZIP_STORED)"#))
        stored.bytes[stored.entries[0].dataOffset + 3] ^= 0xFF
        let reader = try ZipReader(bytes: stored.bytes, name: "crc.docx")
        assertPackageError(["crc.docx: word/document.xml: damaged package: the entry's data does not match its checksum (CRC)"]) {
            try reader.read(reader.entries[0])
        }
        var deflated = try RawZip(try ZipTools.python(#"z.writestr("word/document.xml", "hello world " * 2000)"#))
        let entry = deflated.entries[0]
        for offset in entry.dataOffset..<(entry.dataOffset + entry.compressedSize) { deflated.bytes[offset] = 0xFF }
        let broken = try ZipReader(bytes: deflated.bytes, name: "zlib.docx")
        assertPackageError(["zlib.docx: word/document.xml: damaged package:"]) { try broken.read(broken.entries[0]) }
    }

    func testEntryFromAnotherReaderIsRejected() throws {
        let one = try ZipReader(bytes: try ZipTools.python(#"z.writestr("a.xml", "a")"#), name: "one.docx")
        let two = try ZipReader(bytes: try ZipTools.python(#"z.writestr("b.xml", "b")"#), name: "two.docx")
        assertPackageError(["does not belong"]) { try one.read(two.entries[0]) }
    }
}
