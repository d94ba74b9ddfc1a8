import Foundation
import OfficeTemplate
import Placement

/// A record's form, built from `RecordSchema`: every field of docs/data-model.md, with date and
/// time inputs, selects for enumerations, and repeating groups (each row a fieldset with a
/// Remove box, plus an empty row to add one). Input names are the data paths (`sessions[1].day`),
/// so each check's message is shown beside its field.
struct RecordForm {
    /// Messages by data path.
    var issues: [String: [ValidationIssue]] = [:]
    /// Paths whose messages were shown beside a field.
    private(set) var placed: Set<String> = []

    static let rowsMarker = "__rows:"
    static let removeMarker = "__remove:"
    static let presentMarker = "__present:"

    init(issues: [ValidationIssue]) {
        for issue in issues { self.issues[issue.path ?? "", default: []].append(issue) }
    }

    /// `sessions[1].day` -> "Sessions 2 › Day": a path as the form's labels show it.
    static func words(_ path: String) -> String {
        path.split(separator: ".").map { part -> String in
            guard let open = part.firstIndex(of: "["), let index = Int(part[part.index(after: open)...].dropLast()) else {
                return RecordView.label(String(part))
            }
            return "\(RecordView.label(String(part[..<open]))) \(index + 1)"
        }.joined(separator: " › ")
    }

