import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Workspaces

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what needs doing (data to fix, signatures, letters, checks, reviews), then the documents.",
        discussion: """
            Leads with the actions (fix-data, sign, send-letter, reissue, recheck, review), then the \
            data's errors and warnings, then the documents a build would make or holds back. \
            Checks that go stale and reviews that fall due within settings.due_within_days (30 by \
            default) are listed.

            Exit status: 0 nothing held back; 3 errors in the data hold documents back; 1 a \
            failure; 64 a usage error.

            Examples:
              apdocs status
              apdocs status ~/ap --all        # every document, up to date ones too
              apdocs status ~/ap --json       # issues, todo and files, for scripts
            """)

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "List every document, including those up to date.")
    var all = false

    @Flag(name: .shortAndLong, help: "List every warning, not only a count per rule.")
    var verbose = false

    @Flag(help: "Print the report as JSON on stdout, for scripts.")
    var json = false

    func run() throws {
        let status = try report { try options.builder().status() }
        try StatusPrinter(json: json, verbose: verbose).print(status, onlyPending: !all)
        if status.files.contains(where: { $0.action == .held }) || status.issues.containsErrors { throw ExitStatus.heldBack }
    }
}

/// How the workspace commands print issues, files and to-dos.
struct StatusPrinter {
    var json: Bool
    var verbose: Bool

    func print(_ status: WorkspaceStatus, onlyPending: Bool) throws {
        if json {
            struct Output: Encodable {
                var todo: [ToDo]
                var issues: [ValidationIssue]
                var files: [PlannedFile]
                var counts: [String: Int]
            }
            let counts = Dictionary(grouping: status.files, by: \.action.rawValue).mapValues(\.count)
            try printJSON(Output(todo: status.todo, issues: status.issues, files: status.files, counts: counts))
            return
        }
        printToDo(status.todo)
        printIssues(status.issues)
        var upToDate = 0
        for file in status.files {
            if file.action == .upToDate {
                upToDate += 1
                if onlyPending { continue }
            }
            var line = "\(file.action.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(file.path)"
            if let state = file.signatureState { line += " [\(state.rawValue)]" }
            if let superseded = file.supersededSigned { line += " [signed version superseded: \(superseded)]" }
            if !file.reasons.isEmpty { line += ": " + file.reasons.joined(separator: "; ") }
            Swift.print(line)
        }
        let counts = Dictionary(grouping: status.files, by: \.action).mapValues(\.count)
        Terminal.message(
            "\(status.todo.count) to do; \(counts[.build] ?? 0) to build, \(upToDate) up to date, \(counts[.held] ?? 0) held back"
        )
    }

    /// Actions first, grouped, in the order a school works through them.
    func printToDo(_ todo: [ToDo]) {
        guard !todo.isEmpty else { return }
        let headings: [ToDo.Action: String] = [
            .fixData: "Fix the data", .sign: "Collect signatures", .reissue: "Reissue at the next review",
            .sendLetter: "Send letters", .recheck: "Check providers again", .review: "Reviews due",
        ]
        Swift.print("To do:")
        for action in ToDo.Action.allCases {
            let items = todo.filter { $0.action == action }
            guard !items.isEmpty else { continue }
            Swift.print("  \(headings[action]!) (\(items.count)):")
            for item in items { Swift.print("    - \(item.message)") }
        }
        Swift.print("")
    }

    /// Errors in full; warnings one line per rule with a count, unless verbose.
    func printIssues(_ issues: [ValidationIssue]) {
        for issue in issues where issue.severity == .error { Terminal.errorLine(issue.description) }
        let warnings = issues.filter { $0.severity == .warning }
        if verbose {
            for issue in warnings { Terminal.warningLine(issue.description) }
            return
        }
        var order: [ValidationIssue.Rule] = []
        var counts: [ValidationIssue.Rule: Int] = [:]
        for issue in warnings {
            if counts[issue.rule] == nil { order.append(issue.rule) }
            counts[issue.rule, default: 0] += 1
        }
        for rule in order {
            let count = counts[rule]!
            Terminal.warning(
                "\(count) warning\(count == 1 ? "" : "s") [\(rule.rawValue)]: \(rule.summary) (--verbose lists them)")
        }
    }

    /// Each document made, once for all its formats, with why.
    func printBuilt(_ built: [PlannedFile]) {
        var order: [String] = []
        var byID: [String: [PlannedFile]] = [:]
        for file in built.sorted(by: { $0.path < $1.path }) {
            if byID[file.id] == nil { order.append(file.id) }
            byID[file.id, default: []].append(file)
        }
        let limit = verbose ? Int.max : 20
        for id in order.prefix(limit) {
            let files = byID[id]!
            let formats = files.map { ($0.path as NSString).pathExtension }.joined(separator: ", ")
            let version = files.first?.version ?? 1
            Terminal.message("made \(id) (\(formats), version \(version)): \(files.first?.reasons.joined(separator: "; ") ?? "")")
        }
        if order.count > limit { Terminal.message("… and \(order.count - limit) more documents (--verbose lists them)") }
    }

    /// Documents held back, grouped by the reasons that hold them.
    func printHeld(_ held: [PlannedFile]) {
        var order: [String] = []
        var byReason: [String: [String]] = [:]
        for file in held {
            let reason = file.reasons.joined(separator: "; ")
            if byReason[reason] == nil { order.append(reason) }
            byReason[reason, default: []].append(file.id)
        }
        for reason in order {
            Terminal.warning("held back: \(byReason[reason]!.joined(separator: ", ")): \(reason)")
        }
    }
}

extension ValidationIssue.Rule {
    /// What a rule's warnings are about, for the one-line count.
    var summary: String {
        switch self {
        case .staleCheck: return "checks, policies or reports older than the staleness threshold"
        case .reviewGap: return "reviews further apart than about a half-term"
        case .vetting: return "no dated written confirmation of the provider's vetting checks"
        case .checks: return "checklist items not satisfactory, so the provider is not approved"
        case .laNotified: return "the local authority not yet told of a placement"
        case .curriculum: return "a curriculum without English or maths"
        case .partTime: return "part-time placements lacking what the guidance asks"
        case .contacts: return "contacts a letter prints are missing"
        default: return "see --verbose"
        }
    }
}
