import ArgumentParser
import Foundation
import OfficeTemplate

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Fill a template with data and write the document.",
        discussion: """
            The output format is the template's (.docx or .odt). With --each, DATA must hold a \
            list: one document is written per record, in parallel, named by the -o pattern, \
            whose tags read the record. Names made from data are cleaned of '/', '..' and \
            control characters; two records that give the same name stop the run before \
            anything is written. An existing file is replaced only once the new one is complete.

            Examples:
              apdocs render letter.docx placement.yaml -o output/letter.docx
              apdocs render letter.odt placements.json --each -o 'output/{{ id }}-letter.odt'
            """)

    @Argument(help: "The template (.docx or .odt).")
    var template: String

    @Argument(help: "The data (.json, .yaml, .yml or .plist).")
    var data: String

    @Option(name: .shortAndLong, help: "The output file, or with --each a name pattern such as 'out/{{ id }}.docx'.")
    var output: String

    @Flag(help: "Render one document per record of a DATA list.")
    var each = false

    @Flag(help: "Treat variables missing from the data as empty instead of failing.")
    var lenient = false

    @OptionGroup var pdf: PDFFlags

    func run() throws {
        let compiled = try loadTemplate(template)
        let document = try loadData(data)
        let options = RenderOptions(lenientUndefined: lenient, baseDirectory: directory(of: data))
        if each {
            try renderEach(compiled, document, options)
        } else {
            let rendered = try report { try compiled.render(document.value, options: options) }
            try write(rendered.bytes, to: output)
            if !pdf.convert([output]) { throw ExitCode.failure }
        }
    }

    private func renderEach(_ compiled: Template, _ document: DataDocument, _ options: RenderOptions) throws {
        guard case .list(let records) = document.value else {
            Terminal.error("\(document.file): --each needs a list of records at the top of the file, but it holds \(document.value.kindDescription)")
            throw ExitCode.failure
        }
        let names = try report { try OutputNamePattern(output).names(for: records) }
        try AtomicFile.createDirectories(directory(of: names.first ?? output))
        // A run killed part-way left its temporary files; tidy them in every folder written to.
        for folder in Set(names.map(directory(of:))) { AtomicFile.removeStaleTemporaries(in: folder) }
        let failures = ParallelRenderer(template: compiled, options: options).render(records, to: names) { done, total in
            Terminal.progress("rendered \(done)/\(total)")
        }
        Terminal.endProgress()
        for failure in failures { Terminal.error("record \(failure.index + 1) (\(failure.name)): \(failure.message)") }
        Terminal.message("\(records.count - failures.count) of \(records.count) documents written")
        let written = names.enumerated().filter { index, _ in !failures.contains { $0.index == index } }.map(\.element)
        let converted = pdf.convert(written)
        if !failures.isEmpty || !converted { throw ExitCode.failure }
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
