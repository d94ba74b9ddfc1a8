import Foundation

/// The filter registry (`value | name(arguments)`) and the argument checking all filters share.
///
/// Filters are pure functions in an immutable table, so any number of renders may use them
/// at once. The definitions themselves are in FilterLibrary.swift.
enum Filters {
    /// A filter: the names of its parameters in order (positional arguments fill them
    /// left to right; keyword arguments name them), how many are required, and its body.
    struct Definition: Sendable {
        var parameters: [String]
        var required = 0
        /// True when positional arguments past `parameters` are passed on (`map("round", 2)`).
        var variadic = false
        /// True when named arguments of any name are passed on (`format(name=…)` for `%(name)s`).
        var anyKeywords = false
        var body: @Sendable (FilterCall) throws(EvaluationError) -> TemplateValue
    }

    /// Every filter name, sorted.
    static let names: [String] = library.keys.sorted()

    /// Filters that receive a missing value (as nil) instead of the evaluator failing first.
    static func seesUndefined(_ name: String) -> Bool { name == "default" || name == "d" }

    /// Applies filter `name`. `input` is nil only for a missing value given to a filter
    /// for which `seesUndefined` is true.
    static func apply(
        _ name: String, to input: TemplateValue?, arguments: [TemplateValue], keywords: [String: TemplateValue]
    ) throws(EvaluationError) -> TemplateValue {
        guard let definition = library[name] else {
            throw .unknownFilter(name: name, suggestion: Suggestion.closest(to: name, among: names))
        }
        let call = FilterCall(
            name: name, optionalInput: input, arguments: arguments, keywords: keywords,
            parameters: definition.parameters)
        if let problem = argumentProblem(name, positional: arguments.count, keywords: keywords.keys.sorted()) {
            throw call.failure(problem)
        }
        return try definition.body(call)
    }

    /// What is wrong with calling filter `name` with `positional` arguments and the named ones,
    /// completing "the 'name' filter …"; nil when the call fits. Needs no values, so the
    /// compiler and `check` find wrong counts without data.
    static func argumentProblem(_ name: String, positional: Int, keywords: [String]) -> String? {
        guard let definition = library[name] else { return nil }
        let parameters = definition.parameters
        let list = parameters.joined(separator: ", ")
        if positional > parameters.count && !definition.variadic {
            switch parameters.count {
            case 0: return "takes no arguments, but was given \(positional)"
            case 1: return "takes at most 1 argument (\(list)), but was given \(positional)"
            default: return "takes at most \(parameters.count) arguments (\(list)), but was given \(positional)"
            }
        }
        for label in keywords where !definition.anyKeywords {
            guard let position = parameters.firstIndex(of: label) else {
                return parameters.isEmpty
                    ? "takes no arguments, but was given '\(label)'"
                    : "has no argument named '\(label)'; it takes \(list)"
            }
            if position < positional { return "was given '\(label)' twice" }
        }
        let given = positional + keywords.count
        if (0..<definition.required).contains(where: { $0 >= positional && !keywords.contains(parameters[$0]) }) {
            let required = definition.required
            return
                "needs \(required) argument\(required == 1 ? "" : "s") (\(parameters.prefix(required).joined(separator: ", "))), but was given \(given)"
        }
        return nil
    }
}

/// One use of a filter: its input and arguments, with typed accessors whose errors name
/// the filter and the parameter.
struct FilterCall {
    let name: String
    /// nil when a `seesUndefined` filter was given a missing value.
    let optionalInput: TemplateValue?
    let arguments: [TemplateValue]
    let keywords: [String: TemplateValue]
    let parameters: [String]

    /// The input, with a missing value read as null.
    var input: TemplateValue { optionalInput ?? .null }

    func failure(_ message: String) -> EvaluationError {
        .filterFailed(name: name, message: message)
    }

    /// Argument `position`, given by position or by its parameter name.
    func argument(_ position: Int) -> TemplateValue? {
        if position < arguments.count { return arguments[position] }
        return position < parameters.count ? keywords[parameters[position]] : nil
    }

    /// The argument named `name`, given by position or by name.
    func argument(named name: String) -> TemplateValue? {
        parameters.firstIndex(of: name).flatMap(argument)
    }

    func text(_ position: Int, default defaultValue: String) throws(EvaluationError) -> String {
        guard let value = argument(position) else { return defaultValue }
        guard case .string(let string) = value else {
            throw failure("needs text for its \(parameters[position]), but was given \(Self.describe(value))")
        }
        return string
    }

    func integer(_ position: Int, default defaultValue: Int) throws(EvaluationError) -> Int {
        guard let value = argument(position) else { return defaultValue }
        guard case .int(let int) = value else {
            throw failure("needs a whole number for its \(parameters[position]), but was given \(Self.describe(value))")
        }
        return int
    }

    func flag(_ position: Int) -> Bool {
        argument(position).map(isTruthy) ?? false
    }

    /// The input as a number; numeric text such as "12.50" is accepted, as data often has it.
    func numberInput() throws(EvaluationError) -> TemplateValue {
        switch input {
        case .int: return input
        case .double(let double):
            // Infinity and NaN (from `1e308 * 10` or `0.0 / …`) would print as made-up amounts.
            guard double.isFinite else { throw failure("needs a finite number, but was given \(double)") }
            return input
        case .string(let string):
            let trimmed = string.trimmingCharacters(in: .whitespaces)
            if let int = Int(trimmed) { return .int(int) }
            if let double = Double(trimmed), double.isFinite { return .double(double) }
        default: break
        }
        throw failure("needs a number, but was given \(Self.describe(input))")
    }

    /// The input as a list (null counts as an empty list).
    func listInput() throws(EvaluationError) -> [TemplateValue] {
        switch input {
        case .list(let items): return items
        case .null: return []
        default: throw failure("needs a list, but was given \(Self.describe(input))")
        }
    }

    /// The value at `attribute` (a dotted path such as "name" or "address.town") inside `item`.
    static func attribute(_ attribute: String, of item: TemplateValue) -> TemplateValue {
        var current = item
        for key in attribute.split(separator: ".") {
            guard let next = current[String(key)] else { return .null }
            current = next
        }
        return current
    }

    /// A value as a message shows it: its kind, and for short text the text itself.
    /// What kind of value a filter got, never the text itself: data may be a child's name or
    /// date of birth, and messages end up in logs.
    static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .string(let string): return string.isEmpty ? "empty text" : "text"
        case .int, .double: return "the number \(OfficeTemplate.text(of: value))"
        default: return value.kindDescription
        }
    }
}
