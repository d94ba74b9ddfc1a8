/// Shortens text that a message quotes (a tag, a name, a path) to at most `limit` characters.
///
/// A hostile or broken template can hold a tag of megabytes; quoting it whole, perhaps
/// several times in one message, made messages of megabytes. The beginning of a tag is
/// enough to find it, and the message already names its paragraph.
package enum Excerpt {
    /// How many characters of a tag or name a message quotes at most.
    package static let limit = 80

    /// `text` itself when short enough, otherwise its first characters and "…".
    package static func of(_ text: String, limit: Int = Excerpt.limit) -> String {
        // Most quoted text is short: the UTF-8 length bounds the character count from above.
        if text.utf8.count <= limit { return text }
        var characters = 0
        var end = text.startIndex
        while end < text.endIndex, characters < limit - 1 {
            end = text.index(after: end)
            characters += 1
        }
        if end == text.endIndex { return text }
        return String(text[..<end]) + "…"
    }
}
