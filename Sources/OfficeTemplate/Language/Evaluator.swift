/// Evaluates `expression` against the variables in `scope`.
///
/// A path that is not in the data throws `.undefined` unless the scope is lenient; the
/// `default` filter and the `defined`/`undefined` tests see such paths without throwing.
func evaluate(_ expression: Expression, in scope: Scope) throws(EvaluationError) -> TemplateValue {
    try Evaluator(scope: scope).value(of: expression)
}

/// Whether `expression` holds, as `{% if %}` and `for … if` read it: as in Jinja, a value
/// missing from the data counts as false here (`{% if pupil.missing %}`) rather than being
/// the error it is when printed.
func evaluateCondition(_ expression: Expression, in scope: Scope) throws(EvaluationError) -> Bool {
    isTruthy(try Evaluator(scope: scope, undefinedIsNull: true).value(of: expression))
}

/// The tree walk behind `evaluate(_:in:)`.
struct Evaluator {
    let scope: Scope
    /// True while evaluating a condition: a missing value reads as null (false) instead of
    /// failing. The lenient mode of the scope makes every evaluation behave so.
    var undefinedIsNull = false

    init(scope: Scope, undefinedIsNull: Bool = false) {
        self.scope = scope
        self.undefinedIsNull = undefinedIsNull || scope.options.lenientUndefined
    }

    /// This evaluator in condition mode, for the operands of `and`, `or`, `not` and `… if … else`.
    private var conditional: Evaluator { undefinedIsNull ? self : Evaluator(scope: scope, undefinedIsNull: true) }

    /// The result of looking up a path such as `contacts[2].name`.
    struct Lookup {
        /// nil when the path is not in the data.
        var value: TemplateValue?
        /// Where the value is in the data, when it came from the data.
        var dataPath: String?
        /// The path as written in the template, up to the first missing part when undefined.
        var writtenPath: String
    }

    func value(of expression: Expression) throws(EvaluationError) -> TemplateValue {
        switch expression {
        case .literal(let value):
            return value
        case .variable, .member, .index:
            if let value = try optionalValue(of: expression) { return value }
            if undefinedIsNull { return .null }
            throw .undefined(path: try lookup(expression).writtenPath)
        case .list(let items):
            var values: [TemplateValue] = []
            for item in items { values.append(try value(of: item)) }
            return .list(values)
        case .map(let entries):
            var map = TemplateMap()
            for entry in entries {
                let key = try value(of: entry.key)
                guard case .string(let name) = key else {
                    throw .typeMismatch("the keys of a map written {…} must be text, but one is \(key.kindDescription)")
                }
                map[name] = try value(of: entry.value)
            }
            return .map(map)
        case .slice(let base, let start, let stop, let step):
            func part(_ expression: Expression?) throws(EvaluationError) -> TemplateValue? {
                guard let expression else { return nil }
                return try value(of: expression)
            }
            return try Methods.slice(try value(of: base), start: try part(start), stop: try part(stop), step: try part(step))
        case .call(let callee, let arguments):
            return try call(callee, arguments)
        case .unary(.not, let operand):
            return .bool(!isTruthy(try conditional.value(of: operand)))
        case .unary(let op, let operand):
            return try unary(op, try value(of: operand))
        case .binary(let op, let left, let right):
            return try binary(op, left, right)
        case .conditional(let result, let condition, let otherwise):
            if isTruthy(try conditional.value(of: condition)) { return try value(of: result) }
            return try otherwise.map { expression throws(EvaluationError) in try value(of: expression) } ?? .null
        case .filter(let input, let name, let arguments):
            return try filter(input, name: name, arguments: arguments)
        case .test(let input, let name, let arguments, let negated):
            let passed: Bool
            if name == "defined" || name == "undefined" {
                passed = (try optionalValue(of: input) != nil) == (name == "defined")
            } else if let inputValue = try optionalValue(of: input) {
                var values: [TemplateValue] = []
                for argument in arguments { values.append(try value(of: argument)) }
                passed = try IsTest.evaluate(name, inputValue, arguments: values)
            } else {
                passed = false  // As in Jinja, a missing value passes no test but `undefined`.
            }
            return .bool(passed != negated)
        }
    }