    static func inputID(_ path: String) -> String {
        "f-" + path.replacingOccurrences(of: #"[^A-Za-z0-9_-]"#, with: "-", options: .regularExpression)
    }

    /// The HTML of `specs` filled from `value` (the record as stored, or as typed).
    mutating func html(_ specs: [FieldSpec], value: TemplateValue?, prefix: String = "") -> String {
        specs.map { spec in
            let path = prefix.isEmpty ? spec.key : "\(prefix).\(spec.key)"
            return html(spec, path: path, value: value?[spec.key])
        }.joined(separator: "\n")
    }

    private mutating func messages(_ path: String) -> (html: String, hasError: Bool) {
        guard let mine = issues[path], !mine.isEmpty else { return ("", false) }
        placed.insert(path)
        let text = mine.map { "<span class=\"\($0.severity.rawValue)\">\(htmlEscape($0.message))</span>" }.joined(separator: " ")
        return (text, mine.contains { $0.severity == .error })
    }

    private mutating func html(_ spec: FieldSpec, path: String, value: TemplateValue?) -> String {
        let label = htmlEscape(RecordView.label(spec.key))
        let hint = spec.hint.map { "<span class=\"hint\">\(htmlEscape($0))</span>" } ?? ""
        switch spec.type {
        case .map(let children):
            let (note, _) = messages(path)
            let inner = html(children, value: value, prefix: path)
            return
                "<fieldset class=\"map\"><legend>\(label)</legend>\(hint)\(note.isEmpty ? "" : "<p>\(note)</p>")\n\(inner)\n</fieldset>"
        case .group(let noun, let children):
            let (note, _) = messages(path)
            var rows: [TemplateValue] = []
            if case .list(let items)? = value { rows = items }
            var out =
                "<fieldset class=\"group\" id=\"\(Self.inputID(path))\"><legend>\(label)</legend>\(hint)\(note.isEmpty ? "" : "<p>\(note)</p>")\n"
            out += "<input type=\"hidden\" name=\"\(htmlEscape(Self.rowsMarker + path))\" value=\"\(rows.count + 1)\">\n"
            for (index, row) in rows.enumerated() {
                let rowPath = "\(path)[\(index)]"
                let (rowNote, _) = messages(rowPath)
                let removeID = Self.inputID(Self.removeMarker + rowPath)
                out +=
                    "<fieldset class=\"row\"><legend>\(htmlEscape(noun.prefix(1).uppercased() + noun.dropFirst())) \(index + 1)</legend>"
                out += rowNote.isEmpty ? "" : "<p>\(rowNote)</p>"
                out += "\n" + html(children, value: row, prefix: rowPath) + "\n"
                out +=
                    "<div class=\"check\"><input type=\"checkbox\" id=\"\(removeID)\" name=\"\(htmlEscape(Self.removeMarker + rowPath))\" value=\"yes\">"
                out += "<label for=\"\(removeID)\">Remove this \(htmlEscape(noun))</label></div></fieldset>\n"
            }
            let newPath = "\(path)[\(rows.count)]"
            out += "<fieldset class=\"row new\"><legend>Add a \(htmlEscape(noun))</legend>\n"
            out += html(children, value: nil, prefix: newPath) + "\n</fieldset>\n</fieldset>"
            return out
        default:
            let id = Self.inputID(path)
            let (note, hasError) = messages(path)
            let name = htmlEscape(path)
            let shown = htmlEscape(Self.inputText(value, spec.type))
            let invalid = hasError ? " aria-invalid=\"true\"" : ""
            let described = " aria-describedby=\"\(id)-issues\""
            var control: String
            switch spec.type {
            case .date:
                control = "<input type=\"date\" id=\"\(id)\" name=\"\(name)\" value=\"\(shown)\"\(invalid)\(described)>"
            case .time:
                control = "<input type=\"time\" id=\"\(id)\" name=\"\(name)\" value=\"\(shown)\"\(invalid)\(described)>"
            case .integer, .number:
                control =
                    "<input inputmode=\"decimal\" id=\"\(id)\" name=\"\(name)\" value=\"\(shown)\" class=\"short\"\(invalid)\(described)>"
            case .paragraph, .lines, .dateLines:
                control = "<textarea id=\"\(id)\" name=\"\(name)\" rows=\"3\"\(invalid)\(described)>\(shown)</textarea>"
            case .yesNo:
                control = select(id: id, name: name, options: [("", "not given"), ("true", "yes"), ("false", "no")], shown)
                control = control.replacingOccurrences(of: "<select ", with: "<select\(invalid)\(described) ")
            case .choice(let options):
                control = select(id: id, name: name, options: [("", "not given")] + options.map { ($0, $0) }, shown)
                control = control.replacingOccurrences(of: "<select ", with: "<select\(invalid)\(described) ")
            case .weekdays:
                var chosen: Set<String> = []
                if case .list(let items)? = value { chosen = Set(items.map { RecordView.text($0).lowercased() }) }
                control =
                    "<span class=\"days\"><input type=\"hidden\" name=\"\(htmlEscape(Self.presentMarker + path))\" value=\"1\">"
                for day in Weekday.allCases.prefix(5) {
                    let dayID = "\(id)-\(day.rawValue)"
                    let checked = chosen.contains(day.rawValue.lowercased()) ? " checked" : ""
                    control +=
                        "<input type=\"checkbox\" id=\"\(dayID)\" name=\"\(name)\" value=\"\(day.rawValue)\"\(checked)><label for=\"\(dayID)\">\(day.rawValue)</label> "
                }
                control += "</span>"
            default:
                control = "<input id=\"\(id)\" name=\"\(name)\" value=\"\(shown)\"\(invalid)\(described)>"
            }
            let labelFor = spec.type.isWeekdays ? "" : " for=\"\(id)\""
            return """
                <div class="field\(hasError ? " invalid" : "")">
                <label\(labelFor)>\(label)</label>\(hint)
                \(control)
                <span id="\(id)-issues">\(note)</span>
                </div>
                """
        }
    }

    private func select(id: String, name: String, options: [(String, String)], _ shown: String) -> String {
        var all = options
        // A value not in the list (a typo in the file, or as typed) stays visible and selected.
        if !shown.isEmpty && !options.contains(where: { htmlEscape($0.0) == shown }) { all.append((shown, shown)) }
        let items = all.map { option -> String in
            let value = htmlEscape(option.0)
            return "<option value=\"\(value)\"\(value == shown ? " selected" : "")>\(htmlEscape(option.1))</option>"
        }
        return "<select id=\"\(id)\" name=\"\(name)\">" + items.joined() + "</select>"
    }

    /// How a stored value reads in its input.
    static func inputText(_ value: TemplateValue?, _ type: FieldType) -> String {
        guard let value else { return "" }
        switch value {
        case .list(let items): return items.map { inputText($0, type) }.joined(separator: "\n")
        case .bool(let flag): return flag ? "true" : "false"
        default: return RecordView.text(value)
        }
    }
}

extension FieldType {
    var isWeekdays: Bool { if case .weekdays = self { return true } else { return false } }
}
