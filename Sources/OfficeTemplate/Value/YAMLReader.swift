import Foundation
import Yams

/// Reads YAML into `TemplateValue`s through Yams's node tree, which carries source marks.
///
/// Scalars are typed here rather than by Yams's resolver, which follows YAML 1.1 and would
/// turn `no` (a common answer in school data) into false. The rules are the YAML 1.2 core
/// schema plus timestamps, with two deliberate changes for hand-written UK data: integers
/// with a leading zero or a plus sign (`07700 900123`, `+447700900123`, `0123`) stay text,
/// because they are phone numbers and codes, never amounts.
enum YAMLReader {
    static func read(bytes: [UInt8], file: String) throws(DataError) -> DataDocument {
        let (root, text) = try compose(bytes: bytes, file: file)
        // An empty file is an empty map rather than an error, so a stub data file works.
        guard let root else { return DataDocument(file: file, value: .map(TemplateMap()), locations: [:]) }
        var converter = NodeConverter(file: file, text: text, recordsLocations: false)
        let value: TemplateValue
        do {
            value = try converter.convert(root, path: "")
        } catch {
            // Again with paths, so that the message can name the value's key path.
            var locating = NodeConverter(file: file, text: text, recordsLocations: true)
            _ = try locating.convert(root, path: "")
            throw error
        }
        return DataDocument(file: file, value: value, locations: SourceLocations(file: file, bytes: bytes, format: .yaml))
    }

    /// Every value's position, by path: the second reading `SourceLocations` asks for.
    static func locations(bytes: [UInt8], file: String) throws(DataError) -> [String: SourceLocation] {
        let (root, text) = try compose(bytes: bytes, file: file)
        guard let root else { return [:] }
        var converter = NodeConverter(file: file, text: text, recordsLocations: true)
        _ = try converter.convert(root, path: "")
        return converter.locations
    }

    private static func compose(bytes: [UInt8], file: String) throws(DataError) -> (Node?, String) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DataError(file: file, message: UTF8Check.message(offset: UTF8Check.firstInvalidOffset(bytes) ?? 0))
        }
        let root: Node?
        do {
            // No resolver rules: scalars are typed here (YAMLScalar), and Yams's default rules cost
            // several regular-expression matches per map key when it checks keys for duplicates
            // (a third of the loading time). Every key then compares as text, as it is used.
            root = try Yams.compose(yaml: text, Resolver.basic)
        } catch let error as YamlError {
            throw dataError(from: error, file: file, text: text)
        } catch {
            throw DataError(file: file, message: "cannot read the YAML: \(error)")
        }
        return (root, text)
    }

    private static func dataError(from error: YamlError, file: String, text: String) -> DataError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = problem
            if let context {
                message += " (\(context.text), from line \(context.mark.line), column \(context.mark.column))"
            }
            return DataError(file: file, text: text, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, _):
            guard let offset else { return DataError(file: file, message: problem) }
            let before = text.prefix(offset)
            let line = before.count(where: { $0 == "\n" }) + 1
            let column = before.reversed().prefix(while: { $0 != "\n" }).count + 1
            return DataError(file: file, text: text, line: line, column: column, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams gives the first copy's place; the second is found by its key at the same
            // indentation further down (block maps, which hand-written data uses).
            let keys = duplicates.map { "'\(Excerpt.of($0))'" }.joined(separator: ", ")
            let first = context.mark
            if duplicates.count == 1,
                let second = secondKeyLine(duplicates[0], after: first.line, column: first.column, in: text)
            {
                return DataError(
                    file: file, text: text, line: second, column: first.column,
                    message: "duplicate key \(keys) in one map; it is already at line \(first.line), "
                        + "column \(first.column), and each key may appear once")
            }
            return DataError(
                file: file, text: text, line: first.line, column: first.column,
                message: "duplicate key \(keys) in one map; each key may appear once")
        default:
            return DataError(file: file, message: "cannot read the YAML: \(error)")
        }
    }

    /// The line after `line` where `key` starts a map entry at `column` (`key:`, `"key":`
    /// or `'key':`), or nil when there is none, as in a flow map `{a: 1, a: 2}`.
    static func secondKeyLine(_ key: String, after line: Int, column: Int, in text: String) -> Int? {
        let forms = [key, "\"\(key)\"", "'\(key)'"]
        for (offset, candidate) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where offset + 1 > line {
            let scalars = candidate.unicodeScalars
            guard scalars.count >= column,
                scalars.prefix(column - 1).allSatisfy({ $0 == " " || $0 == "-" })
            else { continue }
            let rest = Substring(candidate.unicodeScalars.dropFirst(column - 1))
            for form in forms where rest.hasPrefix(form) {
                if rest.dropFirst(form.count).drop(while: { $0 == " " }).first == ":" { return offset + 1 }
            }
        }
        return nil
    }
}

