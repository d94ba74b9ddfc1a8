/// The data a template reads, found without rendering it.
///
/// Paths through a loop variable are written with `[]` for "every item": a template with
/// `{% for c in contacts %}{{ c.name }}{% endfor %}` uses `contacts[].name`.
public struct TemplateUsage: Sendable, Equatable {
    /// Paths whose absence stops a render.
    public var required: [String]
    /// Paths read under `default(...)` or `is defined`, which may be missing.
    public var optional: [String]
}

/// How a template's needs compare with one data file.
public struct UsageComparison: Sendable, Equatable {
    /// Paths the template needs that the data lacks.
    public var missing: [String]
    /// Data the template never reads (leaf paths).
    public var unused: [String]
    /// For a missing path that looks misspelt, the path the data has (`placment.start` →
    /// `placement.start`), by missing path.
    public var suggestions: [String: String] = [:]
}

extension Template {
    /// Every data path the template's tags read.
    public func usage() -> TemplateUsage {
        var collector = UsageCollector()
        for case .render(_, let program) in entries {
            collector.walk(program.nodes, bound: ["loop": nil])
            for slot in program.pictureSlots { collector.walk([.value(slot.source, .plain, tag: slot.tag)], bound: [:]) }
        }
        return TemplateUsage(
            required: collector.required.sorted(), optional: collector.optional.subtracting(collector.required).sorted())
    }

    /// Compares the template's needs with `data`.
    public func compare(with data: TemplateValue) -> UsageComparison {
        let usage = usage()
        let missing = usage.required.filter { !UsageCollector.exists($0, in: data) }
        let used = usage.required + usage.optional
        var leaves: [String] = []
        UsageCollector.leafPaths(of: data, prefix: "", into: &leaves)
        let unused = leaves.filter { leaf in
            !used.contains {
                leaf == $0 || leaf.hasPrefix($0 + ".") || leaf.hasPrefix($0 + "[") || $0.hasPrefix(leaf + ".")
                    || $0.hasPrefix(leaf + "[")
            }
        }
        var suggestions: [String: String] = [:]
        for path in missing { suggestions[path] = UsageCollector.suggestion(for: path, in: data) }
        return UsageComparison(missing: missing, unused: unused, suggestions: suggestions)
    }
}

extension Template {
    /// For a data path `data` lacks (`placment.start`, `pupil.contacts[0].phnoe`), the path it
    /// has with each misspelt name corrected (`placement.start`), or nil when there is none.
    public static func suggestion(forMissing path: String, in data: TemplateValue) -> String? {
        UsageCollector.suggestion(for: path, in: data)
    }
}

private struct UsageCollector {
    var required = Set<String>()
    var optional = Set<String>()
    /// Paths a surrounding `{% if x %}` or `{% if x is defined %}` tests: what the branch reads
    /// under them may be missing without harm.
    var guarded: [String] = []

    /// `bound` maps loop variables to the path of the items they stand for (nil: not data).
    mutating func walk(_ nodes: [RenderNode], bound outerBound: [String: String?]) {
        var bound = outerBound  // `{% set %}` and `{% macro %}` bind names for the nodes after them.
        for node in nodes {
            switch node {
            case .assign(let targets, let value, _):
                collect(value, bound: bound, optional: false)
                for target in targets { bound[target] = .some(nil) }
            case .capture(let target, let body, _):
                walk(body, bound: bound)
                bound[target] = .some(nil)
            case .filterBlock(_, let arguments, let body, _):
                for argument in arguments { collect(argument.value, bound: bound, optional: false) }
                walk(body, bound: bound)
            case .macro(let name, let parameters, let body, _):
                var inner = bound
                for parameter in parameters {
                    if let defaultValue = parameter.defaultValue { collect(defaultValue, bound: bound, optional: false) }
                    inner[parameter.name] = .some(nil)
                }
                walk(body, bound: inner)
                bound[name] = .some(nil)
            case .chunk: continue
            case .value(let expression, _, _): collect(expression, bound: bound, optional: false)
            case .picture(let request, _, _): collect(request.source, bound: bound, optional: false)
            case .control(let slot, _): if let expression = slot.expression { collect(expression, bound: bound, optional: false) }
            case .link(let target, _): walk(target, bound: bound)
            case .condition(let branches, let otherwise):
                for branch in branches {
                    let tested = guards(branch.condition, bound: bound)
                    collect(branch.condition, bound: bound, optional: isGuardOnly(branch.condition))
                    let outer = guarded
                    guarded += tested
                    walk(branch.body, bound: bound)
                    guarded = outer
                }
                walk(otherwise, bound: bound)
            case .loop(let variables, let sequence, let condition, let body, let otherwise, _):
                collect(sequence, bound: bound, optional: false)
                let items = path(of: sequence, bound: bound).map { $0 + "[]" }
                var inner = bound
                inner["loop"] = .some(nil)
                if variables.count == 1 {
                    inner[variables[0]] = .some(items)
                } else {
                    for variable in variables { inner[variable] = .some(nil) }  // map pairs: keys are data-driven
                }
                if let condition { collect(condition, bound: inner, optional: isGuardOnly(condition)) }
                walk(body, bound: inner)
                walk(otherwise, bound: bound)
            }
        }
    }

