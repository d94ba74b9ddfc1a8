import Foundation
import OfficeTemplate
import Placement

extension RecordForm {
    /// The record as the form asks it to be: `current` with each field the form sent set to
    /// what was typed (an emptied field removed). Fields the form did not send, and keys the
    /// schema does not know (`child_protection`), stay as they were. A typed value that reads
    /// the same as the stored one keeps the stored value, so an untouched form changes nothing.
    /// Text that is not a valid date or number is kept as text: the checks then name the field.
    static func merge(
        _ specs: [FieldSpec], form: FormFields, into current: TemplateValue?, prefix: String = ""
    )
        -> TemplateValue?
    {
        var map = TemplateMap()
        if case .map(let existing)? = current { map = existing }
        for spec in specs {
            let path = prefix.isEmpty ? spec.key : "\(prefix).\(spec.key)"
            switch spec.type {
            case .map(let children):
                let before = map[spec.key]
                let after = merge(children, form: form, into: before, prefix: path)
                if after != before { map[spec.key] = after }
            case .group(_, let children):
                guard let count = form[rowsMarker + path].flatMap({ Int($0) }), count >= 0, count <= 500 else { continue }
                var existing: [TemplateValue] = []
                if case .list(let items)? = map[spec.key] { existing = items }
                var rows: [TemplateValue] = []
                for index in 0..<count {
                    let rowPath = "\(path)[\(index)]"
                    guard form[removeMarker + rowPath] == nil else { continue }
                    let before = index < min(existing.count, count - 1) ? existing[index] : nil
                    if let row = merge(children, form: form, into: before, prefix: rowPath) { rows.append(row) }
                }
                // Rows past the form's count (added in the file meanwhile) are kept.
                if existing.count > count - 1 && count > 0 { rows += existing[(count - 1)...] }
                let after: TemplateValue? = rows.isEmpty ? nil : .list(rows)
                if after != map[spec.key] { map[spec.key] = after }
            case .weekdays:
                guard form[presentMarker + path] != nil else { continue }
                let days = form.all(path).filter { !$0.isEmpty }
                let typed = days.joined(separator: "\n")
                if typed == inputText(map[spec.key], spec.type) { continue }
                map[spec.key] = days.isEmpty ? nil : .list(days.map { .string($0) })
            default:
                guard let raw = form[path] else { continue }
                let typed = raw.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                if typed == inputText(map[spec.key], spec.type) { continue }
                map[spec.key] = value(typed, spec.type)
            }
        }
        return map.isEmpty ? nil : .map(map)
    }

    /// What is typed, as data of the field's type; nil for an empty field.
    static func value(_ typed: String, _ type: FieldType) -> TemplateValue? {
        guard !typed.isEmpty else { return nil }
        switch type {
        case .date:
            return DayArithmetic.parseDate(typed).map(TemplateValue.date) ?? .string(typed)
        case .integer:
            return Int(typed).map(TemplateValue.int) ?? .string(typed)
        case .number:
            if let whole = Int(typed) { return .int(whole) }
            if let number = Double(typed), number.isFinite { return .double(number) }
            return .string(typed)
        case .yesNo:
            return typed == "true" ? .bool(true) : typed == "false" ? .bool(false) : .string(typed)
        case .lines, .dateLines:
            let items = typed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .list(items.map { item in value(item, type.isDateLines ? .date : .text) ?? .string(item) })
        default:
            return .string(typed)
        }
    }
}

extension FieldType {
    var isDateLines: Bool { if case .dateLines = self { return true } else { return false } }
}