/// Walks a composed node tree, producing values and, when asked, recording their locations.
private struct NodeConverter {
    let file: String
    let text: String
    /// Paths and positions cost more than the conversion; they are made only on a second reading.
    let recordsLocations: Bool
    var locations: [String: SourceLocation] = [:]
    /// Values made so far: anchors and aliases can make a small file stand for billions.
    private var valueCount = 0
    private var depth = 0

    init(file: String, text: String, recordsLocations: Bool) {
        self.file = file
        self.text = text
        self.recordsLocations = recordsLocations
    }

    mutating func convert(_ node: Node, path: String) throws(DataError) -> TemplateValue {
        valueCount += 1
        if valueCount > DataLimits.maximumValues {
            throw error(at: node.mark, DataLimits.tooManyValues + "; anchors and aliases (&name, *name) repeat a part many times")
        }
        // libyaml stops at 1,000 levels, but a merge (`<<`) of nested maps can go deeper here.
        depth += 1
        defer { depth -= 1 }
        if depth > DataLimits.maximumDepth { throw error(at: node.mark, DataLimits.tooDeep) }
        if recordsLocations, !path.isEmpty, let mark = node.mark {
            locations[path] = SourceLocation(file: file, line: mark.line, column: mark.column)
        }
        switch node {
        case .scalar(let scalar):
            let value = YAMLScalar.value(of: scalar)
            // `.inf`, `.nan` and `1e999` would print as made-up amounts.
            if case .double(let double) = value, !double.isFinite {
                throw error(at: node.mark, DataLimits.notFinite(path))
            }
            return value
        case .sequence(let sequence):
            var items: [TemplateValue] = []
            for item in sequence {
                items.append(try convert(item, path: recordsLocations ? DataPath.appending(index: items.count, to: path) : ""))
            }
            return .list(items)
        case .mapping(let mapping):
            return try convert(mapping, path: path)
        case .alias(let alias):
            // compose() substitutes anchored nodes itself; an alias node should not survive.
            throw error(at: alias.mark, "an alias could not be resolved")
        }
    }

    private mutating func convert(_ mapping: Node.Mapping, path: String) throws(DataError) -> TemplateValue {
        var map = TemplateMap()
        // Keys written in this map win over keys brought in by a `<<` merge, wherever they appear.
        var explicitKeys = Set<String>()
        if mapping.contains(where: { isMergeKey($0.key) }) {
            for (key, _) in mapping where !isMergeKey(key) {
                explicitKeys.insert(try keyText(key))
            }
        }
        for (key, value) in mapping {
            if isMergeKey(key) {
                for source in try mergeSources(value) {
                    for (sourceKey, sourceValue) in source {
                        let name = try keyText(sourceKey)
                        guard !explicitKeys.contains(name), map[name] == nil else { continue }
                        map[name] = try convert(sourceValue, path: childPath(name, path))
                    }
                }
            } else {
                let name = try keyText(key)
                map[name] = try convert(value, path: childPath(name, path))
            }
        }
        return .map(map)
    }

    private func childPath(_ key: String, _ path: String) -> String {
        recordsLocations ? DataPath.appending(key: key, to: path) : ""
    }

