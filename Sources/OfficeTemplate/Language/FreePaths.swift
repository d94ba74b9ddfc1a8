/// The data paths `expression` reads, for listing what a template needs from its data.
///
/// Paths starting from a name in `bound` (loop variables, and `loop` itself inside a
/// loop) are skipped. A computed index stops the path there: `pupils[i].name` reports
/// `pupils` (and whatever `i` reads). Results are unique, in order of first appearance.
func freePaths(of expression: Expression, bound: Set<String>) -> [String] {
    var collector = FreePathCollector(bound: bound)
    collector.visit(expression)
    return collector.paths
}

private struct FreePathCollector {
    let bound: Set<String>
    var paths: [String] = []
    private var seen: Set<String> = []

    init(bound: Set<String>) { self.bound = bound }

    mutating func visit(_ expression: Expression) {
        switch expression {
        case .literal:
            break
        case .variable, .member, .index:
            visitPath(expression)
        case .list(let items):
            items.forEach { visit($0) }
        case .unary(_, let operand):
            visit(operand)
        case .binary(_, let left, let right):
            visit(left)
            visit(right)
        case .conditional(let value, let condition, let otherwise):
            visit(value)
            visit(condition)
            if let otherwise { visit(otherwise) }
        case .filter(let input, _, let arguments):
            visit(input)
            arguments.forEach { visit($0.value) }
        case .test(let input, _, let arguments, _):
            visit(input)
            arguments.forEach { visit($0) }
        }
    }

    /// Records the longest static prefix of a path chain, then visits computed indexes.
    private mutating func visitPath(_ expression: Expression) {
        if let (root, path) = expression.staticPath {
            if !bound.contains(root) { add(path) }
            return
        }
        switch expression {
        case .member(let base, _):
            visitPath(base)
        case .index(let base, let key):
            visitPath(base)
            visit(key)
        default:
            visit(expression)  // A computed base, such as `(a | first).b`.
        }
    }

    private mutating func add(_ path: String) {
        if seen.insert(path).inserted { paths.append(path) }
    }
}
