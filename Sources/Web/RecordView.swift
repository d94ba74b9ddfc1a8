import Foundation
import OfficeTemplate
import Placement

/// A record's whole file as nested definition lists, every value escaped.
enum RecordView {
    static func html(_ value: TemplateValue) -> String {
        switch value {
        case .map(let map):
            guard !map.isEmpty else { return "<span class=\"muted\">(empty)</span>" }
            var out = "<dl class=\"tree\">"
            for (key, child) in map.pairs {
                // Highly sensitive and never printed (docs/data-model.md): not shown on screen either.
                let shown =
                    key == "child_protection" ? "<span class=\"muted\">recorded in the file; not shown</span>" : html(child)
                out += "<dt>\(htmlEscape(label(key)))</dt><dd>\(shown)</dd>"
            }
            return out + "</dl>"
        case .list(let items):
            guard !items.isEmpty else { return "<span class=\"muted\">(none)</span>" }
            return "<ol>" + items.map { "<li>\(html($0))</li>" }.joined() + "</ol>"
        case .date(let date):
            return htmlEscape(UKDate.text(date))
        default:
            return htmlEscape(text(value))
        }
    }

    /// `planned_end` -> `Planned end`.
    static func label(_ key: String) -> String {
        let words = key.split(separator: "_").map { acronyms.contains(String($0)) ? $0.uppercased() : String($0) }
            .joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Written in capitals wherever they appear in a label (`upn` -> `UPN`, `ehc_plan` -> `EHC plan`).
    static let acronyms: Set<String> = ["upn", "urn", "dsl", "dsls", "sen", "ehc", "la", "pep", "lado", "ap", "id"]

    static func text(_ value: TemplateValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "yes" : "no"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let string): return string
        case .date(let date): return DayArithmetic.isoText(date)
        case .list(let items): return items.map(text).joined(separator: ", ")
        case .map: return "…"
        }
    }
}
