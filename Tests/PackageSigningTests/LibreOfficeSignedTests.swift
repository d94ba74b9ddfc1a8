import Foundation
import OfficeTemplate
import PackageSigning
import XCTest

/// Our verifier on signatures LibreOffice made itself (`Tests/tools/lo_signatures.py sign`).
final class LibreOfficeSignedTests: XCTestCase {
    func testOurVerifierChecksLibreOfficeSignatures() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/soffice"), SigningSupport.have("certutil") else {
            throw XCTSkip("LibreOffice or certutil missing (make deps)")
        }
        let ws = try SigningSupport.Workspace()
        try ws.makeNSSDatabase()
        let script = SigningSupport.tools.appendingPathComponent("lo_signatures.py").path
        for format in [DocumentFormat.odt, .docx] {
            let input = try ws.write(try SigningSupport.renderedFixture("simple", format: format), "in.\(format.rawValue)")
            let output = ws.path + "/lo-signed.\(format.rawValue)"
            let result = try SigningSupport.run(
                ["/usr/bin/python3", script, "sign", input, output], in: ws.path,
                environment: ["MOZILLA_CERTIFICATE_FOLDER": ws.nssdb, "LO_PROFILE": "file://" + ws.path + "/lo-profile"])
            XCTAssertEqual(result.status, 0, result.text)
            XCTAssertTrue(result.text.contains("LibreOffice signed \(output)"), result.text)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            let report = PackageVerifier.verify(package: bytes, format: format, trusted: [ws.cert])
            let signature = try XCTUnwrap(report.signatures.first, "\(report)")
            XCTAssertTrue(signature.digestsHold, "\(report)")
            XCTAssertTrue(signature.signatureValueHolds, "\(report)")
            XCTAssertTrue(signature.certificateDigestHolds, "\(report)")
            XCTAssertTrue(signature.chainsToTrusted, "\(report)")
            XCTAssertEqual(signature.certificateSubject, "C=GB,O=APDocs Test,CN=APDocs Test Signer")
            switch format {
            case .odt:
                XCTAssertTrue(report.isValid, "\(report)")
            case .docx:
                // LibreOffice (like Word) leaves docProps and their relationships unsigned.
                XCTAssertFalse(report.isValid)
                XCTAssertTrue(signature.uncoveredEntries.contains("docProps/core.xml"), "\(signature.uncoveredEntries)")
            }
        }
    }
}
