import Foundation
import OfficeTemplate

/// Decodes a `Decodable` from a data file as the loader read it (`DataLoader`), so that a settings
/// file is parsed once, by the parser that keeps line numbers and refuses what the data files
/// refuse. A problem, or a key that no type asked for (a typo that would otherwise be dropped
/// silently), is a `BatchError` naming the file, the line and the field's path.
///
/// The types keep their own `Decodable` conformances, so the keys they read are written once.
struct ValueTreeDecoder {
    /// The file as messages name it (`apdocs.yaml`).
    let fileName: String
    let document: DataDocument

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let visits = Visits()
        let decoded: T
        do {
            decoded = try T(from: TreeDecoder(value: document.value, path: "", codingPath: [], visits: visits))
        } catch let problem as TreeProblem {
            throw error(at: problem.path, problem.message)
        } catch let DecodingError.dataCorrupted(context) {
            throw error(at: Self.path(of: context.codingPath), context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw error(at: Self.path(of: context.codingPath + [key]), "is required but missing; add it")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw error(at: Self.path(of: context.codingPath), context.debugDescription)
        }
        if let (path, known) = visits.unknownKeys(locations: document.locations).first {
            throw error(
                at: path,
                "is not a setting APDocs knows; the settings here are \(known.sorted().joined(separator: ", "))")
        }
        return decoded
    }

    /// `fileName:LINE: path: message`; the line of the nearest enclosing value when the path
    /// itself has none (a key that is missing).
    private func error(at path: String, _ message: String) -> BatchError {
        var place = path
        var line = document.locations[place]?.line
        while line == nil, !place.isEmpty {
            place = Self.parent(of: place)
            line = document.locations[place]?.line
        }
        let subject = path.isEmpty ? "" : "\(path): "
        return BatchError("\(fileName):\(line ?? 1): \(subject)\(message)")
    }

    private static func parent(of path: String) -> String {
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return "" }
        return String(path[..<cut])
    }

    static func path(of codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { path, key in
            key.intValue.map { DataPath.appending(index: $0, to: path) } ?? DataPath.appending(key: key.stringValue, to: path)
        }
    }
}

/// A problem found by the decoder itself, at a data path.
private struct TreeProblem: Error {
    var path: String
    var message: String
}

/// The maps the decoded types opened, and the keys they asked each for.
private final class Visits {
    private var opened: [String: [String]] = [:]
    private var asked: [String: Set<String>] = [:]

    func open(_ path: String, keys: [String]) { opened[path] = keys }
    func ask(_ key: String, in path: String) { asked[path, default: []].insert(key) }

    /// Keys present but never asked for, first in the file first, with the keys their map knows.
    func unknownKeys(locations: SourceLocations) -> [(String, Set<String>)] {
        var unknown: [(path: String, known: Set<String>)] = []
        for (path, keys) in opened {
            let known = asked[path] ?? []
            for key in keys where !known.contains(key) { unknown.append((DataPath.appending(key: key, to: path), known)) }
        }
        return unknown.sorted { (locations[$0.path]?.line ?? 0, $0.path) < (locations[$1.path]?.line ?? 0, $1.path) }
            .map { ($0.path, $0.known) }
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct TreeDecoder: Decoder {
    let value: TemplateValue
    let path: String
    let codingPath: [any CodingKey]
    let visits: Visits
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ expected: String) -> TreeProblem {
        TreeProblem(path: path, message: "should be \(expected) but is \(value.kindDescription)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .map(let map) = value else { throw mismatch("a map") }
        visits.open(path, keys: map.keys)
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, map: map))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let items) = value else { throw mismatch("a list") }
        return UnkeyedContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    func child(_ value: TemplateValue, key: any CodingKey) -> TreeDecoder {
        let childPath =
            key.intValue.map { DataPath.appending(index: $0, to: path) } ?? DataPath.appending(key: key.stringValue, to: path)
        return TreeDecoder(value: value, path: childPath, codingPath: codingPath + [key], visits: visits)
    }

    // MARK: Scalars

    func decodeScalar<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return try text() as! T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch("yes or no (true or false)") }
            return flag as! T
        case is Double.Type: return try number() as! T
        case is Float.Type: return Float(try number()) as! T
        case let integer as any FixedWidthInteger.Type:
            guard let converted = Self.convert(try whole(), to: integer) else {
                throw TreeProblem(path: path, message: "is out of range")
            }
            return converted as! T
        default: return try T(from: self)
        }
    }

    private static func convert<I: FixedWidthInteger>(_ number: Int, to type: I.Type) -> I? { I(exactly: number) }

    private func text() throws -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .date(let date):
            // An unquoted YAML date: given back as written when it is a day (`2025-10-01`).
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            guard parts.hour == 0, parts.minute == 0, parts.second == 0, let year = parts.year, let month = parts.month,
                let day = parts.day
            else { throw mismatch("text") }
            return String(format: "%04d-%02d-%02d", year, month, day)
        default: throw mismatch("text")
        }
    }

    private func number() throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw mismatch("a number")
        }
    }

    private func whole() throws -> Int {
        guard case .int(let number) = value else { throw mismatch("a whole number") }
        return number
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TreeDecoder
    let map: TemplateMap
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { map.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool {
        decoder.visits.ask(key.stringValue, in: decoder.path)
        return map[key.stringValue] != nil
    }

    private func child(_ key: Key) throws -> TreeDecoder {
        decoder.visits.ask(key.stringValue, in: decoder.path)
        guard let value = map[key.stringValue] else {
            throw TreeProblem(
                path: DataPath.appending(key: key.stringValue, to: decoder.path), message: "is required but missing; add it")
        }
        return decoder.child(value, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.visits.ask(key.stringValue, in: decoder.path)
        return (map[key.stringValue] ?? .null) == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeScalar(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    { try child(key).container(keyedBy: type) }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: TreeDecoder
    let items: [TemplateValue]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> TreeDecoder {
        guard !isAtEnd else {
            throw TreeProblem(path: decoder.path, message: "has too few items")
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: IndexKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeScalar(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    { try next().container(keyedBy: type) }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeScalar(type) }
}
