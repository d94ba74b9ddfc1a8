import Foundation
import OfficeTemplate
import Placement
import Workspaces

extension CSVImport {
    /// Writes the plan's creations and updates under the workspace lock (rows in error are
    /// left out), one audit record per record; returns the files written.
    @discardableResult
    public static func apply(_ plan: ImportPlan, workspace: Workspace, actor: String) throws -> [String] {
        let files = WebFiles(workspace: workspace)
        return try files.locked {
            var written: [String] = []
            for row in plan.rows where row.action == .create || row.action == .update {
                guard let file = row.file else { continue }
                let path = workspace.path(file)
                if row.action == .create {
                    guard !FileManager.default.fileExists(atPath: path) else {
                        throw WebError("row \(row.row): \(file) exists already; nothing was written from this row on")
                    }
                    try AtomicFile.write(Array(newRecord(row.values).utf8), to: path)
                } else {
                    guard let bytes = FileManager.default.contents(atPath: path) else { throw WebError("cannot read \(file)") }
                    let text = String(decoding: bytes, as: UTF8.self)
                    let document = try DataLoader.load(bytes: [UInt8](bytes), file: file, format: .yaml)
                    let fields = RecordEditor.fields(text: text, document: document)
                    let changes = row.values.filter { row.fields.contains($0.key) }
                    try AtomicFile.write(Array(RecordEditor.apply(changes, to: text, fields: fields).utf8), to: path)
                }
                try AuditLog.append(
                    AuditRecord(
                        time: Date(), actor: actor, action: "import-\(row.action.rawValue)", record: file, fields: row.fields),
                    files: files)
                written.append(file)
            }
            return written
        }
    }

    /// A new placement file from the imported values: what the CSV gave, nested by path; the
    /// checks then list what the school still has to fill in.
    static func newRecord(_ values: [String: String]) -> String {
        let plainPaths: Set<String> = ["start", "planned_end", "pupil.date_of_birth", "pupil.year_group", "pupil.looked_after"]
        func scalar(_ path: String) -> String {
            plainPaths.contains(path) ? values[path]! : RecordEditor.yamlScalar(values[path]!, wasDate: false)
        }
        var lines = ["# Imported from a CSV file: fill in the rest (docs/data-model.md); `apdocs status` lists what is missing."]
        for path in values.keys.sorted() where !path.contains(".") { lines.append("\(path): \(scalar(path))") }
        let pupil = values.keys.filter { $0.hasPrefix("pupil.") }.sorted()
        if !pupil.isEmpty {
            lines.append("pupil:")
            for path in pupil { lines.append("  \(path.dropFirst(6)): \(scalar(path))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan in words, one line per row (ids, columns and paths only).
    public static func describe(_ plan: ImportPlan) -> [String] {
        var lines = plan.rows.map { row -> String in
            let what = row.placement.map { " \($0)" } ?? ""
            switch row.action {
            case .create: return "row \(row.row): create\(what) (\(row.file ?? "")): \(row.fields.joined(separator: ", "))"
            case .update: return "row \(row.row): update\(what): \(row.fields.joined(separator: ", "))"
            case .unchanged: return "row \(row.row): unchanged\(what)"
            case .error: return "row \(row.row): error\(what): \(row.errors.joined(separator: "; "))"
            }
        }
        if !plan.ignoredColumns.isEmpty {
            lines.append("columns left out (not in the map): \(plan.ignoredColumns.joined(separator: ", "))")
        }
        return lines
    }
}
