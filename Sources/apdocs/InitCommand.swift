import ArgumentParser
import Foundation
import Workspaces

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: the shipped templates, apdocs.yaml, and sample data or a blank school.",
        discussion: """
            The folder must be new or empty (--force adds a workspace to a folder that is not). \
            If anything goes wrong, nothing is left behind. The templates and sample data come \
            from APDocs' installation (PREFIX/share/apdocs, or the source tree it was built in).

            Examples:
              apdocs init ~/ap && apdocs build ~/ap         # the sample school, to try things
              apdocs init ~/ap --blank                      # your own school: fill in schools/SCHOOL.yaml
            """)

    @Argument(help: "The folder to create.")
    var folder: String

    @Flag(help: "No sample providers or pupils: the templates, apdocs.yaml and a commented skeleton of one school.")
    var blank = false

    @Flag(help: "Add the workspace to a folder that is not empty (files of the same name are replaced).")
    var force = false

    @Option(help: ArgumentHelp("Where the sample data is (default: the installed examples).", valueName: "folder"))
    var examples: String?

    @Option(help: ArgumentHelp("Where the templates are (default: the installed templates).", valueName: "folder"))
    var templates: String?

    func run() throws {
        let shipped = ShippedFiles.locate()
        try report {
            try Workspace.create(
                at: folder, examples: examples ?? shipped.examples, templates: templates ?? shipped.templates,
                blank: blank, force: force)
        }
        if blank {
            Terminal.message(
                "created a blank workspace in \(folder): fill in schools/SCHOOL.yaml, add providers and placements, then run `apdocs validate \(folder)`"
            )
        } else {
            Terminal.message(
                "created a workspace with the sample school in \(folder); run `apdocs build \(folder)` to make its documents")
        }
    }
}

/// Where the templates and sample data shipped with APDocs are: `$APDOCS_SHARE`, else
/// `PREFIX/share/apdocs` beside an installed `PREFIX/bin/apdocs`, else the source tree the
/// program was built in.
struct ShippedFiles {
    var templates: String
    var examples: String

    static func locate() -> ShippedFiles {
        let files = FileManager.default
        if let share = ProcessInfo.processInfo.environment["APDOCS_SHARE"], !share.isEmpty {
            return ShippedFiles(folder: share)
        }
        let program = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: files.currentDirectoryPath))
        let executable = URL(fileURLWithPath: (try? files.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? program.path)
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/apdocs")
        if files.fileExists(atPath: installed.appendingPathComponent("templates").path) {
            return ShippedFiles(folder: installed.path)
        }
        var candidate = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            if files.fileExists(atPath: candidate.appendingPathComponent("examples/schools").path) {
                return ShippedFiles(folder: candidate.path)
            }
            candidate.deleteLastPathComponent()
        }
        return ShippedFiles(folder: installed.path)
    }

    init(folder: String) {
        templates = (folder as NSString).appendingPathComponent("templates")
        examples = (folder as NSString).appendingPathComponent("examples")
    }
}
