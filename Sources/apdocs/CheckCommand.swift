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
        var errors: [String]
        var missing: [String]?
        /// Used only in branches this data does not take, and absent from it.
        var possiblyMissing: [String]?
        var unused: [String]?
    }

    func run() throws {
        var report = Report(template: URL(fileURLWithPath: template).lastPathComponent, ok: true, errors: [])
        var compiled: Template?
        do {
            compiled = try Template(contentsOf: template)
        } catch let error as TemplateError {
            report.errors = error.issues.map(\.description)
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
                    report.errors += error.issues.filter { $0.missingDataPath == nil }.map(\.description)
                }
                report.possiblyMissing = comparison.missing.filter { !(report.missing ?? []).contains($0) }
            }
        }
        report.ok = report.errors.isEmpty && (report.missing ?? []).isEmpty
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            for error in report.errors { Terminal.error(error) }
            for path in report.missing ?? [] {
                Terminal.error(
                    "\(report.template): uses '\(path)', which \(data ?? "the data") does not have; add it to the data or write '| default(\"\")' after it"
                )
            }
            for path in report.possiblyMissing ?? [] {
                Terminal.warning(
                    "\(report.template): uses '\(path)' in a part this data does not reach, and \(data ?? "the data") does not have it"
                )
            }
            for path in report.unused ?? [] {
                Terminal.warning("\(data ?? "data"): '\(path)' is never used by \(report.template)")
            }
            if report.ok { Terminal.message("\(report.template): no problems found") }
        }
        if !report.ok { throw ExitCode.failure }
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
                throw TemplateError(issues: [TemplateIssue(file: template, message: "cannot read the template file")])
            }
            return [UInt8](data)
        }
        // Inspect works on templates with errors too: that is when an author needs it most.
        let text = try report { try Template.inspect(bytes: bytes, name: URL(fileURLWithPath: template).lastPathComponent) }
        print(text, terminator: "")
    }
}
