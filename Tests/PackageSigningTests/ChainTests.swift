import Foundation
import OfficeTemplate
import PackageSigning
import XCTest

/// A signer certified by an intermediate CA under a root: the root is trusted, the
/// intermediate travels in the signature (`chain:`).
final class ChainTests: XCTestCase {
    func testIntermediateFromChainLinksSignerToTrustedRoot() throws {
        let ws = try SigningSupport.Workspace()
        let dir = ws.path
        func openssl(_ arguments: [String]) throws {
            let result = try SigningSupport.run(["openssl"] + arguments, in: dir)
            guard result.status == 0 else { throw XCTSkip("openssl failed: \(result.text)") }
        }
        try "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
            .write(toFile: dir + "/ca.ext", atomically: true, encoding: .utf8)
        try "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
            .write(toFile: dir + "/leaf.ext", atomically: true, encoding: .utf8)
        try openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-keyout", "root-key.pem",
            "-out", "root.pem", "-subj", "/CN=APDocs Test Root", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try openssl([
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "int-key.pem", "-out", "int.csr", "-subj",
            "/CN=APDocs Test Intermediate",
        ])
        try openssl([
            "x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root-key.pem", "-set_serial", "2",
            "-days", "30", "-extfile", "ca.ext", "-out", "int.pem",
        ])
        try openssl([
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf-key.pem", "-out", "leaf.csr", "-subj",
            "/CN=APDocs Test Leaf/O=School",
        ])
        try openssl([
            "x509", "-req", "-in", "leaf.csr", "-CA", "int.pem", "-CAkey", "int-key.pem", "-set_serial", "3",
            "-days", "30", "-extfile", "leaf.ext", "-out", "leaf.pem",
        ])

        for format in [DocumentFormat.odt, .docx] {
            let package = try SigningSupport.renderedFixture("simple", format: format)
            let time = Date(timeIntervalSince1970: 1_767_225_600)
            let withChain = try PackageSigner.sign(
                package: package, format: format, key: dir + "/leaf-key.pem", certificate: dir + "/leaf.pem",
                chain: [dir + "/int.pem"], signingTime: time)
            let report = PackageVerifier.verify(package: withChain, format: format, trusted: [dir + "/root.pem"])
            XCTAssertTrue(report.isValid, "\(format): \(report)")
            XCTAssertEqual(report.signatures.first?.certificateSubject, "O=School,CN=APDocs Test Leaf")
            XCTAssertEqual(report.signatures.first?.certificateIssuer, "CN=APDocs Test Intermediate")

            let withoutChain = try PackageSigner.sign(
                package: package, format: format, key: dir + "/leaf-key.pem", certificate: dir + "/leaf.pem", signingTime: time)
            let broken = PackageVerifier.verify(package: withoutChain, format: format, trusted: [dir + "/root.pem"])
            XCTAssertFalse(broken.isValid)
            XCTAssertEqual(broken.signatures.first?.integrityHolds, true)
            XCTAssertEqual(broken.signatures.first?.chainsToTrusted, false)
        }
    }
}
