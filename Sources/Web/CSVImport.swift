import Foundation
import OfficeTemplate
import Placement
import SwiftCSV
import Workspaces
import Yams

/// Which data path each CSV column fills. The built-in map knows the column names common MIS
/// exports use; a map file (`columns: {"Column name": data.path}`) names others.
public struct ImportMap: Sendable {
    /// Column name (lower-cased) -> data path (`pupil.upn`; `pupil.surname` and `pupil.forename` make `pupil.name`).
    public var columns: [String: String]

    /// Column names (lower-cased) of common MIS exports and spreadsheets.
    public static let builtIn = ImportMap(columns: [
        "placement id": "id", "placement": "id", "id": "id",
        "upn": "pupil.upn", "unique pupil number": "pupil.upn",
        "legal surname": "pupil.surname", "surname": "pupil.surname",
        "forename": "pupil.forename", "legal forename": "pupil.forename", "first name": "pupil.forename",
        "date of birth": "pupil.date_of_birth", "dob": "pupil.date_of_birth",
        "year": "pupil.year_group", "year group": "pupil.year_group", "nc year": "pupil.year_group",
        "ncyear actual": "pupil.year_group",
        "pupil key": "pupil.key", "adno": "pupil.key", "admission number": "pupil.key",
        "looked after": "pupil.looked_after", "cla": "pupil.looked_after",
        "provider": "provider", "provider id": "provider", "school": "school",
        "start date": "start", "start": "start", "end date": "planned_end", "planned end": "planned_end",
    ])

    /// Reads a map file: `columns:` with column name -> data path.
    public static func load(path: String) throws -> ImportMap {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let yaml = try? Yams.load(yaml: text) as? [String: Any], let columns = yaml["columns"] as? [String: String]
        else {
            throw WebError("\(path): a map file has `columns:` with one `Column name: data.path` a line")
        }
        return ImportMap(
            columns: Dictionary(
                columns.map { ($0.key.lowercased().trimmingCharacters(in: .whitespaces), $0.value) },
                uniquingKeysWith: { a, _ in a }))
    }
}

/// What an import would do, or did, row by row (ids, columns and paths only, never values).
public struct ImportPlan: Sendable {
    public enum Action: String, Sendable { case create, update, unchanged, error }

    public struct Row: Sendable {
        /// 1-based, counting the header as row 1, as a spreadsheet shows it.
        public var row: Int
        public var action: Action
        public var placement: String?
        public var file: String?
        public var fields: [String] = []
        public var errors: [String] = []
        /// New values by data path, to write.
        var values: [String: String] = [:]
    }

    public var rows: [Row] = []
    /// Columns the map does not know: left out.
    public var ignoredColumns: [String] = []
}

/// Imports placements from a CSV export: rows whose placement exists (by id, else by UPN)
/// update its values in place; rows with a new placement id create a file.
public enum CSVImport {
    /// The largest CSV read: a school's whole roll is far smaller.
    public static let maxBytes = 4 * 1024 * 1024

