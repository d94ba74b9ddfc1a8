/// "Did you mean …?" for misspelt keywords, filters, tests, data paths, field names and choices:
/// the one implementation every part of APDocs uses.
package enum Suggestion {
    /// The candidate closest to `word` by edit distance (a swap of neighbours counts as one
    /// edit, so `endfro` finds `endfor`), or nil if none is close enough to be a likely typo.
    /// A one-letter word, one edit from every other one-letter word, gets no suggestion.
    package static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        // Keywords and filter names are short; a long word cannot be a typo of one, and
        // comparing a megabyte-long name with each would take seconds.
        guard word.utf8.count <= 64 else { return nil }
        let lowered = word.lowercased()
        let allowed = min(lowered.count <= 4 ? 1 : 2, lowered.count - 1)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= allowed, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and
    /// transpositions of adjacent characters each cost one.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rows are enough: transpositions look two rows back.
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// "; did you mean 'x'?" to append to a message, or "".
    package static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// For a data path the data lacks (`placment.start`): the path as the template would write
    /// it with each missing name replaced by the closest name the data has at that point
    /// (`placement.start`), when that path is in the data; nil otherwise.
    ///
    /// `written` is the path as the evaluator reports it, up to its first missing part;
    /// `expression` is the tag's expression, which holds the whole path.
    static func dataPath(for written: String, in expression: Expression, scope: Scope) -> String? {
        for candidate in pathExpressions(in: expression) {
            let text = Evaluator.written(candidate)
            guard text == written || text.hasPrefix(written + ".") || text.hasPrefix(written + "[") else { continue }
            if let (corrected, _) = correct(candidate, scope: scope), corrected != candidate {
                return Evaluator.written(corrected)
            }
        }
        return nil
    }

    /// `expression` with each name the data lacks replaced by the closest one it has, and the
    /// value found there; nil when some name has no close match.
    private static func correct(_ expression: Expression, scope: Scope) -> (Expression, TemplateValue)? {
        switch expression {
        case .variable(let name):
            if let binding = scope.lookup(name) { return (expression, binding.value) }
            guard let fixed = closest(to: name, among: scope.visibleNames), let binding = scope.lookup(fixed) else {
                return nil
            }
            return (.variable(fixed), binding.value)
        case .member(let base, let name):
            guard let (fixedBase, parent) = correct(base, scope: scope), let (key, value) = child(parent, name) else {
                return nil
            }
            return (.member(fixedBase, key), value)
        case .index(let base, .literal(.string(let name))):
            guard let (fixedBase, parent) = correct(base, scope: scope), let (key, value) = child(parent, name) else {
                return nil
            }
            return (.index(fixedBase, .literal(.string(key))), value)
        case .index(let base, .literal(.int(let position))):
            guard let (fixedBase, parent) = correct(base, scope: scope), case .list(let items) = parent else { return nil }
            let resolved = position < 0 ? items.count + position : position
            guard items.indices.contains(resolved) else { return nil }
            return (.index(fixedBase, .literal(.int(position))), items[resolved])
        default:
            return nil  // A computed index or value: too little is known to suggest anything.
        }
    }

    /// The key `name` of a map, or the closest key it has, with its value.
    private static func child(_ parent: TemplateValue, _ name: String) -> (String, TemplateValue)? {
        guard case .map(let map) = parent else { return nil }
        if let value = map[name] { return (name, value) }
        guard let fixed = closest(to: name, among: map.keys), let value = map[fixed] else { return nil }
        return (fixed, value)
    }

    /// The outermost path expressions (`a.b[0]`) in `expression`, in reading order.
    private static func pathExpressions(in expression: Expression) -> [Expression] {
        switch expression {
        case .variable, .member, .index: return [expression]
        case .literal: return []
        case .list(let items): return items.flatMap(pathExpressions)
        case .map(let entries): return entries.flatMap { pathExpressions(in: $0.key) + pathExpressions(in: $0.value) }
        case .slice(let base, let start, let stop, let step):
            return pathExpressions(in: base) + [start, stop, step].compactMap { $0 }.flatMap(pathExpressions)
        case .call(let callee, let arguments):
            return pathExpressions(in: callee) + arguments.flatMap { pathExpressions(in: $0.value) }
        case .unary(_, let operand): return pathExpressions(in: operand)
        case .binary(_, let left, let right): return pathExpressions(in: left) + pathExpressions(in: right)
        case .conditional(let value, let condition, let otherwise):
            return pathExpressions(in: value) + pathExpressions(in: condition) + (otherwise.map(pathExpressions) ?? [])
        case .filter(let input, _, let arguments):
            return pathExpressions(in: input) + arguments.flatMap { pathExpressions(in: $0.value) }
        case .test(let input, _, let arguments, _): return pathExpressions(in: input) + arguments.flatMap(pathExpressions)
        }
    }
}
