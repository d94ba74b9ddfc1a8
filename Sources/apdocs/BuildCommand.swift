import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Workspaces

/// The workspace argument and the issue date, shared by build, status and validate.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "The workspace folder (with apdocs.yaml, schools/, providers/, placements/).")
    var workspace: String = "."

    @Option(
        help: ArgumentHelp(
            "The date new letters carry and the rules judge by (YYYY-MM-DD), instead of apdocs.yaml's issue_date or today.",
            valueName: "date"))
    var date: IssueDate?

    func open() throws -> Workspace {
        try report { try Workspace(root: workspace) }
    }

    func builder(reissue: [String] = []) throws -> BatchBuilder {
        BatchBuilder(workspace: try open(), engineVersion: APDocs.version, issueDateOverride: date?.day, reissue: Set(reissue))
    }
}

/// A day given on the command line (`--date 2025-09-01`); a usage error otherwise.
struct IssueDate: ExpressibleByArgument {
    var day: Date

    init?(argument: String) {
        guard let day = IssueDay.parse(argument) else { return nil }
        self.day = day
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// Exit statuses shared by the workspace commands (documented in the README).
enum ExitStatus {
    /// All went well, but errors in the data held documents back.
    static let heldBack = ExitCode(3)
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Make every document of a workspace that is missing or out of date, and nothing else.",
        discussion: """
            A document is out of date when its template's bytes, the APDocs version or any data \
            value its last render read has changed (a change to a field no document reads \
            regenerates nothing; a new issue date alone remakes nothing: a letter keeps the date it \
            was made for). The previous file is kept in output/history/.

            A signed agreement is a record: only a change to what its parties agreed (that \
            placement's own data) makes a new, unsigned version, and the signed one is kept and \
            marked superseded. School-wide changes (a policy's new version, the letterhead, a \
            template's wording) leave it as it is and `apdocs status` lists it to reissue; \
            --reissue ID reissues it on purpose.

            The data's errors and warnings are reported on every run, whether or not anything is \
            made. Exit status: 0 all made and nothing held back; 3 errors in the data held \
            documents back; 1 a failure; 64 a usage error.

            Examples:
              apdocs build                          # the workspace in this folder
              apdocs build ~/ap --dry-run           # what would be made, and why
              apdocs build ~/ap --reissue PL-2025-014
              apdocs build ~/ap --json > report.json
            """)

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "List what would be made and why, without making anything.")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Reissue this placement's signed agreement with today's school-wide details (repeatable); it then waits for the parties to sign again.",
            valueName: "placement"))
    var reissue: [String] = []

    @Flag(help: "Stop at the first document that fails.")
    var failFast = false

    @Flag(help: "If another build is running in this workspace, wait for it instead of stopping.")
    var wait = false

    @Flag(name: .shortAndLong, help: "List every warning and every file made, not only counts.")
    var verbose = false

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    func run() throws {
        let builder = try options.builder(reissue: reissue)
        if dryRun {
            let status = try report { try builder.status() }
            try StatusPrinter(json: json, verbose: verbose).print(status, onlyPending: true)
            if status.files.contains(where: { $0.action == .held }) || status.issues.containsErrors { throw ExitStatus.heldBack }
            return
        }
        let started = Date()
        let (issues, result, todo) = try report {
            try builder.build(failFast: failFast, wait: wait) { done, total, failed in
                let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
                Terminal.progress(
                    "made \(done)/\(total)" + (failed > 0 ? ", \(failed) failed" : "") + String(format: ", %.0f/s", rate))
            }
        }
        Terminal.endProgress()
        if json {
            struct Output: Encodable {
                var report: BuildReport
                var issues: [ValidationIssue]
                var todo: [ToDo]
            }
            try printJSON(Output(report: result, issues: issues, todo: todo))
        } else {
            let printer = StatusPrinter(json: false, verbose: verbose)
            printer.printIssues(issues)
            printer.printBuilt(result.built)
            // A problem of a template is printed once, not once per document and format.
            for line in FailureSummary.lines(result.failed.map { ($0.path, $0.error) }) { Terminal.error(line) }
            printer.printHeld(result.held)
            if !todo.isEmpty {
                Terminal.message("\(todo.count) thing\(todo.count == 1 ? "" : "s") to do: `apdocs status` lists them")
            }
            let made = result.madeByFormat.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            let total = result.madeByFormat.values.reduce(0, +)
            Terminal.message(
                String(
                    format: "%d file%@ made%@, %d up to date, %d failed, %d held back by errors in the data (%.2f s)",
                    total, total == 1 ? "" : "s", made.isEmpty ? "" : " (\(made))", result.upToDate, result.failed.count,
                    result.held.count, result.seconds))
        }
        if !result.failed.isEmpty { throw ExitCode.failure }
        if !result.held.isEmpty || issues.containsErrors { throw ExitStatus.heldBack }
    }
}