    /// What importing `text` would do, row by row; writes nothing.
    public static func plan(csv text: String, map: ImportMap = .builtIn, workspace: Workspace) throws -> ImportPlan {
        guard text.utf8.count <= maxBytes else { throw WebError("the CSV file is larger than 4 MB; split it") }
        let table: CSV<Enumerated>
        do {
            table = try CSV<Enumerated>(
                string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, delimiter: .comma, loadColumns: false)
        } catch {
            throw WebError("the file cannot be read as CSV (check its quotes)")
        }
        var plan = ImportPlan()
        let paths = table.header.map { map.columns[$0.lowercased().trimmingCharacters(in: .whitespaces)] }
        plan.ignoredColumns = zip(table.header, paths).filter { $0.1 == nil }.map(\.0)
        let review = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate(), checkTemplates: false)
        for (index, cells) in table.rows.enumerated() {
            var row = ImportPlan.Row(row: index + 2, action: .unchanged)
            var values: [String: String] = [:]
            for (column, path) in zip(table.header, paths) {
                guard let path, let position = table.header.firstIndex(of: column), position < cells.count else { continue }
                let cell = cells[position].trimmingCharacters(in: .whitespaces)
                guard !cell.isEmpty else { continue }
                switch normalise(cell, path: path) {
                case .success(let value): values[path] = value
                case .failure(let problem): row.errors.append("column '\(column)': \(problem.description)")
                }
            }
            if let surname = values.removeValue(forKey: "pupil.surname") {
                let forename = values.removeValue(forKey: "pupil.forename")
                values["pupil.name"] = [forename, surname].compactMap { $0 }.joined(separator: " ")
            } else if let forename = values.removeValue(forKey: "pupil.forename") {
                values["pupil.name"] = forename
            }
            // A placement that loaded, by id or UPN; else a file whose record is held back by its errors.
            let loaded =
                values["id"].flatMap { review.dataset.placement(id: $0) }
                ?? values["pupil.upn"].flatMap { upn in review.dataset.placements.first { $0.pupil.upn == upn } }
            let existing: (id: String, file: String)? =
                loaded.map { ($0.id, $0.source.file) }
                ?? values["id"].flatMap { id in
                    review.dataset.unloaded.first { $0.kind == .placement && $0.id == id }.map { (id, $0.file) }
                }
            row.placement = existing?.id ?? values["id"]
            if !row.errors.isEmpty {
                row.action = .error
            } else if let existing {
                row.file = existing.file
                let current = currentValues(path: workspace.path(existing.file), file: existing.file)
                row.fields = values.keys.filter { $0 != "id" && current[$0] != values[$0] }.sorted()
                let editable = Set(current.keys)
                for path in row.fields where !editable.contains(path) {
                    row.errors.append("\(path) cannot be set in place in \(existing.file); add it to the file by hand")
                }
                row.action = !row.errors.isEmpty ? .error : row.fields.isEmpty ? .unchanged : .update
            } else if let id = values["id"] {
                guard id.range(of: #"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"#, options: .regularExpression) != nil else {
                    row.errors.append("the placement id may hold letters, digits, - and _ only")
                    row.action = .error
                    plan.rows.append(row)
                    continue
                }
                row.action = .create
                row.file = "\(RecordKind.placement.folder)/\(id).yaml"
                row.fields = values.keys.sorted()
            } else {
                row.action = .error
                row.errors.append("no placement has this UPN and there is no placement id to create one")
            }
            row.values = values
            plan.rows.append(row)
        }
        return plan
    }

    /// The editable values of a record file, by data path.
    static func currentValues(path: String, file: String) -> [String: String] {
        guard let bytes = FileManager.default.contents(atPath: path),
            let document = try? DataLoader.load(bytes: [UInt8](bytes), file: file, format: .yaml)
        else { return [:] }
        let fields = RecordEditor.fields(text: String(decoding: bytes, as: UTF8.self), document: document)
        return Dictionary(fields.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// Dates as YYYY-MM-DD (from DD/MM/YYYY too), year groups as numbers, yes/no as true/false.
    static func normalise(_ cell: String, path: String) -> Result<String, WebError> {
        if path.hasSuffix("date_of_birth") || path == "start" || path == "planned_end" {
            if cell.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil { return .success(cell) }
            let parts = cell.split(separator: "/")
            if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), (1...31).contains(d),
                (1...12).contains(m), y > 1900
            {
                return .success(String(format: "%04d-%02d-%02d", y, m, d))
            }
            return .failure(WebError("is not a date; write DD/MM/YYYY or YYYY-MM-DD"))
        }
        if path == "pupil.year_group" {
            let digits = cell.lowercased().replacingOccurrences(of: "year", with: "").replacingOccurrences(of: "y", with: "")
                .trimmingCharacters(in: .whitespaces)
            guard let year = Int(digits), (-1...14).contains(year) else {
                return .failure(WebError("is not a year group (7, Y7 or Year 7)"))
            }
            return .success(String(year))
        }
        if path == "pupil.looked_after" {
            switch cell.lowercased() {
            case "y", "yes", "true", "1": return .success("true")
            case "n", "no", "false", "0": return .success("false")
            default: return .failure(WebError("is not yes or no"))
            }
        }
        return .success(cell)
    }
}
