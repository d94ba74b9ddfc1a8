import Foundation

// How values behave in expressions: truth, printing, equality, ordering and arithmetic.
// The rules follow Jinja (and so Python), which is what template authors expect.

/// Whether `value` counts as true in `if`, `and`, `or` and `not`: false for null, false,
/// zero, and empty text, lists and maps; true for everything else.
func isTruthy(_ value: TemplateValue) -> Bool {
    switch value {
    case .null: return false
    case .bool(let bool): return bool
    case .int(let int): return int != 0
    case .double(let double): return double != 0
    case .string(let string): return !string.isEmpty
    case .date: return true
    case .list(let items): return !items.isEmpty
    case .map(let map): return !map.isEmpty
    }
}

/// The text printed for `value` by `{{ … }}`.
///
/// null prints nothing; booleans print `True`/`False` and numbers print as Python does
/// (`3`, `2.5`, `3.0`), as in Jinja; dates print as a UK long date (`1 September 2025`).
/// A list prints its items' texts joined by ", " and a map prints `key: value` pairs
/// joined by ", ", which is readable when a whole list is printed by mistake; use
/// `join` or `list_and` to choose the form deliberately.
func text(of value: TemplateValue) -> String {
    switch value {
    case .null: return ""
    case .bool(let bool): return bool ? "True" : "False"
    case .int(let int): return String(int)
    case .double(let double): return double.description  // Swift and Python agree on shortest round-trip text.
    case .string(let string): return string
    case .date(let date): return UKFormat.longDate(date)
    case .list(let items): return items.map(text(of:)).joined(separator: ", ")
    case .map(let map): return map.pairs.map { "\($0.key): \(text(of: $0.value))" }.joined(separator: ", ")
    }
}

