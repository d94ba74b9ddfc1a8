internal import CLibXML2
import Foundation
import OfficeTemplate

/// Checks the XML digital signatures of an ODT or DOCX package, independently of who made
/// them (APDocs, LibreOffice, Word): every reference digest, the signature value, the XAdES
/// certificate binding, that every entry of the package is covered, and that the signer's
/// certificate chains to one of the trusted certificates.
public enum PackageVerifier {
    /// Verifies `package`; `trusted` names PEM files of certificates to trust (each may hold
    /// several). Never throws: every problem is in the report.
    public static func verify(package: [UInt8], format: DocumentFormat, trusted: [String]) -> VerificationReport {
        var anchors: [Certificate] = []
        for path in trusted {
            do throws(SigningError) {
                let text = String(decoding: try PackageSigner.readFile(path, what: "trusted certificate"), as: UTF8.self)
                anchors += try Certificate.allFromPEM(text, file: path)
            } catch {
                return VerificationReport(problems: [error.message])
            }
        }
        return verify(package: package, format: format, anchors: anchors)
    }

    static func verify(package: [UInt8], format: DocumentFormat, anchors: [Certificate]) -> VerificationReport {
        do throws(SigningError) {
            let runtime = try XMLSecRuntime.get()
            let items = try ZipReader.opening(package).items()
            let entries = Dictionary(items.map { ($0.name, $0.bytes) }, uniquingKeysWith: { first, _ in first })
            return try runtime.run(entries: entries) { () throws(SigningError) -> VerificationReport in
                switch format {
                case .odt: return try ODFVerification.verify(items: items, anchors: anchors)
                case .docx: return try OOXMLVerification.verify(items: items, anchors: anchors)
                }
            }
        } catch {
            return VerificationReport(problems: [error.message])
        }
    }
}

/// The checks every XML-DSig signature gets, whatever the package format.
struct SignatureChecks {
    var report: SignatureReport
    /// URIs of SignedInfo references to package entries (not `#id`), as written.
    var entryURIs: [String] = []
    /// Ids that SignedInfo references (`#id`) whose digest holds.
    var signedIDs: Set<String> = []

