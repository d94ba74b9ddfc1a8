import Foundation
import HTTPTypes
import HummingbirdTesting
import Workspaces
import XCTest

@testable import Web

extension Browser {
    /// Presses Build, then follows the progress page (as its refresh would) to the documents.
    func buildAndWait(csrf: String) async throws -> TestResponse {
        let started = try await post("/documents/build", [("csrf", csrf)])
        XCTAssertEqual(started.status, .seeOther)
        XCTAssertEqual(started.headers[.location], "/documents/build")
        for _ in 0..<600 {
            let progress = try await get("/documents/build")
            if progress.status == .seeOther, let location = progress.headers[.location] { return try await get(location) }
            XCTAssertTrue(progress.text.contains(#"<meta http-equiv="refresh" content="1">"#), "the page refreshes itself")
            XCTAssertTrue(progress.text.contains("<progress"))
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw WebError("the build did not finish in a minute")
    }
}

final class WebDocumentTests: XCTestCase {
    func testABuildRunsInTheBackgroundWithItsProgressShownThenTheDocumentsAreListed() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let staff = Browser(client)
            let csrf = try await staff.logIn()
            let before = try await staff.get("/documents/build")
            XCTAssertEqual(before.headers[.location], "/documents", "no build yet: straight to the documents")
            let documents = try await staff.buildAndWait(csrf: csrf)
            XCTAssertTrue(documents.text.contains("Build finished:"), documents.text)
            XCTAssertTrue(documents.text.contains("PL-2025-016/placement-agreement"))
            XCTAssertTrue(documents.text.contains(#"href="/documents/preview?path=PL-2025-016%2Fplacement-agreement.docx""#))
            let status = try await staff.get("/documents/build/status")
            XCTAssertEqual(status.headers[.contentType], "application/json")
            let state = try JSONDecoder().decode(BuildProgress.State.self, from: Data(status.text.utf8))
            XCTAssertFalse(state.running)
            XCTAssertGreaterThan(state.total, 0)
            XCTAssertEqual(state.done, state.total)
            let anonymous = try await Browser(client).get("/documents/build/status")
            XCTAssertEqual(anonymous.status, .seeOther, "the status needs a login too")
        }
        XCTAssertEqual(AuditLog.read(files: WebFiles(workspace: fixture.workspace)).map(\.action), ["build"])
    }

    /// The preview frames the PDF; only that response may be framed, and by this app only.
    func testAPreviewFramesThePDFServedInlineUnderTheCSP() async throws {
        let fixture = try WebFixture()
        try fixture.build()
        // A PDF beside the agreement, as LibreOffice would make with `pdf` in formats.
        let output = fixture.workspace.outputFolder
        var manifest = try Manifest.load(outputFolder: output, engineVersion: "test")
        let index = try XCTUnwrap(manifest.files.firstIndex { $0.path == "PL-2025-016/placement-agreement.docx" })
        let pdf = Array("%PDF-1.4\n%test\n".utf8)
        try Data(pdf).write(to: URL(fileURLWithPath: output + "/PL-2025-016/placement-agreement.pdf"))
        let record =
            #"{"path": "PL-2025-016/placement-agreement.pdf", "fileSHA256": "\#(Digest.sha256(pdf))", "sourceSHA256": "x"}"#
        manifest.files[index].pdf = try JSONDecoder().decode(Manifest.PDFRecord.self, from: Data(record.utf8))
        try manifest.save(outputFolder: output)
        try await fixture.test { client in
            let staff = Browser(client)
            _ = try await staff.logIn()
            let page = try await staff.get("/documents/preview?path=PL-2025-016%2Fplacement-agreement.docx")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(
                page.text.contains(
                    #"<iframe class="preview" src="/download?path=PL-2025-016%2Fplacement-agreement.pdf&amp;inline=1""#),
                page.text)
            XCTAssertEqual(page.headers[.xFrameOptions], "DENY")
            XCTAssertTrue(page.headers[.contentSecurityPolicy]?.contains("frame-src 'self'") == true)
            XCTAssertTrue(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let inline = try await staff.get("/download?path=PL-2025-016%2Fplacement-agreement.pdf&inline=1")
            XCTAssertEqual(inline.status, .ok)
            XCTAssertEqual(inline.headers[.contentType], "application/pdf")
            XCTAssertEqual(inline.headers[.contentDisposition], #"inline; filename="placement-agreement.pdf""#)
            XCTAssertEqual(inline.headers[.xFrameOptions], "SAMEORIGIN")
            XCTAssertEqual(inline.headers[.contentSecurityPolicy], WebMiddleware.framedPDFPolicy)
            XCTAssertFalse(WebMiddleware.framedPDFPolicy.contains("script"))
            let docx = try await staff.get("/download?path=PL-2025-016%2Fplacement-agreement.docx&inline=1")
            XCTAssertTrue(docx.headers[.contentDisposition]?.hasPrefix("attachment") == true, "only a PDF is shown inline")
            XCTAssertEqual(docx.headers[.xFrameOptions], "DENY")
            let outside = try await staff.get("/documents/preview?path=..%2Fapdocs.yaml")
            XCTAssertEqual(outside.status, .notFound)
            let noPDF = try await staff.get("/documents/preview?path=PL-2025-014%2Fplacement-agreement.docx")
            XCTAssertTrue(noPDF.text.contains("no PDF of this document"), noPDF.text)
        }
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}
