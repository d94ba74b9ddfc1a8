import Foundation
import HTTPTypes
import HummingbirdTesting
import Placement
import Workspaces
import XCTest

@testable import Web

final class WebSigningTests: XCTestCase {
    /// A 1×1 PNG, as the canvas posts it.
    static let drawing =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

    func testASigningLinkRecordsADrawnSignatureOnceWithAnAuditRecord() async throws {
        let fixture = try WebFixture()
        try fixture.build()
        let (token, link) = try SigningLinks.create(placement: "PL-2025-016", role: .pupil, by: "test", in: fixture.workspace)
        XCTAssertEqual(token.count, 22, "128 bits in URL-safe base64")
        let stored = try fixture.read(".apdocs/signing-links.json")
        XCTAssertFalse(stored.contains(token), "only the hash is kept")
        XCTAssertTrue(stored.contains(link.tokenHash))
        try await fixture.test { client in
            let signer = Browser(client)
            let page = try await signer.get("/sign/\(token)")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("signer_name") && page.text.contains("consent"))
            let sha = try XCTUnwrap(
                page.text.range(of: #"name="document_sha256" value="[0-9a-f]{64}""#, options: .regularExpression).map {
                    String(page.text[$0].suffix(65).dropLast())
                })
            let manifest = try Manifest.load(outputFolder: fixture.workspace.outputFolder, engineVersion: "test")
            XCTAssertEqual(
                manifest.files.first { $0.placement == "PL-2025-016" && $0.kind == .placementAgreement }?.fileSHA256, sha)
            let document = try await signer.get("/sign/\(token)/document")
            XCTAssertEqual(document.status, .ok)
            let csrf = try XCTUnwrap(Browser.csrf(page))
            let fields = [
                ("csrf", csrf), ("document_sha256", sha), ("signer_name", "Test Pupil"), ("signature", Self.drawing),
                ("consent", "yes"),
            ]
            let signed = try await signer.post("/sign/\(token)", fields, headers: [.userAgent: "TestAgent/1.0"])
            XCTAssertEqual(signed.status, .ok, signed.text)
            XCTAssertTrue(signed.text.contains("Thank you"))
            // Recorded through SignatureRecorder: one line in the YAML, the PNG in the workspace.
            let yaml = try fixture.read("placements/PL-2025-016.yaml")
            XCTAssertTrue(yaml.contains(#"role: pupil, name: "Test Pupil""#) && yaml.contains("method: drawn"), yaml)
            XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.root + "/placements/signatures/PL-2025-016-pupil.png"))
            let audit = AuditLog.read(files: WebFiles(workspace: fixture.workspace))
            let record = try XCTUnwrap(audit.last { $0.action == "sign" })
            XCTAssertEqual(record.documentSHA256, sha)
            XCTAssertEqual(record.role, "pupil")
            XCTAssertEqual(record.userAgent, "TestAgent/1.0")
            XCTAssertNotNil(record.ipAddress)
            XCTAssertFalse(try fixture.read(".apdocs/audit.log").contains("Test Pupil"), "the audit log names fields, not values")
            // Single use: the page and a second submission are refused, nothing more is written.
            let response1 = try await signer.get("/sign/\(token)").status
            XCTAssertEqual(response1, .gone)
            let again = try await signer.post(
                "/sign/\(token)", fields.map { $0.0 == "signer_name" ? ($0.0, "Someone Else") : $0 })
            XCTAssertEqual(again.status, .gone)
            XCTAssertFalse(try fixture.read("placements/PL-2025-016.yaml").contains("Someone Else"))
        }
    }

    func testATypedSignatureNeedsANameAndConsentAndKeepsWhatWasTyped() async throws {
        let fixture = try WebFixture()
        try fixture.build()
        let (token, _) = try SigningLinks.create(placement: "PL-2025-017", role: .parentCarer, by: "test", in: fixture.workspace)
        try await fixture.test { client in
            let signer = Browser(client)
            let page = try await signer.get("/sign/\(token)")
            let csrf = try XCTUnwrap(Browser.csrf(page))
            let sha = String(
                page.text[page.text.range(of: #"value="[0-9a-f]{64}""#, options: .regularExpression)!].dropFirst(7).dropLast())
            let noConsent = try await signer.post(
                "/sign/\(token)", [("csrf", csrf), ("document_sha256", sha), ("signer_name", "Pat Carer")])
            XCTAssertEqual(noConsent.status, .unprocessableContent)
            XCTAssertTrue(noConsent.text.contains(#"value="Pat Carer""#), "what was typed is kept")
            XCTAssertTrue(noConsent.text.contains("tick the box"))
            let stale = try await signer.post(
                "/sign/\(token)",
                [
                    ("csrf", csrf), ("document_sha256", String(repeating: "0", count: 64)), ("signer_name", "Pat Carer"),
                    ("consent", "yes"),
                ])
            XCTAssertEqual(stale.status, .conflict, "a signature is for the version shown")
            let noToken = try await signer.post(
                "/sign/\(token)", [("document_sha256", sha), ("signer_name", "Pat Carer"), ("consent", "yes")])
            XCTAssertEqual(noToken.status, .forbidden)
            XCTAssertFalse(try fixture.read("placements/PL-2025-017.yaml").contains("Pat Carer"))
            let signed = try await signer.post(
                "/sign/\(token)", [("csrf", csrf), ("document_sha256", sha), ("signer_name", "Pat Carer"), ("consent", "yes")])
            XCTAssertEqual(signed.status, .ok)
            XCTAssertTrue(try fixture.read("placements/PL-2025-017.yaml").contains(#"role: parent-carer, name: "Pat Carer""#))
            XCTAssertTrue(try fixture.read("placements/PL-2025-017.yaml").contains("method: typed"))
        }
    }

    func testExpiredAndRevokedLinksDoNotWork() async throws {
        let fixture = try WebFixture()
        try fixture.build()
        let longAgo = Date().addingTimeInterval(-15 * 86400)
        let (expired, _) = try SigningLinks.create(
            placement: "PL-2025-018", role: .pupil, by: "test", in: fixture.workspace, now: longAgo)
        let (revoked, link) = try SigningLinks.create(
            placement: "PL-2025-018", role: .provider, by: "test", in: fixture.workspace)
        let (open, _) = try SigningLinks.create(placement: "PL-2025-018", role: .school, by: "test", in: fixture.workspace)
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let page = try await staff.get("/placements/PL-2025-018")
            XCTAssertTrue(page.text.contains("expired") && page.text.contains("open"))
            let response2 = try await staff.post("/placements/PL-2025-018/signing-links/\(link.id)/revoke", [("csrf", csrf)])
                .status
            XCTAssertEqual(response2, .seeOther)
            let signer = Browser(client)
            let response3 = try await signer.get("/sign/\(expired)").status
            XCTAssertEqual(response3, .gone)
            let response4 = try await signer.get("/sign/\(revoked)").status
            XCTAssertEqual(response4, .gone)
            let response5 = try await signer.get("/sign/\(open)").status
            XCTAssertEqual(response5, .ok)
        }
    }

    func testDownloadsStayInsideTheOutputFolder() async throws {
        let fixture = try WebFixture()
        try fixture.build()
        try await fixture.test { client in
            let staff = Browser(client)
            try await staff.logIn()
            let good = try await staff.get("/download?path=PL-2025-015%2Fplacement-agreement.docx")
            XCTAssertEqual(good.status, .ok)
            XCTAssertEqual(good.body.getBytes(at: 0, length: 2), [0x50, 0x4B], "a zip package")
            for path in [
                "..%2Fapdocs.yaml", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "PL-2025-015%2F..%2F..%2Fapdocs.yaml",
                "manifest.json", "..%2F.apdocs%2Fusers.json",
            ] {
                let response = try await staff.get("/download?path=\(path)")
                XCTAssertEqual(response.status, .notFound, path)
                XCTAssertFalse(response.text.contains("passwordHash"))
            }
        }
        XCTAssertNil(WebApp.resolveInside(fixture.workspace.outputFolder, "../apdocs.yaml"))
        XCTAssertNil(WebApp.resolveInside(fixture.workspace.outputFolder, "/etc/passwd"))
        XCTAssertNotNil(WebApp.resolveInside(fixture.workspace.outputFolder, "PL-2025-015/placement-agreement.docx"))
        // A link planted in the output folder does not lead out of it.
        try FileManager.default.createSymbolicLink(
            atPath: fixture.workspace.outputFolder + "/escape", withDestinationPath: fixture.root)
        XCTAssertNil(WebApp.resolveInside(fixture.workspace.outputFolder, "escape/apdocs.yaml"))
    }

    func testStaffCreateALinkOnThePlacementPageAndTheDashboardShowsTheBuild() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let documents = try await staff.buildAndWait(csrf: csrf)
            XCTAssertTrue(documents.text.contains("PL-2025-016/placement-agreement"))
            let made = try await staff.post(
                "/placements/PL-2025-016/signing-links", [("csrf", csrf), ("role", "parent-carer"), ("days", "14")])
            let url = try XCTUnwrap(
                made.text.range(of: #"/sign/[A-Za-z0-9_-]{22}"#, options: .regularExpression).map { String(made.text[$0]) })
            let response6 = try await Browser(client).get(url).status
            XCTAssertEqual(response6, .ok)
            let log = AuditLog.read(files: WebFiles(workspace: fixture.workspace))
            XCTAssertEqual(log.map(\.action), ["build", "create-signing-link"])
            XCTAssertEqual(log.last?.actor, WebFixture.user)
        }
    }
}

extension WebSigningTests {
    func testTheLastSignatureRemakesTheAgreementAsSigned() async throws {
        // Signatures made through a link carry the real date: judge by today, not the sample's
        // pinned issue date (a signature after it would read as dated in the future).
        let fixture = try WebFixture(judgeByToday: true)
        try fixture.build()
        func agreement() throws -> Manifest.Entry? {
            try Manifest.load(outputFolder: fixture.workspace.outputFolder, engineVersion: "test").files.first {
                $0.placement == "PL-2025-015" && $0.kind == .placementAgreement
            }
        }
        XCTAssertEqual(try agreement()?.signatureState, .partlySigned)
        for role in [SignatureRole.provider, .pupil] {
            let (token, _) = try SigningLinks.create(placement: "PL-2025-015", role: role, by: "test", in: fixture.workspace)
            try await fixture.test { client in
                let signer = Browser(client)
                let page = try await signer.get("/sign/\(token)")
                let sha = String(
                    page.text[page.text.range(of: #"value="[0-9a-f]{64}""#, options: .regularExpression)!].dropFirst(7).dropLast()
                )
                let signed = try await signer.post(
                    "/sign/\(token)",
                    [
                        ("csrf", try XCTUnwrap(Browser.csrf(page))), ("document_sha256", sha),
                        ("signer_name", "Signer \(role.rawValue)"), ("consent", "yes"),
                    ])
                XCTAssertEqual(signed.status, .ok)
            }
        }
        XCTAssertEqual(try agreement()?.signatureState, .signed, "made again with every signature")
    }
}
