import Foundation
import Hummingbird
import OfficeTemplate
import Placement
import Workspaces

extension WebApp {
    func addEditRoutes(_ router: Router<WebContext>) {
        for kind in RecordKind.allCases {
            router.get("/\(kind.folder)/new") { _, context in
                self.recordForm(kind, id: nil, value: nil, issues: [], context: context)
            }
            router.post("/\(kind.folder)/new") { _, context in try await self.create(kind, context: context) }
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

    /// The form of every field (`RecordSchema`), filled from `value`, with each issue beside its
    /// field; `id` nil for a new record.
    func recordForm(
        _ kind: RecordKind, id: String?, value: TemplateValue?, issues: [ValidationIssue], context: WebContext,
        file: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        var form = RecordForm(issues: issues)
        let idHTML: String
        if id == nil {
            let typedID = context.form["id"] ?? ""
            let (note, invalid) = (form.issues["id"] ?? []).isEmpty ? ("", "") : ("error", " aria-invalid=\"true\"")
            let messages = (form.issues["id"] ?? []).map { "<span class=\"error\">\(htmlEscape($0.message))</span>" }.joined()
            idHTML = """
                <div class="field\(note.isEmpty ? "" : " invalid")"><label for="f-id">ID</label><span class="hint">Used in file names and links: letters, digits and dashes (such as \(kind == .placement ? "PL-2026-001" : kind == .provider ? "PRV-ABC" : "SCH-ABC"))</span>
                <input id="f-id" name="id" required pattern="[A-Za-z0-9][A-Za-z0-9_-]{0,63}" value="\(htmlEscape(typedID))"\(invalid) aria-describedby="f-id-issues">
                <span id="f-id-issues">\(messages)</span></div>
                """
        } else {
            idHTML = ""
        }
        let fields = form.html(RecordSchema.fields(kind), value: value)
        let others = issues.filter { !(form.placed.contains($0.path ?? "") || (id == nil && $0.path == "id")) }
            .map { ["severity": $0.severity.rawValue, "path": $0.path ?? "", "message": $0.message] }
        let noun = kind.rawValue
        // The error summary: each error with a link to its field (or the nearest fieldset).
        let errorLinks = issues.filter { $0.severity == .error }.map { issue -> [String: String] in
            let path = issue.path ?? ""
            var target = path
            while !target.isEmpty && target != "id" && RecordSchema.spec(kind, path: target) == nil {
                target = String(target[..<(target.lastIndex { $0 == "." || $0 == "[" } ?? target.startIndex)])
            }
            return [
                "target": target.isEmpty ? "main" : RecordForm.inputID(target),
                "label": path.isEmpty ? "Record" : RecordForm.words(path),
                "message": issue.message,
            ]
        }
        return pages.page(
            "edit", title: id.map { "Edit \($0)" } ?? "New \(noun)",
            [
                "heading": id.map { "Edit \($0)" } ?? "New \(noun)", "id": id ?? "", "isNew": id == nil, "folder": kind.folder,
                "folderTitle": RecordView.label(kind.folder), "file": file ?? "", "fields": idHTML + fields,
                "action": id.map { "/\(kind.folder)/\(urlEncode($0))/edit" } ?? "/\(kind.folder)/new",
                "others": others, "hasOthers": !others.isEmpty, "refused": status != .ok, "errorLinks": errorLinks,
            ], context: context, status: status)
    }

    func editForm(_ kind: RecordKind, id: String, context: WebContext) async throws -> Response {
        guard let (path, file) = try await recordFile(kind, id: id), let bytes = FileManager.default.contents(atPath: path) else {
            return pages.error(status: .notFound, message: "There is no \(kind.rawValue) \(id) in a YAML file.", context: context)
        }
        let document = try DataLoader.load(bytes: [UInt8](bytes), file: file, format: .yaml)
        let issues = try await review().issues.filter { $0.file == file }
        return recordForm(kind, id: id, value: document.value, issues: issues, context: context, file: file)
    }

    enum SaveOutcome: Sendable {
        case saved([String])
        case unchanged
        case refused([ValidationIssue], TemplateValue?)
    }

    /// Errors of the workspace in `file`, as `path|message` (to tell new ones from old).
    static func errorKeys(_ issues: [ValidationIssue], file: String) -> Set<String> {
        Set(issues.filter { $0.file == file && $0.severity == .error }.map { "\($0.path ?? "")|\($0.message)" })
    }

    /// Writes the changes back under the workspace lock (`RecordWriter`: unchanged lines stay as
    /// they are), then runs the checks: a change that brings new errors into the file is undone
    /// and the form shown again as typed, each message beside its field.
    func save(_ kind: RecordKind, id: String, context: WebContext) async throws -> Response {
        guard let (path, file) = try await recordFile(kind, id: id) else {
            return pages.error(status: .notFound, message: "There is no \(kind.rawValue) \(id) in a YAML file.", context: context)
        }
        let workspace = self.workspace
        let files = self.files
        let form = context.form
        let outcome: SaveOutcome = try await offload {
            try files.locked {
                guard let bytes = FileManager.default.contents(atPath: path) else { throw WebError("cannot read \(file)") }
                let original = String(decoding: bytes, as: UTF8.self)
                let document = try DataLoader.load(bytes: [UInt8](bytes), file: file, format: .yaml)
                let wanted = RecordForm.merge(RecordSchema.fields(kind), form: form, into: document.value) ?? .map(TemplateMap())
                guard wanted != document.value else { return .unchanged }
                let result = try RecordWriter.write(text: original, document: document, old: document.value, new: wanted)
                let issueDate = try workspace.issueDate()
                let before = Self.errorKeys(
                    try WorkspaceReview.run(workspace, issueDate: issueDate, checkTemplates: false).issues, file: file)
                try AtomicFile.write(Array(result.text.utf8), to: path)
                let after: [ValidationIssue]
                do {
                    after = try WorkspaceReview.run(workspace, issueDate: issueDate, checkTemplates: false).issues.filter {
                        $0.file == file
                    }
                } catch {
                    try AtomicFile.write(Array(original.utf8), to: path)
                    return .refused(
                        [
                            ValidationIssue(
                                severity: .error, rule: .data, subject: id, path: result.changed.first, file: file, line: nil,
                                message: "this value cannot be read back; correct it")
                        ], wanted)
                }
                if !Self.errorKeys(after, file: file).subtracting(before).isEmpty {
                    try AtomicFile.write(Array(original.utf8), to: path)
                    return .refused(after, wanted)
                }
                return .saved(result.changed)
            }
        }
        switch outcome {
        case .unchanged:
            return Pages.seeOther("/\(kind.folder)/\(urlEncode(id))")
        case .refused(let issues, let wanted):
            context.logger.info("save refused by the checks", metadata: ["record": .string(id)])
            return recordForm(
                kind, id: id, value: wanted, issues: issues, context: context, file: file, status: .unprocessableContent)
        case .saved(let changed):
            try? AuditLog.append(
                AuditRecord(time: Date(), actor: context.session?.user ?? "?", action: "edit", record: file, fields: changed),
                files: files)
            context.logger.info("record saved", metadata: ["record": .string(id), "fields": .stringConvertible(changed.count)])
            return Pages.seeOther("/\(kind.folder)/\(urlEncode(id))?saved=1")
        }
    }
}
