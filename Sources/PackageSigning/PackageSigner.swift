import Foundation
import OfficeTemplate

/// Seals an ODT or DOCX package with an XML digital signature (XAdES, RSA-SHA256) that
/// covers every entry of the package.
///
/// - ODT: `META-INF/documentsignatures.xml` as ODF 1.2+ and LibreOffice write it.
/// - DOCX: an OPC package signature, `_xmlsignatures/sigN.xml`, reached from `_rels/.rels`
///   through `_xmlsignatures/origin.sigs`, as LibreOffice and Word write it.
///
/// The crypto is libxmlsec1's (OpenSSL backend). The output depends only on the inputs:
/// the same package, key, certificates and `signingTime` give the same bytes (RSA PKCS#1
/// v1.5 signatures are deterministic and every id is derived from the inputs).
///
/// A package that already carries signatures gets one more; the earlier ones stay valid
/// because no signature covers the signature parts themselves.
public enum PackageSigner {
    /// Signs `package` with the private key in the PEM file `key` and the certificate in
    /// the PEM file `certificate`; `chain` names PEM files of intermediate certificates to
    /// embed after it. Key material is never logged or put into error messages.
    public static func sign(
        package: [UInt8], format: DocumentFormat, key: String, certificate: String,
        chain: [String] = [], signingTime: Date
    ) throws -> [UInt8] {
        let keyPEM = try readFile(key, what: "key")
        let certificates = try Certificate.allFromPEM(
            String(decoding: try readFile(certificate, what: "certificate"), as: UTF8.self), file: certificate)
        var chainCertificates: [Certificate] = []
        for path in chain {
            chainCertificates += try Certificate.allFromPEM(
                String(decoding: try readFile(path, what: "chain certificate"), as: UTF8.self), file: path)
        }
        return try sign(
            package: package, format: format, keyPEM: keyPEM, keyName: key,
            certificate: certificates[0], certificateName: certificate,
            chain: Array(certificates.dropFirst()) + chainCertificates, signingTime: signingTime)
    }

    static func sign(
        package: [UInt8], format: DocumentFormat, keyPEM: [UInt8], keyName: String,
        certificate: Certificate, certificateName: String, chain: [Certificate], signingTime: Date
    ) throws(SigningError) -> [UInt8] {
        let runtime = try XMLSecRuntime.get()
        let reader = try ZipReader.opening(package)
        let items = try reader.items()
        let entries = Dictionary(items.map { ($0.name, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        return try runtime.run(entries: entries) { () throws(SigningError) -> [UInt8] in
            let key = try XMLSecEngine.privateKey(pem: keyPEM, file: keyName)
            guard let certificateKey = XMLSecEngine.publicKey(of: certificate) else {
                _ = runtime.takeErrors()
                throw SigningError("\(certificateName) holds a certificate libxmlsec1 cannot read")
            }
            guard XMLSecEngine.samePublicKey(key.key, certificateKey.key) else {
                throw SigningError(
                    "the certificate in \(certificateName) does not match the key in \(keyName): "
                        + "give the certificate that was issued for this key")
            }
            let signer = Signer(key: key, certificate: certificate, chain: chain, time: signingTime)
            switch format {
            case .odt: return try ODFSigning.sign(package: reader, items: items, signer: signer, runtime: runtime)
            case .docx: return try OOXMLSigning.sign(package: reader, items: items, signer: signer, runtime: runtime)
            }
        }
    }

    static func readFile(_ path: String, what: String) throws(SigningError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw SigningError(
                    "cannot read the \(what) file \(path)" + (isDirectory.boolValue ? ": it is a folder" : ": permission denied?")
                )
            }
            throw SigningError("the \(what) file \(path) does not exist")
        }
        return [UInt8](data)
    }
}

/// Who signs, and when: what every signature format needs.
struct Signer {
    var key: XMLSecEngine.OwnedKey
    var certificate: Certificate
    var chain: [Certificate]
    var time: Date

    var timeText: String { SigningTime.format(time) }

    /// A signature id derived from the inputs (no randomness, so output is reproducible).
    func signatureID(salt: String) -> String {
        let seed = certificate.der + Array(timeText.utf8) + Array(salt.utf8)
        return "ID_"
            + DigestAlgorithm.sha256.hash(seed).prefix(16).map { byte in
                let digits = Array("0123456789abcdef")
                return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
            }.joined()
    }

    /// `ds:KeyInfo` naming the signer's certificate, then the chain.
    func keyInfoXML(issuerSerial: Bool = true) -> String {
        var xml = "<KeyInfo><X509Data>"
        if issuerSerial {
            xml += "<X509IssuerSerial><X509IssuerName>\(certificate.issuer.xmlText)</X509IssuerName>"
            xml += "<X509SerialNumber>\(certificate.serialNumber)</X509SerialNumber></X509IssuerSerial>"
        }
        for cert in [certificate] + chain {
            xml += "<X509Certificate>\(Base64.encode(cert.der))</X509Certificate>"
        }
        return xml + "</X509Data></KeyInfo>"
    }

