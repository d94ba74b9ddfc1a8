import Foundation

/// An X.509 certificate: its DER bytes and the few fields a signature names.
///
/// Parsed here with a small DER reader (only the outer structure of `tbsCertificate`);
/// everything cryptographic about certificates is left to libxmlsec1/OpenSSL.
struct Certificate: Sendable, Hashable {
    var der: [UInt8]
    /// RFC 4514 form, most significant last as OpenSSL and LibreOffice print it:
    /// `C=GB,O=APDocs Test,CN=APDocs Test Signer`.
    var subject: String
    var issuer: String
    /// The serial number in decimal, as `ds:X509SerialNumber` wants it.
    var serialNumber: String

    init(der: [UInt8]) throws(SigningError) {
        self.der = der
        var reader = DERReader(der)
        guard var cert = try? reader.enter(0x30), var tbs = try? cert.enter(0x30) else {
            throw SigningError("not an X.509 certificate")
        }
        do {
            if tbs.peekTag == 0xA0 { _ = try tbs.read(0xA0) }  // [0] version
            let serial = try tbs.read(0x02)
            _ = try tbs.read(0x30)  // signature algorithm
            let issuerName = try tbs.readElement(0x30)
            _ = try tbs.read(0x30)  // validity
            let subjectName = try tbs.readElement(0x30)
            serialNumber = Self.decimal(serial)
            issuer = try Self.distinguishedName(issuerName)
            subject = try Self.distinguishedName(subjectName)
        } catch {
            throw SigningError("not an X.509 certificate (\(error.message))")
        }
    }

    /// Every certificate of a PEM text, in order.
    static func allFromPEM(_ text: String, file: String) throws(SigningError) -> [Certificate] {
        let blocks = PEM.blocks(text).filter {
            $0.label == "CERTIFICATE" || $0.label == "X509 CERTIFICATE" || $0.label == "TRUSTED CERTIFICATE"
        }
        guard !blocks.isEmpty else {
            throw SigningError("\(file) holds no certificate in PEM format (-----BEGIN CERTIFICATE-----)")
        }
        var result: [Certificate] = []
        for block in blocks {
            do {
                result.append(try Certificate(der: block.der))
            } catch {
                throw SigningError("\(file): \(error.message)")
            }
        }
        return result
    }

    // MARK: - Names

    private static let attributeNames: [String: String] = [
        "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.9": "STREET",
        "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.5": "serialNumber", "2.5.4.4": "SN",
        "2.5.4.42": "GN", "2.5.4.12": "title", "2.5.4.17": "postalCode",
        "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
        "1.2.840.113549.1.9.1": "emailAddress",
    ]

    /// RFC 4514: the RDNs in reverse order, `type=value` joined by commas (`+` inside an RDN).
    private static func distinguishedName(_ name: DERReader.Element) throws(DERError) -> String {
        var rdns: [String] = []
        var sequence = DERReader(name.content)
        while !sequence.isAtEnd {
            var set = try sequence.enter(0x31)
            var parts: [String] = []
            while !set.isAtEnd {
                var pair = try set.enter(0x30)
                let oid = objectIdentifier(try pair.read(0x06))
                let value = try pair.readElement(nil)
                let type = attributeNames[oid] ?? oid
                let text: String
                if attributeNames[oid] != nil, [0x0C, 0x13, 0x16, 0x14, 0x1E, 0x1C].contains(value.tag),
                    let string = decodeString(value)
                {
                    text = escape(string)
                } else {
                    text = "#" + value.raw.map { hex2($0) }.joined()
                }
                parts.append("\(type)=\(text)")
            }
            rdns.append(parts.joined(separator: "+"))
        }
        return rdns.reversed().joined(separator: ",")
    }

