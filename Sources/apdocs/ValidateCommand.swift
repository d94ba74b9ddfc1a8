import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Workspaces

/// Shared options of the commands that read a folder of placement data.
struct DataFolderOptions: ParsableArguments {
    @Argument(help: "The data folder, holding schools/, providers/ and placements/.")
    var data: String = "."

    @Option(help: ArgumentHelp("The date the rules judge by and letters carry (YYYY-MM-DD); default today.", valueName: "date"))
    var date: String?

    /// Midnight UTC of `--date`, or of today.
    func day() throws -> Date {
        try parseDay(date) ?? IssueDay.today
    }

    /// Loads the folder and runs the rules; every issue, sorted for reading.
    func load(settings: RuleSettings = .guidance) throws -> (Dataset, [ValidationIssue], Date) {
        let today = try day()
        let (dataset, loadIssues) = try report { try Dataset.load(folder: data) }
        let issues = (loadIssues + Rules.check(dataset, settings: settings, today: today)).sortedForReport()
        return (dataset, issues, today)
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Check a workspace's data against the data model, the guidance's rules and the templates, without making anything.",
        discussion: """
            The same checks as `apdocs build`, with the same settings and issue date (apdocs.yaml's, \
            or --date): every problem is listed at once with its file, line, field and rule, and \
            each template is checked against what it would receive, so a field a document prints \
            that the data lacks is found here, not at build time. Errors hold back the documents \
            they concern; warnings are reported only.

            Exit status: 0 no errors; 3 errors in the data (documents would be held back); 1 a \
            failure; 64 a usage error.

            Examples:
              apdocs validate                       # the workspace in this folder
              apdocs validate examples --date 2025-10-01
              apdocs validate ~/ap --json
            """)

    @OptionGroup var options: WorkspaceOptions

    @Flag(name: .shortAndLong, help: "List every warning, not only a count per rule.")
    var verbose = false

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    func run() throws {
        var workspace = try options.open()
        if !FileManager.default.fileExists(atPath: workspace.templatesFolder) {
            // A bare data folder (such as examples/): judge it with the shipped templates.
            workspace.config.templates = ShippedFiles.locate().templates
        }
        let review = try report {
            try WorkspaceReview.run(workspace, issueDate: try options.date?.day ?? workspace.issueDate())
        }
        let issues = review.issues
        let dataset = review.dataset
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        if json {
            struct Report: Encodable {
                var ok: Bool
                var schools, providers, placements, errors, warnings: Int
                var held: [String]
                var issues: [ValidationIssue]
            }
            try printJSON(
                Report(
                    ok: errors == 0, schools: dataset.schools.count, providers: dataset.providers.count,
                    placements: dataset.placements.count, errors: errors, warnings: warnings, held: review.plan.blocked.map(\.id),
                    issues: issues))
        } else {
            StatusPrinter(json: false, verbose: verbose).printIssues(issues)
            let unreadable = dataset.unloaded.count
            Terminal.message(
                "\(dataset.schools.count) school(s), \(dataset.providers.count) provider(s), \(dataset.placements.count) placement(s)"
                    + (unreadable > 0 ? ", \(unreadable) file(s) left out for their errors" : "")
                    + ": \(errors) error(s), \(warnings) warning(s); \(review.plan.blocked.count) document(s) would be held back")
        }
        if errors > 0 { throw ExitStatus.heldBack }
    }
}

/// `--date` as a day, or nil when not given; a usage error naming the format when malformed.
func parseDay(_ text: String?) throws -> Date? {
    guard let text else { return nil }
    guard let day = IssueDay.parse(text) else {
        Terminal.error("--date '\(text)' is not a date; write it as YYYY-MM-DD, e.g. 2025-09-01")
        throw ExitCode.validationFailure
    }
    return day
}

func printIssues(_ issues: [ValidationIssue]) {
    for issue in issues {
        let text = issue.description
        if issue.severity == .error { Terminal.errorLine(text) } else { Terminal.warningLine(text) }
    }
}

/// Prints `value` on stdout as JSON (pretty, keys sorted, dates ISO 8601), the `--json` output.
///
/// A value that cannot be encoded (a NaN, say) is a bug in the report, not an empty one: it is
/// reported by field path (never by value) and the program exits with status 1, printing nothing
/// on stdout, so a caller never parses `{}` as a result.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    do {
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    } catch let EncodingError.invalidValue(_, context) {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        Terminal.error("cannot write the JSON report: field '\(path)': \(context.debugDescription)")
        throw ExitCode.failure
    } catch {
        Terminal.error("cannot write the JSON report: \(error)")
        throw ExitCode.failure
    }
}
