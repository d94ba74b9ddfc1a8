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
    /// docxtpl's table extensions (`{% hm %}`, `{% vm %}`, `{% colspan n %}`, `{% cellbg c %}`):
    /// they change the table cell they are typed in and print nothing.
    case cellExtension(CellExtension)
}

/// docxtpl's table-cell extensions.
enum CellExtension: Sendable, Hashable {
    /// `{% hm %}`: in a `{%tc for %}` loop, the cell of the first pass spans the columns of all
    /// passes and the other passes' cells are left out.
    case horizontalMerge
    /// `{% vm %}`: in a `{%tr for %}` loop, the cells of all passes merge into one, vertically;
    /// the text typed with the tag (in its own run) shows in the first pass only.
    case verticalMerge
    /// `{% colspan n %}`: the cell spans `n` grid columns.
    case columnSpan(Expression)
    /// `{% cellbg "FF0000" %}`: the cell's background colour, a hexadecimal RGB code without `#`.
    case background(Expression)

    /// The keyword as typed.
    var keyword: String {
        switch self {
        case .horizontalMerge: "hm"
        case .verticalMerge: "vm"
        case .columnSpan: "colspan"
        case .background: "cellbg"
        }
    }
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
    /// What kind of problem, for `TemplateIssue.code`.
    var code: TemplateIssue.Code

    init(_ message: String, code: TemplateIssue.Code = .tagSyntax) {
        self.message = message
        self.code = code
    }

    var description: String { message }
}
