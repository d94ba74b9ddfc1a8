/// A compiled part: static XML with the places where values, conditions and loops act.
struct PartProgram: Sendable {
    var nodes: [RenderNode]
    /// The tags as typed and where they are, by marker number, for render-time errors.
    var tags: [Int: TagReference] = [:]
    /// Template pictures whose alt text is a tag: the picture is replaced at render.
    var pictureSlots: [PictureSlot] = []
}

/// A picture to insert where `{{ x | image(width="4cm") }}` stands.
struct PictureRequest: Sendable {
    var source: Expression
    var width: Expression?
    var height: Expression?
}

/// A picture of the template that data replaces, keeping its size and position.
struct PictureSlot: Sendable {
    enum Target: Sendable {
        /// DOCX: the picture's new relationship id, and the original's target (kept when the value is empty).
        case relationship(id: String, original: String?)
        /// ODT: the picture's new file name, and the original's (kept when the value is empty).
        case file(name: String, original: String)
    }
    var source: Expression
    var target: Target
    /// The tag's marker number in `PartProgram.tags`, for messages.
    var tag: Int
}

struct TagReference: Sendable {
    var source: String
    var place: TagPlace
}

/// One step of a compiled part. Static XML is kept as bytes, ready to append.
indirect enum RenderNode: Sendable {
    case chunk([UInt8])
    case value(Expression, OutputMode, tag: Int)
    case picture(PictureRequest, OutputMode, tag: Int)
    case condition(branches: [ConditionBranch], otherwise: [RenderNode])
    case loop(
        variables: [String], sequence: Expression, condition: Expression?, body: [RenderNode], otherwise: [RenderNode],
        tag: Int)
    /// `{% set a, b = value %}`.
    case assign(targets: [String], value: Expression, tag: Int)
    /// `{% set target %}body{% endset %}`: binds `target` to the text the body writes.
    case capture(target: String, body: [RenderNode], tag: Int)
    /// `{% filter name(arguments) %}body{% endfilter %}`: the filter applies to each piece of text the body writes.
    case filterBlock(name: String, arguments: [FilterArgument], body: [RenderNode], tag: Int)
    /// `{% macro name(parameters) %}body{% endmacro %}`: defines `name` for the tags after it.
    case macro(name: String, parameters: [MacroParameter], body: [RenderNode], tag: Int)
    /// A native control bound to data (a check box's state, a drop-down's text): see `ControlSlot`.
    case control(ControlSlot, tag: Int)
    /// A DOCX hyperlink whose target holds tags: writes the id of a new relationship to the
    /// target that `target` renders (escaped text and values), one per pass of a loop.
    case link(target: [RenderNode], tag: Int)
}

struct ConditionBranch: Sendable {
    var condition: Expression
    var body: [RenderNode]
    var tag: Int
}