    private static func decodeString(_ element: DERReader.Element) -> String? {
        switch element.tag {
        case 0x1E:  // BMPString: UTF-16BE
            var units: [UInt16] = []
            var i = 0
            while i + 1 < element.content.count {
                units.append(UInt16(element.content[i]) << 8 | UInt16(element.content[i + 1]))
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        case 0x14:  // T61String: treat as Latin-1
            return String(element.content.map { Character(Unicode.Scalar($0)) })
        default:
            return String(validating: element.content, as: UTF8.self)
        }
    }

    private static func escape(_ value: String) -> String {
        var out = ""
        let scalars = Array(value.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            switch s {
            case ",", "+", "\"", "\\", "<", ">", ";", "=":
                out += "\\" + String(s)
            case "#" where i == 0, " " where i == 0 || i == scalars.count - 1:
                out += "\\" + String(s)
            case "\u{0}":
                out += "\\00"
            default:
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    private static func objectIdentifier(_ bytes: [UInt8]) -> String {
        guard let first = bytes.first else { return "" }
        var parts = [first < 80 ? Int(first / 40) : 2, first < 80 ? Int(first % 40) : Int(first) - 80]
        var value = 0
        for byte in bytes.dropFirst() {
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 {
                parts.append(value)
                value = 0
            }
        }
        return parts.map(String.init).joined(separator: ".")
    }

    /// A DER INTEGER's content as an unsigned decimal number.
    private static func decimal(_ bytes: [UInt8]) -> String {
        var number = Array(bytes.drop { $0 == 0 })
        if number.isEmpty { return "0" }
        var digits: [UInt8] = []
        while !number.isEmpty {
            var remainder = 0
            var quotient: [UInt8] = []
            for byte in number {
                let value = remainder << 8 | Int(byte)
                let q = value / 10
                remainder = value % 10
                if !quotient.isEmpty || q != 0 { quotient.append(UInt8(q)) }
            }
            digits.append(UInt8(remainder))
            number = quotient
        }
        return String(digits.reversed().map { Character(Unicode.Scalar($0 + 48)) })
    }
}

private func hex2(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

struct DERError: Error {
    var message: String
}

/// Reads DER TLVs from a byte array (definite lengths only, as DER requires).
struct DERReader {
    struct Element {
        var tag: UInt8
        var content: [UInt8]
        /// The whole TLV.
        var raw: [UInt8]
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }
    var peekTag: UInt8? { isAtEnd ? nil : bytes[position] }

    mutating func readElement(_ expected: UInt8?) throws(DERError) -> Element {
        guard position + 2 <= bytes.count else { throw DERError(message: "truncated DER") }
        let start = position
        let tag = bytes[position]
        if let expected, tag != expected {
            throw DERError(message: "unexpected DER tag \(tag), wanted \(expected)")
        }
        var length = Int(bytes[position + 1])
        position += 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, position + count <= bytes.count else {
                throw DERError(message: "bad DER length")
            }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[position])
                position += 1
            }
        }
        guard length >= 0, position + length <= bytes.count else { throw DERError(message: "truncated DER") }
        let content = Array(bytes[position..<position + length])
        position += length
        return Element(tag: tag, content: content, raw: Array(bytes[start..<position]))
    }

    mutating func read(_ expected: UInt8) throws(DERError) -> [UInt8] {
        try readElement(expected).content
    }

    mutating func enter(_ expected: UInt8) throws(DERError) -> DERReader {
        DERReader(try read(expected))
    }
}

/// PEM blocks (`-----BEGIN LABEL-----` … `-----END LABEL-----`) of a text.
enum PEM {
    struct Block {
        var label: String
        var der: [UInt8]
        var isEncrypted: Bool
    }

    static func blocks(_ text: String) -> [Block] {
        var result: [Block] = []
        var label: String?
        var body = ""
        var encrypted = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if label == nil {
                if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                    label = String(line.dropFirst(11).dropLast(5))
                    body = ""
                    encrypted = false
                }
            } else if line.hasPrefix("-----END ") {
                if let der = Base64.decode(body) {
                    result.append(Block(label: label!, der: der, isEncrypted: encrypted || label!.contains("ENCRYPTED")))
                }
                label = nil
            } else if line.contains(":") {
                if line.hasPrefix("Proc-Type:"), line.contains("ENCRYPTED") { encrypted = true }
            } else {
                body += line
            }
        }
        return result
    }

    static func encode(_ der: [UInt8], label: String) -> String {
        let b64 = Base64.encode(der)
        var lines: [String] = []
        var index = b64.startIndex
        while index < b64.endIndex {
            let end = b64.index(index, offsetBy: 64, limitedBy: b64.endIndex) ?? b64.endIndex
            lines.append(String(b64[index..<end]))
            index = end
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }
}

enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes, ignoring whitespace; nil when the text is not base64.
    static func decode(_ text: String) -> [UInt8]? {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else { return nil }
        return [UInt8](data)
    }
}
