import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Workspaces

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Produce the AP documents of a placement, a provider or a whole data folder.",
        discussion: """
            Runs the checks of `apdocs validate` first: an error holds back the documents it \
            concerns (they are listed), warnings are reported. Files are named by ids and \
            document kinds only, never by pupils' names:
              output/PRV-NSC/online-safety-letter.docx
              output/PL-2025-014/placement-agreement.odt

            Exit status: 0 when every document was produced; 1 when a document failed; \
            3 when all went well but errors in the data held some documents back.

            Examples:
              apdocs generate examples --date 2025-09-01
              apdocs generate examples --placement PL-2025-014 --format docx
              apdocs generate . --provider PRV-NSC --format docx,odt --output out
            """)

    @OptionGroup var folder: DataFolderOptions

    @Option(help: "Only this placement's agreement.")
    var placement: String?

    @Option(help: "Only this provider's letters, checklist and agreements.")
    var provider: String?

    @Option(help: "Formats, comma-separated: docx, odt.")
    var format: String = "docx,odt"

    @Option(help: "The output folder.")
    var output: String = "output"

    @Option(help: "The folder of the document templates.")
    var templates: String = "templates"

    @Flag(help: "Stop at the first document that fails.")
    var failFast = false

    @OptionGroup var pdf: PDFFlags

    func run() throws {
        // --pdf-only: PDFs come from the first format asked for, so the others are not made at all.
        let formats = try parseFormats(format).prefix(pdf.pdfOnly ? 1 : Int.max).map { $0 }
        // The one judge: the same checks as validate and build, templates checked against what
        // each document would receive, with apdocs.yaml's settings when the folder has one.
        var workspace = try report { try Workspace(root: folder.data) }
        workspace.config.templates = URL(fileURLWithPath: templates).standardizedFileURL.path
        workspace.config.formats = formats.map(\.rawValue)
        let review = try report {
            try WorkspaceReview.run(workspace, issueDate: try folder.date.map { try parseDay($0)! } ?? workspace.issueDate())
        }
        let dataset = review.dataset
        StatusPrinter(json: false, verbose: true).printIssues(review.issues)
        let selection: DocumentSelection = placement.map { .placement($0) } ?? provider.map { .provider($0) } ?? .all
        if case .placement(let id) = selection, dataset.placement(id: id) == nil {
            Terminal.error("there is no placement '\(id)' in \(folder.data)")
            throw ExitCode.failure
        }
        if case .provider(let id) = selection, dataset.provider(id: id) == nil {
            Terminal.error("there is no provider '\(id)' in \(folder.data)")
            throw ExitCode.failure
        }
        var plan = review.plan
        plan.documents = plan.documents.filter {
            selection.includes(kind: $0.kind, provider: $0.providerID, placement: $0.placementID)
        }
        plan.blocked = plan.blocked.filter { blocked in
            guard case .all = selection else {
                let parts = blocked.id.split(separator: "/").map(String.init)
                if case .placement(let id) = selection { return parts.first == id }
                if case .provider(let id) = selection {
                    return parts.first == id || dataset.placement(id: parts.first ?? "")?.provider == id
                }
                return true
            }
            return true
        }
        let generator = DocumentGenerator(templatesFolder: templates, formats: formats)
        let compiled = try report { try generator.compileTemplates(for: plan.documents) }
        let results = generator.generate(plan.documents, into: output, templates: compiled, failFast: failFast) {
            done, total, failed in
            Terminal.progress("generating \(done)/\(total)" + (failed > 0 ? ", \(failed) failed" : ""))
        }
        Terminal.endProgress()
        // In path order: documents finish in whatever order the workers take, and output is deterministic.
        let failures = results.filter { $0.error != nil }.sorted { $0.path < $1.path }
        // A problem of a template is printed once, not once per document and format.
        for line in FailureSummary.lines(failures.map { ($0.path, $0.error!) }) { Terminal.error(line) }
        printHeldBack(
            plan.blocked.map { blocked in (blocked.id, blocked.reasons.map(BatchBuilder.heldReason).joined(separator: "; ")) },
            verb: "not generated")
        // PDFs from the first format asked for; with --pdf-only those documents are removed afterwards.
        let sources = results.filter { $0.error == nil && $0.format == formats.first }.map {
            (output as NSString).appendingPathComponent($0.path)
        }
        let converted = pdf.wanted ? pdf.convert(sources, removeSources: pdf.pdfOnly) : PDFReport()
        var tally = FileTally()
        for result in results where result.error == nil { tally.add(result.path) }
        if let first = formats.first { tally.add(format: first.rawValue, count: -converted.removedSources) }
        tally.add(format: "pdf", count: converted.made.count)
        var failed = "\(failures.count) failed"
        if pdf.wanted { failed += ", \(converted.failed) PDF(s) not made" }
        Terminal.message(
            "files made in \(output)/: \(tally.description); \(failed), \(plan.blocked.count) document(s) held back by errors in the data"
        )
        if !failures.isEmpty || !converted.ok { throw ExitCode.failure }
        if !plan.blocked.isEmpty { throw ExitCode(3) }
    }
}

/// One warning per reason, naming every document it holds back (the same error often stops
/// a provider's three letters).
func printHeldBack(_ held: [(id: String, reason: String)], verb: String) {
    var byReason: [(reason: String, ids: [String])] = []
    for (id, reason) in held {
        if let index = byReason.firstIndex(where: { $0.reason == reason }) {
            byReason[index].ids.append(id)
        } else {
            byReason.append((reason, [id]))
        }
    }
    for group in byReason { Terminal.warning("\(verb): \(group.ids.joined(separator: ", ")): \(group.reason)") }
}

/// `docx,odt` -> formats; an unknown one is a usage error naming the choices.
func parseFormats(_ text: String) throws -> [DocumentFormat] {
    var formats: [DocumentFormat] = []
    for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
        guard let format = DocumentFormat(rawValue: name) else {
            Terminal.error("--format '\(name)' is not a format; choose from docx, odt")
            throw ExitCode.validationFailure
        }
        if !formats.contains(format) { formats.append(format) }
    }
    return formats
}

extension DocumentSelection {
    /// Whether a planned document is in the selection.
    func includes(kind: DocumentKind, provider: String, placement: String?) -> Bool {
        switch self {
        case .all: return true
        case .provider(let id): return provider == id
        case .placement(let id): return placement == id
        }
    }
}
