import Foundation
import XCTest

@testable import OfficeTemplate

/// Outside tools for the zip tests: packages are made and checked by Python's `zipfile`,
/// Info-ZIP's `zip`/`unzip`, and a small independent parser, never by the code under test.
enum ZipTools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A fresh empty folder for one test.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "apdocs-zip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a program; returns its exit status and combined output.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Builds a zip with Python: `body` runs with `z` open for writing (deflate by default)
    /// and may use `zipfile`. Returns the file's bytes.
    static func python(_ body: String) throws -> [UInt8] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/made.zip"
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }.joined(separator: "\n")
        let script = """
            import sys, zipfile, warnings
            warnings.simplefilter("ignore")
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            \(indented)
            """
        let (status, output) = try run("python3", ["-c", script, path])
        guard status == 0 else { throw Failure(description: "python failed: \(output)") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes `bytes` to a temporary file and runs `check(path)`.
    static func withFile<T>(_ bytes: [UInt8], name: String = "out.zip", _ check: (String) throws -> T) throws -> T {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try check(path)
    }
}

/// A minimal independent reader of zip structure (no zip64), to check our output and to
/// patch fields in hand-made hostile packages.
struct RawZip {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var dosTime: UInt16
        var dosDate: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var centralExtraLength: Int
        var localExtraLength: Int
        /// Offset of this entry's central-directory header.
        var centralOffset: Int
        /// Offset of this entry's local header.
        var localOffset: Int
        /// Offset of the entry's (compressed) data.
        var dataOffset: Int
    }

    var bytes: [UInt8]
    var entries: [Entry] = []
    var commentLength = 0

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        guard bytes.count >= 22,
            let end = stride(from: bytes.count - 22, through: 0, by: -1)
                .first(where: { u32($0) == 0x0605_4B50 })
        else { throw ZipTools.Failure(description: "no end of central directory") }
        commentLength = Int(u16(end + 20))
        var offset = Int(u32(end + 16))
        for _ in 0..<Int(u16(end + 10)) {
            guard u32(offset) == 0x0201_4B50 else { throw ZipTools.Failure(description: "bad central header") }
            let nameLength = Int(u16(offset + 28))
            let extra = Int(u16(offset + 30))
            let local = Int(u32(offset + 42))
            guard u32(local) == 0x0403_4B50 else { throw ZipTools.Failure(description: "bad local header") }
            let localExtra = Int(u16(local + 28))
            entries.append(
                Entry(
                    name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                    flags: u16(offset + 8), method: u16(offset + 10), dosTime: u16(offset + 12),
                    dosDate: u16(offset + 14), crc: u32(offset + 16), compressedSize: Int(u32(offset + 20)),
                    uncompressedSize: Int(u32(offset + 24)), centralExtraLength: extra,
                    localExtraLength: localExtra, centralOffset: offset, localOffset: local,
                    dataOffset: local + 30 + Int(u16(local + 26)) + localExtra))
            offset += 46 + nameLength + extra + Int(u16(offset + 32))
        }
    }

    func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The stored (compressed) bytes of an entry.
    func data(_ entry: Entry) -> [UInt8] {
        Array(bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)])
    }

    func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }

    mutating func put16(_ value: UInt16, at: Int) {
        bytes[at] = UInt8(value & 0xFF)
        bytes[at + 1] = UInt8(value >> 8)
    }

    mutating func put32(_ value: UInt32, at: Int) {
        put16(UInt16(value & 0xFFFF), at: at)
        put16(UInt16(value >> 16), at: at + 2)
    }
}

/// Asserts that `body` throws a PackageError whose description contains every fragment.
func assertPackageError<T>(
    _ fragments: [String], entry: String?? = nil, file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> T
) {
    do {
        _ = try body()
        XCTFail("expected a PackageError containing \(fragments)", file: file, line: line)
    } catch let error as PackageError {
        for fragment in fragments {
            XCTAssertTrue(
                error.description.contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
        }
        if let entry { XCTAssertEqual(error.entry, entry, file: file, line: line) }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