    /// The value, or nil when `expression` is a path missing from the data (in any mode).
    /// Reads through data paths are recorded in the scope's read log.
    func optionalValue(of expression: Expression) throws(EvaluationError) -> TemplateValue? {
        switch expression {
        case .variable, .member, .index:
            let found = try lookup(expression)
            if let value = found.value, let path = found.dataPath { scope.recordRead(path, value) }
            return found.value
        default:
            return try value(of: expression)
        }
    }

    /// Follows a chain of names, `.member`s and `[index]`es. The data path is kept only while
    /// the scope records reads, and the written path only for a part that is missing: building
    /// those strings on every lookup was a third of a large table's render time.
    func lookup(_ expression: Expression) throws(EvaluationError) -> Lookup {
        switch expression {
        case .variable(let name):
            let binding = scope.lookup(name)
            return Lookup(
                value: binding?.value, dataPath: scope.readLog == nil ? nil : binding?.path,
                writtenPath: binding == nil ? name : "")
        case .member(let base, let name):
            return try child(of: base, key: .string(name))
        case .index(let base, let key):
            return try child(of: base, key: try value(of: key))
        default:
            // `(a | f).b`: a computed value has no data path.
            return Lookup(value: try value(of: expression), dataPath: nil, writtenPath: "(…)")
        }
    }

    private func child(of base: Expression, key: TemplateValue) throws(EvaluationError) -> Lookup {
        let parent = try lookup(base)
        guard let container = parent.value else { return parent }  // Report the first missing part.
        var result = Lookup(value: nil, dataPath: nil, writtenPath: "")
        switch (container, key) {
        case (.map(let map), .string(let name)):
            result.value = map[name]
            result.dataPath = parent.dataPath.map { DataPath.appending(key: name, to: $0) }
        case (.list(let items), .int(let position)):
            // Negative positions count from the end, as in Python: items[-1] is the last.
            let resolved = position < 0 ? items.count + position : position
            // `.none`, not `nil`: TemplateValue is nil-literal-expressible, and nil would mean null here.
            result.value = items.indices.contains(resolved) ? items[resolved] : .none
            result.dataPath = parent.dataPath.map { DataPath.appending(index: resolved, to: $0) }
        case (.string(let string), .int(let position)):
            let characters = Array(string)
            let resolved = position < 0 ? characters.count + position : position
            result.value = characters.indices.contains(resolved) ? .string(String(characters[resolved])) : .none
        case (.list, _), (.string, _):
            throw .typeMismatch(
                "'\(Excerpt.of(Self.written(base)))' is \(container.kindDescription), so it is indexed by a "
                    + "whole number, not \(key.kindDescription)")
        default:
            // Asking null, a number or a date for a field: treated as missing, so `default` can catch it.
            break
        }
        if result.value == nil {
            let parentPath = Self.written(base)
            switch key {
            case .string(let name): result.writtenPath = DataPath.appending(key: name, to: parentPath)
            case .int(let position): result.writtenPath = DataPath.appending(index: position, to: parentPath)
            default: result.writtenPath = parentPath + "[\(text(of: key))]"
            }
        }
        return result
    }

    /// A path as the template wrote it (`contacts[i].name`), for messages about a missing part.
    static func written(_ expression: Expression) -> String {
        switch expression {
        case .variable(let name): return name
        case .member(let base, let name): return DataPath.appending(key: name, to: written(base))
        case .index(let base, .literal(.int(let position))): return DataPath.appending(index: position, to: written(base))
        case .index(let base, .literal(.string(let key))): return DataPath.appending(key: key, to: written(base))
        case .index(let base, let key): return written(base) + "[\(written(key))]"
        default: return "(…)"
        }
    }

