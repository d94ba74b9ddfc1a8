import Foundation
import Hummingbird
import OfficeTemplate
import Placement
import Workspaces

extension WebApp {
    /// A new school, provider or placement from the form: written as `FOLDER/ID.yaml` under the
    /// workspace lock, kept only when the checks find no error in it (else removed, and the form
    /// shown again as typed with each message beside its field; warnings do not block).
    func create(_ kind: RecordKind, context: WebContext) async throws -> Response {
        let id = (context.form["id"] ?? "").trimmingCharacters(in: .whitespaces)
        let specs = RecordSchema.fields(kind)
        let typed = RecordForm.merge(specs, form: context.form, into: nil)
        func refuse(_ message: String) -> Response {
            let issue = ValidationIssue(
                severity: .error, rule: .data, subject: nil, path: "id", file: nil, line: nil, message: message)
            return recordForm(kind, id: nil, value: typed, issues: [issue], context: context, status: .unprocessableContent)
        }
        guard id.range(of: #"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"#, options: .regularExpression) != nil else {
            return refuse("is required: letters, digits, dashes and underscores, starting with a letter or digit")
        }
        var map = TemplateMap()
        map["id"] = .string(id)
        if case .map(let fields)? = typed { for (key, value) in fields.pairs { map[key] = value } }
        let file = "\(kind.folder)/\(id).yaml"
        let path = workspace.path(file)
        let workspace = self.workspace
        let files = self.files
        let text = YAMLText.document(map, header: "Made in the web app; the fields are described in docs/data-model.md.")
        let outcome: SaveOutcome? = try await offload {
            try files.locked {
                let folder = workspace.path(kind.folder)
                let taken = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).contains {
                    ($0 as NSString).deletingPathExtension.lowercased() == id.lowercased()
                }
                guard !taken else { return nil }
                try AtomicFile.createDirectories(folder)
                try AtomicFile.write(Array(text.utf8), to: path)
                let issues: [ValidationIssue]
                do {
                    issues = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate(), checkTemplates: false)
                        .issues.filter { $0.file == file || ($0.subject == id && $0.file == nil) }
                } catch {
                    try? FileManager.default.removeItem(atPath: path)
                    throw error
                }
                if issues.contains(where: { $0.severity == .error }) {
                    try FileManager.default.removeItem(atPath: path)
                    return .refused(issues, typed)
                }
                return .saved([])
            }
        }
        switch outcome {
        case nil:
            return refuse("is taken: there is a \(kind.rawValue) file with this id already")
        case .refused(let issues, _):
            context.logger.info("new record refused by the checks", metadata: ["kind": .string(kind.rawValue)])
            return recordForm(kind, id: nil, value: typed, issues: issues, context: context, status: .unprocessableContent)
        case .saved, .unchanged:
            try? AuditLog.append(
                AuditRecord(
                    time: Date(), actor: context.session?.user ?? "?", action: "create", record: file,
                    fields: map.keys.filter { $0 != "id" }),
                files: files)
            context.logger.info("record created", metadata: ["record": .string(id)])
            return Pages.seeOther("/\(kind.folder)/\(urlEncode(id))?saved=1")
        }
    }
}
