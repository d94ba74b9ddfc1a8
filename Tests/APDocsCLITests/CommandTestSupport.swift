import Foundation
import XCTest

/// What one run of the built `apdocs` did.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Standard output parsed as JSON (for `--json`).
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8))
    }
}

/// The repository's root, from this file's place in it.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The built `apdocs`, beside the test bundle (`swift build --build-tests` makes both).
func apdocsBinary() throws -> String {
    var folder = Bundle.main.bundleURL
    if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
    for candidate in [folder, Bundle(for: TemporaryFolder.self).bundleURL.deletingLastPathComponent()] {
        let binary = candidate.appendingPathComponent("apdocs").path
        if FileManager.default.isExecutableFile(atPath: binary) { return binary }
    }
    throw XCTSkip("no built apdocs beside the tests in \(folder.path); run swift build --build-tests")
}

/// Runs the built `apdocs` with `arguments` and checks its exit status (nil: any) and, when given, exactly
/// what it wrote to stderr, as swift-argument-parser's own `AssertExecuteCommand` does for its
/// examples. Output goes to files, not pipes, so a long report cannot block the child.
// swift-format-ignore: AlwaysUseLowerCamelCase
@discardableResult
func AssertExecuteCommand(
    _ arguments: [String], exitCode: Int32? = 0, stderr expected: String? = nil, in directory: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
) throws -> CommandResult {
    let scratch = try TemporaryFolder()
    let outPath = scratch.path + "/stdout"
    let errPath = scratch.path + "/stderr"
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try apdocsBinary())
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let result = CommandResult(
        status: process.terminationStatus,
        stdout: try String(contentsOfFile: outPath, encoding: .utf8),
        stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    if let exitCode {
        XCTAssertEqual(
            result.status, exitCode, "apdocs \(arguments.joined(separator: " ")): stderr: \(result.stderr)", file: file,
            line: line)
    }
    if let expected { XCTAssertEqual(result.stderr, expected, file: file, line: line) }
    return result
}

/// A temporary folder, removed when the value goes.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "apdocs-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Replaces `old` (which must occur) in a file under the folder.
    func edit(_ relative: String, _ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let full = path + "/" + relative
        let text = try String(contentsOfFile: full, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "\(relative) does not contain \(old)", file: file, line: line)
        try text.replacingOccurrences(of: old, with: new).write(toFile: full, atomically: true, encoding: .utf8)
    }
}
