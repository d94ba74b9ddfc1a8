/// The tests of `value is name(arguments)`, as in Jinja.
enum IsTest {
    /// Every test name. `defined` and `undefined` are answered by the evaluator, since they
    /// must see a missing value before it becomes an error.
    static let names: Set<String> = Set(arity.keys)

    /// How many arguments each test takes: `is divisibleby(3)` one, `is odd` none.
    static let arity: [String: Int] = [
        "defined": 0, "undefined": 0, "none": 0, "true": 0, "false": 0, "boolean": 0, "number": 0, "integer": 0,
        "float": 0, "string": 0, "mapping": 0, "sequence": 0, "iterable": 0, "date": 0, "even": 0, "odd": 0,
        "divisibleby": 1, "lower": 0, "upper": 0, "in": 1, "sameas": 1, "escaped": 0,
        "eq": 1, "equalto": 1, "==": 1, "ne": 1, "!=": 1, "lt": 1, "lessthan": 1, "<": 1, "le": 1, "<=": 1,
        "gt": 1, "greaterthan": 1, ">": 1, "ge": 1, ">=": 1,
    ]

    /// What is wrong with using test `name` with `count` arguments, or nil when it fits; needs
    /// no data, so the compiler reports it.
    static func argumentProblem(_ name: String, count: Int) -> String? {
        guard let expected = arity[name] else {
            return "unknown test 'is \(Excerpt.of(name))'" + Suggestion.didYouMean(name, among: names.sorted())
        }
        guard count != expected else { return nil }
        if expected == 0 { return "the test 'is \(name)' takes no arguments" }
        if name == "divisibleby" { return "the test 'is divisibleby' takes one number, as in 'is divisibleby(3)'" }
        return "the test 'is \(name)' takes one value, as in 'is \(name)(3)'"
    }

    /// The comparison behind each comparing test's names.
    private static let comparisons: [String: BinaryOperator] = [
        "eq": .equal, "equalto": .equal, "==": .equal, "ne": .notEqual, "!=": .notEqual, "lt": .less,
        "lessthan": .less, "<": .less, "le": .lessOrEqual, "<=": .lessOrEqual, "gt": .greater, "greaterthan": .greater,
        ">": .greater, "ge": .greaterOrEqual, ">=": .greaterOrEqual,
    ]

    static func evaluate(_ name: String, _ value: TemplateValue, arguments: [TemplateValue]) throws(EvaluationError) -> Bool {
        if let problem = argumentProblem(name, count: arguments.count) { throw .typeMismatch(problem) }
        if let comparison = comparisons[name] {
            switch comparison {
            case .equal: return valuesEqual(value, arguments[0])
            case .notEqual: return !valuesEqual(value, arguments[0])
            default:
                guard let order = compareValues(value, arguments[0]) else {
                    throw .typeMismatch(
                        "the test 'is \(name)' cannot compare \(value.kindDescription) with \(arguments[0].kindDescription)")
                }
                switch comparison {
                case .less: return order == .orderedAscending
                case .lessOrEqual: return order != .orderedDescending
                case .greater: return order == .orderedDescending
                default: return order != .orderedAscending
                }
            }
        }
        switch name {
        case "in": return try valueContains(arguments[0], value)
        case "sameas": return value == arguments[0]
        case "escaped": return false  // Nothing is marked as escaped: the renderer escapes every value.
        case "lower", "upper":
            guard case .string(let text) = value else { return false }
            return name == "lower" ? text == text.lowercased() : text == text.uppercased()
        case "none": return value == .null
        case "true": return value == .bool(true)
        case "false": return value == .bool(false)
        case "boolean": if case .bool = value { return true } else { return false }
        case "number": return numericValue(value) != nil
        case "integer": if case .int = value { return true } else { return false }
        case "float": if case .double = value { return true } else { return false }
        case "string": if case .string = value { return true } else { return false }
        case "date": if case .date = value { return true } else { return false }
        case "mapping": if case .map = value { return true } else { return false }
        case "sequence", "iterable":
            switch value {
            case .list, .map, .string: return true
            default: return false
            }
        case "even", "odd", "divisibleby":
            guard case .int(let number) = value else {
                throw .typeMismatch("the test 'is \(name)' needs a whole number, but was given \(value.kindDescription)")
            }
            if name == "even" { return number % 2 == 0 }
            if name == "odd" { return number % 2 != 0 }
            guard case .int(let divisor) = arguments[0], divisor != 0 else {
                throw .typeMismatch("the test 'is divisibleby' needs a non-zero whole number")
            }
            return number % divisor == 0
        default:
            throw .typeMismatch("unknown test 'is \(name)'")
        }
    }
}
