import Foundation
import OfficeTemplate
import PackageSigning
import XCTest

final class ODTSigningTests: XCTestCase {
    let signingTime = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    private func signedODT(_ ws: SigningSupport.Workspace) throws -> (unsigned: [UInt8], signed: [UInt8]) {
        let odt = try SigningSupport.renderedFixture("simple", format: .odt)
        let signed = try PackageSigner.sign(
            package: odt, format: .odt, key: ws.key, certificate: ws.cert, signingTime: signingTime)
        return (odt, signed)
    }

    func testOurVerifierAcceptsEveryCheck() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedODT(ws)
        let report = PackageVerifier.verify(package: signed, format: .odt, trusted: [ws.cert])
        XCTAssertTrue(report.isValid, "\(report)")
        let signature = try XCTUnwrap(report.signatures.first)
        XCTAssertEqual(report.signatures.count, 1)
        XCTAssertEqual(signature.location, "META-INF/documentsignatures.xml")
        XCTAssertEqual(signature.certificateSubject, "C=GB,O=APDocs Test,CN=APDocs Test Signer")
        XCTAssertEqual(signature.signingTime, signingTime)
        XCTAssertTrue(signature.coversEveryEntry)
        XCTAssertTrue(signature.coveredEntries.contains("content.xml"))
        XCTAssertTrue(signature.coveredEntries.contains("mimetype"))
        XCTAssertTrue(signature.coveredEntries.contains("META-INF/manifest.xml"))
        XCTAssertTrue(signature.digestsHold)
        XCTAssertTrue(signature.signatureValueHolds)
        XCTAssertTrue(signature.certificateDigestHolds)
        XCTAssertTrue(signature.chainsToTrusted)
        XCTAssertEqual(signature.problems, [])
    }

    func testSigningIsDeterministic() throws {
        let ws = try SigningSupport.Workspace()
        let (odt, first) = try signedODT(ws)
        let second = try PackageSigner.sign(
            package: odt, format: .odt, key: ws.key, certificate: ws.cert, signingTime: signingTime)
        XCTAssertEqual(first, second)
        let later = try PackageSigner.sign(
            package: odt, format: .odt, key: ws.key, certificate: ws.cert, signingTime: signingTime + 60)
        XCTAssertNotEqual(first, later)
    }

    func testUntrustedSignerIsNotValidButIntact() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedODT(ws)
        let report = PackageVerifier.verify(package: signed, format: .odt, trusted: [ws.otherCert])
        XCTAssertFalse(report.isValid)
        let signature = try XCTUnwrap(report.signatures.first)
        XCTAssertTrue(signature.integrityHolds)
        XCTAssertFalse(signature.chainsToTrusted)
        XCTAssertTrue(signature.problems.contains { $0.contains("does not chain") }, "\(signature.problems)")
        XCTAssertFalse(PackageVerifier.verify(package: signed, format: .odt, trusted: []).isValid)
    }

    func testASecondSignatureKeepsTheFirstValid() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedODT(ws)
        let twice = try PackageSigner.sign(
            package: signed, format: .odt, key: ws.otherKey, certificate: ws.otherCert, signingTime: signingTime + 3600)
        let report = PackageVerifier.verify(package: twice, format: .odt, trusted: [ws.cert, ws.otherCert])
        XCTAssertTrue(report.isValid, "\(report)")
        XCTAssertEqual(
            report.signatures.map(\.certificateSubject),
            [
                "C=GB,O=APDocs Test,CN=APDocs Test Signer", "C=GB,O=APDocs Test,CN=APDocs Impostor",
            ])
    }

    func testUnsignedDocumentIsNotValid() throws {
        let odt = try SigningSupport.renderedFixture("simple", format: .odt)
        let report = PackageVerifier.verify(package: odt, format: .odt, trusted: [])
        XCTAssertFalse(report.isValid)
        XCTAssertEqual(report.signatures.count, 0)
        XCTAssertTrue(report.problems.first?.contains("not signed") ?? false, "\(report.problems)")
    }

    // MARK: Tampering, judged by our verifier

    func testTamperingIsDetected() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedODT(ws)
        let original = try ws.write(signed, "signed.odt")

        try SigningSupport.changeOneByte(of: "content.xml", in: original, to: ws.path + "/byte.odt", textElement: "text:p")
        var report = try verify(ws.path + "/byte.odt", ws)
        XCTAssertFalse(report.isValid)
        XCTAssertFalse(report.signatures[0].digestsHold)
        XCTAssertTrue(report.signatures[0].signatureValueHolds)
        XCTAssertEqual(report.signatures[0].failedReferences, ["content.xml: digest does not match"])

        try SigningSupport.addEntry("extra.txt", in: original, to: ws.path + "/added.odt")
        report = try verify(ws.path + "/added.odt", ws)
        XCTAssertFalse(report.isValid)
        XCTAssertTrue(report.signatures[0].digestsHold)
        XCTAssertEqual(report.signatures[0].uncoveredEntries, ["extra.txt"])

        try SigningSupport.replaceCertificate(
            in: original, signaturePart: "META-INF/documentsignatures.xml", with: ws.otherCert, to: ws.path + "/cert.odt")
        report = try verify(ws.path + "/cert.odt", ws, trusted: [ws.cert, ws.otherCert])
        XCTAssertFalse(report.isValid)
        XCTAssertFalse(report.signatures[0].signatureValueHolds)
        XCTAssertFalse(report.signatures[0].certificateDigestHolds)

        // Python's zipfile rewrote the package: the untouched copy still verifies.
        try SigningSupport.rezip(original, to: ws.path + "/rezipped.odt", script: "")
        XCTAssertTrue(try verify(ws.path + "/rezipped.odt", ws).isValid)
    }

    private func verify(_ file: String, _ ws: SigningSupport.Workspace, trusted: [String]? = nil) throws -> VerificationReport {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        return PackageVerifier.verify(package: bytes, format: .odt, trusted: trusted ?? [ws.cert])
    }

    // MARK: Others' verifiers

    /// The independent verifier of shared/oracles (Python, lxml + cryptography).
    func testIndependentVerifierAcceptsAndRejects() throws {
        let script = try SigningSupport.oracle("verify-odf-signature.py")
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedODT(ws)
        let file = try ws.write(signed, "signed.odt")
        let independent = try SigningSupport.run([SigningSupport.python, script, file, "--trusted", ws.cert])
        XCTAssertEqual(independent.status, 0, independent.text)
        XCTAssertTrue(independent.text.contains("-> VALID"), independent.text)

        try SigningSupport.changeOneByte(of: "content.xml", in: file, to: ws.path + "/byte.odt", textElement: "text:p")
        let tampered = try SigningSupport.run([SigningSupport.python, script, ws.path + "/byte.odt", "--trusted", ws.cert])
        XCTAssertNotEqual(tampered.status, 0, tampered.text)
    }

    /// xmlsec1 (Debian) on the signature; it resolves entry URIs against the current folder.
    func testXMLSec1AcceptsAndRejects() throws {
        guard SigningSupport.have("xmlsec1") else { throw XCTSkip("xmlsec1 missing (make deps)") }
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedODT(ws)
        let file = try ws.write(signed, "signed.odt")
        try SigningSupport.changeOneByte(of: "content.xml", in: file, to: ws.path + "/byte.odt", textElement: "text:p")
        for (name, valid) in [("signed", true), ("byte", false)] {
            let unpacked = ws.path + "/unpacked-" + name
            try SigningSupport.run(["mkdir", "-p", unpacked])
            XCTAssertEqual(try SigningSupport.run(["unzip", "-q", ws.path + "/\(name).odt", "-d", unpacked]).status, 0)
            let xmlsec = try SigningSupport.run(
                ["xmlsec1", "--verify", "--trusted-pem", ws.cert, "META-INF/documentsignatures.xml"], in: unpacked)
            if valid {
                XCTAssertEqual(xmlsec.status, 0, xmlsec.text)
                XCTAssertTrue(xmlsec.text.contains("OK"), xmlsec.text)
            } else {
                XCTAssertNotEqual(xmlsec.status, 0, "xmlsec1 accepted a changed content.xml: \(xmlsec.text)")
            }
        }
    }

    /// LibreOffice's own verdict, on the signed document and three tampered copies.
    func testLibreOfficeAcceptsAndRejects() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedODT(ws)
        let good = try ws.write(signed, "signed.odt")
        let byte = ws.path + "/byte.odt"
        let added = ws.path + "/added.odt"
        let cert = ws.path + "/cert.odt"
        try SigningSupport.changeOneByte(of: "content.xml", in: good, to: byte, textElement: "text:p")
        try SigningSupport.addEntry("extra.txt", in: good, to: added)
        try SigningSupport.replaceCertificate(
            in: good, signaturePart: "META-INF/documentsignatures.xml", with: ws.otherCert, to: cert)
        let (output, verdicts) = try SigningSupport.libreOfficeVerify([good, byte, added, cert], workspace: ws)
        print(output)
        XCTAssertTrue(verdicts[good]?.allValidAndTrusted ?? false, output)
        XCTAssertEqual(verdicts[good]?.signatures, 1, output)
        for file in [byte, added, cert] {
            XCTAssertFalse(verdicts[file]?.anyValid ?? true, "LibreOffice accepted \(file):\n\(output)")
        }
    }
}
