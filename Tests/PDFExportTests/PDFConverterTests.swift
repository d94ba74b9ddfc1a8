import Foundation
import XCTest

@testable import PDFExport

/// Real LibreOffice (libreoffice-writer-nogui) and poppler-utils (`pdfinfo`, `pdftotext`), no mocks.
/// Each soffice start costs about a second, so the batch test checks many things in one run.
final class PDFConverterTests: PDFTestCase {
    // MARK: -

    /// Good documents convert while broken ones in the same batch are named with a clear reason;
    /// stale PDFs of failed documents are removed; output is atomic and the work folder is cleaned.
    func testBatchConvertsGoodDocumentsAndNamesBrokenOnes() throws {
        let input = path("in")
        let output = path("out")
        let work = path("work")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let letter = try copyFixture("letter.docx", to: input)
        let bullets = try copyFixture("bullets.docx", to: input)
        let simple = try copyFixture("simple.odt", to: input)
        // Random bytes named .docx: without --infilter LibreOffice would import them as plain text.
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<6000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let random = path("in/random.docx")
        try noise.write(to: URL(fileURLWithPath: random))
        // A zip cut in half.
        let truncated = path("in/truncated.docx")
        let whole = try Data(contentsOf: URL(fileURLWithPath: letter))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        let empty = path("in/empty.docx")
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let missing = path("in/missing.odt")
        let notes = path("in/notes.txt")
        try "notes".write(toFile: notes, atomically: true, encoding: .utf8)
        // Older PDFs: one of a document that now fails (stale), one of a document that converts.
        try "%PDF-1.4 old".write(toFile: path("out/random.pdf"), atomically: true, encoding: .utf8)
        try "%PDF-1.4 old".write(toFile: path("out/empty.pdf"), atomically: true, encoding: .utf8)
        try "%PDF-1.4 old".write(toFile: path("out/letter.pdf"), atomically: true, encoding: .utf8)

        // Two processes even for this small batch, so the split (and mixed formats) is exercised.
        let converter = PDFConverter(
            options: PDFOptions(timeoutSeconds: 120, processes: 2, minDocumentsPerProcess: 1, workFolder: work))
        let documents = [letter, random, simple, truncated, bullets, empty, missing, notes]
        let results = try converter.convert(documents, outputFolder: output)

        XCTAssertEqual(results.map(\.source), documents)
        let bySource = Dictionary(uniqueKeysWithValues: results.map { ($0.source, $0) })

        // The good ones: page count and text.
        let expected: [(String, Int, String)] = [
            (letter, 2, "Our ref: {{ placement.ref }}"),
            (simple, 1, "Simple substitution"),
            (bullets, 1, "Items to bring"),
        ]
        for (source, pages, phrase) in expected {
            let result = try XCTUnwrap(bySource[source])
            XCTAssertNil(result.error, "\(result)")
            let pdf = try XCTUnwrap(result.pdf)
            XCTAssertEqual(pdf, PDFConverter.pdfPath(for: source, in: output))
            XCTAssertEqual(try pageCount(pdf), pages, pdf)
            XCTAssertTrue(try text(pdf).contains(phrase), "\(pdf) lacks \(phrase)")
        }

        // The broken ones name the document and say why.
        for source in [random, truncated] {
            let error = try XCTUnwrap(bySource[source]?.error, source)
            XCTAssertTrue(error.hasPrefix(source), error)
            XCTAssertTrue(error.contains("LibreOffice could not load it: source file could not be loaded"), error)
            // Tried once more in a fresh process, which said the same.
            XCTAssertTrue(error.contains("(the same on a second try in a fresh LibreOffice process)"), error)
            XCTAssertEqual(bySource[source]?.firstAttemptError, "LibreOffice could not load it: source file could not be loaded")
            XCTAssertNil(bySource[source]?.pdf)
        }
        // Documents that converted, or failed before LibreOffice was asked, are not retried.
        for source in [letter, simple, bullets, empty, missing, notes] {
            XCTAssertNil(bySource[source]?.firstAttemptError, source)
        }
        XCTAssertTrue(try XCTUnwrap(bySource[empty]?.error).contains("empty"))
        XCTAssertTrue(try XCTUnwrap(bySource[missing]?.error).contains("not found"))
        XCTAssertTrue(try XCTUnwrap(bySource[notes]?.error).contains("not a .docx or .odt"))

        // Stale PDFs of failed documents are gone, and the result says so.
        XCTAssertEqual(bySource[random]?.removedStalePDF, path("out/random.pdf"))
        XCTAssertTrue(try XCTUnwrap(bySource[random]?.error).contains("removed the older"))
        XCTAssertEqual(bySource[empty]?.removedStalePDF, path("out/empty.pdf"))
        XCTAssertNil(bySource[truncated]?.removedStalePDF)
        // Only the three fresh PDFs remain: no temporary files, the old letter.pdf replaced.
        XCTAssertEqual(contents(output), ["bullets.pdf", "letter.pdf", "simple.pdf"])
        XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: path("out/letter.pdf"))).count, 1000)
        // Private profiles, staged inputs and raw outputs are removed.
        XCTAssertEqual(contents(work), [])
        // The user's documents folder gained no lock files.
        XCTAssertEqual(
            contents(input),
            ["bullets.docx", "empty.docx", "letter.docx", "notes.txt", "random.docx", "simple.odt", "truncated.docx"])
    }

    /// PDF/A-2b through the export filter options: the XMP metadata declares part 2, conformance B.
    func testPDFAOptionWritesPDFA2b() throws {
        let simple = try copyFixture("simple.odt", to: path("in"))
        let results = try PDFConverter(options: PDFOptions(pdfA: true, workFolder: scratch))
            .convert([simple], outputFolder: { _ in self.path("pdfa") })
        let pdf = try XCTUnwrap(results.first?.pdf, "\(results)")
        let metadata = try tool("pdfinfo", ["-meta", pdf])
        XCTAssertTrue(metadata.contains("<pdfaid:part>2</pdfaid:part>"), metadata)
        XCTAssertTrue(metadata.contains("<pdfaid:conformance>B</pdfaid:conformance>"), metadata)
        XCTAssertEqual(try pageCount(pdf), 1)
    }

    /// A run that exceeds its time is killed with its process group; its documents are reported.
    func testTimeoutKillsLibreOfficeAndReportsDocuments() throws {
        let letter = try copyFixture("letter.docx", to: path("in"))
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        try "%PDF-1.4 old".write(toFile: path("out/letter.pdf"), atomically: true, encoding: .utf8)
        let work = path("work")
        let started = Date()
        let results = try PDFConverter(
            options: PDFOptions(timeoutSeconds: 0.3, timeoutPerDocumentSeconds: 0, workFolder: work)
        ).convert([letter], outputFolder: path("out"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        let error = try XCTUnwrap(results.first?.error)
        XCTAssertTrue(error.hasPrefix(letter), error)
        XCTAssertTrue(error.contains("timeout"), error)
        XCTAssertEqual(results.first?.removedStalePDF, path("out/letter.pdf"))
        XCTAssertEqual(contents(path("out")), [])
        XCTAssertEqual(contents(work), [])
        // No LibreOffice process of this run survives.
        for pid in contents("/proc") where Int(pid) != nil {
            let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            XCTAssertFalse(String(decoding: cmdline, as: UTF8.self).contains(work), "process \(pid) survived")
        }
    }

    /// Without LibreOffice: a clear error that says how to install it.
    func testMissingLibreOfficeSaysHowToInstallIt() throws {
        let letter = try copyFixture("letter.docx", to: path("in"))
        let converter = PDFConverter(options: PDFOptions(sofficePath: path("no/such/soffice")))
        XCTAssertThrowsError(try converter.convert([letter], outputFolder: path("out"))) { error in
            guard case PDFExportError.sofficeMissing = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("apt-get install libreoffice-writer-nogui"), "\(error)")
        }

        // Looked up on an empty PATH.
        let emptyFolder = path("empty-bin")
        try FileManager.default.createDirectory(atPath: emptyFolder, withIntermediateDirectories: true)
        let savedPath = ProcessInfo.processInfo.environment["PATH"]
        setenv("PATH", emptyFolder, 1)
        defer { if let savedPath { setenv("PATH", savedPath, 1) } else { unsetenv("PATH") } }
        XCTAssertThrowsError(try PDFConverter().convert([letter], outputFolder: path("out"))) { error in
            XCTAssertEqual((error as? LocalizedError)?.errorDescription?.contains("libreoffice-writer-nogui"), true)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")))
    }

    /// The log reading alone (no LibreOffice): which error belongs to which document.
    func testLogAttributesErrorsToTheRightDocuments() throws {
        let out = path("raw")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let jobs = (0..<5).map {
            PDFConverter.Job(index: $0, source: "/x/\($0).docx", ext: "docx", filter: "MS Word 2007 XML", pdf: "/y/\($0).pdf")
        }
        for k in [0, 3] { try "%PDF-1.7\n%%EOF\n".write(toFile: "\(out)/d\(k).pdf", atomically: true, encoding: .utf8) }
        // d4: LibreOffice began writing, then failed.
        try "%PDF-1.7\n".write(toFile: "\(out)/d4.pdf", atomically: true, encoding: .utf8)
        // d4 says convert but its export fails.
        let log = """
            Warning: failed to launch javaldx - java may not function correctly
            convert /w/in/d0.docx -> \(out)/d0.pdf using filter : writer_pdf_Export
            Error: source file could not be loaded
            Error: source file could not be loaded
            convert /w/in/d3.docx -> \(out)/d3.pdf using filter : writer_pdf_Export
            convert /w/in/d4.docx -> \(out)/d4.pdf using filter : writer_pdf_Export
            Error: Please verify input parameters... (SfxBaseModel::impl_store <file:///x/d4.pdf> failed: 0x81a)
            """
        let outcomes = PDFConverter.judge(jobs: jobs, log: log, outputFolder: out, end: .exited(0))
        XCTAssertEqual(outcomes[0], .converted(rawPDF: "\(out)/d0.pdf"))
        XCTAssertEqual(outcomes[1], .failed("LibreOffice could not load it: source file could not be loaded"))
        XCTAssertEqual(outcomes[2], .failed("LibreOffice could not load it: source file could not be loaded"))
        XCTAssertEqual(outcomes[3], .converted(rawPDF: "\(out)/d3.pdf"))
        guard case .failed(let reason) = outcomes[4] else { return XCTFail("\(String(describing: outcomes[4]))") }
        XCTAssertTrue(reason.hasPrefix("LibreOffice could not export it to PDF: Please verify"), reason)

        // Killed while writing d4's PDF (incomplete, no %%EOF): d0 to d3 are settled, d4 was not reached.
        let killed = PDFConverter.judge(
            jobs: jobs, log: log.components(separatedBy: "\n").dropLast().joined(separator: "\n"),
            outputFolder: out, end: .timedOut(seconds: 5))
        XCTAssertEqual(killed[0], outcomes[0])
        XCTAssertEqual(killed[1], outcomes[1])
        XCTAssertEqual(killed[3], outcomes[3])
        guard case .unreached(let cutReason) = killed[4] else { return XCTFail("\(String(describing: killed[4]))") }
        XCTAssertTrue(cutReason.contains("within 5 s (timeout)"), cutReason)

        // Crashed after going past d1 (one load error) while on d2: d2 is unreached, d1 failed to load.
        let crashLog = """
            convert /w/in/d0.docx -> \(out)/d0.pdf using filter : writer_pdf_Export
            Error: source file could not be loaded
            """
        let crashed = PDFConverter.judge(jobs: jobs, log: crashLog, outputFolder: out, end: .signalled(11))
        XCTAssertEqual(crashed[0], outcomes[0])
        XCTAssertEqual(crashed[1], .failed("LibreOffice could not load it: source file could not be loaded"))
        for k in 2..<5 {
            guard case .unreached = crashed[k] else { return XCTFail("\(k): \(String(describing: crashed[k]))") }
        }
        // A crash of soffice.bin reaches us as its launcher's exit status, not as a signal.
        let aborted = PDFConverter.judge(
            jobs: jobs, log: crashLog + "\nFatal exception: Signal 6\nStack:\n", outputFolder: out, end: .exited(134))
        guard case .unreached(let abortReason) = aborted[2] else { return XCTFail("\(String(describing: aborted[2]))") }
        XCTAssertTrue(abortReason.contains("exit status 134: Fatal exception: Signal 6"), abortReason)
    }

    /// The batch is split only where a process pays for itself, one run per format in each share.
    func testPlanSplitsByProcessAndFormat() {
        func jobs(_ exts: [String]) -> [PDFConverter.Job] {
            exts.enumerated().map {
                PDFConverter.Job(
                    index: $0, source: "/x/\($0).\($1)", ext: $1,
                    filter: PDFConverter.inputFilters[$1]!, pdf: "/y/\($0).pdf")
            }
        }
        let few = PDFConverter(options: PDFOptions(processes: 4)).plan(jobs(Array(repeating: "docx", count: 10)))
        XCTAssertEqual(few.count, 1)
        let automatic = PDFConverter().plan(jobs(Array(repeating: "docx", count: 100))).count
        XCTAssertTrue((1...ProcessInfo.processInfo.activeProcessorCount).contains(automatic))
        let many = PDFConverter(options: PDFOptions(processes: 2)).plan(
            jobs((0..<50).map { $0 % 5 == 0 ? "odt" : "docx" }))
        XCTAssertEqual(many.count, 2)
        XCTAssertEqual(many.map { $0.flatMap(\.jobs).count }, [25, 25])
        XCTAssertEqual(many.flatMap { $0.map(\.filter) }, ["MS Word 2007 XML", "MS Word 2007 XML", "writer8"])
        XCTAssertEqual(Set(many.flatMap { $0.flatMap { $0.jobs.map(\.index) } }).count, 50)

        // A large share is cut into runs of near-equal size, each within LibreOffice's bound.
        let thousand = PDFConverter(options: PDFOptions(processes: 2)).plan(jobs(Array(repeating: "odt", count: 1000)))
        XCTAssertEqual(thousand.map { $0.map(\.jobs.count) }, [[167, 167, 166], [167, 167, 166]])
        XCTAssertEqual(Set(thousand.flatMap { $0.flatMap { $0.jobs.map(\.index) } }).count, 1000)
        // Asking for more per run than the launcher passes on is lowered to what it passes on.
        XCTAssertEqual(PDFConverter.maximumDocumentsPerRun, 240)
        let greedy = PDFConverter(options: PDFOptions(processes: 1, documentsPerRun: 10_000))
        XCTAssertEqual(greedy.plan(jobs(Array(repeating: "docx", count: 500))).first?.map(\.jobs.count), [167, 167, 166])
    }
}
