import Foundation
import OfficeTemplate

/// Reads the fields of one map of a data file into typed values, reporting every problem
/// (missing, wrong type, unknown key) to the file's collector instead of stopping at the first.
///
/// Each getter remembers the key it was asked for, so `finish()` knows the map's vocabulary
/// without a separate list that could drift from the reading code, and can suggest the
/// nearest known key for a typo.
final class FieldReader {
    let issues: IssueCollector
    /// The data path of this map ("" for the root).
    let path: String
    let map: TemplateMap
    /// What the map is, for messages: "a school", "a session".
    let noun: String
    /// True in placement files: values there are never quoted in messages, even a bad choice,
    /// because whatever was typed may be a pupil's personal data.
    let sensitive: Bool
    private var known: [String] = []

    init(issues: IssueCollector, path: String, map: TemplateMap, noun: String, sensitive: Bool = false) {
        self.issues = issues
        self.path = path
        self.map = map
        self.noun = noun
        self.sensitive = sensitive
    }

    func fieldPath(_ key: String) -> String { DataPath.appending(key: key, to: path) }

    /// The value at `key`; null counts as absent (`phone:` with nothing after it).
    /// Reports a missing required field.
    func value(_ key: String, required: Bool = false) -> TemplateValue? {
        if !known.contains(key) { known.append(key) }
        if let value = map[key], value != .null { return value }
        if required { issues.report(path: fieldPath(key), "is required but missing; add it") }
        return nil
    }

    func typeError(at path: String, expected: String, found: TemplateValue, hint: String = "") {
        issues.report(path: path, "should be \(expected) but is \(found.kindDescription)\(hint)")
    }

    // MARK: Scalars

    func text(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        return Self.text(value, at: fieldPath(key), reader: self)
    }

    /// Text, accepting a whole number as its digits (an unquoted URN), but not a decimal, whose
    /// written form is lost on loading (`3.10` would become "3.1").
    static func text(_ value: TemplateValue, at path: String, reader: FieldReader) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double:
            reader.typeError(
                at: path, expected: "text", found: value,
                hint: "; put it in quotes so it is kept exactly as written")
        default:
            reader.typeError(at: path, expected: "text", found: value)
        }
        return nil
    }

    func date(_ key: String, required: Bool = false) -> Date? {
        guard let value = value(key, required: required) else { return nil }
        return Self.date(value, at: fieldPath(key), reader: self)
    }

    static func date(_ value: TemplateValue, at path: String, reader: FieldReader) -> Date? {
        switch value {
        case .date(let date): return date
        case .string(let text):
            if let date = DayArithmetic.parseDate(text) { return date }
        default: break
        }
        reader.typeError(
            at: path, expected: "a date (YYYY-MM-DD)", found: value, hint: ukDateHint(value, sensitive: reader.sensitive))
        return nil
    }

    /// Spreadsheets and MIS exports write dates day first: say so, and how to write it. A
    /// sensitive file's value (it may be a date of birth) is not quoted: the example is fixed.
    static func ukDateHint(_ value: TemplateValue, sensitive: Bool) -> String {
        guard case .string(let text) = value else { return "" }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
            parts[2].count == 4, (1...31).contains(day), (1...12).contains(month)
        else { return "" }
        if sensitive {
            return "; it looks like a UK date (day/month/year): write it year first, e.g. 2026-11-03 for 3 November 2026"
        }
        let iso = String(format: "%04d-%02d-%02d", year, month, day)
        return "; '\(text)' looks like a UK date (day/month/year): write \(iso)"
    }

    func time(_ key: String, required: Bool = false) -> TimeOfDay? {
        guard let value = value(key, required: required) else { return nil }
        if case .string(let text) = value, let time = TimeOfDay(text) { return time }
        typeError(at: fieldPath(key), expected: "a time (\"HH:MM\", 24-hour, in quotes)", found: value)
        return nil
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        if case .int(let number) = value { return number }
        typeError(at: fieldPath(key), expected: "a whole number", found: value)
        return nil
    }

    func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default:
            typeError(at: fieldPath(key), expected: "a number", found: value)
            return nil
        }
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        if case .bool(let flag) = value { return flag }
        typeError(at: fieldPath(key), expected: "true or false", found: value)
        return nil
    }

    /// One of the raw values of `E`, suggesting the nearest for a typo.
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false) -> E?
    where E.RawValue == String {
        guard let value = value(key, required: required),
            let text = Self.text(value, at: fieldPath(key), reader: self)
        else { return nil }
        if let choice = E(rawValue: text) { return choice }
        let options = E.allCases.map(\.rawValue)
        let shown = sensitive ? "is not" : "is '\(text)', not"
        issues.report(
            path: fieldPath(key),
            "\(shown) one of \(options.joined(separator: ", "))\(Suggestion.didYouMean(text, among: options))")
        return nil
    }

    // MARK: Lists and maps

    /// A nested map, read by `body`; its unknown keys are reported too.
    /// With `sensitive`, values inside it (and below) are never quoted in messages.
    func map<T>(
        _ key: String, required: Bool = false, noun: String, sensitive: Bool = false,
        _ body: (FieldReader) -> T?
    ) -> T? {
        guard let value = value(key, required: required) else { return nil }
        return Self.read(value, at: fieldPath(key), noun: noun, parent: self, sensitive: sensitive, body)
    }

    /// A list; each item is converted by `item` with its path. Items that fail are left out
    /// (their problems are reported, which keeps the record out of the dataset anyway).
    func list<T>(
        _ key: String, required: Bool = false, _ item: (TemplateValue, String) -> T?
    ) -> [T]? {
        guard let value = value(key, required: required) else { return nil }
        guard case .list(let items) = value else {
            typeError(at: fieldPath(key), expected: "a list", found: value)
            return nil
        }
        return items.enumerated().compactMap { index, element in
            item(element, DataPath.appending(index: index, to: fieldPath(key)))
        }
    }

    /// A list of maps, each read by `body`.
    func mapList<T>(
        _ key: String, required: Bool = false, noun: String, _ body: (FieldReader) -> T?
    ) -> [T]? {
        list(key, required: required) { element, path in
            Self.read(element, at: path, noun: noun, parent: self, body)
        }
    }

    func textList(_ key: String, required: Bool = false) -> [String]? {
        list(key, required: required) { element, path in Self.text(element, at: path, reader: self) }
    }

    func dateList(_ key: String, required: Bool = false) -> [Date]? {
        list(key, required: required) { element, path in Self.date(element, at: path, reader: self) }
    }

    private static func read<T>(
        _ value: TemplateValue, at path: String, noun: String, parent: FieldReader,
        sensitive: Bool = false, _ body: (FieldReader) -> T?
    ) -> T? {
        guard case .map(let map) = value else {
            parent.typeError(at: path, expected: "a map (key: value lines)", found: value)
            return nil
        }
        let reader = FieldReader(
            issues: parent.issues, path: path, map: map, noun: noun,
            sensitive: parent.sensitive || sensitive)
        let result = body(reader)
        reader.finish()
        return result
    }

    /// Reports each key of the map that no getter asked for.
    func finish() {
        for key in map.keys where !known.contains(key) {
            let suggestion = Suggestion.didYouMean(key, among: known)
            let advice = suggestion.isEmpty ? "; check the spelling against docs/data-model.md" : suggestion
            issues.report(path: fieldPath(key), "is not a field of \(noun)\(advice)")
        }
    }
}
