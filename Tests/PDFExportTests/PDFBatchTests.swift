import Foundation
import XCTest

@testable import PDFExport

/// Large batches and the second try, with real LibreOffice.
final class PDFBatchTests: PDFTestCase {
    /// 300 documents through one process slot: past the 241st, where LibreOffice's launcher used to
    /// drop every further document without a word (it passes on at most 253 arguments). Progress
    /// counts the PDFs as they are made.
    func testBatchPastLibreOfficesArgumentLimit() throws {
        let input = path("in")
        let output = path("out")
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let fixture = (Self.templates as NSString).appendingPathComponent("simple.docx")
        let documents = try (0..<300).map { index in
            let document = (input as NSString).appendingPathComponent("d\(index).docx")
            try FileManager.default.copyItem(atPath: fixture, toPath: document)
            return document
        }
        let seen = ProgressLog()
        // Asks for more per run than the launcher passes on: the converter keeps within its bound.
        let converter = PDFConverter(options: PDFOptions(processes: 1, documentsPerRun: 10_000, workFolder: scratch))
        let results = try converter.convert(documents, outputFolder: { _ in output }) { seen.append($0) }

        let failures = results.compactMap(\.error)
        XCTAssertEqual(failures, [], "\(failures.prefix(3))")
        XCTAssertEqual(results.filter(\.succeeded).count, 300)
        XCTAssertEqual(contents(output).filter { $0.hasSuffix(".pdf") }.count, 300)
        XCTAssertTrue(PDFConverter.isCompletePDF(path("out/d299.pdf")))
        XCTAssertEqual(try pageCount(path("out/d299.pdf")), 1)
        XCTAssertTrue(results.allSatisfy { $0.firstAttemptError == nil }, "no document needed a second try")

        let reports = seen.values
        XCTAssertEqual(reports.last, PDFProgress(made: 300, failed: 0, total: 300))
        XCTAssertTrue(reports.allSatisfy { $0.total == 300 && $0.failed == 0 && $0.retrying == 0 })
        // Counted while LibreOffice ran, not only at the end of each run.
        XCTAssertTrue(reports.contains { ![0, 150, 300].contains($0.made) }, "\(reports.map(\.made))")
    }

    /// A document LibreOffice leaves unconverted without a reason is tried once more, in a fresh
    /// process with a fresh profile, and its PDF made; the first try's reason is kept. Here the
    /// first `soffice` call behaves as the launcher did past its argument limit: it passes on
    /// only the first document.
    func testUnconvertedDocumentIsRetriedOnceInAFreshProcess() throws {
        let fixed = PDFConverter.sofficeArguments(profileURL: "", filter: "", pdfA: false, outputFolder: "", documents: []).count
        let wrapper = try sofficeWrapper(firstCall: "exec \"$SOFFICE\" \"${@:1:\(fixed + 1)}\"")
        let input = path("in")
        let documents = try ["letter.docx", "bullets.docx", "simple.docx"].map { try copyFixture($0, to: input) }
        let seen = ProgressLog()
        let results = try PDFConverter(options: PDFOptions(sofficePath: wrapper, workFolder: path("work")))
            .convert(documents, outputFolder: { _ in self.path("out") }) { seen.append($0) }

        XCTAssertEqual(results.map(\.error), [nil, nil, nil], "\(results)")
        XCTAssertEqual(contents(path("out")), ["bullets.pdf", "letter.pdf", "simple.pdf"])
        XCTAssertEqual(try pageCount(path("out/simple.pdf")), 1)
        XCTAssertNil(results[0].firstAttemptError)
        for result in results.dropFirst() {
            let first = try XCTUnwrap(result.firstAttemptError)
            XCTAssertEqual(
                first,
                "LibreOffice ended normally without converting it or saying why (it answered for 1 of the 3 documents of that run)"
            )
        }
        // Two calls, the second with its own profile.
        let profiles = try sofficeCalls()
        XCTAssertEqual(profiles.count, 2)
        XCTAssertNotEqual(profiles.first, profiles.last)
        XCTAssertTrue(profiles.allSatisfy { $0.hasPrefix("-env:UserInstallation=file://") }, "\(profiles)")
        // Progress: 2 failed after the first call, then retried, then all made.
        XCTAssertTrue(seen.values.contains { $0.failed == 2 && $0.retrying == 2 }, "\(seen.values)")
        XCTAssertEqual(seen.values.last, PDFProgress(made: 3, failed: 0, total: 3, retrying: 2))
        XCTAssertEqual(contents(path("work")), [])
    }

    /// A document on which LibreOffice hangs is blamed alone when the run times out: the documents
    /// after it get a fresh process at once, and it gets its second try.
    func testTimeoutBlamesTheDocumentLibreOfficeWasOn() throws {
        // The first call hangs on its first document; later calls are real LibreOffice.
        let wrapper = try sofficeWrapper(firstCall: "exec sleep 600")
        let documents = try ["letter.docx", "bullets.docx", "simple.docx"].map { try copyFixture($0, to: path("in")) }
        let started = Date()
        let results = try PDFConverter(
            options: PDFOptions(sofficePath: wrapper, timeoutSeconds: 15, timeoutPerDocumentSeconds: 0, workFolder: path("work"))
        ).convert(documents, outputFolder: path("out"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)

        XCTAssertEqual(results.map(\.error), [nil, nil, nil], "\(results)")
        XCTAssertEqual(contents(path("out")), ["bullets.pdf", "letter.pdf", "simple.pdf"])
        XCTAssertEqual(
            results[0].firstAttemptError,
            "LibreOffice did not finish within 15 s (timeout) while loading or converting it; its processes were killed")
        // The others were not held up by it: converted in the next process, no second try needed.
        XCTAssertNil(results[1].firstAttemptError)
        XCTAssertNil(results[2].firstAttemptError)
        XCTAssertEqual(try sofficeCalls().count, 3)
    }

    /// A stand-in for `soffice` that runs `firstCall` (bash, with `$SOFFICE` the real one) the first
    /// time and the real LibreOffice after that, recording each call's first argument (its profile).
    func sofficeWrapper(firstCall: String) throws -> String {
        let realSoffice = try PDFConverter().locateSoffice()
        let calls = path("calls")
        try FileManager.default.createDirectory(atPath: calls, withIntermediateDirectories: true)
        let wrapper = path("soffice-wrapper")
        try """
        #!/bin/bash
        SOFFICE='\(realSoffice)'
        n=$(ls '\(calls)' | wc -l); n=$((n + 1))
        printf '%s\\n' "$1" > '\(calls)'/$n
        if [ "$n" = 1 ]; then \(firstCall); fi
        exec "$SOFFICE" "$@"
        """.write(toFile: wrapper, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(wrapper, 0o755), 0)
        return wrapper
    }

    /// The first argument of each call of the wrapper, in order.
    func sofficeCalls() throws -> [String] {
        let calls = path("calls")
        return try contents(calls).sorted { Int($0)! < Int($1)! }.map {
            try String(contentsOfFile: (calls as NSString).appendingPathComponent($0), encoding: .utf8)
        }
    }
}

/// Progress reports collected across threads.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [PDFProgress] = []
    func append(_ report: PDFProgress) { lock.withLock { reports.append(report) } }
    var values: [PDFProgress] { lock.withLock { reports } }
}
