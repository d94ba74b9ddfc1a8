/// A compiled part: static XML with the places where values, conditions and loops act.
struct PartProgram: Sendable {
    var nodes: [RenderNode]
    /// The tags as typed and where they are, by marker number, for render-time errors.
    var tags: [Int: TagReference] = [:]
}

struct TagReference: Sendable {
    var source: String
    var place: TagPlace
}

/// One step of a compiled part. Static XML is kept as bytes, ready to append.
indirect enum RenderNode: Sendable {
    case chunk([UInt8])
    case value(Expression, OutputMode, tag: Int)
    case condition(branches: [ConditionBranch], otherwise: [RenderNode])
    case loop(variables: [String], sequence: Expression, body: [RenderNode], otherwise: [RenderNode], tag: Int)
}

struct ConditionBranch: Sendable {
    var condition: Expression
    var body: [RenderNode]
    var tag: Int
}