/// `==`: numbers compare by value across int and double, maps ignore key order,
/// and values of different kinds are never equal.
func valuesEqual(_ left: TemplateValue, _ right: TemplateValue) -> Bool {
    switch (left, right) {
    case (.int(let a), .double(let b)): return Double(a) == b
    case (.double(let a), .int(let b)): return a == Double(b)
    case (.list(let a), .list(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { valuesEqual($0, $1) }
    case (.map(let a), .map(let b)):
        return a.count == b.count && a.pairs.allSatisfy { pair in b[pair.key].map { valuesEqual(pair.value, $0) } ?? false }
    default: return left == right
    }
}

/// Orders two numbers, two texts or two dates; nil for anything else.
func compareValues(_ left: TemplateValue, _ right: TemplateValue) -> ComparisonResult? {
    func order<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
        a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
    }
    switch (left, right) {
    case (.int(let a), .int(let b)): return order(a, b)
    case (.string(let a), .string(let b)): return order(a, b)
    case (.date(let a), .date(let b)): return order(a, b)
    default:
        if let a = numericValue(left), let b = numericValue(right) { return order(a, b) }
        return nil
    }
}

/// The number in an int or double (not a bool: `true + 1` is more likely a mistake than intent).
func numericValue(_ value: TemplateValue) -> Double? {
    switch value {
    case .int(let int): return Double(int)
    case .double(let double): return double
    default: return nil
    }
}

/// `item in container`: a substring of text, an item of a list, or a key of a map.
func valueContains(_ container: TemplateValue, _ item: TemplateValue) throws(EvaluationError) -> Bool {
    switch container {
    case .string(let string):
        guard case .string(let part) = item else {
            throw .typeMismatch("'in' with text on the right needs text on the left, but was given \(item.kindDescription)")
        }
        return part.isEmpty || string.contains(part)
    case .list(let items):
        return items.contains { valuesEqual($0, item) }
    case .map(let map):
        guard case .string(let key) = item else { return false }
        return map[key] != nil
    default:
        throw .typeMismatch("'in' needs a list, a map or text on the right, but was given \(container.kindDescription)")
    }
}

/// `+ - * / // %` on two values.
func arithmetic(_ op: BinaryOperator, _ left: TemplateValue, _ right: TemplateValue) throws(EvaluationError) -> TemplateValue {
    switch (op, left, right) {
    // Joined values are size-checked: with `{% set ns.s = ns.s ~ ns.s %}` in a loop, a text
    // would double on every pass.
    case (.add, .string(let a), .string(let b)):
        return .string(try repeated(a.utf8.count + b.utf8.count, 1, what: "joining") { _ in a + b })
    case (.add, .list(let a), .list(let b)):
        return .list(
            try repeated(a.count + b.count, 1, limit: DataLimits.maximumValues, unit: "items", what: "joining") { _ in a + b })
    case (.multiply, .string(let a), .int(let n)), (.multiply, .int(let n), .string(let a)):
        return .string(try repeated(Array(a.utf8).count, n) { String(repeating: a, count: $0) })
    case (.multiply, .list(let a), .int(let n)), (.multiply, .int(let n), .list(let a)):
        return .list(
            try repeated(a.count, n, limit: DataLimits.maximumValues, unit: "items") { count in
                Array([[TemplateValue]](repeating: a, count: count).joined())
            })
    case (.remainder, .string, _):
        // Python's `"%s of %d" % (a, b)`, which Jinja templates write; the same as the `format` filter.
        let values: [TemplateValue]
        if case .list(let items) = right { values = items } else { values = [right] }
        return try Filters.apply("format", to: left, arguments: values, keywords: [:])
    case (.power, .int(let a), .int(let b)) where b >= 0:
        return try integerPower(a, b)
    case (_, .int(let a), .int(let b)):
        return try integerArithmetic(op, a, b)
    default:
        guard let a = numericValue(left), let b = numericValue(right) else {
            let hint = op == .add ? "; to join values as text use ~" : ""
            throw .typeMismatch(
                "'\(op.rawValue)' needs two numbers, but was given \(left.kindDescription) and \(right.kindDescription)\(hint)")
        }
        return .double(try doubleArithmetic(op, a, b))
    }
}

/// `"ab" * 3` and `[1] * 3`, as in Python (a count of 0 or less gives nothing), refused past
/// `limit` so that a short tag cannot build a gigabyte.
private func repeated<T>(
    _ size: Int, _ count: Int, limit: Int = Filters.maximumTextSize, unit: String = "bytes", what: String = "'*'",
    _ build: (Int) -> T
) throws(EvaluationError) -> T {
    let times = max(0, count)
    let (total, overflow) = size.multipliedReportingOverflow(by: times)
    guard !overflow, total <= limit else {
        throw .typeMismatch(
            "\(what) would make more than \(UKFormat.groupedThousands(String(limit))) \(unit), which is the limit for one value")
    }
    return build(times)
}

/// `a ** b` for whole numbers: exact while it fits, else a decimal as other arithmetic does.
private func integerPower(_ base: Int, _ exponent: Int) throws(EvaluationError) -> TemplateValue {
    var result = 1
    var factor = base
    var remaining = exponent
    while remaining > 0 {
        if remaining & 1 == 1 {
            let (product, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return .double(try doubleArithmetic(.power, Double(base), Double(exponent))) }
            result = product
        }
        remaining >>= 1
        guard remaining > 0 else { break }
        let (square, overflow) = factor.multipliedReportingOverflow(by: factor)
        if overflow { return .double(try doubleArithmetic(.power, Double(base), Double(exponent))) }
        factor = square
    }
    return .int(result)
}

private func integerArithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int) throws(EvaluationError) -> TemplateValue {
    let result: (partialValue: Int, overflow: Bool)
    switch op {
    case .add: result = a.addingReportingOverflow(b)
    case .subtract: result = a.subtractingReportingOverflow(b)
    case .multiply: result = a.multipliedReportingOverflow(by: b)
    case .divide, .power:
        // `/` is true division, as in Python; a negative power is a fraction.
        return .double(try doubleArithmetic(op, Double(a), Double(b)))
    case .floorDivide, .remainder:
        guard b != 0 else { throw .typeMismatch("cannot divide by zero") }
        // Int.min // -1 is the one quotient that does not fit (and `a % b` traps there too);
        // its remainder is exactly 0, and its quotient is refused rather than made inexact.
        let (quotientValue, overflow) = a.dividedReportingOverflow(by: b)
        if overflow {
            if op == .remainder { return .int(0) }
            throw .typeMismatch("the result of '//' is too large for a whole number (beyond ±\(Int.max))")
        }
        // Python rounds the quotient towards minus infinity, so the remainder takes the divisor's sign.
        var quotient = quotientValue
        var remainder = a.remainderReportingOverflow(dividingBy: b).partialValue
        if remainder != 0 && ((remainder < 0) != (b < 0)) {
            quotient -= 1
            remainder += b
        }
        return .int(op == .floorDivide ? quotient : remainder)
    default:
        throw .typeMismatch("'\(op.rawValue)' is not arithmetic")
    }
    // On overflow, fall back to a double rather than failing the document.
    return result.overflow ? .double(try doubleArithmetic(op, Double(a), Double(b))) : .int(result.partialValue)
}

private func doubleArithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double) throws(EvaluationError) -> Double {
    switch op {
    case .power:
        let result = pow(a, b)
        guard result.isFinite else {
            throw .typeMismatch(
                result.isNaN ? "'**' has no real result here" : "the result of '**' is too large to be a number here")
        }
        return result
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide, .floorDivide, .remainder:
        guard b != 0 else { throw .typeMismatch("cannot divide by zero") }
        if op == .divide { return a / b }
        let quotient = (a / b).rounded(.down)
        return op == .floorDivide ? quotient : a - quotient * b
    default:
        throw .typeMismatch("'\(op.rawValue)' is not arithmetic")
    }
}
