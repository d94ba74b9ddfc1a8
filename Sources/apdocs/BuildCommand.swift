import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Workspaces

/// The workspace argument shared by init, build and status.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "The workspace folder (with apdocs.yaml, schools/, providers/, placements/).")
    var workspace: String = "."

    @Option(help: ArgumentHelp("The date letters carry and the rules judge by (YYYY-MM-DD), instead of apdocs.yaml's issue_date or today.", valueName: "date"))
    var date: String?

    func builder() throws -> BatchBuilder {
        let opened = try report { try Workspace(root: workspace) }
        let builder = BatchBuilder(workspace: opened, engineVersion: APDocs.version)
        builder.issueDateOverride = try parseDay(date)
        return builder
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Make every document of a workspace that is missing or out of date, and nothing else.",
        discussion: """
            A document is out of date when its template's bytes, the APDocs version or any data \
            value its last render read has changed (a change to a field no document reads \
            regenerates nothing). The previous file is kept in output/history/; a signed \
            agreement is never overwritten: a change that affects it makes a new, unsigned \
            version and marks the signed one superseded. output/manifest.json records every file.

            Exit status: 0 when all went well; 1 when a document failed; 3 when errors in the \
            data held documents back.

            Examples:
              apdocs build                  # the workspace in this folder
              apdocs build ~/ap --dry-run   # what would be made, and why
            """)

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "List what would be made and why, without making anything.")
    var dryRun = false

    @Flag(help: "Stop at the first document that fails.")
    var failFast = false

    @Flag(help: "If another build is running in this workspace, wait for it instead of stopping.")
    var wait = false

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    func run() throws {
        let builder = try options.builder()
        if dryRun {
            let (issues, files) = try report { try builder.status() }
            try printStatus(issues: issues, files: files.filter { $0.action != "up-to-date" }, json: json, upToDate: files.filter { $0.action == "up-to-date" }.count)
            return
        }
        let started = Date()
        let (issues, result) = try report {
            try builder.build(failFast: failFast, wait: wait) { done, total, failed in
                let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
                Terminal.progress("built \(done)/\(total)" + (failed > 0 ? ", \(failed) failed" : "") + String(format: ", %.0f/s", rate))
            }
        }
        Terminal.endProgress()
        if json {
            printJSON(result)
        } else {
            printIssues(issues.filter { $0.severity == .error })
            for file in result.built { Terminal.message("built \(file.path) (version \(file.version ?? 1)): \(file.reasons.joined(separator: "; "))") }
            for failure in result.failed { Terminal.error("\(failure.path): \(failure.error)") }
            printHeldBack(result.held.map { ($0.id, $0.reasons.joined(separator: "; ")) }, verb: "held back")
            Terminal.message(String(format: "%d built, %d up to date, %d failed, %d held back by errors in the data (%.2f s)",
                result.built.count, result.upToDate, result.failed.count, result.held.count, result.seconds))
        }
        if !result.failed.isEmpty { throw ExitCode.failure }
        if !result.held.isEmpty { throw ExitCode(3) }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show which documents are up to date, which a build would make and why, and agreements' signatures.",
        discussion: """
            Examples:
              apdocs status
              apdocs status ~/ap --json
            """)

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    func run() throws {
        let (issues, files) = try report { try options.builder().status() }
        try printStatus(issues: issues, files: files, json: json, upToDate: nil)
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace from the sample data and the shipped templates.",
        discussion: """
            Examples:
              apdocs init ~/ap && cd ~/ap && apdocs build
            """)

    @Argument(help: "The folder to create.")
    var folder: String

    @Option(help: "Where the sample data is (default: examples/ beside the apdocs sources).")
    var examples: String?

    @Option(help: "Where the shipped templates are (default: templates/ beside the apdocs sources).")
    var templates: String?

    func run() throws {
        let home = shippedFilesFolder()
        try report {
            try Workspace.create(at: folder, examples: examples ?? home + "/examples", templates: templates ?? home + "/templates")
        }
        Terminal.message("created a workspace in \(folder); run `apdocs build \(folder)` to make its documents")
    }

    /// The folder holding examples/ and templates/: the current one, or the one the program was built in.
    private func shippedFilesFolder() -> String {
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("examples/schools").path) { return candidate.path }
            candidate.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }
}

func printStatus(issues: [ValidationIssue], files: [PlannedFile], json: Bool, upToDate: Int?) throws {
    if json {
        struct Report: Encodable {
            var files: [PlannedFile]
            var issues: [ValidationIssue]
        }
        printJSON(Report(files: files, issues: issues))
        return
    }
    printIssues(issues.filter { $0.severity == .error })
    for file in files {
        var line = "\(file.action.padding(toLength: 11, withPad: " ", startingAt: 0)) \(file.path)"
        if let state = file.signatureState { line += " [\(state)]" }
        if let superseded = file.supersededSigned { line += " [signed version superseded: \(superseded)]" }
        if !file.reasons.isEmpty { line += ": " + file.reasons.joined(separator: "; ") }
        print(line)
    }
    let counts = Dictionary(grouping: files, by: \.action).mapValues(\.count)
    Terminal.message("\(counts["build"] ?? 0) to build, \(upToDate ?? counts["up-to-date"] ?? 0) up to date, \(counts["held"] ?? 0) held back")
}
