import Foundation

/// A value of the data tree that templates read: what JSON, YAML and plist files load into.
///
/// Maps keep their keys in the order of the source file, so anything that walks a map
/// (printing, hashing, `for k, v in map`) is deterministic.
public enum TemplateValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// A point in time. A calendar date from the data ("2025-09-01") is midnight UTC.
    case date(Date)
    case list([TemplateValue])
    case map(TemplateMap)
}

/// An insertion-ordered string-keyed map.
public struct TemplateMap: Sendable, Hashable {
    public private(set) var keys: [String] = []
    private var storage: [String: TemplateValue] = [:]

    public init() {}

    /// Builds a map from pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(String, TemplateValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: String) -> TemplateValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The pairs in key order.
    public var pairs: [(key: String, value: TemplateValue)] {
        keys.map { ($0, storage[$0]!) }
    }

    public static func == (lhs: TemplateMap, rhs: TemplateMap) -> Bool {
        lhs.keys == rhs.keys && lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        for key in keys { hasher.combine(storage[key]) }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .map(TemplateMap(elements))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension TemplateValue {
    /// The child at `key` when this is a map.
    public subscript(key: String) -> TemplateValue? {
        if case .map(let map) = self { return map[key] }
        return nil
    }

    /// A short name of the kind of value, for error messages ("a list", "text").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a yes/no value"
        case .int, .double: return "a number"
        case .string: return "text"
        case .date: return "a date"
        case .list: return "a list"
        case .map: return "a map"
        }
    }
}
