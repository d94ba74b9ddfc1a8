import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Workspaces

extension DocumentKind: ExpressibleByArgument {}

struct ContextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Print the exact data a shipped template receives for one document, to check or render a template with.",
        discussion: """
            The context is what `apdocs build` gives the template: the records as loaded plus the \
            values APDocs derives (docs/data-model.md, "What each template sees"). Pictures are \
            named relative to the workspace: save the context in the workspace folder to check or \
            render with it. It holds personal data for a placement agreement: keep it there.

            Examples:
              apdocs context ~/ap --placement PL-2025-014 --kind placement-agreement > ~/ap/agreement.json
              apdocs check ~/ap/templates/placement-agreement.docx --data ~/ap/agreement.json
              apdocs context ~/ap --provider PRV-NSC --kind attendance-letter --yaml
            """)

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The placement, for a placement agreement.")
    var placement: String?

    @Option(help: "The provider, for its letters and checklist.")
    var provider: String?

    @Option(
        help:
            "The document: online-safety-letter, child-protection-letter, attendance-letter, placement-agreement, commissioning-checklist."
    )
    var kind: DocumentKind

    @Flag(help: "Print YAML instead of JSON.")
    var yaml = false

    func validate() throws {
        if (placement == nil) == (provider == nil) { throw ValidationError("give one of --placement or --provider") }
        if kind.isPerPlacement != (placement != nil) {
            throw ValidationError(
                kind.isPerPlacement
                    ? "a \(kind.title) is made per placement: give --placement"
                    : "a \(kind.title) is made per provider: give --provider")
        }
    }

    func run() throws {
        let workspace = try options.open()
        let today = try options.date?.day ?? (try report { try workspace.issueDate() })
        let (dataset, issues) = try report { try Dataset.load(folder: workspace.root) }
        let allIssues = issues + Rules.check(dataset, settings: workspace.config.settings, today: today)
        let selection: DocumentSelection = placement.map { .placement($0) } ?? .provider(provider!)
        // Errors do not matter here: the context is what the template would see if they were fixed.
        let plan = DocumentPlanner.plan(
            dataset, issues: allIssues.filter { $0.severity != .error }, selection: selection,
            settings: workspace.config.settings, issueDate: today, today: today)
        guard let document = plan.documents.first(where: { $0.kind == kind && (placement == nil || $0.placementID == placement) })
        else {
            Terminal.error(
                "there is no \(kind.title) for \(placement ?? provider!) in this workspace (is its file loading without errors? run `apdocs validate`)"
            )
            throw ExitCode.failure
        }
        print(yaml ? ContextText.yaml(document.context) : ContextText.json(document.context))
    }
}

/// A context as JSON or YAML text that the data loaders read back to the same values (dates as
/// YYYY-MM-DD, which both loaders read as dates).
enum ContextText {
    static func json(_ value: TemplateValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? String(number) : "null"
        case .string(let text): return quoted(text)
        case .date(let date): return quoted(IssueDay.text(date))
        case .list(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + json($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .map(let map):
            if map.pairs.isEmpty { return "{}" }
            return "{\n"
                + map.pairs.map { inner + quoted($0.key) + ": " + json($0.value, indent: inner) }.joined(separator: ",\n") + "\n"
                + indent + "}"
        }
    }

    /// YAML written as JSON's flow style is valid YAML; a comment says what it is.
    static func yaml(_ value: TemplateValue) -> String {
        "# The context a template receives (JSON flow style, which YAML reads as it is).\n" + json(value)
    }

    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
