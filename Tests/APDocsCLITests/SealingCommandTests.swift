import Foundation
import XCTest

/// `sign_with` in apdocs.yaml through the built binary: `build` seals the agreements every party
/// has signed, `verify` accepts the seal, and a change of terms supersedes a sealed version while
/// keeping it intact. (Moved from Tests/batch: it needs no second process.)
final class SealingCommandTests: XCTestCase {
    /// A throwaway key and certificate made now with `openssl`; no private key is committed.
    private func makeKeys(in folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "30", "-nodes", "-keyout",
            folder + "/key.pem", "-out", folder + "/cert.pem", "-subj", "/CN=APDocs CLI Test/O=APDocs Test/C=GB",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("openssl could not make a test certificate") }
    }

    private func manifestFiles(_ root: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/output/manifest.json"))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["files"] as? [[String: Any]])
    }

    func testBuildSealsSignedAgreementsAndASupersededSealStillVerifies() throws {
        let folder = try TemporaryFolder()
        let root = folder.path + "/ap"
        try AssertExecuteCommand([
            "init", root, "--examples", repository + "/examples", "--templates", repository + "/templates",
        ])
        try makeKeys(in: root + "/keys")
        let config = try String(contentsOfFile: root + "/apdocs.yaml", encoding: .utf8)
        try (config + "sign_with:\n  key: keys/key.pem\n  certificate: keys/cert.pem\n")
            .write(toFile: root + "/apdocs.yaml", atomically: true, encoding: .utf8)
        let certificate = root + "/keys/cert.pem"

        try AssertExecuteCommand(["build", root], exitCode: nil)
        let files = try manifestFiles(root)
        let sealed = files.filter { $0["sealed"] as? Bool == true }
        XCTAssertFalse(sealed.isEmpty)
        XCTAssertTrue(sealed.allSatisfy { $0["signatureState"] as? String == "signed" }, "only fully signed agreements")
        let first = try XCTUnwrap(sealed.first)
        let path = try XCTUnwrap(first["path"] as? String)
        let verified = try AssertExecuteCommand(["verify", root + "/output/" + path, "--trusted", certificate])
        XCTAssertTrue(verified.stdout.contains("VALID"), verified.stdout)

        let unsealed = try XCTUnwrap(
            files.first { $0["sealed"] as? Bool == false && $0["kind"] as? String == "placement-agreement" })
        try AssertExecuteCommand(
            ["verify", root + "/output/" + (unsealed["path"] as? String ?? ""), "--trusted", certificate], exitCode: 1)

        // A change of terms: a new unsigned version, the sealed one kept aside and still valid.
        let placement = try XCTUnwrap(first["placement"] as? String)
        let record = root + "/placements/" + placement + ".yaml"
        let text = try String(contentsOfFile: record, encoding: .utf8)
        let endLine = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("planned_end:") })
        try text.replacingOccurrences(of: String(endLine), with: "planned_end: 2026-04-01")
            .write(toFile: record, atomically: true, encoding: .utf8)
        try AssertExecuteCommand(["build", root], exitCode: nil)
        let entry = try XCTUnwrap(try manifestFiles(root).first { $0["path"] as? String == path })
        XCTAssertEqual(entry["version"] as? Int, 2)
        XCTAssertEqual(entry["sealed"] as? Bool, false)
        let kept = try XCTUnwrap(entry["supersededSigned"] as? [String: Any])
        XCTAssertEqual(kept["sealed"] as? Bool, true)
        try AssertExecuteCommand(["verify", root + "/output/" + (kept["path"] as? String ?? ""), "--trusted", certificate])
    }
}
