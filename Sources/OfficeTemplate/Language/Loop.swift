// Support for `{% for … in … %}`: which items a loop visits, and its `loop` variable.

/// One pass of a loop: its variables' values and the data paths they came from.
struct LoopItem {
    /// The loop variables (`c`, or `key` and `value`), without `loop`.
    var variables: [String: Scope.Binding]

    /// The frame to push on the scope for pass `index` (0-based) of `count`: the loop
    /// variables plus `loop`.
    func bindings(index: Int, count: Int) -> [String: Scope.Binding] {
        var frame = variables
        frame["loop"] = (loopVariable(index0: index, length: count), nil)
        return frame
    }

    /// The item as `loop.previtem` / `loop.nextitem` show it: the one variable's value, or the
    /// pair for two.
    func value(_ names: [String]) -> TemplateValue {
        names.count == 1 ? variables[names[0]]?.value ?? .null : .list(names.map { variables[$0]?.value ?? .null })
    }
}

/// The frame for pass `index` of `items`: its variables, and `loop` with Jinja's `previtem`
/// and `nextitem` (missing on the first and last pass, as in Jinja).
func loopFrame(_ items: [LoopItem], index: Int, variables names: [String]) -> [String: Scope.Binding] {
    var frame = items[index].bindings(index: index, count: items.count)
    guard case .map(var loop) = frame["loop"]!.value else { return frame }
    if index > 0 { loop["previtem"] = items[index - 1].value(names) }
    if index + 1 < items.count { loop["nextitem"] = items[index + 1].value(names) }
    frame["loop"] = (.map(loop), nil)
    return frame
}

/// The passes of `{% for variables in … %}` over `sequence`, whose data path is `path`
/// (nil if it was computed; see `dataPath(of:in:)`).
///
/// - A list binds one variable to each item; with two variables each item must itself be
///   a two-item list, which is unpacked.
/// - A map with one variable visits its keys; with two, `key, value` pairs in file order.
/// - null visits nothing, so a missing optional list can be written as `null`.
func loopItems(_ sequence: TemplateValue, variables: [String], path: String?) throws(EvaluationError) -> [LoopItem] {
    precondition(variables.count == 1 || variables.count == 2, "a for loop has one or two variables")
    switch sequence {
    case .null:
        return []
    case .list(let items):
        var result: [LoopItem] = []
        for (position, item) in items.enumerated() {
            let itemPath = path.map { DataPath.appending(index: position, to: $0) }
            if variables.count == 1 {
                result.append(LoopItem(variables: [variables[0]: (item, itemPath)]))
                continue
            }
            // A two-entry map unpacks to its values in order, as `groupby`'s (grouper, list) groups do.
            let pair: [TemplateValue]
            switch item {
            case .list(let items) where items.count == 2: pair = items
            case .map(let map) where map.count == 2: pair = map.pairs.map(\.value)
            default:
                throw .typeMismatch(
                    "'for \(variables.joined(separator: ", ")) in …' needs pairs, but item "
                        + "\(position + 1) is \(item.kindDescription); use one variable for a list")
            }
            result.append(
                LoopItem(variables: [
                    variables[0]: (pair[0], itemPath.map { DataPath.appending(index: 0, to: $0) }),
                    variables[1]: (pair[1], itemPath.map { DataPath.appending(index: 1, to: $0) }),
                ]))
        }
        return result
    case .map(let map):
        return map.pairs.map { key, value in
            if variables.count == 1 { return LoopItem(variables: [variables[0]: (.string(key), nil)]) }
            return LoopItem(variables: [
                variables[0]: (.string(key), nil),
                variables[1]: (value, path.map { DataPath.appending(key: key, to: $0) }),
            ])
        }
    default:
        throw .typeMismatch("'for' needs a list or a map, but was given \(sequence.kindDescription)")
    }
}

/// The data path `expression` reads in `scope`, with loop variables resolved
/// (`c.phones` inside `for c in pupil.contacts` is `pupil.contacts[1].phones`);
/// nil when the expression is computed or not in the data. Use it as the `path` of
/// `loopItems` so the read log names nested loop items by their real paths.
func dataPath(of expression: Expression, in scope: Scope) -> String? {
    switch expression {
    case .variable, .member, .index:
        return (try? Evaluator(scope: scope).lookup(expression))?.dataPath
    default:
        return nil
    }
}

/// The `loop` map for pass `index0` (0-based) of `length`: `index` (1-based), `index0`,
/// `revindex` (passes left, counting this one), `revindex0`, `first`, `last`, `length`, and
/// `depth` (1) / `depth0` (0): Jinja counts depth only in recursive loops, which templates
/// do not have, so every loop, nested or not, is at depth 1 as in Jinja.
/// `loop.changed(…)` is answered by the evaluator (see `Scope.loopChangedValues`).
func loopVariable(index0: Int, length: Int) -> TemplateValue {
    .map(
        TemplateMap([
            ("index", .int(index0 + 1)),
            ("index0", .int(index0)),
            ("revindex", .int(length - index0)),
            ("revindex0", .int(length - index0 - 1)),
            ("first", .bool(index0 == 0)),
            ("last", .bool(index0 == length - 1)),
            ("length", .int(length)),
            ("depth", .int(1)),
            ("depth0", .int(0)),
        ]))
}
