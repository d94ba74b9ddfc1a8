import ArgumentParser
import Foundation
import OfficeTemplate
import Placement

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
        abstract: "Check placement data against the data model and the guidance's rules, without generating.",
        discussion: """
            Every problem is listed at once with its file, line, field and rule. Errors stop the \
            documents they concern from being generated; warnings are reported only. Exit status \
            is 0 when there are no errors.

            Examples:
              apdocs validate examples
              apdocs validate . --date 2025-09-01 --json
            """)

    @OptionGroup var folder: DataFolderOptions

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    func run() throws {
        let (dataset, issues, _) = try folder.load()
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        if json {
            struct Report: Encodable {
                var ok: Bool
                var schools, providers, placements, errors, warnings: Int
                var issues: [ValidationIssue]
            }
            printJSON(Report(ok: errors == 0, schools: dataset.schools.count, providers: dataset.providers.count,
                placements: dataset.placements.count, errors: errors, warnings: warnings, issues: issues))
        } else {
            printIssues(issues)
            Terminal.message("\(dataset.schools.count) school(s), \(dataset.providers.count) provider(s), \(dataset.placements.count) placement(s): \(errors) error(s), \(warnings) warning(s)")
        }
        if errors > 0 { throw ExitCode.failure }
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
func printJSON<T: Encodable>(_ value: T) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    do {
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    } catch let EncodingError.invalidValue(_, context) {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        Terminal.error("cannot write the JSON report: field '\(path)': \(context.debugDescription)")
        exit(1)
    } catch {
        Terminal.error("cannot write the JSON report: \(error)")
        exit(1)
    }
}
