/// Options that change how expressions are evaluated.
struct EvaluationOptions: Sendable, Hashable {
    /// When true, a path missing from the data evaluates to null (printing as nothing)
    /// instead of being an error. Useful for drafts; strict is the default so typos surface.
    var lenientUndefined = false
}

/// Why an expression could not be evaluated. `message` is written for the person
/// editing the template, and says what to do.
enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A path that is not in the data, as written in the template (`pupil.nmae`, `c.name`).
    case undefined(path: String)
    /// An operation on values of the wrong kind; the text is the whole message.
    case typeMismatch(String)
    case unknownFilter(name: String, suggestion: String?)
    /// A filter rejected its input or arguments; `message` completes "the 'name' filter …".
    case filterFailed(name: String, message: String)

    var message: String {
        switch self {
        case .undefined(let path):
            let path = Excerpt.of(path)
            return "'\(path)' is not in the data; check the spelling, or write {{ \(path) | default(\"\") }}"
        case .typeMismatch(let message):
            return message
        case .unknownFilter(let name, let suggestion?):
            return "there is no filter '\(Excerpt.of(name))'; did you mean '\(suggestion)'?"
        case .unknownFilter(let name, nil):
            return "there is no filter '\(Excerpt.of(name))'; the filters are \(Filters.names.joined(separator: ", "))"
        case .filterFailed(let name, let message):
            return "the '\(name)' filter \(message)"
        }
    }

    var description: String { message }

    /// What kind of problem, for `TemplateIssue.code`.
    var code: TemplateIssue.Code {
        switch self {
        case .undefined: return .undefinedVariable
        case .typeMismatch: return .typeMismatch
        case .unknownFilter: return .unknownFilter
        case .filterFailed: return .filterFailed
        }
    }
}
