import Foundation
import OfficeTemplate
import XCTest

/// Throwaway certificates, fixture documents and the external verifiers for the signing tests.
///
/// Certificates and keys are made at test time with `openssl` in a temporary folder and
/// deleted afterwards; none is committed.
enum SigningSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/oracles` beside the repository (or `$APDOCS_SHARED/oracles`): the checks others
    /// wrote. A bare clone has no `shared/`; the tests that need it are skipped, saying so.
    static let oracles: URL = {
        if let shared = ProcessInfo.processInfo.environment["APDOCS_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("oracles")
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/oracles")
    }()

    /// The path of one of the shared oracles; skips the test when `shared/` is not there.
    static func oracle(_ name: String) throws -> String {
        let path = oracles.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip(
                "\(name) needs shared/oracles (not at \(oracles.path)); "
                    + "put shared/ beside the repository or set APDOCS_SHARED (make test SHARED=DIR)")
        }
        return path
    }

    /// The project's own checks through Debian tools (`Tests/tools`), which need no `shared/`.
    static let tools: URL = repositoryRoot.appendingPathComponent("Tests/tools")

    /// The interpreter `make deps` provided the modules for (`make test` passes `PYTHON`).
    static let python: String = ProcessInfo.processInfo.environment["APDOCS_PYTHON"] ?? "python3"

    struct Output {
        var status: Int32
        var text: String
    }

    /// Runs a program; `text` is stdout and stderr together.
    @discardableResult
    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }

    static func have(_ tool: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(tool)"]).status) == 0
    }

    /// A temporary folder with a signer (key.pem, cert.pem), an impostor (other-key.pem,
    /// other-cert.pem) and, when certutil is there, an NSS database trusting the signer.
    final class Workspace {
        let path: String
        var key: String { path + "/key.pem" }
        var cert: String { path + "/cert.pem" }
        var otherKey: String { path + "/other-key.pem" }
        var otherCert: String { path + "/other-cert.pem" }
        var nssdb: String { path + "/nssdb" }

        init() throws {
            path = NSTemporaryDirectory() + "apdocs-signing-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try makeCertificate(name: "APDocs Test Signer", key: key, cert: cert)
            try makeCertificate(name: "APDocs Impostor", key: otherKey, cert: otherCert)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        private func makeCertificate(name: String, key: String, cert: String) throws {
            let result = try run(
                [
                    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "3650", "-nodes",
                    "-keyout", key, "-out", cert, "-subj", "/CN=\(name)/O=APDocs Test/C=GB",
                    "-addext", "keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign",
                    "-addext", "basicConstraints=critical,CA:TRUE",
                ], in: path)
            guard result.status == 0 else { throw XCTSkip("openssl req failed: \(result.text)") }
        }

        /// The NSS database LibreOffice reads (MOZILLA_CERTIFICATE_FOLDER), trusting cert.pem.
        func makeNSSDatabase() throws {
            if FileManager.default.fileExists(atPath: nssdb) { return }
            let steps: [[String]] = [
                [
                    "openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-name", "test",
                    "-out", path + "/cert.p12", "-passout", "pass:secret",
                ],
                ["mkdir", nssdb],
                ["certutil", "-N", "-d", "sql:" + nssdb, "--empty-password"],
                ["pk12util", "-i", path + "/cert.p12", "-d", "sql:" + nssdb, "-W", "secret", "-K", ""],
                ["certutil", "-M", "-d", "sql:" + nssdb, "-n", "test", "-t", "CTu,Cu,Cu"],
            ]
            for step in steps {
                let result = try run(step, in: path)
                guard result.status == 0 else { throw XCTSkip("\(step[0]) failed: \(result.text)") }
            }
        }

        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let file = path + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            return file
        }
    }

    /// A fixture template filled by OfficeTemplate, as APDocs would produce it.
    static func renderedFixture(_ name: String, format: DocumentFormat) throws -> [UInt8] {
        let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")
        let template = try Template(contentsOf: fixtures.appendingPathComponent("templates/\(name).\(format.rawValue)").path)
        let data = try DataLoader.load(contentsOf: fixtures.appendingPathComponent("data/\(name).json").path)
        return try template.render(data.value).bytes
    }

    // MARK: Zip surgery with Python's zipfile (an independent zip writer)

    /// Rewrites `file` with Python: `script` gets `names` (list) and `data` (dict name→bytes)
    /// and may change both; the result keeps the order of `names`, mimetype stored.
    static func rezip(_ file: String, to output: String, script: String) throws {
        let program = """
            import sys, zipfile
            src, dst = sys.argv[1], sys.argv[2]
            zin = zipfile.ZipFile(src)
            names = [i.filename for i in zin.infolist()]
            data = {n: zin.read(n) for n in names}
            \(script.split(separator: "\n").joined(separator: "\n"))
            with zipfile.ZipFile(dst, 'w') as zout:
                for n in names:
                    zout.writestr(n, data[n], zipfile.ZIP_STORED if n == 'mimetype' else zipfile.ZIP_DEFLATED)
            """
        let result = try run([python, "-c", program, file, output])
        guard result.status == 0 else { throw XCTSkip("python3 zipfile failed: \(result.text)") }
    }

    // MARK: LibreOffice's verdict

    struct LibreOfficeVerdict {
        var signatures: Int
        var lines: [String]
        var allValidAndTrusted: Bool {
            signatures > 0 && lines.allSatisfy { $0.contains("SignatureIsValid=True") && $0.contains("CertificateStatus=0 ") }
        }
        var anyValid: Bool { lines.contains { $0.contains("SignatureIsValid=True") } }
    }

    /// Runs `Tests/tools/lo_signatures.py verify` once for all files; LibreOffice's verdict per file.
    static func libreOfficeVerify(_ files: [String], workspace: Workspace) throws -> (String, [String: LibreOfficeVerdict]) {
        guard FileManager.default.fileExists(atPath: "/usr/bin/soffice"), have("certutil") else {
            throw XCTSkip("LibreOffice or certutil missing (make deps)")
        }
        try workspace.makeNSSDatabase()
        let result = try run(
            ["/usr/bin/python3", tools.appendingPathComponent("lo_signatures.py").path, "verify"] + files,
            in: workspace.path,
            environment: [
                "MOZILLA_CERTIFICATE_FOLDER": workspace.nssdb,
                "LO_PROFILE": "file://" + workspace.path + "/lo-profile",
            ])
        var verdicts: [String: LibreOfficeVerdict] = [:]
        var current: String?
        for line in result.text.split(separator: "\n").map(String.init) {
            if let file = files.first(where: { line.hasPrefix($0 + ":") }) {
                current = file
                let count = Int(line.dropFirst(file.count + 2).split(separator: " ").first ?? "") ?? 0
                verdicts[file] = LibreOfficeVerdict(signatures: count, lines: [])
            } else if let current, line.hasPrefix("  SignatureIsValid") {
                verdicts[current]?.lines.append(line)
            }
        }
        return (result.text, verdicts)
    }
}

// MARK: - Tampering

extension SigningSupport {
    /// Flips the case of one letter of the first text in `entry` (one byte changed).
    static func changeOneByte(of entry: String, in file: String, to output: String, textElement: String) throws {
        try rezip(
            file, to: output,
            script: """
                import re
                d = data['\(entry)']
                m = re.search(rb'<\(textElement)[^>]*>([A-Za-z])', d)
                i = m.start(1)
                data['\(entry)'] = d[:i] + bytes([d[i] ^ 0x20]) + d[i+1:]
                """)
    }

    /// Adds an entry that was not there when the package was signed.
    static func addEntry(_ name: String, in file: String, to output: String) throws {
        try rezip(file, to: output, script: "names.append('\(name)'); data['\(name)'] = b'added after signing'")
    }

    /// Puts `certificate` (PEM file) in place of the first X509Certificate of `signaturePart`.
    static func replaceCertificate(in file: String, signaturePart: String, with certificate: String, to output: String) throws {
        try rezip(
            file, to: output,
            script: """
                import re
                pem = open('\(certificate)').read()
                b64 = ''.join(l for l in pem.splitlines() if l and not l.startswith('-----')).encode()
                data['\(signaturePart)'] = re.sub(rb'<X509Certificate>[^<]*</X509Certificate>',
                                                  b'<X509Certificate>' + b64 + b'</X509Certificate>',
                                                  data['\(signaturePart)'], count=1)
                """)
    }
}
