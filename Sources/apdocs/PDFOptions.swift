import ArgumentParser
import Foundation
import PDFExport

/// `--pdf`, `--pdf-only`, `--pdfa` for the commands that write documents.
struct PDFFlags: ParsableArguments {
    @Flag(help: "Also write a PDF beside each document (through LibreOffice).")
    var pdf = false

    @Flag(help: "Write only the PDF: the document is made, converted, then removed (also when it fails to convert).")
    var pdfOnly = false

    @Flag(help: "Make the PDFs PDF/A-2b, for archiving.")
    var pdfa = false

    var wanted: Bool { pdf || pdfOnly || pdfa }

    /// Converts `documents` to PDFs in one LibreOffice batch, each into `pdfFolder(document)`
    /// (beside it unless told otherwise), showing how many PDFs are made as it goes and printing
    /// each failure with LibreOffice's reason. With `removeSources`, every document is removed
    /// afterwards, converted or not, so that only PDFs are left. Messages name a document as
    /// `shownAs(document)` (for a document in a private folder: the PDF the user asked for).
    func convert(
        _ documents: [String], pdfFolder: (String) -> String = { ($0 as NSString).deletingLastPathComponent },
        shownAs: (String) -> String = { $0 }, removeSources: Bool
    ) -> PDFReport {
        var report = PDFReport()
        guard !documents.isEmpty else { return report }
        convert(documents, pdfFolder: pdfFolder, shownAs: shownAs, into: &report)
        if removeSources {
            for document in documents where (try? FileManager.default.removeItem(atPath: document)) != nil {
                report.removedSources += 1
            }
        }
        return report
    }

    private func convert(
        _ documents: [String], pdfFolder: (String) -> String, shownAs: (String) -> String, into report: inout PDFReport
    ) {
        let converter = PDFConverter(options: PDFOptions(pdfA: pdfa))
        let results: [PDFResult]
        do {
            Terminal.progress("PDF: starting LibreOffice for \(documents.count) document(s)")
            results = try converter.convert(documents, outputFolder: pdfFolder) { progress in
                Terminal.progress(Self.describe(progress))
            }
            Terminal.endProgress()
        } catch {
            Terminal.endProgress()
            Terminal.error("\(error)")
            report.failed = documents.count
            return
        }
        for result in results {
            if let error = result.error {
                let shown = shownAs(result.source)
                Terminal.error(error.hasPrefix(result.source) ? shown + error.dropFirst(result.source.count) : error)
                report.failed += 1
            } else if let pdf = result.pdf {
                report.made.append(pdf)
                if let first = result.firstAttemptError {
                    Terminal.warning("\(pdf): made on a second try in a fresh LibreOffice process; the first try: \(first)")
                }
            }
        }
    }

    /// "PDF: 240 of 1000 made, 2 failed, trying 2 again in a fresh LibreOffice process".
    static func describe(_ progress: PDFProgress) -> String {
        var text = "PDF: \(progress.made) of \(progress.total) made"
        if progress.failed > 0 { text += ", \(progress.failed) failed" }
        if progress.retrying > 0 { text += ", trying \(progress.retrying) again in a fresh LibreOffice process" }
        return text
    }
}

/// What one conversion batch did.
struct PDFReport {
    /// The PDFs written.
    var made: [String] = []
    /// Documents without a PDF (each already printed with its reason).
    var failed = 0
    /// Documents removed afterwards for `--pdf-only`.
    var removedSources = 0
    var ok: Bool { failed == 0 }
}

/// Files made, counted by format (their extension), for the summary line of a command.
struct FileTally {
    private(set) var counts: [String: Int] = [:]

    mutating func add(_ path: String, count: Int = 1) {
        add(format: (path as NSString).pathExtension.lowercased(), count: count)
    }

    mutating func add(format: String, count: Int = 1) {
        counts[format, default: 0] += count
    }

    var total: Int { counts.values.reduce(0, +) }

    /// "1000 .odt, 1000 .pdf (2000 in all)"; "1 .pdf"; "none".
    var description: String {
        let parts = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            .map { "\($0.value) .\($0.key.isEmpty ? "(no extension)" : $0.key)" }
        if parts.isEmpty { return "none" }
        return parts.joined(separator: ", ") + (parts.count > 1 ? " (\(total) in all)" : "")
    }
}
