import Foundation
import OfficeTemplate
import Placement

/// Writes a changed record back into its YAML text, touching as little as it can: a changed
/// scalar written on its own line is replaced in place (the rest of the line, comments
/// included, stays); a top-level field whose shape changed (a row added to `sessions`, a
/// new key in `pupil`) has its block rewritten; an emptied field's block is removed; a new
/// field is added at the end. Lines of fields that did not change are left exactly as they were.
enum RecordWriter {
    struct Result: Equatable {
        var text: String
        /// The data paths that changed, in file order (for the audit log: paths, never values).
        var changed: [String]
    }

    static func write(text: String, document: DataDocument, old: TemplateValue, new: TemplateValue) throws -> Result {
        guard case .map(let before) = old, case .map(let after) = new else {
            throw WebError("the file does not hold a map of fields")
        }
        var lines = text.components(separatedBy: "\n")
        let editable = Dictionary(
            RecordEditor.fields(text: text, document: document).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var edits: [(start: Int, apply: ([String]) -> [String])] = []
        var appended: [String] = []
        var changed: [(line: Int, path: String)] = []
        for key in before.keys where before[key] != after[key] {
            guard let start = keyLine(key, in: lines) else {
                throw WebError("\(document.file): field \(key) is not written as a top-level `key:` line; edit it in the file")
            }
            let end = blockEnd(start, in: lines)
            let oldLeaves = leaves(before[key]!, key)
            guard let value = after[key] else {
                edits.append((start, { all in Array(all[..<start]) + Array(all[(end + 1)...]) }))
                changed.append((start, key))
                continue
            }
            let newLeaves = leaves(value, key)
            let differing = newLeaves.keys.filter { newLeaves[$0] != oldLeaves[$0] }
            if Set(oldLeaves.keys) == Set(newLeaves.keys), differing.allSatisfy({ editable[$0] != nil }) {
                let fields = differing.map { editable[$0]! }
                edits.append(
                    (
                        start,
                        { all in
                            var all = all
                            for field in fields {
                                let value = newLeaves[field.path]!
                                var text = YAMLText.flow(value)
                                if case .string(let typed) = value, !all[field.line].contains("{") {
                                    text = YAMLText.scalar(typed, inBlock: true)
                                }
                                all[field.line].replaceSubrange(field.valueRange, with: text)
                            }
                            return all
                        }
                    ))
                changed += fields.map { ($0.line, $0.path) }
            } else {
                let block = YAMLText.entry(key, value).components(separatedBy: "\n")
                edits.append((start, { all in Array(all[..<start]) + block + Array(all[(end + 1)...]) }))
                changed.append((start, key))
            }
        }
        for key in after.keys where before[key] == nil {
            appended.append(YAMLText.entry(key, after[key]!))
            changed.append((Int.max, key))
        }
        for edit in edits.sorted(by: { $0.start > $1.start }) { lines = edit.apply(lines) }
        if !appended.isEmpty {
            while lines.last == "" { lines.removeLast() }
            lines += appended + [""]
        }
        let ordered = changed.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
        return Result(text: lines.joined(separator: "\n"), changed: ordered.map(\.element.path))
    }

    /// Every scalar under `value`, by data path.
    static func leaves(_ value: TemplateValue, _ path: String) -> [String: TemplateValue] {
        var out: [String: TemplateValue] = [:]
        switch value {
        case .map(let map):
            if map.isEmpty { out[path] = value }
            for (key, child) in map.pairs { out.merge(leaves(child, "\(path).\(key)")) { a, _ in a } }
        case .list(let items):
            if items.isEmpty { out[path] = value }
            for (index, child) in items.enumerated() { out.merge(leaves(child, "\(path)[\(index)]")) { a, _ in a } }
        default:
            out[path] = value
        }
        return out
    }

    /// The line `key:` at the left margin.
    static func keyLine(_ key: String, in lines: [String]) -> Int? {
        lines.firstIndex { line in
            line.hasPrefix(key) && line.dropFirst(key.count).drop(while: { $0 == " " }).first == ":"
        }
    }

    /// The last line of the block that starts at `start`: the lines indented under it (comments
    /// and blank lines between them included, those after it left to the next field).
    static func blockEnd(_ start: Int, in lines: [String]) -> Int {
        var end = start
        var index = start + 1
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || (trimmed.hasPrefix("#") && !line.hasPrefix(" ")) {
                index += 1
                continue
            }
            guard line.hasPrefix(" ") || line.hasPrefix("-") && !line.hasPrefix("---") else { break }
            end = index
            index += 1
        }
        return end
    }
}
