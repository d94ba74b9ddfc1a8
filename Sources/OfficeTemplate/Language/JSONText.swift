import Foundation

/// JSON as Jinja's `tojson` writes it.
enum JSONText {
    static func write(
        _ value: TemplateValue, to output: inout String, indent: Int?, depth: Int, _ call: FilterCall
    ) throws(EvaluationError) {
        guard output.utf8.count <= Filters.maximumTextSize else {
            throw call.failure("would make a text of more than 10,000,000 bytes, which is the limit for one value")
        }
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (depth + 1)) }
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * depth) } ?? ""
        let separator = indent == nil ? ", " : ","
        switch value {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .int(let int): output += String(int)
        case .double(let double):
            guard double.isFinite else { throw call.failure("cannot write infinity or not-a-number as JSON") }
            output += double.description
        case .string(let text): output += quoted(text)
        case .date(let date): output += quoted(ISO8601DateFormatter().string(from: date))
        case .list(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in items.enumerated() {
                output += (index > 0 ? separator : "") + (newline ?? "")
                try write(item, to: &output, indent: indent, depth: depth + 1, call)
            }
            output += closing + "]"
        case .map(let map):
            guard !map.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (index, key) in map.keys.sorted().enumerated() {
                output += (index > 0 ? separator : "") + (newline ?? "") + quoted(key) + ": "
                try write(map[key]!, to: &output, indent: indent, depth: depth + 1, call)
            }
            output += closing + "}"
        }
    }

    /// A JSON string; non-ASCII is written as `\uXXXX` and `<>&'` are escaped, as Jinja does.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x08: result += "\\b"
            case 0x0C: result += "\\f"
            case 0x3C, 0x3E, 0x26, 0x27, 0..<0x20, 0x7F...:
                result += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16)
            default: result.unicodeScalars.append(Unicode.Scalar(unit)!)
            }
        }
        return result + "\""
    }
}
