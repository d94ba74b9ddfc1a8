/// The variables visible while rendering: loop frames stacked over the data's root map.
///
/// One `Scope` belongs to one render on one thread; it is a class so the renderer and the
/// evaluator share the same frames and read log without copying.
final class Scope {
    /// A variable's value and the data path it came from (`contacts[2]` for a loop item),
    /// or nil for values not in the data, such as `loop`.
    typealias Binding = (value: TemplateValue, path: String?)

    let root: TemplateValue
    let options: EvaluationOptions
    /// Innermost frame last.
    private var frames: [[String: Binding]] = []

    /// When non-nil, every value the evaluator reads through a data path is recorded here,
    /// keyed by its data path (`contacts[2].name`, with loop variables resolved), so a
    /// caller can report exactly which data a document used.
    var readLog: [DataRead: TemplateValue]?
    /// The macros defined so far in this render, by name.
    var macros: [String: any TemplateMacro] = [:]
    /// How many macro calls are under way, one inside another.
    var macroDepth = 0
    /// `loop.changed(…)`'s memory, one entry per loop under way (innermost last): the values
    /// of its last call that returned true, nil before the first call. Jinja keeps this in the
    /// loop object; here the `loop` map is a plain value, so the renderer keeps it.
    var loopChangedValues: [TemplateValue?] = []
    /// Loop passes and macro calls so far in this render (see `takeStep()`).
    private(set) var steps = 0

    /// The most loop passes and macro calls one render may make. `range()` and macros let a
    /// short template ask for billions (two nested `range(100000)`, a macro calling itself
    /// twice); a real document makes a few thousand.
    static let maximumSteps = 1_000_000

    static var tooMuchWork: String {
        "the template makes more than \(UKFormat.groupedThousands(String(maximumSteps))) loop passes and macro calls "
            + "in one document, which is the limit; check for loops over range() inside loops, or a macro that calls itself"
    }

    /// Counts one loop pass or macro call; false once the render has made `maximumSteps`.
    func takeStep() -> Bool {
        guard steps < Self.maximumSteps else { return false }
        steps += 1
        return true
    }

    /// When non-nil, every picture file the render reads, by its name in the data, with a
    /// fingerprint of its bytes.
    var pictureLog: [String: String]?

    init(root: TemplateValue, options: EvaluationOptions = EvaluationOptions()) {
        self.root = root
        self.options = options
    }

    /// Adds a frame of variables that hide any of the same name below (a loop's variables).
    func push(_ bindings: [String: Binding]) {
        frames.append(bindings)
    }

    /// `{% set name = value %}`: binds `name` in the innermost frame, so a `set` inside a loop
    /// lasts for that pass only, as in Jinja, and one outside loops lasts for the rest of the render.
    func assign(_ name: String, _ value: TemplateValue) {
        if frames.isEmpty { frames.append([:]) }
        frames[frames.count - 1][name] = (value, nil)
    }

    /// `{% set ns.field = value %}`: changes a field of the map a `set` bound to `name` (a
    /// `namespace()`), in the frame where it lives, so the change outlasts the loop pass.
    /// Data cannot be changed this way. Returns false when `name` is no such map.
    func assign(field: String, of name: String, _ value: TemplateValue) -> Bool {
        for index in frames.indices.reversed() {
            guard let binding = frames[index][name] else { continue }
            guard binding.path == nil, case .map(var map) = binding.value else { return false }
            map[field] = value
            frames[index][name] = (.map(map), nil)
            return true
        }
        return false
    }

    /// Removes the innermost frame.
    func pop() {
        precondition(!frames.isEmpty, "Scope.pop() without a matching push()")
        frames.removeLast()
    }

    /// The variable `name`: the innermost frame that has it, else the root map's key.
    func lookup(_ name: String) -> Binding? {
        for frame in frames.reversed() {
            if let binding = frame[name] { return binding }
        }
        if let value = root[name] { return (value, name) }
        return nil
    }

    /// Every variable name visible now: loop variables and the data's top-level keys
    /// (for "did you mean" when a name is missing).
    var visibleNames: [String] {
        var names = frames.flatMap(\.keys).sorted()
        if case .map(let map) = root { names += map.keys }
        return names
    }

    /// Records a read of `value` at `path`, when logging.
    func recordRead(_ path: String, _ value: TemplateValue) {
        if readLog != nil { readLog![.value(path: path)] = value }
    }
}

/// A macro defined by `{% macro name(…) %}`, as the renderer calls it: positional and named
/// arguments in, the text of its body out.
protocol TemplateMacro {
    func call(
        _ positional: [TemplateValue], _ keywords: [String: TemplateValue], in scope: Scope
    ) throws(EvaluationError)
        -> TemplateValue
}
