import Foundation
import OfficeTemplate
import Placement

/// Writes data as YAML in the layout of docs/data-model.md: maps as blocks, a list of
/// scalars or of small maps one item per line (`- {day: Tuesday, start: "09:15"}`), and every
/// scalar so that it reads back as the same value (text that looks like a number, a date or a
/// yes/no is quoted).
enum YAMLText {
    /// `key: value` lines (no trailing newline), indented by `indent` spaces.
    static func entry(_ key: String, _ value: TemplateValue, indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .map(let map) where !map.isEmpty:
            return pad + key + ":\n" + map.pairs.map { entry($0.key, $0.value, indent: indent + 2) }.joined(separator: "\n")
        case .list(let items) where !items.isEmpty:
            return pad + key + ":\n" + items.map { item(($0), indent: indent + 2) }.joined(separator: "\n")
        default:
            if case .string(let text) = value { return pad + key + ": " + scalar(text, inBlock: true) }
            return pad + key + ": " + flow(value)
        }
    }

    /// A whole record file: `id` first, then the fields.
    static func document(_ map: TemplateMap, header: String? = nil) -> String {
        var lines: [String] = []
        if let header { lines.append("# " + header) }
        lines += map.pairs.map { entry($0.key, $0.value) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func item(_ value: TemplateValue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        if case .map(let map) = value, map.pairs.contains(where: { isLong($0.value) }) {
            // A long item (a site with an address list): a block under the dash.
            let inner = map.pairs.map { entry($0.key, $0.value, indent: indent + 2) }.joined(separator: "\n")
            return pad + "- " + inner.dropFirst(indent + 2)
        }
        if case .string(let text) = value { return pad + "- " + scalar(text, inBlock: true) }
        return pad + "- " + flow(value)
    }

    static func isLong(_ value: TemplateValue) -> Bool {
        switch value {
        case .list(let items): return items.contains { if case .map = $0 { return true } else { return false } }
        case .map(let map): return map.pairs.contains { isLong($0.value) }
        case .string(let text): return text.contains("\n")
        default: return false
        }
    }

    /// A value on one line: flow maps and lists for containers.
    static func flow(_ value: TemplateValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(format: "%.1f", number) : String(number)
        case .date(let date): return DayArithmetic.isoText(date)
        case .string(let text): return scalar(text)
        case .list(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .map(let map): return "{" + map.pairs.map { "\($0.key): \(flow($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// Text, plain when YAML reads it back as the same text, else double-quoted (JSON's
    /// escapes are YAML's).
    /// Commas are plain only outside flow collections (`key: a, b`, not `{key: a, b}`).
    static func scalar(_ text: String, inBlock: Bool = false) -> String {
        let pattern = inBlock ? #"^[A-Za-z][A-Za-z0-9 .,'/@()+_-]*$"# : #"^[A-Za-z][A-Za-z0-9 .'/@()+_-]*$"#
        let plainShape = text.range(of: pattern, options: .regularExpression) != nil
        let reserved = ["yes", "no", "true", "false", "on", "off", "null", "y", "n", "nan", "inf"]
        if plainShape && !reserved.contains(text.lowercased()) && text == text.trimmingCharacters(in: .whitespaces) {
            return text
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