    private func unary(_ op: UnaryOperator, _ operand: TemplateValue) throws(EvaluationError) -> TemplateValue {
        switch (op, operand) {
        case (.not, _): return .bool(!isTruthy(operand))
        case (.negate, .int(let int)): return int == .min ? .double(-Double(int)) : .int(-int)
        case (.negate, .double(let double)): return .double(-double)
        case (.plus, .int), (.plus, .double): return operand
        default:
            throw .typeMismatch("'\(op.rawValue)' needs a number, but was given \(operand.kindDescription)")
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression) throws(EvaluationError) -> TemplateValue {
        // `and`/`or` return one of their operands, as in Python: {{ nickname or name }}.
        // The left operand is a condition, so a missing value there is false; the right one is
        // the result when reached, and is read as this evaluator reads values.
        if op == .and || op == .or {
            let first = try conditional.value(of: left)
            return isTruthy(first) == (op == .or) ? first : try value(of: right)
        }
        let a = try value(of: left)
        let b = try value(of: right)
        switch op {
        case .equal: return .bool(valuesEqual(a, b))
        case .notEqual: return .bool(!valuesEqual(a, b))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = compareValues(a, b) else {
                throw .typeMismatch("cannot compare \(a.kindDescription) with \(b.kindDescription) using '\(op.rawValue)'")
            }
            switch op {
            case .less: return .bool(order == .orderedAscending)
            case .lessOrEqual: return .bool(order != .orderedDescending)
            case .greater: return .bool(order == .orderedDescending)
            default: return .bool(order != .orderedAscending)
            }
        case .contains: return .bool(try valueContains(b, a))
        case .notContains: return .bool(!(try valueContains(b, a)))
        case .concatenate: return try arithmetic(.add, .string(text(of: a)), .string(text(of: b)))
        default: return try arithmetic(op, a, b)
        }
    }

    private func argumentValues(
        _ arguments: [FilterArgument]
    ) throws(EvaluationError) -> ([TemplateValue], [String: TemplateValue]) {
        var positional: [TemplateValue] = []
        var keywords: [String: TemplateValue] = [:]
        for argument in arguments {
            let argumentValue = try value(of: argument.value)
            if let label = argument.label { keywords[label] = argumentValue } else { positional.append(argumentValue) }
        }
        return (positional, keywords)
    }

    /// Whether `value` is a `loop` map, whose `changed(…)` a loop answers.
    private func isLoopVariable(_ value: TemplateValue) -> Bool {
        guard case .map(let map) = value else { return false }
        return map["index0"] != nil && map["revindex"] != nil && map["depth"] != nil
    }

    /// `loop.changed(value, …)`: true on the first call in a loop and whenever the values differ
    /// from those of the last call that returned true, as Jinja's (which remembers calls, not passes).
    private func loopChanged(
        _ values: [TemplateValue], _ keywords: [String: TemplateValue]
    ) throws(EvaluationError) -> TemplateValue {
        guard keywords.isEmpty else { throw .typeMismatch("'loop.changed()' takes values, not named arguments") }
        // Outside a render (a check of the template alone) there is no loop to remember.
        guard let last = scope.loopChangedValues.indices.last else { return .bool(true) }
        let current = TemplateValue.list(values)
        if scope.loopChangedValues[last] == current { return .bool(false) }
        scope.loopChangedValues[last] = current
        return .bool(true)
    }

    /// A method (`x.upper()`), `range(…)` or a macro of the template.
    private func call(_ callee: Expression, _ arguments: [FilterArgument]) throws(EvaluationError) -> TemplateValue {
        let (positional, keywords) = try argumentValues(arguments)
        switch callee {
        case .member(let base, let name):
            let receiver = try value(of: base)
            if name == "changed", isLoopVariable(receiver) { return try loopChanged(positional, keywords) }
            return try Methods.call(name, on: receiver, positional, keywords)
        case .variable(let name):
            if let macro = scope.macros[name] { return try macro.call(positional, keywords, in: scope) }
            if name == "range" { return try Methods.range(positional, keywords: keywords) }
            if name == "namespace" || name == "dict" { return try Methods.makeMap(name, positional, keywords: keywords) }
            throw .typeMismatch(
                "there is no function '\(Excerpt.of(name))'; the functions are range(), namespace(), dict() and the "
                    + "template's own {% macro %}s")
        default:
            throw .typeMismatch("only a name or a method can be called")
        }
    }

    private func filter(_ input: Expression, name: String, arguments: [FilterArgument]) throws(EvaluationError) -> TemplateValue {
        let (positional, keywords) = try argumentValues(arguments)
        // `default` must see a missing path without the strict-mode error, so it gets nil.
        let inputValue: TemplateValue?
        if Filters.seesUndefined(name) {
            inputValue = try optionalValue(of: input)
        } else {
            inputValue = try value(of: input)
        }
        return try Filters.apply(name, to: inputValue, arguments: positional, keywords: keywords)
    }
}
