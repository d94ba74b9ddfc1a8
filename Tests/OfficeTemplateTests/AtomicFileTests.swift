import Foundation
import XCTest

@testable import OfficeTemplate

/// AtomicFile: what can be checked honestly without filling a disk or pulling the power.
final class AtomicFileTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "apdocs-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func contents(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func leftovers(in path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains(".tmp-") }
    }

    func testWritesNewFileAndOverwritesWithoutLeftovers() throws {
        let path = folder + "/letter.docx"
        try AtomicFile.write(Array("first".utf8), to: path)
        XCTAssertEqual(try contents(path), Array("first".utf8))
        try AtomicFile.write(Array("second, longer".utf8), to: path)
        XCTAssertEqual(try contents(path), Array("second, longer".utf8))
        try AtomicFile.write([], to: path)
        XCTAssertEqual(try contents(path), [])
        XCTAssertEqual(try leftovers(in: folder), [])
    }

    func testReplacesByRenameSoOpenReadersKeepTheOldFile() throws {
        let path = folder + "/report.docx"
        try AtomicFile.write(Array("old".utf8), to: path)
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? reader.close() }
        try AtomicFile.write(Array("new".utf8), to: path)
        // The old inode was never written into: a reader that had it open still sees "old".
        XCTAssertEqual(try reader.readToEnd(), Data("old".utf8))
        XCTAssertEqual(try contents(path), Array("new".utf8))
    }

    func testKeepsPermissionsOfTheFileItReplaces() throws {
        let path = folder + "/shared.docx"
        try AtomicFile.write([1], to: path)
        XCTAssertEqual(chmod(path, 0o640), 0)
        try AtomicFile.write([2], to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
    }

    func testParentIsAFileFailsWithPathAndReason() throws {
        let blocker = folder + "/output"
        try AtomicFile.write(Array("not a folder".utf8), to: blocker)
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: blocker + "/x.docx")) { error in
            XCTAssertEqual(
                "\(error)", "cannot write \(blocker)/x.docx: Not a directory (the earlier file, if any, is unchanged)")
        }
        XCTAssertEqual(try contents(blocker), Array("not a folder".utf8))
        XCTAssertThrowsError(try AtomicFile.write([1], to: folder + "/missing/x.docx")) { error in
            XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
        }
    }

    func testFailedRenameRemovesTemporaryAndLeavesTargetAlone() throws {
        // A non-empty folder where the file should go: everything up to rename succeeds,
        // rename fails, and the temporary file must not be left behind.
        let target = folder + "/busy.docx"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try AtomicFile.write(Array("keep".utf8), to: target + "/inside")
        XCTAssertThrowsError(try AtomicFile.write(Array("new".utf8), to: target)) { error in
            let failure = error as? FileWriteError
            XCTAssertEqual(failure?.path, target)
            XCTAssertEqual(failure?.operation, .write)
            XCTAssertTrue("\(error)".hasPrefix("cannot write \(target): "), "\(error)")
        }
        XCTAssertEqual(try leftovers(in: folder), [])
        XCTAssertEqual(try contents(target + "/inside"), Array("keep".utf8))
    }

    func testRelativePaths() throws {
        let saved = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(folder))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(saved) }
        try AtomicFile.write([1], to: "plain.docx")
        try AtomicFile.createDirectories("out/sub")
        try AtomicFile.write([2], to: "out/sub/nested.docx")
        XCTAssertEqual(try contents(folder + "/plain.docx"), [1])
        XCTAssertEqual(try contents(folder + "/out/sub/nested.docx"), [2])
    }

    func testRefusesPathsWithoutFileName() throws {
        XCTAssertThrowsError(try AtomicFile.write([1], to: folder + "/")) { error in
            XCTAssertTrue("\(error)".contains("not a file name"), "\(error)")
        }
    }

    func testConcurrentWritersToOnePathLeaveOneWholeFile() throws {
        let path = folder + "/same.docx"
        let payloads = (0..<8).map { [UInt8](repeating: UInt8($0), count: 200_000) }
        let failures = FailureCount()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do { try AtomicFile.write(payloads[index], to: path) } catch { failures.add() }
        }
        XCTAssertEqual(failures.value, 0)
        let result = try contents(path)
        XCTAssertTrue(payloads.contains(result), "the file must be exactly one writer's bytes")
        XCTAssertEqual(try leftovers(in: folder), [])
    }

    func testCreateDirectories() throws {
        let deep = folder + "/out/2025/letters"
        try AtomicFile.createDirectories(deep)
        try AtomicFile.createDirectories(deep)  // existing: fine
        try AtomicFile.write([7], to: deep + "/a.docx")
        XCTAssertEqual(try contents(deep + "/a.docx"), [7])
        try AtomicFile.write([1], to: folder + "/file")
        XCTAssertThrowsError(try AtomicFile.createDirectories(folder + "/file/sub")) { error in
            XCTAssertEqual("\(error)", "cannot create folder \(folder)/file: a file with that name is in the way")
        }
    }
}

/// Counts failures from several threads.
private final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