    /// The paths a condition tests for presence or truth (`x`, `x is defined`, `a and b`).
    private func guards(_ condition: Expression, bound: [String: String?]) -> [String] {
        switch condition {
        case .test(let input, "defined", _, false): return path(of: input, bound: bound).map { [$0] } ?? []
        case .binary(.and, let left, let right): return guards(left, bound: bound) + guards(right, bound: bound)
        case .variable, .member, .index: return path(of: condition, bound: bound).map { [$0] } ?? []
        default: return []
        }
    }

    /// Whether a condition does nothing but test presence or truth, so it cannot fail for a
    /// missing value (which a condition reads as false, as Jinja does).
    private func isGuardOnly(_ condition: Expression) -> Bool {
        switch condition {
        case .test(_, "defined", _, _), .test(_, "undefined", _, _): return true
        case .variable, .member, .index: return true
        case .unary(.not, let operand): return isGuardOnly(operand)
        case .binary(.and, let left, let right), .binary(.or, let left, let right):
            return isGuardOnly(left) && isGuardOnly(right)
        default: return false
        }
    }

    /// Records what `expression` reads: optional when it is read under a default or a
    /// presence test, or inside a branch that tests it (`guarded`).
    private mutating func collect(_ expression: Expression, bound: [String: String?], optional isOptional: Bool) {
        for read in freePaths(of: expression, bound: bound, optional: isOptional) {
            let path = read.path
            let underGuard = guarded.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
            if read.optional || underGuard { optional.insert(path) } else { required.insert(path) }
        }
    }

    private func path(of expression: Expression, bound: [String: String?]) -> String? {
        dataPath(of: expression, bound: bound)
    }

    /// Whether `path` (with `[]` meaning any item) leads to a value in `data`.
    static func exists(_ path: String, in data: TemplateValue) -> Bool {
        var values = [data]
        for step in steps(path) {
            values = values.flatMap { value -> [TemplateValue] in
                switch (step, value) {
                case (.items, .list(let items)): return items
                case (.key(let key), .map(let map)): return map[key].map { [$0] } ?? []
                default: return []
                }
            }
            if values.isEmpty { return false }
        }
        return true
    }

    /// `path` with each name the data lacks replaced by the closest name it has at that point,
    /// when the result is in the data; nil otherwise.
    static func suggestion(for path: String, in data: TemplateValue) -> String? {
        var values = [data]
        var corrected = ""
        for step in steps(path) {
            switch step {
            case .items(let written):
                values = values.flatMap { value -> [TemplateValue] in
                    if case .list(let items) = value { return items }
                    return []
                }
                corrected += written
            case .key(let key):
                let maps = values.compactMap { value -> TemplateMap? in
                    if case .map(let map) = value { return map }
                    return nil
                }
                let name =
                    maps.contains { $0[key] != nil }
                    ? key : Suggestion.closest(to: key, among: Set(maps.flatMap(\.keys)).sorted())
                guard let name else { return nil }
                values = maps.compactMap { $0[name] }
                corrected = DataPath.appending(key: name, to: corrected)
            }
            if values.isEmpty { return nil }
        }
        return corrected == path ? nil : corrected
    }

    static func leafPaths(of value: TemplateValue, prefix: String, into paths: inout [String]) {
        switch value {
        case .map(let map):
            for (key, child) in map.pairs { leafPaths(of: child, prefix: DataPath.appending(key: key, to: prefix), into: &paths) }
        case .list(let items):
            var seen = Set<String>()
            var itemPaths: [String] = []
            for item in items { leafPaths(of: item, prefix: prefix + "[]", into: &itemPaths) }
            paths += itemPaths.filter { seen.insert($0).inserted }
            if items.isEmpty { paths.append(prefix) }
        default:
            paths.append(prefix)
        }
    }

    private enum Step {
        case key(String)
        /// `[]` (any item) or `[2]` (an item a render looked at), as written.
        case items(String)
    }

    private static func steps(_ path: String) -> [Step] {
        var result: [Step] = []
        for part in path.split(separator: ".") {
            let name = part.prefix { $0 != "[" }
            if !name.isEmpty { result.append(.key(String(name))) }
            var rest = part.dropFirst(name.count)
            while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                result.append(.items(String(rest[...close])))
                rest = rest[rest.index(after: close)...]
            }
        }
        return result
    }
}
