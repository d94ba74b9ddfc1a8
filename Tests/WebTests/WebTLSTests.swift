import Foundation
import Hummingbird
import XCTest

@testable import Web

/// `--tls-cert/--tls-key`: the app serves HTTPS itself (HummingbirdTLS, NIOSSL).
final class WebTLSTests: XCTestCase {
    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTheAppServesHTTPSWithACertificateAndKey() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
        else { throw XCTSkip("needs openssl and curl") }
        let fixture = try WebFixture()
        let cert = fixture.parent + "/cert.pem"
        let key = fixture.parent + "/key.pem"
        let made = try run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj",
                "/CN=127.0.0.1",
            ])
        XCTAssertEqual(made.status, 0)
        let socket = try XCTUnwrap(freePort())
        let options = ServeOptions(host: "127.0.0.1", port: socket, tlsCertificate: cert, tlsKey: key)
        XCTAssertEqual(options.publicURL, "https://127.0.0.1:\(socket)")
        XCTAssertNoThrow(try options.checkExposure())
        XCTAssertNoThrow(try ServeOptions(host: "0.0.0.0", tlsCertificate: cert, tlsKey: key).checkExposure())
        XCTAssertThrowsError(try ServeOptions(host: "0.0.0.0").checkExposure())
        let app = try WebApp(workspace: fixture.workspace, engineVersion: "test", options: options)
        let server = Task { try await app.application().runService() }
        defer { server.cancel() }
        var answer = (status: Int32(-1), output: "")
        for _ in 0..<50 {
            answer = try run(
                "/usr/bin/curl", ["-sk", "-D", "-", "-o", "/dev/null", "https://127.0.0.1:\(socket)/login"])
            if answer.status == 0 { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        XCTAssertEqual(answer.status, 0, "an HTTPS answer")
        XCTAssertTrue(answer.output.hasPrefix("HTTP/1.1 200"), answer.output)
        XCTAssertTrue(answer.output.lowercased().contains("set-cookie: apdocs_csrf="))
        XCTAssertTrue(answer.output.lowercased().contains("; secure"), "cookies are Secure under TLS: \(answer.output)")
        let plain = try run("/usr/bin/curl", ["-s", "-o", "/dev/null", "http://127.0.0.1:\(socket)/login"])
        XCTAssertNotEqual(plain.status, 0, "no plain HTTP on the TLS port")
    }

    func testAMissingOrWrongPEMFileIsNamed() throws {
        let options = ServeOptions(tlsCertificate: "/nonexistent/cert.pem", tlsKey: "/nonexistent/key.pem")
        XCTAssertThrowsError(try options.tlsConfiguration()) { error in
            XCTAssertTrue("\(error)".contains("--tls-cert: cannot read a PEM certificate chain"), "\(error)")
        }
    }

    func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
