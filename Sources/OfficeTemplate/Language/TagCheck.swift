/// What can be known wrong about a tag without any data: filters and tests that do not exist,
/// and calls with the wrong number or names of arguments.
///
/// The compiler reports these for every tag, so a template with `{{ x | uper }}` fails at
/// `check` and not at the first render. Tests are already checked by the parser.
enum TagCheck {
    /// One problem found without data: its code, and a message that completes "'{{ tag }}': …".
    struct Problem: Equatable {
        var code: TemplateIssue.Code
        var message: String
    }

    /// The problems of `tag`, in the order of the text.
    static func problems(in tag: ParsedTag) -> [Problem] {
        var problems: [Problem] = []
        for expression in expressions(of: tag.kind) { visit(expression, into: &problems) }
        return problems
    }

    /// The code of a problem with filter `name`: unknown, or known and called wrongly.
    private static func filterCode(_ name: String) -> TemplateIssue.Code {
        name == "image" || Filters.library[name] != nil ? .wrongArguments : .unknownFilter
    }

    /// The names `tag` calls as functions (`range`, a macro), in order: `{{ greet(x) }}` calls `greet`.
    static func calledNames(in tag: ParsedTag) -> [String] {
        var names: [String] = []
        func visit(_ expression: Expression) {
            switch expression {
            case .call(.variable(let name), let arguments):
                if !names.contains(name) { names.append(name) }
                for argument in arguments { visit(argument.value) }
            case .call(let callee, let arguments):
                visit(callee)
                for argument in arguments { visit(argument.value) }
            case .literal, .variable: return
            case .member(let base, _): visit(base)
            case .index(let base, let key):
                visit(base)
                visit(key)
            case .list(let items): items.forEach(visit)
            case .map(let entries):
                for entry in entries {
                    visit(entry.key)
                    visit(entry.value)
                }
            case .slice(let base, let start, let stop, let step):
                visit(base)
                for part in [start, stop, step] { if let part { visit(part) } }
            case .unary(_, let operand): visit(operand)
            case .binary(_, let left, let right):
                visit(left)
                visit(right)
            case .conditional(let value, let condition, let otherwise):
                visit(value)
                visit(condition)
                if let otherwise { visit(otherwise) }
            case .filter(let input, _, let arguments):
                visit(input)
                for argument in arguments { visit(argument.value) }
            case .test(let input, _, let arguments, _):
                visit(input)
                arguments.forEach(visit)
            }
        }
        expressions(of: tag.kind).forEach(visit)
        return names
    }

    /// The message for a call of `name`, which is neither `range` nor one of the template's macros
    /// (`macros`), completing "'{{ tag }}': …".
    static func unknownFunction(_ name: String, macros: [String]) -> String {
        let known = Methods.functions + macros.sorted()
        if let suggestion = Suggestion.closest(to: name, among: known) {
            return "there is no function '\(Excerpt.of(name))'; did you mean '\(suggestion)'?"
        }
        return "there is no function '\(Excerpt.of(name))'; the functions are \(known.map { "\($0)()" }.joined(separator: ", "))"
    }

    /// The problem with filter `name` given `positional` arguments and the named ones, or nil.
    /// `image` is the picture filter, which the compiler handles itself.
    static func filterProblem(_ name: String, positional: Int, keywords: [String]) -> String? {
        if name == "image" {
            let unknown = keywords.first { $0 != "width" && $0 != "height" }
            if let unknown { return "the 'image' filter has no argument named '\(unknown)'; it takes width, height" }
            return positional > 1 ? "the 'image' filter takes at most 1 argument (width), but was given \(positional)" : nil
        }
        guard Filters.library[name] != nil else {
            return EvaluationError.unknownFilter(name: name, suggestion: Suggestion.closest(to: name, among: Filters.names))
                .message
        }
        return Filters.argumentProblem(name, positional: positional, keywords: keywords).map { "the '\(name)' filter \($0)" }
    }

    private static func expressions(of kind: TagKind) -> [Expression] {
        switch kind {
        case .output(let expression), .ifStart(let expression), .elif(let expression): return [expression]
        case .forStart(_, let sequence, let condition): return [sequence] + (condition.map { [$0] } ?? [])
        case .set(_, let value): return [value]
        case .filterStart(let name, let arguments):
            return [.filter(.literal(.null), name: name, arguments: arguments)]
        case .macroStart(_, let parameters): return parameters.compactMap(\.defaultValue)
        case .elseTag, .endif, .endfor, .comment, .raw, .endraw, .endfilter, .endmacro, .setBlock, .endset:
            return []
        case .cellExtension(.columnSpan(let expression)), .cellExtension(.background(let expression)): return [expression]
        case .cellExtension: return []
        }
    }

    private static func visit(_ expression: Expression, into problems: inout [Problem]) {
        func add(_ problem: Problem?) {
            if let problem, !problems.contains(problem) { problems.append(problem) }
        }
        switch expression {
        case .literal, .variable: return
        case .member(let base, _): visit(base, into: &problems)
        case .index(let base, let key):
            visit(base, into: &problems)
            visit(key, into: &problems)
        case .list(let items): for item in items { visit(item, into: &problems) }
        case .map(let entries):
            for entry in entries {
                visit(entry.key, into: &problems)
                visit(entry.value, into: &problems)
            }
        case .slice(let base, let start, let stop, let step):
            visit(base, into: &problems)
            for part in [start, stop, step] { if let part { visit(part, into: &problems) } }
        case .call(let callee, let arguments):
            visit(callee, into: &problems)
            for argument in arguments { visit(argument.value, into: &problems) }
        case .unary(_, let operand): visit(operand, into: &problems)
        case .binary(_, let left, let right):
            visit(left, into: &problems)
            visit(right, into: &problems)
        case .conditional(let value, let condition, let otherwise):
            visit(value, into: &problems)
            visit(condition, into: &problems)
            if let otherwise { visit(otherwise, into: &problems) }
        case .filter(let input, let name, let arguments):
            visit(input, into: &problems)
            for argument in arguments { visit(argument.value, into: &problems) }
            let positional = arguments.filter { $0.label == nil }
            let problem = filterProblem(name, positional: positional.count, keywords: arguments.compactMap(\.label))
            add(problem.map { Problem(code: filterCode(name), message: $0) })
            add(namedInArguments(name, positional.map(\.value)))
        case .test(let input, _, let arguments, _):
            visit(input, into: &problems)
            for argument in arguments { visit(argument, into: &problems) }
        }
    }

    /// A filter or test named by a literal inside another filter's arguments: `map("uper")`,
    /// `select("od")`, `selectattr("age", "gt", 1, 2)`.
    private static func namedInArguments(_ filter: String, _ arguments: [Expression]) -> Problem? {
        switch filter {
        case "map":
            guard case .literal(.string(let inner))? = arguments.first else { return nil }
            return filterProblem(inner, positional: arguments.count - 1, keywords: []).map {
                Problem(code: filterCode(inner), message: $0)
            }
        case "select", "reject", "selectattr", "rejectattr":
            let position = filter.hasSuffix("attr") ? 1 : 0
            guard arguments.count > position, case .literal(.string(let test)) = arguments[position] else { return nil }
            return IsTest.argumentProblem(test, count: arguments.count - position - 1).map {
                Problem(code: IsTest.names.contains(test) ? .wrongArguments : .unknownTest, message: $0)
            }
        default:
            return nil
        }
    }
}
