import ArgumentParser
import Foundation
import OfficeTemplate
import Workspaces

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Fill a template with data and write the document.",
        discussion: """
            The document is in the template's format (.docx or .odt), so -o names a file of that \
            format, or a .pdf: then the document is made, converted to PDF through LibreOffice \
            and only the PDF is kept (as with --pdf-only). A DOCX is never converted to ODT or \
            back. With --each, DATA must hold a list: one document is written per record, in \
            parallel, named by the -o pattern, whose tags read the record. Names made from \
            data are cleaned of '/', '..' and control characters; two records that give the \
            same name stop the run before anything is written. An existing file is replaced \
            only once the new one is complete.

            Examples:
              apdocs render letter.docx placement.yaml -o output/letter.docx
              apdocs render letter.docx placement.yaml -o output/letter.pdf
              apdocs render letter.odt placements.json --each --pdf -o 'output/{{ id }}-letter.odt'
            """)

    @Argument(help: "The template (.docx or .odt).")
    var template: String

    @Argument(help: "The data (.json, .yaml, .yml or .plist).")
    var data: String

    @Option(
        name: .shortAndLong,
        help:
            "The output file (.docx or .odt as the template, or .pdf), or with --each a name pattern such as 'out/{{ id }}.docx'."
    )
    var output: String

    @Flag(help: "Render one document per record of a DATA list.")
    var each = false

    @Flag(help: "Treat variables missing from the data as empty instead of failing.")
    var lenient = false

    @OptionGroup var pdf: PDFFlags

    func run() throws {
        let compiled = try loadTemplate(template)
        let kind = try outputKind(template: compiled.format)
        let document = try loadData(data)
        let options = RenderOptions(lenientUndefined: lenient, baseDirectory: directory(of: data))
        if each {
            try renderEach(compiled, document, options, kind: kind)
        } else {
            let rendered = try report { try compiled.render(document.value, options: options) }
            let plan = OutputPlan(names: [output], template: compiled.format, onlyPDF: kind.onlyPDF)
            defer { plan.removeStaging() }
            try write(rendered.bytes, to: plan.documents[0])
            if kind.onlyPDF || pdf.wanted {
                let converted = pdf.convert(
                    plan.documents, pdfFolder: plan.pdfFolder, shownAs: plan.shownAs, removeSources: kind.onlyPDF)
                if !converted.ok { throw ExitCode.failure }
            }
        }
    }

    /// What -o asks for: the template's own format (plus PDFs if a PDF flag says so), or PDFs
    /// only (a .pdf name, or --pdf-only). Any other name is refused: a document is never written
    /// under another format's name.
    struct OutputKind {
        var onlyPDF: Bool
    }

    func outputKind(template format: DocumentFormat) throws -> OutputKind {
        let ext = (output as NSString).pathExtension.lowercased()
        if ext == "pdf" { return OutputKind(onlyPDF: true) }
        if ext == format.rawValue { return OutputKind(onlyPDF: pdf.pdfOnly) }
        let own = format.rawValue
        let other = own == "docx" ? "odt" : "docx"
        let base = (output as NSString).deletingPathExtension
        var message = "-o \(output): the template \((template as NSString).lastPathComponent) makes a .\(own) document, "
        message +=
            ext == other
            ? "and APDocs does not convert .\(own) to .\(other); "
            : "so the output name must end in .\(own) (or .pdf for a PDF); "
        message += "write -o \(base).\(own), or -o \(base).pdf for a PDF"
        if ext == other { message += ", or use the .\(other) version of the template" }
        Terminal.error(message)
        throw ExitCode.validationFailure
    }

    private func renderEach(
        _ compiled: Template, _ document: DataDocument, _ options: RenderOptions, kind: OutputKind
    ) throws {
        guard case .list(let records) = document.value else {
            Terminal.error(
                "\(document.file): --each needs a list of records at the top of the file, but it holds \(document.value.kindDescription)"
            )
            throw ExitCode.failure
        }
        let names = try report { try OutputNamePattern(output).names(for: records) }
        let plan = OutputPlan(names: names, template: compiled.format, onlyPDF: kind.onlyPDF)
        defer { plan.removeStaging() }
        for folder in Set(plan.documents.map(directory(of:))).sorted() {
            try report { try AtomicFile.createDirectories(folder) }
            // A run killed part-way left its temporary files; tidy them in every folder written to.
            _ = AtomicFile.removeStaleTemporaries(in: folder)
        }
        let failures = ParallelRenderer(template: compiled, options: options).render(records, to: plan.documents) { done, total in
            Terminal.progress("rendered \(done)/\(total)")
        }
        Terminal.endProgress()
        // The output name is made from the data (it may hold a name): the record is named by number.
        // A problem of the template itself is printed once, not once per record.
        for line in FailureSummary.lines(failures.map { ("record \($0.index + 1)", $0.message) }) { Terminal.error(line) }
        let failed = Set(failures.map(\.index))
        let written = plan.documents.indices.filter { !failed.contains($0) }.map { plan.documents[$0] }
        var tally = FileTally()
        var converted = PDFReport()
        if kind.onlyPDF || pdf.wanted {
            converted = pdf.convert(written, pdfFolder: plan.pdfFolder, shownAs: plan.shownAs, removeSources: kind.onlyPDF)
            tally.add(format: "pdf", count: converted.made.count)
        }
        if !kind.onlyPDF { for path in written { tally.add(path) } }
        var summary = "files made: \(tally.description)"
        var notMade: [String] = []
        if !failures.isEmpty { notMade.append("\(failures.count) of \(records.count) document(s)") }
        if converted.failed > 0 { notMade.append("\(converted.failed) PDF(s)") }
        if !notMade.isEmpty { summary += "; not made: " + notMade.joined(separator: ", ") + " (see the errors above)" }
        Terminal.message(summary)
        if !failures.isEmpty || !converted.ok { throw ExitCode.failure }
    }
}

