import Foundation
import Hummingbird
import OfficeTemplate
import Placement
import Workspaces

extension WebApp {
    func addEditRoutes(_ router: Router<WebContext>) {
        for kind in RecordKind.allCases {
            router.get("/\(kind.folder)/:id/edit") { _, context in
                try await self.editForm(kind, id: context.parameters.require("id"), context: context)
            }
            router.post("/\(kind.folder)/:id/edit") { _, context in
                try await self.save(kind, id: context.parameters.require("id"), context: context)
            }
        }
    }

    /// The record's file on disk and as named in messages, if it is YAML (the format edited in place).
    func recordFile(_ kind: RecordKind, id: String) async throws -> (path: String, file: String)? {
        let data = try await review().dataset
        let source: RecordSource?
        switch kind {
        case .placement: source = data.placement(id: id)?.source
        case .provider: source = data.provider(id: id)?.source
        case .school: source = data.school(id: id)?.source
        }
        guard let source, ["yaml", "yml"].contains((source.path as NSString).pathExtension.lowercased()) else { return nil }
        return (source.path, source.file)
    }

    func editForm(
        _ kind: RecordKind, id: String, context: WebContext, typed: [String: String] = [:], issues: [ValidationIssue]? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let (path, file) = try await recordFile(kind, id: id), let bytes = FileManager.default.contents(atPath: path) else {
            return pages.error(status: .notFound, message: "There is no \(kind.rawValue) \(id) in a YAML file.", context: context)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let document = try DataLoader.load(bytes: [UInt8](bytes), file: file, format: .yaml)
        let shownIssues: [ValidationIssue]
        if let issues { shownIssues = issues } else { shownIssues = try await review().issues.filter { $0.file == file } }
        var placed: Set<Int> = []
        let fields = RecordEditor.fields(text: text, document: document).map { field -> [String: Any] in
            let mine = shownIssues.enumerated().filter { $0.element.path == field.path }
            placed.formUnion(mine.map(\.offset))
            return [
                "path": field.path, "label": field.path, "value": typed[field.path] ?? field.value,
                "id": "f-" + field.path.replacingOccurrences(of: #"[^A-Za-z0-9_-]"#, with: "-", options: .regularExpression),
                "isDate": field.isDate, "isLong": field.isMultiline,
                "issues": mine.map { ["severity": $0.element.severity.rawValue, "message": $0.element.message] },
                "hasError": mine.contains { $0.element.severity == .error },
            ]
        }
        let others = shownIssues.enumerated().filter { !placed.contains($0.offset) }.map {
            ["severity": $0.element.severity.rawValue, "path": $0.element.path ?? "", "message": $0.element.message]
        }
        return pages.page(
            "edit", title: "Edit \(id)",
            [
                "id": id, "folder": kind.folder, "file": file, "fields": fields, "others": others,
                "hasOthers": !others.isEmpty, "refused": status != .ok,
            ], context: context, status: status)
    }

    enum SaveOutcome: Sendable {
        case saved([String])
        case unchanged
        case refused([ValidationIssue])
    }

    /// Writes the changed values back under the workspace lock, then runs the checks: a change
    /// that brings new errors into the file is undone and the form shown again as typed.
    func save(_ kind: RecordKind, id: String, context: WebContext) async throws -> Response {
        guard let (path, file) = try await recordFile(kind, id: id) else {
            return pages.error(status: .notFound, message: "There is no \(kind.rawValue) \(id) in a YAML file.", context: context)
        }
        var typed: [String: String] = [:]
        for (name, value) in context.form.pairs where name != "csrf" {
            typed[name] = value.replacingOccurrences(of: "\r\n", with: "\n")
        }
        let workspace = self.workspace
        let files = self.files
        let wanted = typed
        let outcome: SaveOutcome = try await offload {
            try files.locked {
                guard let bytes = FileManager.default.contents(atPath: path) else { throw WebError("cannot read \(file)") }
                let original = String(decoding: bytes, as: UTF8.self)
                let document = try DataLoader.load(bytes: [UInt8](bytes), file: file, format: .yaml)
                let fields = RecordEditor.fields(text: original, document: document)
                let changed = fields.filter { field in wanted[field.path].map { $0 != field.value && !$0.contains("\n") } ?? false
                }.map(\.path)
                guard !changed.isEmpty else { return .unchanged }
                let before = Set(
                    try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate(), checkTemplates: false).issues.filter
                    { $0.file == file && $0.severity == .error }.map { "\($0.path ?? "")|\($0.message)" })
                let edited = RecordEditor.apply(wanted.filter { changed.contains($0.key) }, to: original, fields: fields)
                try AtomicFile.write(Array(edited.utf8), to: path)
                let after: [ValidationIssue]
                do {
                    after = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate(), checkTemplates: false).issues
                        .filter { $0.file == file }
                } catch {
                    try AtomicFile.write(Array(original.utf8), to: path)
                    return .refused([
                        ValidationIssue(
                            severity: .error, rule: .data, subject: id, path: changed.first, file: file, line: nil,
                            message: "this value cannot be read back; correct it")
                    ])
                }
                if after.contains(where: { $0.severity == .error && !before.contains("\($0.path ?? "")|\($0.message)") }) {
                    try AtomicFile.write(Array(original.utf8), to: path)
                    return .refused(after)
                }
                return .saved(changed)
            }
        }
        switch outcome {
        case .unchanged:
            return Pages.seeOther("/\(kind.folder)/\(urlEncode(id))")
        case .refused(let issues):
            context.logger.info("save refused by the checks", metadata: ["record": .string(id)])
            return try await editForm(kind, id: id, context: context, typed: typed, issues: issues, status: .unprocessableContent)
        case .saved(let changed):
            try? AuditLog.append(
                AuditRecord(time: Date(), actor: context.session?.user ?? "?", action: "edit", record: file, fields: changed),
                files: files)
            context.logger.info("record saved", metadata: ["record": .string(id), "fields": .stringConvertible(changed.count)])
            return Pages.seeOther("/\(kind.folder)/\(urlEncode(id))?saved=1")
        }
    }
}
