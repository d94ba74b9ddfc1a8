/// One data path an expression reads.
struct FreePath: Equatable {
    /// The path as `check` and `inspect` print it; `[]` stands for "every item" of a list.
    var path: String
    /// Read under `default(...)`, `is defined` or `is undefined`: it may be missing.
    var optional: Bool
}

/// The data paths `expression` reads, for listing what a template needs from its data
/// (`Template.usage()`, and through it `apdocs check`).
///
/// `bound` maps the names a surrounding loop binds to the path of the items they stand for:
/// in `{% for c in contacts %}`, `c.name` reads `contacts[].name`. A name bound to nil (`loop`,
/// the two variables of `for k, v in map`) is not data and reports nothing. An index that is not
/// a text literal means "some item": `pupils[i].name` reads `pupils[].name`. `optional` marks
/// the whole expression as optional (it sits under a guard). Results are unique, in order of
/// first appearance.
func freePaths(of expression: Expression, bound: [String: String?], optional: Bool = false) -> [FreePath] {
    var collector = FreePathCollector(bound: bound)
    collector.visit(expression, optional: optional)
    return collector.paths
}

/// The data path of a path expression (`a.b[0]["c d"]`), loop variables replaced by their
/// items' path; nil when it is not a path or starts from a name bound to nil.
func dataPath(of expression: Expression, bound: [String: String?]) -> String? {
    switch expression {
    case .variable(let name):
        if let mapped = bound[name] { return mapped }
        return name
    case .member(let base, let key):
        return dataPath(of: base, bound: bound).map { DataPath.appending(key: key, to: $0) }
    case .index(let base, .literal(.string(let key))):
        return dataPath(of: base, bound: bound).map { DataPath.appending(key: key, to: $0) }
    case .index(let base, _):
        return dataPath(of: base, bound: bound).map { $0 + "[]" }
    default:
        return nil
    }
}

private struct FreePathCollector {
    let bound: [String: String?]
    var paths: [FreePath] = []

    init(bound: [String: String?]) { self.bound = bound }

    mutating func visit(_ expression: Expression, optional: Bool) {
        if let path = dataPath(of: expression, bound: bound) {
            add(FreePath(path: path, optional: optional))
            return
        }
        switch expression {
        case .literal, .variable, .member, .index:
            return  // Not data, or a path from a name that is not data.
        case .list(let items):
            for item in items { visit(item, optional: optional) }
        case .map(let entries):
            for entry in entries {
                visit(entry.key, optional: optional)
                visit(entry.value, optional: optional)
            }
        case .slice(let base, let start, let stop, let step):
            visit(base, optional: optional)
            for part in [start, stop, step] { if let part { visit(part, optional: optional) } }
        case .call(let callee, let arguments):
            // `pupil.name.upper()` reads `pupil.name`; a bare function name (`range`, a macro) is not data.
            if case .member(let base, _) = callee { visit(base, optional: optional) }
            for item in arguments { visit(item.value, optional: optional) }
        case .unary(_, let operand):
            visit(operand, optional: optional)
        case .binary(_, let left, let right):
            visit(left, optional: optional)
            visit(right, optional: optional)
        case .conditional(let value, let condition, let otherwise):
            visit(value, optional: optional)
            visit(condition, optional: optional)
            if let otherwise { visit(otherwise, optional: optional) }
        case .filter(let input, let name, let arguments):
            visit(input, optional: optional || name == "default" || name == "d")
            for item in arguments { visit(item.value, optional: optional) }
        case .test(let input, let name, let arguments, _):
            visit(input, optional: optional || name == "defined" || name == "undefined")
            for item in arguments { visit(item, optional: optional) }
        }
    }

    private mutating func add(_ path: FreePath) {
        if !paths.contains(path) { paths.append(path) }
    }
}