    /// XAdES `xd:SignedProperties` (prefix `xd` must be declared by an ancestor; `ds`
    /// elements use the default namespace of the enclosing `Signature`).
    func signedPropertiesXML(id: String) -> String {
        let digest = Base64.encode(DigestAlgorithm.sha256.hash(certificate.der))
        return "<xd:SignedProperties Id=\"\(id.xmlAttribute)\"><xd:SignedSignatureProperties>"
            + "<xd:SigningTime>\(timeText)</xd:SigningTime>"
            + "<xd:SigningCertificate><xd:Cert><xd:CertDigest>"
            + "<DigestMethod Algorithm=\"\(DigestAlgorithm.sha256.rawValue)\"/><DigestValue>\(digest)</DigestValue>"
            + "</xd:CertDigest><xd:IssuerSerial><X509IssuerName>\(certificate.issuer.xmlText)</X509IssuerName>"
            + "<X509SerialNumber>\(certificate.serialNumber)</X509SerialNumber></xd:IssuerSerial></xd:Cert>"
            + "</xd:SigningCertificate><xd:SignaturePolicyIdentifier><xd:SignaturePolicyImplied/>"
            + "</xd:SignaturePolicyIdentifier></xd:SignedSignatureProperties></xd:SignedProperties>"
    }
}

/// Percent-encodes a package path for a relative URI reference: every byte outside the
/// unreserved and sub-delimiter characters (and `/`, `:`, `@`).
func uriEncode(_ path: String) -> String {
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@".utf8)
    var out = ""
    let hex = Array("0123456789ABCDEF")
    for byte in path.utf8 {
        if allowed.contains(byte) {
            out.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            out += "%" + String([hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
    return out
}

/// Undoes `uriEncode` (any `%XX`); nil when the escapes are not valid UTF-8.
func uriDecode(_ uri: String) -> String? {
    var bytes: [UInt8] = []
    var utf8 = Array(uri.utf8)[...]
    while let byte = utf8.popFirst() {
        if byte == UInt8(ascii: "%"), utf8.count >= 2,
            let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
        {
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        } else {
            bytes.append(byte)
        }
    }
    return String(validating: bytes, as: UTF8.self)
}

// MARK: - The package's entries, through OfficeTemplate's zip reader and writer

/// One entry of a package, read whole into memory.
struct ZipItem {
    var name: String
    var bytes: [UInt8]
    var isDirectory: Bool { name.hasSuffix("/") }
}

extension ZipReader {
    /// Opens a package to sign or verify, checked against the default ``PackageLimits``.
    static func opening(_ bytes: [UInt8]) throws(SigningError) -> ZipReader {
        guard !bytes.isEmpty else { throw SigningError("the file is empty, not a document") }
        do {
            return try ZipReader(bytes: bytes, name: "package")
        } catch {
            if error == ZipReader.notAZip(error.file) {
                throw SigningError("the file is not a zip package: Not a zip archive")
            }
            throw SigningError(error)
        }
    }

    /// Every entry, in central-directory order.
    func items() throws(SigningError) -> [ZipItem] {
        var items: [ZipItem] = []
        for entry in entries {
            do {
                items.append(ZipItem(name: entry.name, bytes: try read(entry)))
            } catch {
                throw SigningError(error)
            }
        }
        return items
    }

    /// This package with `changes` applied: each named entry replaced in its place, the
    /// others added at the end (deflated, dated 1980-01-01). Every other entry is copied
    /// still compressed, byte for byte.
    func rewritten(with changes: [(name: String, bytes: [UInt8])]) throws(SigningError) -> [UInt8] {
        let replacements = Dictionary(changes.map { ($0.name, $0.bytes) }, uniquingKeysWith: { _, last in last })
        do {
            let writer = try ZipWriter(name: "signed package")
            for entry in entries {
                if let bytes = replacements[entry.name] {
                    writer.add(name: entry.name, bytes: bytes, compress: true)
                } else {
                    writer.copyRaw(from: self, entry: entry)
                }
            }
            for change in changes where entry(named: change.name) == nil {
                writer.add(name: change.name, bytes: change.bytes, compress: true)
            }
            return try writer.finish()
        } catch {
            throw SigningError(error)
        }
    }
}

extension SigningError {
    /// A package problem, without the package's display name (the caller knows the file).
    init(_ error: PackageError) {
        self.init((error.entry.map { "\($0): " } ?? "") + error.message)
    }
}
