// `apdocs-bench load`: how long the data loaders take, for the figures issue 14 asks of
// `make bench` (the JSON and YAML load time of a 10,000-row file and of 1,000 placement files).
// Every figure is checked against what was loaded.

import Foundation
import OfficeTemplate

extension Bench {
    /// Writes the files to a temporary folder, loads each set several times and prints the medians.
    func load(examples: String) throws {
        let folder = try temporaryFolder("load")
        defer { try? FileManager.default.removeItem(atPath: folder) }

        // The 10,000-row file: the table_rows fixture's contacts, 10,000 of them.
        let n = 10_000
        let table = TemplateValue.map(TemplateMap([("contacts", contacts(n))]))
        let tableFiles = [
            ("json", "\(folder)/table10k.json", JSONText.of(table)),
            ("yaml", "\(folder)/table10k.yaml", YAMLText.of(table)),
        ]
        for (format, path, text) in tableFiles {
            try AtomicFile.write(Array(text.utf8), to: path)
            let (median, document) = try timed(runs: 7) { try DataLoader.load(contentsOf: path) }
            guard case .list(let rows)? = document.value["contacts"] else { throw BenchFailure("\(path): no contacts") }
            try check(rows.count == n && rows[n - 1]["name"] == .string("Contact 10000"), "\(path) did not load every row")
            print(
                "load 10,000-row \(format) (\(grouped(text.utf8.count)) bytes): median \(ms(median)) CPU over 7 (\(String(format: "%.2f", median * 1e6 / Double(n))) µs a row)"
            )
        }

        // 1,000 placement files: the sample placement with its id and pupil key made unique, in
        // YAML as written by hand and the same values as JSON.
        let sample = "\(examples)/placements/PL-2025-014.yaml"
        let source = try String(contentsOfFile: sample, encoding: .utf8)
        guard case .map(let base) = try DataLoader.load(contentsOf: sample).value else {
            throw BenchFailure("\(sample) is not a map")
        }
        let count = 1000
        var yamlPaths: [String] = []
        var jsonPaths: [String] = []
        var bytes = (yaml: 0, json: 0)
        for i in 1...count {
            let id = String(format: "PL-2030-%04d", i)
            let yaml = source.replacingOccurrences(of: "id: PL-2025-014", with: "id: \(id)")
            var record = base
            record["id"] = .string(id)
            let json = JSONText.of(.map(record))
            yamlPaths.append("\(folder)/\(id).yaml")
            jsonPaths.append("\(folder)/\(id).json")
            try AtomicFile.write(Array(yaml.utf8), to: yamlPaths[i - 1])
            try AtomicFile.write(Array(json.utf8), to: jsonPaths[i - 1])
            bytes.yaml += yaml.utf8.count
            bytes.json += json.utf8.count
        }
        for (format, paths, size) in [("json", jsonPaths, bytes.json), ("yaml", yamlPaths, bytes.yaml)] {
            let (median, documents) = try timed(runs: 5) { try paths.map { try DataLoader.load(contentsOf: $0) } }
            for i in [0, count / 2, count - 1] {
                try check(
                    documents[i].value["id"] == .string(String(format: "PL-2030-%04d", i + 1))
                        && documents[i].value["pupil"]?["key"] == base["pupil"]?["key"],
                    "\(paths[i]) did not load its own record")
            }
            // The locations are still there when asked for (worked out on first use).
            try check(documents[0].locations["pupil.upn"] != nil, "\(paths[0]) has no location for pupil.upn")
            print(
                "load 1,000 placement files (\(format), \(grouped(size)) bytes in all, one core): median \(ms(median)) CPU over 5 (\(String(format: "%.0f", median * 1e6 / Double(count))) µs a file)"
            )
        }
    }

    /// The median CPU time of `runs` calls of `body` after one warm-up, and the last result.
    /// CPU time, not wall time: loading runs on one thread, and on a machine shared with other
    /// builds the wall time mostly measures them.
    private func timed<T>(runs: Int, _ body: () throws -> T) throws -> (Double, T) {
        var result = try body()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = cpuSeconds()
            result = try body()
            times.append(cpuSeconds() - start)
        }
        times.sort()
        return (times[runs / 2], result)
    }
}

/// TemplateValue as JSON text, keys in order, one map a line inside lists (the bench's files only).
enum JSONText {
    static func of(_ value: TemplateValue) -> String {
        var out = ""
        write(value, to: &out, indent: "")
        return out + "\n"
    }

    private static func write(_ value: TemplateValue, to out: inout String, indent: String) {
        switch value {
        case .null: out += "null"
        case .bool(let bool): out += bool ? "true" : "false"
        case .int(let int): out += String(int)
        case .double(let double): out += String(double)
        case .string(let string): out += quoted(string)
        case .date(let date): out += quoted(day(date))
        case .list(let items):
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += indent + "  "
                write(item, to: &out, indent: indent + "  ")
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .map(let map):
            out += "{"
            for (i, pair) in map.pairs.enumerated() {
                out += (i == 0 ? "" : ", ") + quoted(pair.key) + ": "
                write(pair.value, to: &out, indent: indent)
            }
            out += "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}

/// The 10,000-row table as YAML, one flow map a row, as a person would write a long list.
enum YAMLText {
    static func of(_ value: TemplateValue) -> String {
        guard case .map(let map) = value else { return "" }
        var out = ""
        for (key, item) in map.pairs {
            out += key + ":\n"
            guard case .list(let rows) = item else { continue }
            for row in rows {
                guard case .map(let fields) = row else { continue }
                out += "  - {" + fields.pairs.map { "\($0.key): \(scalar($0.value))" }.joined(separator: ", ") + "}\n"
            }
        }
        return out
    }

    private static func scalar(_ value: TemplateValue) -> String {
        switch value {
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .string(let string): return JSONText.quoted(string)
        default: return "null"
        }
    }
}
