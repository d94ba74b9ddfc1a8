/// What a template tag means, as parsed from its source text (see `TagParser`).

/// The document structure a tag controls, named by docxtpl's explicit prefixes.
/// `{%p if … %}` makes the `if` keep or drop whole paragraphs, `{%tr for … %}` repeats
/// table rows, and so on. Without a prefix the renderer decides from where the tags sit.
enum TagScope: Sendable, Hashable {
    /// `{%r`, `{{r`: the text run (docxtpl uses `{{r` for rich text).
    case run
    /// `{%p`, `{{p`, `{#p`: the whole paragraph holding the tag.
    case paragraph
    /// `{%tr`, `{#tr`: the table row.
    case row
    /// `{%tc`, `{#tc`: the table cell.
    case cell
}

/// The kinds of tag the language has.
enum TagKind: Sendable, Hashable {
    /// `{{ expression }}`: prints the value.
    case output(Expression)
    /// `{% if condition %}`.
    case ifStart(Expression)
    /// `{% elif condition %}`.
    case elif(Expression)
    /// `{% else %}`, in an `if` or a `for` (where it runs when the sequence is empty).
    case elseTag
    /// `{% endif %}`.
    case endif
    /// `{% for x in list %}` or `{% for key, value in map %}`, optionally `… if condition`,
    /// which skips the items for which the condition is false (and `loop` counts only the rest).
    case forStart(variables: [String], sequence: Expression, condition: Expression?)
    /// `{% endfor %}`.
    case endfor
    /// `{% set name = value %}` or `{% set a, b = pair %}`.
    case set(targets: [String], value: Expression)
    /// `{% set name %}`: binds `name` to the text of what lies up to `{% endset %}`.
    case setBlock(target: String)
    /// `{% endset %}`.
    case endset
    /// `{% raw %}`: the tags up to `{% endraw %}` are printed as typed.
    case raw
    /// `{% endraw %}`.
    case endraw
    /// `{% filter name(arguments) %}`: applies a filter to the text of what lies up to `{% endfilter %}`.
    case filterStart(name: String, arguments: [FilterArgument])
    /// `{% endfilter %}`.
    case endfilter
    /// `{% macro name(parameter, other=default) %}`, defining a macro up to `{% endmacro %}`.
    case macroStart(name: String, parameters: [MacroParameter])
    /// `{% endmacro %}`.
    case endmacro
    /// `{# … #}`: produces nothing.
    case comment
}

/// One parameter of a macro, with its default value when it has one.
struct MacroParameter: Sendable, Hashable {
    var name: String
    var defaultValue: Expression?
}

/// A parsed tag.
struct ParsedTag: Sendable, Hashable {
    var kind: TagKind
    /// Set when the tag carries a docxtpl prefix such as `{%p`.
    var explicitScope: TagScope?
    /// Jinja's whitespace control: `{{-` / `{%-` strip the white space just before the tag,
    /// `-}}` / `-%}` the white space just after it, within the paragraph's text.
    var trimsBefore = false
    var trimsAfter = false
}

/// A tag that cannot be parsed. The message says what is wrong and what to write instead.
struct TagSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