    private func isMergeKey(_ key: Node) -> Bool {
        guard case .scalar(let scalar) = key else { return false }
        // Yams resolves a key's tag while checking for duplicate keys; with no rules (see
        // `compose`) a plain `<<` resolves to text, so text counts too (`!!str <<` as well).
        let tag = scalar.tag.description
        return scalar.string == "<<" && scalar.style == .plain
            && (tag.isEmpty || tag == Tag.Name.merge.rawValue || tag == Tag.Name.str.rawValue)
    }

    /// The maps named by `<<: *one` or `<<: [*one, *two]`.
    private func mergeSources(_ value: Node) throws(DataError) -> [Node.Mapping] {
        switch value {
        case .mapping(let mapping):
            return [mapping]
        case .sequence(let sequence):
            var sources: [Node.Mapping] = []
            for item in sequence {
                guard case .mapping(let mapping) = item else {
                    throw error(at: item.mark, "'<<' merges maps; this item is not a map")
                }
                sources.append(mapping)
            }
            return sources
        default:
            throw error(at: value.mark, "'<<' merges maps; write '<<: *name' where &name labels a map")
        }
    }

    private func keyText(_ key: Node) throws(DataError) -> String {
        guard case .scalar(let scalar) = key else {
            throw error(at: key.mark, "map keys must be plain text, not lists or maps")
        }
        return scalar.string
    }

    private func error(at mark: Mark?, _ message: String) -> DataError {
        guard let mark else { return DataError(file: file, message: message) }
        return DataError(file: file, text: text, line: mark.line, column: mark.column, message: message)
    }
}

/// Types a YAML scalar: null, bool, int, float, timestamp, otherwise text.
enum YAMLScalar {
    static func value(of scalar: Node.Scalar) -> TemplateValue {
        switch scalar.tag.description {
        case "":
            // Quoted and block scalars are always text; only plain ones are typed.
            return scalar.style == .plain ? resolvePlain(scalar.string) : .string(scalar.string)
        case Tag.Name.null.rawValue, Tag.Name.bool.rawValue, Tag.Name.int.rawValue,
            Tag.Name.float.rawValue, Tag.Name.timestamp.rawValue:
            return resolvePlain(scalar.string)
        default:
            // `!!str`, the non-specific `!`, and application tags: keep the text.
            return .string(scalar.string)
        }
    }

    static func resolvePlain(_ text: String) -> TemplateValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        if let number = number(bytes, text: text) { return number }
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), let date = ISODateParser.parse(text) {
            return .date(date)
        }
        return .string(text)
    }

    /// Core-schema integers (decimal, `0x`, `0o`) and floats, or nil if `bytes` is not one.
    private static func number(_ bytes: [UInt8], text: String) -> TemplateValue? {
        guard let first = bytes.first else { return nil }
        if bytes.count > 2, first == UInt8(ascii: "0") {
            let body = String(decoding: bytes[2...], as: UTF8.self)
            switch bytes[1] {
            case UInt8(ascii: "x"): return Int(body, radix: 16).map(TemplateValue.int)
            case UInt8(ascii: "o"): return Int(body, radix: 8).map(TemplateValue.int)
            default: break
            }
        }
        if first == UInt8(ascii: "+") { return nil }  // Phone numbers; see the type comment.
        let digitsStart = first == UInt8(ascii: "-") ? 1 : 0
        var index = digitsStart
        var integerDigits = 0
        while index < bytes.count, isDigit(bytes[index]) {
            index += 1
            integerDigits += 1
        }
        if index == bytes.count {
            guard integerDigits > 0 else { return nil }
            if integerDigits > 1 && bytes[digitsStart] == UInt8(ascii: "0") { return nil }  // "0123": a code.
            return Int(text).map(TemplateValue.int) ?? Double(text).map(TemplateValue.double)
        }
        var fractionDigits = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                index += 1
                fractionDigits += 1
            }
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text).map(TemplateValue.double)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
