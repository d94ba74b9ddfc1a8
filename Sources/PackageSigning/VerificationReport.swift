import Foundation

/// What `PackageVerifier` found: one report per signature in the package.
public struct VerificationReport: Sendable, Hashable {
    public var signatures: [SignatureReport]
    /// Problems with the package as a whole: unreadable, or not signed at all.
    public var problems: [String]

    public init(signatures: [SignatureReport] = [], problems: [String] = []) {
        self.signatures = signatures
        self.problems = problems
    }

    /// True only when the package has at least one signature and every signature is valid.
    public var isValid: Bool {
        problems.isEmpty && !signatures.isEmpty && signatures.allSatisfy(\.isValid)
    }
}

/// The checks of one signature. Every flag must hold for `isValid`.
public struct SignatureReport: Sendable, Hashable {
    /// Where the signature is: `META-INF/documentsignatures.xml` (#n when there are several)
    /// or `_xmlsignatures/sig1.xml`.
    public var location: String
    /// The signer's certificate subject (RFC 4514, e.g. `C=GB,O=Example,CN=Jane Doe`).
    public var certificateSubject: String?
    public var certificateIssuer: String?
    /// The signing time the signature claims (XAdES `SigningTime`).
    public var signingTime: Date?
    /// Package entries the signature covers.
    public var coveredEntries: [String]
    /// Entries it does not cover (added after signing, or left out by the signer); an OOXML
    /// relationships part with unsigned relationships is listed as `part (relationship Id)`.
    public var uncoveredEntries: [String]
    /// References whose digest does not hold, with the reason (`content.xml: digest does not match`).
    public var failedReferences: [String]
    /// Every reference digest holds (entries and the signature's own signed properties).
    public var digestsHold: Bool
    /// The signature value over SignedInfo holds for the signer's certificate.
    public var signatureValueHolds: Bool
    /// The XAdES signed properties name this certificate (SigningCertificate digest), so the
    /// certificate cannot be swapped for another with the same key.
    public var certificateDigestHolds: Bool
    /// The certificate chains to one of the trusted certificates (false when none was given).
    public var chainsToTrusted: Bool
    /// Every problem found, in words.
    public var problems: [String]

    public var coversEveryEntry: Bool { uncoveredEntries.isEmpty }

    /// Everything but trust holds: the package is exactly what this certificate's holder signed.
    public var integrityHolds: Bool {
        coversEveryEntry && digestsHold && signatureValueHolds && certificateDigestHolds
    }

    public var isValid: Bool { integrityHolds && chainsToTrusted }

    init(location: String) {
        self.location = location
        coveredEntries = []
        uncoveredEntries = []
        failedReferences = []
        digestsHold = false
        signatureValueHolds = false
        certificateDigestHolds = false
        chainsToTrusted = false
        problems = []
    }
}
