import ArgumentParser
import Foundation
import PDFExport

/// `--pdf`, `--pdf-only`, `--pdfa` for the commands that write documents.
struct PDFFlags: ParsableArguments {
    @Flag(help: "Also write a PDF beside each document (through LibreOffice).")
    var pdf = false

    @Flag(help: "Write only the PDF: the document is made, converted, then removed.")
    var pdfOnly = false

    @Flag(help: "Make the PDFs PDF/A-2b, for archiving.")
    var pdfa = false

    var wanted: Bool { pdf || pdfOnly || pdfa }

    /// Converts `documents` to PDFs beside them in one LibreOffice batch; prints each failure.
    /// Returns whether all converted.
    func convert(_ documents: [String]) -> Bool {
        guard wanted, !documents.isEmpty else { return true }
        let converter = PDFConverter(options: PDFOptions(pdfA: pdfa))
        let results: [PDFResult]
        do {
            Terminal.progress("converting \(documents.count) document(s) to PDF with LibreOffice")
            results = try converter.convert(documents) { ($0 as NSString).deletingLastPathComponent }
            Terminal.endProgress()
        } catch {
            Terminal.endProgress()
            Terminal.error("\(error)")
            return false
        }
        var ok = true
        for result in results {
            if let error = result.error {
                Terminal.error(error)
                ok = false
            } else if pdfOnly {
                try? FileManager.default.removeItem(atPath: result.source)
            }
        }
        return ok
    }
}
