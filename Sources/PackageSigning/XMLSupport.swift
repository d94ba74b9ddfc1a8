internal import CLibXML2
internal import CXMLSec
import OfficeTemplate

/// Namespaces of XML-DSig, XAdES, ODF and OPC signatures (package and document namespaces are
/// the engine's `XMLNamespace`).
enum NS {
    static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    static let xades = "http://uri.etsi.org/01903/v1.3.2#"
    static let odfSignatures = "urn:oasis:names:tc:opendocument:xmlns:digitalsignature:1.0"
    static let opcDigitalSignature = "http://schemas.openxmlformats.org/package/2006/digital-signature"
    static let officeDigSig = "http://schemas.microsoft.com/office/2006/digsig"
}

enum Algorithm {
    static let c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    static let c14nWithComments = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
    static let excC14n = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let excC14nWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    static let relationshipTransform = "http://schemas.openxmlformats.org/package/2006/RelationshipTransform"
    static let signedPropertiesType = "http://uri.etsi.org/01903#SignedProperties"
    static let objectType = "http://www.w3.org/2000/09/xmldsig#Object"

    static let canonicalizations: Set<String> = [c14n, c14nWithComments, excC14n, excC14nWithComments]
    static let signatureMethods: Set<String> = [
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1", rsaSHA256,
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    ]
}

/// Digest algorithms a reference may name; `sha256` is also the workspace's one hash of files
/// and data (`Digest` in Workspaces), so there is one way into OpenSSL's digests.
package enum DigestAlgorithm: String, CaseIterable {
    case sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    case sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    case sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    case sha512 = "http://www.w3.org/2001/04/xmlenc#sha512"

    package func hash(_ bytes: [UInt8]) -> [UInt8] {
        let md: OpaquePointer?
        switch self {
        case .sha1: md = EVP_sha1()
        case .sha256: md = EVP_sha256()
        case .sha384: md = EVP_sha384()
        case .sha512: md = EVP_sha512()
        }
        var out = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { data in
            EVP_Digest(data.baseAddress, data.count, &out, &length, md, nil)
        }
        precondition(ok == 1, "OpenSSL could not compute a digest")
        return Array(out[0..<Int(length)])
    }
}

// MARK: - Text for XML we build as strings

extension String {
    /// Escaped for element content.
    var xmlText: String {
        var out = ""
        for s in unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#xD;"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// Escaped for a double-quoted attribute value.
    var xmlAttribute: String {
        var out = ""
        for s in unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case "\"": out += "&quot;"
            case "\t": out += "&#x9;"
            case "\n": out += "&#xA;"
            case "\r": out += "&#xD;"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }
}

// MARK: - Parsed parts (OfficeTemplate's XMLTree) and node helpers

extension XMLTree {
    /// Parses a part of the package (or XML built here) the way OfficeTemplate parses
    /// template parts: no network, no DTD, no DOCTYPE, every libxml2 error collected.
    static func parsing(_ bytes: [UInt8], name: String) throws(SigningError) -> XMLTree {
        do {
            return try XMLTree(parsing: bytes, partName: name)
        } catch {
            let problem = error.problems.first.map { ": " + $0.message } ?? ""
            throw SigningError("\(name) is not well-formed XML" + problem)
        }
    }

    static func parsing(_ text: String, name: String) throws(SigningError) -> XMLTree {
        try parsing(Array(text.utf8), name: name)
    }
}

/// What signing needs beyond OfficeTemplate's node helpers (`is`, `children`, `descendants`,
/// `attribute(ns, name)`).
extension UnsafeMutablePointer where Pointee == xmlNode {
    var elementChildren: [xmlNodePtr] { children.filter(\.isElement) }

    func child(_ ns: String, _ name: String) -> xmlNodePtr? {
        children.first { $0.is(ns, name) }
    }

    /// Every element below this one (depth first, document order) with this name.
    func descendants(_ ns: String, _ name: String) -> [xmlNodePtr] {
        descendants { $0.is(ns, name) }
    }

    /// An attribute without namespace.
    func attribute(_ name: String) -> String? {
        guard let value = xmlGetNoNsProp(self, name) else { return nil }
        defer { apdocs_xmlFree(value) }
        return String(cString: value)
    }

    var textContent: String {
        guard let value = xmlNodeGetContent(self) else { return "" }
        defer { apdocs_xmlFree(value) }
        return String(cString: value)
    }
}