    init(doc: XMLTree, signature: xmlNodePtr, location: String, anchors: [Certificate]) {
        report = SignatureReport(location: location)
        XMLSecEngine.registerIDs(doc, under: signature)

        // 1. Reference digests.
        let references = signature.child(NS.dsig, "SignedInfo")?.children(NS.dsig, "Reference") ?? []
        if references.isEmpty { report.problems.append("the signature has no references") }
        for reference in references {
            let uri = reference.attribute("URI") ?? ""
            let failure = XMLSecEngine.checkReference(reference)
            if uri.hasPrefix("#") {
                if failure == nil { signedIDs.insert(String(uri.dropFirst())) }
            } else {
                entryURIs.append(uri)
            }
            if let failure {
                report.failedReferences.append("\(uri.hasPrefix("#") ? uri : (uriDecode(uri) ?? uri)): \(failure)")
            }
        }

        // 2. Certificates and the XAdES binding.
        let keyInfo = signature.child(NS.dsig, "KeyInfo")
        var certificates: [Certificate] = []
        for node in keyInfo?.descendants(NS.dsig, "X509Certificate") ?? [] {
            if let der = Base64.decode(node.textContent), let certificate = try? Certificate(der: der) {
                certificates.append(certificate)
            } else {
                report.problems.append("an X509Certificate of the signature cannot be read")
            }
        }
        var signer = certificates.first
        let properties = signature.descendants(NS.xades, "SignedProperties").first {
            signedIDs.contains($0.attribute("Id") ?? "")
        }
        if let properties {
            let certDigests = properties.descendants(NS.xades, "CertDigest")
            for certDigest in certDigests {
                guard let method = certDigest.child(NS.dsig, "DigestMethod")?.attribute("Algorithm"),
                    let algorithm = DigestAlgorithm(rawValue: method),
                    let expected = certDigest.child(NS.dsig, "DigestValue").flatMap({ Base64.decode($0.textContent) })
                else { continue }
                if let match = certificates.first(where: { algorithm.hash($0.der) == expected }) {
                    signer = match
                    report.certificateDigestHolds = true
                    break
                }
            }
            if !report.certificateDigestHolds {
                report.problems.append(
                    certDigests.isEmpty
                        ? "the signed properties do not name the signing certificate (no XAdES SigningCertificate)"
                        : "the certificate in the signature is not the one the signer signed with (XAdES SigningCertificate digest differs)"
                )
            }
            if let time = properties.descendants(NS.xades, "SigningTime").first {
                report.signingTime = SigningTime.parse(time.textContent)
            }
        } else {
            report.problems.append("the signature has no signed XAdES properties (signing time and certificate digest)")
        }
        if report.signingTime == nil {
            // ODF's dc:date or OOXML's mdssi:SignatureTime, if inside a signed element.
            for property in signature.descendants(NS.dsig, "SignatureProperty")
            where signedIDs.contains(property.attribute("Id") ?? "") {
                if let date = property.descendants(XMLNamespace.dublinCore, "date").first {
                    report.signingTime = SigningTime.parse(date.textContent)
                } else if let value = property.descendants(NS.opcDigitalSignature, "Value").first {
                    report.signingTime = SigningTime.parse(value.textContent)
                }
            }
        }
        report.certificateSubject = signer?.subject
        report.certificateIssuer = signer?.issuer

        // 3. The signature value, with the signer's certificate.
        if let signer, let key = XMLSecEngine.publicKey(of: signer) {
            if let failure = XMLSecEngine.checkSignatureValue(doc, signature: signature, key: key.key) {
                report.problems.append(failure)
            } else {
                report.signatureValueHolds = true
            }
            // 4. Trust.
            if anchors.isEmpty {
                report.problems.append(
                    "no trusted certificate was given, so who signed is not established (use --trusted CERT.pem)")
            } else if let failure = XMLSecEngine.checkChain(certificates: certificates, trusted: anchors, signerKey: key.key) {
                report.problems.append(failure)
            } else {
                report.chainsToTrusted = true
            }
        } else {
            _ = XMLSecRuntime.current?.takeErrors()
            report.problems.append("the signature carries no usable certificate")
        }
    }

    /// Sets the digest verdict once the format-specific references were added.
    mutating func finish() {
        report.digestsHold = report.failedReferences.isEmpty
        if !report.failedReferences.isEmpty {
            report.problems.insert(
                "\(report.failedReferences.count) reference(s) do not hold: "
                    + report.failedReferences.prefix(5).joined(separator: "; "), at: 0)
        }
        if !report.uncoveredEntries.isEmpty {
            report.problems.insert(
                "not covered by the signature: " + report.uncoveredEntries.prefix(10).joined(separator: ", "), at: 0)
        }
    }
}

enum ODFVerification {
    static func verify(items: [ZipItem], anchors: [Certificate]) throws(SigningError) -> VerificationReport {
        let path = ODFSigning.signaturesPath
        guard let item = items.first(where: { $0.name == path }) else {
            return VerificationReport(problems: ["the document is not signed (it has no \(path))"])
        }
        let doc = try XMLTree.parsing(item.bytes, name: path)
        let signatures = doc.root.map { [$0].filter { $0.is(NS.dsig, "Signature") } + $0.descendants(NS.dsig, "Signature") } ?? []
        guard !signatures.isEmpty else {
            return VerificationReport(problems: ["\(path) holds no signature"])
        }
        let entries = items.filter { !$0.isDirectory && $0.name != path }.map(\.name)
        var reports: [SignatureReport] = []
        for (index, signature) in signatures.enumerated() {
            let location = signatures.count == 1 ? path : "\(path) #\(index + 1)"
            var checks = SignatureChecks(doc: doc, signature: signature, location: location, anchors: anchors)
            let covered = Set(checks.entryURIs.compactMap(uriDecode))
            checks.report.coveredEntries = entries.filter { covered.contains($0) }
            checks.report.uncoveredEntries = entries.filter { !covered.contains($0) }
            checks.finish()
            reports.append(checks.report)
        }
        return VerificationReport(signatures: reports)
    }
}
