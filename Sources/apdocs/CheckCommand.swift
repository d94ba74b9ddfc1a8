import ArgumentParser
import Foundation
import OfficeTemplate

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "List every problem in a template, and with --data what the data lacks.",
        discussion: """
            Exit status is 0 only when the template has no errors and, with --data, nothing \
            it needs is missing. Data the template never uses is reported but is not an error.

            Examples:
              apdocs check letter.docx
              apdocs check letter.odt --data placement.yaml --json
            """)

    @Argument(help: "The template (.docx or .odt).")
    var template: String

    @Option(help: "A data file to compare with what the template uses.")
    var data: String?

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    struct Report: Encodable {
        var template: String
        var ok: Bool
        /// Every problem, each with its code, part, paragraph, nearby text, tag and message.
        var errors: [TemplateIssue]
        var missing: [String]?
        /// Used only in branches this data does not take, and absent from it.
        var possiblyMissing: [String]?
        /// For a missing path that looks misspelt, the path the data has, by missing path.
        var suggestions: [String: String]?
        var unused: [String]?
    }

    func run() throws {
        var report = Report(template: URL(fileURLWithPath: template).lastPathComponent, ok: true, errors: [])
        var compiled: Template?
        do {
            compiled = try Template(contentsOf: template)
        } catch let error as TemplateError {
            report.errors = error.issues
        }
        if let data, let compiled {
            let document = try loadData(data)
            let comparison = compiled.compare(with: document.value)
            report.unused = comparison.unused
            report.missing = []
            if !comparison.missing.isEmpty {
                // The usage analysis cannot see every guard ({% if x | default('') %}, a flag
                // elsewhere in the data): the render with this data says what is really missing,
                // and what else fails; the rest is used only in branches this data does not take.
                do {
                    _ = try compiled.render(
                        document.value, options: RenderOptions(recordReads: true, baseDirectory: directory(of: data)))
                } catch let error as TemplateError {
                    var seen = Set<String>()
                    report.missing = error.issues.compactMap(\.missingDataPath).filter { seen.insert($0).inserted }
                    report.errors += error.issues.filter { $0.missingDataPath == nil }
                }
                // `placment.start` is not reported again when the render found `placment` missing.
                let found = report.missing ?? []
                report.possiblyMissing = comparison.missing.filter { path in
                    !found.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
                }
                var suggestions: [String: String] = [:]
                for path in (report.missing ?? []) + (report.possiblyMissing ?? []) {
                    // The render names a path up to its first missing name (`placment`); the
                    // usage has it whole (`placment.start`), which makes the better suggestion.
                    let whole = comparison.missing.filter { $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[") }
                    suggestions[path] =
                        (whole + [path]).lazy.compactMap {
                            Template.suggestion(forMissing: $0, in: document.value)
                        }.first
                }
                report.suggestions = suggestions
            }
        }
        report.ok = report.errors.isEmpty && (report.missing ?? []).isEmpty
        if json {
            try printJSON(report)
        } else {
            printText(report)
        }
        if !report.ok { throw ExitCode.failure }
    }

    private func printText(_ report: Report) {
        let dataName = data ?? "the data"
        let suggestion = { (path: String) in report.suggestions?[path] }
        for error in report.errors { Terminal.error(error.description) }
        for path in report.missing ?? [] {
            let fix = "add it to the data or write '| default(\"\")' after it"
            Terminal.error(
                "\(report.template): uses '\(path)', which \(dataName) does not have; "
                    + (suggestion(path).map { "did you mean '\($0)'? If not, \(fix)" } ?? fix))
        }
        for path in report.possiblyMissing ?? [] {
            Terminal.warning(
                "\(report.template): uses '\(path)' in a part this data does not reach, and \(dataName) does not have it"
                    + (suggestion(path).map { "; did you mean '\($0)'?" } ?? ""))
        }
        for path in report.unused ?? [] {
            Terminal.warning("\(data ?? "data"): '\(path)' is never used by \(report.template)")
        }
        if report.ok { Terminal.message("\(report.template): no problems found") }
    }
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a template's text with its tags, paragraph by paragraph.",
        discussion: """
            Useful to review a change to a binary template in a diff:
              apdocs inspect letter.docx > letter.txt
            """)

    @Argument(help: "The template (.docx or .odt).")
    var template: String

    func run() throws {
        let bytes = try report { () throws -> [UInt8] in
            guard let data = FileManager.default.contents(atPath: template) else {
                throw TemplateError(issues: [
                    TemplateIssue(code: .unreadableFile, file: template, message: "cannot read the template file")
                ])
            }
            return [UInt8](data)
        }
        // Inspect works on templates with errors too: that is when an author needs it most.
        let text = try report { try Template.inspect(bytes: bytes, name: URL(fileURLWithPath: template).lastPathComponent) }
        print(text, terminator: "")
    }
}
