import Foundation
import OfficeTemplate
import PackageSigning
import XCTest

final class SigningErrorTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testClearErrors() throws {
        let ws = try SigningSupport.Workspace()
        let odt = try SigningSupport.renderedFixture("simple", format: .odt)
        let time = Date(timeIntervalSince1970: 1_767_225_600)
        let notPEM = try ws.write(Array("not a key".utf8), "notpem.pem")

        var text = message {
            _ = try PackageSigner.sign(package: odt, format: .odt, key: notPEM, certificate: ws.cert, signingTime: time)
        }
        XCTAssertEqual(text, "\(notPEM) is not a private key in PEM format (-----BEGIN PRIVATE KEY-----)")

        text = message {
            _ = try PackageSigner.sign(package: odt, format: .odt, key: ws.cert, certificate: ws.cert, signingTime: time)
        }
        XCTAssertTrue(text.contains("holds a certificate, not a private key"), text)

        text = message {
            _ = try PackageSigner.sign(package: odt, format: .odt, key: ws.key, certificate: ws.otherCert, signingTime: time)
        }
        XCTAssertEqual(
            text,
            "the certificate in \(ws.otherCert) does not match the key in \(ws.key): give the certificate that was issued for this key"
        )

        text = message {
            _ = try PackageSigner.sign(package: odt, format: .odt, key: ws.key, certificate: ws.key, signingTime: time)
        }
        XCTAssertTrue(text.contains("holds no certificate in PEM format"), text)

        text = message {
            _ = try PackageSigner.sign(
                package: odt, format: .odt, key: ws.path + "/missing.pem", certificate: ws.cert, signingTime: time)
        }
        XCTAssertEqual(text, "the key file \(ws.path)/missing.pem does not exist")

        text = message {
            _ = try PackageSigner.sign(
                package: Array("no zip".utf8), format: .odt, key: ws.key, certificate: ws.cert, signingTime: time)
        }
        XCTAssertTrue(text.contains("not a zip package"), text)

        text = message {
            _ = try PackageSigner.sign(package: odt, format: .docx, key: ws.key, certificate: ws.cert, signingTime: time)
        }
        XCTAssertTrue(text.contains("not an OOXML package"), text)

        // The key's bytes never appear in a message.
        let keyText = try String(contentsOfFile: ws.key, encoding: .utf8)
        let keyBody = keyText.split(separator: "\n").dropFirst().first.map(String.init) ?? "?"
        XCTAssertFalse(text.contains(keyBody))
    }

    func testEncryptedKeyIsRefusedWithoutPrompting() throws {
        let ws = try SigningSupport.Workspace()
        let encrypted = ws.path + "/encrypted.pem"
        let result = try SigningSupport.run(
            ["openssl", "pkey", "-in", ws.key, "-out", encrypted, "-aes256", "-passout", "pass:secret"])
        guard result.status == 0 else { throw XCTSkip(result.text) }
        let odt = try SigningSupport.renderedFixture("simple", format: .odt)
        let text = message {
            _ = try PackageSigner.sign(package: odt, format: .odt, key: encrypted, certificate: ws.cert, signingTime: Date())
        }
        XCTAssertTrue(text.contains("protected by a pass phrase"), text)
    }
}
