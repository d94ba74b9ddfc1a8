import Foundation
import OfficeTemplate
import Placement

/// One value of a record's file that a form can change in place: a scalar written on its own
/// line (`start: 2025-09-16`, `- a list item`), so that the rest of the line, comments
/// included, and every other line stay as they were.
struct EditableField: Sendable, Equatable {
    /// The data path (`pupil.year_group`, `aims[1]`), which is also the form field's name.
    var path: String
    var value: String
    /// 0-based line index, and where the value sits on it.
    var line: Int
    var valueRange: Range<String.Index>
    var isDate: Bool
    var isMultiline: Bool { value.count > 80 }
}

/// Finds a record file's editable values and writes changed ones back.
enum RecordEditor {
    static func fields(text: String, document: DataDocument) -> [EditableField] {
        let lines = text.components(separatedBy: "\n")
        var out: [EditableField] = []
        walk(document.value, path: "") { path, value in
            guard path != "id", !path.contains("child_protection"), let location = document.locations[path], location.line >= 1,
                location.line <= lines.count,
                let (range, shown) = valueSpan(lines[location.line - 1], lastComponent: lastComponent(path))
            else { return }
            var isDate = false
            if case .date = value { isDate = true }
            out.append(EditableField(path: path, value: shown, line: location.line - 1, valueRange: range, isDate: isDate))
        }
        return out
    }

    /// Calls `visit` for each scalar leaf with its data path.
    static func walk(_ value: TemplateValue, path: String, _ visit: (String, TemplateValue) -> Void) {
        switch value {
        case .map(let map):
            for (key, child) in map.pairs { walk(child, path: path.isEmpty ? key : "\(path).\(key)", visit) }
        case .list(let items):
            for (index, child) in items.enumerated() { walk(child, path: "\(path)[\(index)]", visit) }
        case .null:
            return
        default:
            visit(path, value)
        }
    }

    static func lastComponent(_ path: String) -> String {
        if path.hasSuffix("]") { return "-" }
        return String(path.split(separator: ".").last ?? "")
    }

    /// Where the value is on `line` and what it reads as, when the line is `key: value` or
    /// `- value` with a plain or quoted scalar (and maybe a comment); nil otherwise.
    static func valueSpan(_ line: String, lastComponent key: String) -> (Range<String.Index>, String)? {
        let trimmed = line.drop { $0 == " " }
        let prefix: String
        if key == "-" {
            guard trimmed.hasPrefix("- ") else { return nil }
            prefix = "- "
        } else {
            var start = trimmed
            if start.hasPrefix("- ") { start = start.dropFirst(2) }
            guard start.hasPrefix(key + ": ") else { return nil }
            prefix = String(trimmed.prefix(trimmed.count - start.count)) + key + ": "
        }
        let valueStart = line.index(line.startIndex, offsetBy: line.count - trimmed.count + prefix.count)
        let rest = line[valueStart...]
        guard let first = rest.first, !"|>{[&*!".contains(first) else { return nil }
        if first == "\"" || first == "'" {
            var index = rest.index(after: rest.startIndex)
            while index < rest.endIndex {
                if rest[index] == "\\" && first == "\"" {
                    index = rest.index(index, offsetBy: 2, limitedBy: rest.endIndex) ?? rest.endIndex
                    continue
                }
                if rest[index] == first {
                    let next = rest.index(after: index)
                    if first == "'", next < rest.endIndex, rest[next] == "'" {
                        index = rest.index(after: next)
                        continue
                    }
                    let quoted = String(rest[rest.startIndex..<next])
                    let shown =
                        first == "\""
                        ? ((try? JSONDecoder().decode(String.self, from: Data(quoted.utf8))) ?? quoted)
                        : String(quoted.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                    return (rest.startIndex..<next, shown)
                }
                index = rest.index(after: index)
            }
            return nil
        }
        let end = rest.range(of: " #")?.lowerBound ?? rest.endIndex
        let plain = rest[rest.startIndex..<end]
        let value = plain.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        return (rest.startIndex..<plain.index(plain.startIndex, offsetBy: value.count), value)
    }

    /// `text` with each changed value written in place: plain when it reads back the same
    /// as typed, else in double quotes (JSON's escapes are YAML's).
    static func apply(_ changes: [String: String], to text: String, fields: [EditableField]) -> String {
        var lines = text.components(separatedBy: "\n")
        for field in fields {
            guard let new = changes[field.path], new != field.value else { continue }
            var line = lines[field.line]
            let keepsBool = ["true", "false"].contains(new) && ["true", "false"].contains(field.value.lowercased())
            line.replaceSubrange(field.valueRange, with: keepsBool ? new : yamlScalar(new, wasDate: field.isDate))
            lines[field.line] = line
        }
        return lines.joined(separator: "\n")
    }

    static func yamlScalar(_ value: String, wasDate: Bool) -> String {
        if wasDate, value.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil { return value }
        let safe =
            value.range(of: #"^[A-Za-z0-9][A-Za-z0-9 .,/@()+_-]*$"#, options: .regularExpression) != nil
            && !["yes", "no", "true", "false", "on", "off", "null", "~"].contains(value.lowercased())
        if safe && value == value.trimmingCharacters(in: .whitespaces) { return value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
