import Foundation
import OfficeTemplate
import PackageSigning
import XCTest

final class DOCXSigningTests: XCTestCase {
    let signingTime = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    let signaturePart = "_xmlsignatures/sig1.xml"

    private func signedDOCX(_ ws: SigningSupport.Workspace) throws -> (unsigned: [UInt8], signed: [UInt8]) {
        let docx = try SigningSupport.renderedFixture("simple", format: .docx)
        let signed = try PackageSigner.sign(
            package: docx, format: .docx, key: ws.key, certificate: ws.cert, signingTime: signingTime)
        return (docx, signed)
    }

    func testOurVerifierAcceptsEveryCheck() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedDOCX(ws)
        let report = PackageVerifier.verify(package: signed, format: .docx, trusted: [ws.cert])
        XCTAssertTrue(report.isValid, "\(report)")
        let signature = try XCTUnwrap(report.signatures.first)
        XCTAssertEqual(signature.location, signaturePart)
        XCTAssertEqual(signature.certificateSubject, "C=GB,O=APDocs Test,CN=APDocs Test Signer")
        XCTAssertEqual(signature.signingTime, signingTime)
        XCTAssertTrue(signature.coversEveryEntry)
        for part in ["_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "docProps/core.xml"] {
            XCTAssertTrue(signature.coveredEntries.contains(part), part)
        }
        XCTAssertTrue(signature.digestsHold && signature.signatureValueHolds && signature.certificateDigestHolds)
        XCTAssertTrue(signature.chainsToTrusted)
    }

    func testPackageStructure() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedDOCX(ws)
        let file = try ws.write(signed, "signed.docx")
        func entry(_ name: String) throws -> String {
            // unzip reads [ as a wildcard
            try SigningSupport.run(["unzip", "-p", file, name.replacingOccurrences(of: "[", with: "\\[")]).text
        }
        XCTAssertTrue(
            try entry("_rels/.rels").contains("relationships/digital-signature/origin\" Target=\"_xmlsignatures/origin.sigs\""))
        XCTAssertTrue(try entry("_xmlsignatures/_rels/origin.sigs.rels").contains("Target=\"sig1.xml\""))
        let types = try entry("[Content_Types].xml")
        XCTAssertTrue(
            types.contains("Extension=\"sigs\" ContentType=\"application/vnd.openxmlformats-package.digital-signature-origin\""))
        XCTAssertTrue(
            types.contains(
                "PartName=\"/_xmlsignatures/sig1.xml\" ContentType=\"application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml\""
            ))
        let signature = try entry(signaturePart)
        XCTAssertTrue(
            signature.contains(
                "URI=\"/word/document.xml?ContentType=application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\""
            ))
        XCTAssertTrue(signature.contains("http://schemas.openxmlformats.org/package/2006/RelationshipTransform"))
        XCTAssertTrue(signature.contains("<mdssi:Value>2026-01-01T00:00:00Z</mdssi:Value>"))
        XCTAssertTrue(signature.contains("<xd:SigningTime>2026-01-01T00:00:00Z</xd:SigningTime>"))
    }

    func testSigningIsDeterministic() throws {
        let ws = try SigningSupport.Workspace()
        let (docx, first) = try signedDOCX(ws)
        let second = try PackageSigner.sign(
            package: docx, format: .docx, key: ws.key, certificate: ws.cert, signingTime: signingTime)
        XCTAssertEqual(first, second)
    }

    func testASecondSignatureKeepsTheFirstValid() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedDOCX(ws)
        let twice = try PackageSigner.sign(
            package: signed, format: .docx, key: ws.otherKey, certificate: ws.otherCert, signingTime: signingTime + 3600)
        let report = PackageVerifier.verify(package: twice, format: .docx, trusted: [ws.cert, ws.otherCert])
        XCTAssertTrue(report.isValid, "\(report)")
        XCTAssertEqual(report.signatures.map(\.location), ["_xmlsignatures/sig1.xml", "_xmlsignatures/sig2.xml"])
    }

    func testTamperingIsDetected() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedDOCX(ws)
        let original = try ws.write(signed, "signed.docx")

        try SigningSupport.changeOneByte(of: "word/document.xml", in: original, to: ws.path + "/byte.docx", textElement: "w:t")
        var report = try verify(ws.path + "/byte.docx", ws)
        XCTAssertFalse(report.isValid)
        XCTAssertEqual(report.signatures[0].failedReferences, ["word/document.xml: digest does not match"])
        XCTAssertTrue(report.signatures[0].signatureValueHolds)

        try SigningSupport.addEntry("word/extra.txt", in: original, to: ws.path + "/added.docx")
        report = try verify(ws.path + "/added.docx", ws)
        XCTAssertFalse(report.isValid)
        XCTAssertEqual(report.signatures[0].uncoveredEntries, ["word/extra.txt"])

        try SigningSupport.replaceCertificate(
            in: original, signaturePart: signaturePart, with: ws.otherCert, to: ws.path + "/cert.docx")
        report = try verify(ws.path + "/cert.docx", ws, trusted: [ws.cert, ws.otherCert])
        XCTAssertFalse(report.isValid)
        XCTAssertFalse(report.signatures[0].signatureValueHolds)
        XCTAssertFalse(report.signatures[0].certificateDigestHolds)

        // A changed content type of a signed part.
        try SigningSupport.rezip(
            original, to: ws.path + "/type.docx",
            script:
                "data['[Content_Types].xml'] = data['[Content_Types].xml'].replace(b'wordprocessingml.styles+xml', b'wordprocessingml.other+xml')"
        )
        report = try verify(ws.path + "/type.docx", ws)
        XCTAssertFalse(report.isValid)
        XCTAssertTrue(
            report.signatures[0].failedReferences.first?.hasPrefix("word/styles.xml: its content type") ?? false, "\(report)")
    }

    private func verify(_ file: String, _ ws: SigningSupport.Workspace, trusted: [String]? = nil) throws -> VerificationReport {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        return PackageVerifier.verify(package: bytes, format: .docx, trusted: trusted ?? [ws.cert])
    }

    /// LibreOffice's own verdict, on the signed document and three tampered copies.
    func testLibreOfficeAcceptsAndRejects() throws {
        let ws = try SigningSupport.Workspace()
        let (_, signed) = try signedDOCX(ws)
        let good = try ws.write(signed, "signed.docx")
        let byte = ws.path + "/byte.docx"
        let added = ws.path + "/added.docx"
        let cert = ws.path + "/cert.docx"
        try SigningSupport.changeOneByte(of: "word/document.xml", in: good, to: byte, textElement: "w:t")
        try SigningSupport.addEntry("word/extra.txt", in: good, to: added)
        try SigningSupport.replaceCertificate(in: good, signaturePart: signaturePart, with: ws.otherCert, to: cert)
        let (output, verdicts) = try SigningSupport.libreOfficeVerify([good, byte, added, cert], workspace: ws)
        print(output)
        XCTAssertTrue(verdicts[good]?.allValidAndTrusted ?? false, output)
        XCTAssertEqual(verdicts[good]?.signatures, 1, output)
        for file in [byte, cert] {
            XCTAssertFalse(verdicts[file]?.anyValid ?? true, "LibreOffice accepted \(file):\n\(output)")
        }
        // LibreOffice does not look for unsigned extra parts in OOXML (see the report below);
        // our verifier does (testTamperingIsDetected).
        print("LibreOffice on a DOCX with an added file:", verdicts[added]?.lines ?? [])
    }
}
