import ArgumentParser
import Foundation
import OfficeTemplate
import PackageSigning

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Seal a DOCX or ODT with an XML digital signature that Word, LibreOffice and others can verify.",
        discussion: """
            The signature covers every entry of the package: any change, or any file added, \
            breaks it. ODT: META-INF/documentsignatures.xml (ODF 1.2+, XAdES); DOCX: an OOXML \
            package signature under _xmlsignatures/. The key is read from your file and never \
            printed or logged. The file is replaced only once the signed one is complete.

            Examples:
              apdocs sign output/PL-2025-014/placement-agreement.odt --key key.pem --cert cert.pem
              apdocs sign agreement.docx --key key.pem --cert cert.pem --chain ca.pem -o signed.docx
            """)

    @Argument(help: "The document to seal (.docx or .odt).")
    var file: String

    @Option(help: "The signer's private key (PEM, no pass phrase).")
    var key: String

    @Option(name: .customLong("cert"), help: "The signer's certificate (PEM).")
    var certificate: String

    @Option(help: "Certificates of the chain up to the trust anchor (PEM), repeatable.")
    var chain: [String] = []

    @Option(name: .shortAndLong, help: "Write the signed document here instead of replacing FILE.")
    var output: String?

    func run() throws {
        guard let format = DocumentFormat(path: file) else {
            Terminal.error("\(file): only .docx and .odt files can be signed")
            throw ExitCode.failure
        }
        let bytes = try readFile(file)
        let signed = try report {
            try PackageSigner.sign(
                package: bytes, format: format, key: key, certificate: certificate, chain: chain, signingTime: Date())
        }
        try write(signed, to: output ?? file)
        Terminal.message("signed \(output ?? file)")
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every digital signature of a DOCX or ODT.",
        discussion: """
            For each signature: the signer's certificate, the signing time, whether every entry \
            of the package is covered, whether the digests and the signature value hold, and \
            whether the certificate chains to a trusted one. Exit status is 0 only when all hold.

            Examples:
              apdocs verify placement-agreement.odt --trusted school-ca.pem
              apdocs verify placement-agreement.docx --trusted cert.pem --json
            """)

    @Argument(help: "The signed document (.docx or .odt).")
    var file: String

    @Option(help: "A trusted certificate (PEM), repeatable.")
    var trusted: [String] = []

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    struct Report: Encodable {
        struct Signature: Encodable {
            var location: String
            var signer: String?
            var signingTime: Date?
            var coversEveryEntry: Bool
            var uncoveredEntries: [String]
            var digestsHold: Bool
            var signatureValueHolds: Bool
            var chainsToTrusted: Bool
            var problems: [String]
            var valid: Bool
        }
        var file: String
        var valid: Bool
        var signatures: [Signature]
        var problems: [String]
    }

    func run() throws {
        guard let format = DocumentFormat(path: file) else {
            Terminal.error("\(file): only .docx and .odt files carry these signatures")
            throw ExitCode.failure
        }
        let verification = PackageVerifier.verify(package: try readFile(file), format: format, trusted: trusted)
        let result = Report(
            file: file, valid: verification.isValid,
            signatures: verification.signatures.map {
                .init(
                    location: $0.location, signer: $0.certificateSubject, signingTime: $0.signingTime,
                    coversEveryEntry: $0.coversEveryEntry,
                    uncoveredEntries: $0.uncoveredEntries, digestsHold: $0.digestsHold,
                    signatureValueHolds: $0.signatureValueHolds,
                    chainsToTrusted: $0.chainsToTrusted, problems: $0.problems, valid: $0.isValid)
            }, problems: verification.problems)
        if json {
            try printJSON(result)
        } else {
            for problem in result.problems { Terminal.error("\(file): \(problem)") }
            if result.signatures.isEmpty { Terminal.error("\(file): has no digital signature") }
            for (index, signature) in result.signatures.enumerated() {
                let mark = { (ok: Bool) in ok ? "yes" : "NO" }
                print("signature \(index + 1) (\(signature.location)): \(signature.valid ? "VALID" : "NOT VALID")")
                print("  signer:               \(signature.signer ?? "unknown")")
                print(
                    "  signing time:         \(signature.signingTime.map { ISODateWriter.dateTime($0) } ?? "not given")"
                )
                print(
                    "  every entry covered:  \(mark(signature.coversEveryEntry))"
                        + (signature.uncoveredEntries.isEmpty
                            ? "" : " (not covered: \(signature.uncoveredEntries.joined(separator: ", ")))"))
                print("  digests hold:         \(mark(signature.digestsHold))")
                print("  signature value:      \(mark(signature.signatureValueHolds))")
                print(
                    "  chains to trusted:    \(mark(signature.chainsToTrusted))"
                        + (trusted.isEmpty ? " (no --trusted certificate given)" : ""))
                for problem in signature.problems { print("  problem: \(problem)") }
            }
        }
        if !result.valid { throw ExitCode.failure }
    }
}

func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        Terminal.error("cannot read \(path); check that it exists and that you may read it")
        throw ExitCode.failure
    }
    return [UInt8](data)
}