/// Where the documents of one render go. Normally where -o says. When only PDFs are wanted, the
/// documents are written to a private folder in the system's temporary folder instead (one
/// sub-folder per output folder, keeping each file's name, so each PDF gets the name asked for),
/// converted from there into the output folders, and that private folder is removed: the output
/// folders never hold anything but the PDFs.
struct OutputPlan {
    /// Where each document is written, in record order.
    let documents: [String]
    private let pdfFolders: [String: String]
    private let staging: String?

    init(names: [String], template: DocumentFormat, onlyPDF: Bool) {
        guard onlyPDF else {
            documents = names
            pdfFolders = [:]
            staging = nil
            return
        }
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("apdocs-render-\(UUID().uuidString)")
        var folderNumber: [String: Int] = [:]
        var documents: [String] = []
        var pdfFolders: [String: String] = [:]
        for name in names {
            let folder = directory(of: name)
            let number = folderNumber[folder] ?? folderNumber.count
            folderNumber[folder] = number
            let base = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
            let staged = "\(root)/\(number)/\(base).\(template.rawValue)"
            documents.append(staged)
            pdfFolders[staged] = folder
        }
        self.documents = documents
        self.pdfFolders = pdfFolders
        self.staging = root
    }

    /// The folder a document's PDF goes to: the one -o names.
    func pdfFolder(_ document: String) -> String {
        pdfFolders[document] ?? directory(of: document)
    }

    /// How messages name a document: a document in the private folder by the PDF it was to become.
    func shownAs(_ document: String) -> String {
        guard let folder = pdfFolders[document] else { return document }
        let base = ((document as NSString).lastPathComponent as NSString).deletingPathExtension
        return (folder as NSString).appendingPathComponent(base + ".pdf")
    }

    func removeStaging() {
        if let staging { try? FileManager.default.removeItem(atPath: staging) }
    }
}

/// Runs `body`, printing every issue of a `TemplateError` (or another error) and failing.
func report<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TemplateError {
        for issue in error.issues { Terminal.error(issue.description) }
        throw ExitCode.failure
    } catch let error as ExitCode {
        throw error
    } catch let error as DataError {
        // Already `file:line:column: error: ...`, in the compiler style editors jump to.
        Terminal.errorLine(error.description)
        throw ExitCode.failure
    } catch let error as CocoaError {
        // Foundation's own errors are never shown raw (domain and code): in words.
        Terminal.error(FileProblem.describe(error) + (error.filePath.map { ": \($0)" } ?? ""))
        throw ExitCode.failure
    } catch {
        Terminal.error("\(error)")
        throw ExitCode.failure
    }
}

func loadTemplate(_ path: String) throws -> Template {
    try report { try Template(contentsOf: path) }
}

func loadData(_ path: String) throws -> DataDocument {
    try report { try DataLoader.load(contentsOf: path) }
}

func write(_ bytes: [UInt8], to path: String) throws {
    try report {
        try AtomicFile.createDirectories(directory(of: path))
        try AtomicFile.write(bytes, to: path)
    }
}

func directory(of path: String) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingLastPathComponent().path
}
