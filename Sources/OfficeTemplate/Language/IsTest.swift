/// The tests of `value is name(arguments)`, as in Jinja.
enum IsTest {
    /// Every test name. `defined` and `undefined` are answered by the evaluator, since they
    /// must see a missing value before it becomes an error.
    static let names: Set<String> = [
        "defined", "undefined", "none", "true", "false", "boolean", "number", "integer", "float",
        "string", "mapping", "sequence", "iterable", "date", "even", "odd", "divisibleby",
    ]

    static func evaluate(_ name: String, _ value: TemplateValue, arguments: [TemplateValue]) throws(EvaluationError) -> Bool {
        let expectedArguments = name == "divisibleby" ? 1 : 0
        guard arguments.count == expectedArguments else {
            throw .typeMismatch(
                expectedArguments == 0
                    ? "the test 'is \(name)' takes no arguments"
                    : "the test 'is divisibleby' takes one number, as in 'is divisibleby(3)'")
        }
        switch name {
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
