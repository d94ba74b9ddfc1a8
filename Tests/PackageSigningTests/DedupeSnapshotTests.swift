import Foundation
import OfficeTemplate
import PackageSigning
import XCTest

// TEMPORARY (dedupe check): writes signed outputs to $DEDUPE_OUT for byte comparison.
final class DedupeSnapshotTests: XCTestCase {
    func testSnapshot() throws {
        guard let out = ProcessInfo.processInfo.environment["DEDUPE_OUT"] else { throw XCTSkip("no DEDUPE_OUT") }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let time = Date(timeIntervalSince1970: 1_767_225_600)
        let fixtures = SigningSupport.repositoryRoot.appendingPathComponent("Tests/Fixtures/templates")
        for format in [DocumentFormat.odt, .docx] {
            var inputs: [(String, [UInt8])] = [("rendered", try SigningSupport.renderedFixture("simple", format: format))]
            for name in ["simple", "letter", "simple.lo", "torture"] {
                if let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent("\(name).\(format.rawValue)").path) {
                    inputs.append(("raw-\(name)", [UInt8](data)))
                }
            }
            for (label, input) in inputs {
                var result: String
                do {
                    let once = try PackageSigner.sign(package: input, format: format, key: "/tmp/dedupe-keys/key.pem", certificate: "/tmp/dedupe-keys/cert.pem", signingTime: time)
                    try Data(once).write(to: URL(fileURLWithPath: "\(out)/\(label)-1.\(format.rawValue)"))
                    let twice = try PackageSigner.sign(package: once, format: format, key: "/tmp/dedupe-keys/key.pem", certificate: "/tmp/dedupe-keys/cert.pem", signingTime: time)
                    try Data(twice).write(to: URL(fileURLWithPath: "\(out)/\(label)-2.\(format.rawValue)"))
                    let report = PackageVerifier.verify(package: twice, format: format, trusted: ["/tmp/dedupe-keys/cert.pem"])
                    result = "\(report)"
                } catch {
                    result = "error: \(error)"
                }
                try Data(result.utf8).write(to: URL(fileURLWithPath: "\(out)/\(label).\(format.rawValue).txt"))
            }
        }
        var messages = ""
        for bytes in [[UInt8](), Array("no zip".utf8), Array("PK\u{3}\u{4}garbage".utf8)] {
            do { _ = try PackageSigner.sign(package: bytes, format: .odt, key: "/tmp/dedupe-keys/key.pem", certificate: "/tmp/dedupe-keys/cert.pem", signingTime: time) }
            catch { messages += "\(error)\n" }
            messages += "verify: \(PackageVerifier.verify(package: bytes, format: .docx, trusted: []).problems)\n"
        }
        try Data(messages.utf8).write(to: URL(fileURLWithPath: "\(out)/messages.txt"))
    }
}
