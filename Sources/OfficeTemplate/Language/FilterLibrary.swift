import Foundation

// The filters themselves. UK conventions first: dates like "1 September 2025", money as
// "£1,234.50", lists as "A, B and C".

extension Filters {
    static let library: [String: Definition] = {
        var table: [String: Definition] = [
            "date": Definition(parameters: ["format"], body: formatDate),
            "time": Definition(parameters: ["format"], body: formatTime),
            "gbp": Definition(parameters: [], body: gbp),
            "ordinal": Definition(parameters: [], body: ordinal),
            "upper": textFilter { $0.uppercased() },
            "lower": textFilter { $0.lowercased() },
            "title": textFilter(titleCase),
            "capitalize": textFilter { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() },
            "trim": Definition(parameters: ["chars"], body: trim),
            "default": Definition(parameters: ["value", "boolean"], body: defaultValue),
            "join": Definition(parameters: ["separator", "attribute"], body: join),
            "list_and": Definition(parameters: ["attribute"], body: listAnd),
            "length": Definition(parameters: [], body: length),
            "first": Definition(parameters: [], body: { call throws(EvaluationError) in try end(call, first: true) }),
            "last": Definition(parameters: [], body: { call throws(EvaluationError) in try end(call, first: false) }),
            "yesno": Definition(parameters: ["choices"], body: yesNo),
            "replace": Definition(parameters: ["old", "new", "count"], required: 2, body: replace),
            "round": Definition(parameters: ["precision", "method"], body: round),
            "abs": Definition(parameters: [], body: absolute),
            // The renderer escapes all output for XML, so escaping here would double it.
            "escape": Definition(parameters: [], body: { $0.input }),
            "string": textFilter { $0 },
            "int": Definition(parameters: ["default"], body: toInt),
            "float": Definition(parameters: ["default"], body: toFloat),
            "sort": Definition(parameters: ["reverse", "case_sensitive", "attribute"], body: sort),
        ]
        table.merge(jinjaLibrary) { existing, _ in existing }
        // Jinja's short names.
        table["d"] = table["default"]
        table["e"] = table["escape"]
        table["count"] = table["length"]
        return table
    }()

    /// A filter that takes no arguments and maps the input's printed text to new text.
    private static func textFilter(_ transform: @escaping @Sendable (String) -> String) -> Definition {
        Definition(parameters: []) { call in .string(transform(text(of: call.input))) }
    }

    // MARK: - Dates, times, money, numbers

    private static func formatDate(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        guard let date = try dateInput(call, allowTimeOnly: false) else { return .string("") }
        return .string(try format(date, pattern: try call.text(0, default: "d MMMM yyyy"), call))
    }

    private static func formatTime(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        guard let date = try dateInput(call, allowTimeOnly: true) else { return .string("") }
        return .string(try format(date, pattern: try call.text(0, default: "HH:mm"), call))
    }

    /// The input as a date; null and "" give nil (printed as nothing: an unset date).
    private static func dateInput(_ call: FilterCall, allowTimeOnly: Bool) throws(EvaluationError) -> Date? {
        switch call.input {
        case .date(let date): return date
        case .null, .string(""): return nil
        case .string(let string):
            if let date = ISODateParser.parse(string) { return date }
            if allowTimeOnly, let seconds = ISODateParser.parseTimeOfDay(string) {
                return Date(timeIntervalSince1970: TimeInterval(seconds))
            }
            let example = allowTimeOnly ? "09:30 or 2025-09-01T09:30:00Z" : "2025-09-01"
            throw call.failure("needs a date such as \(example), but was given \(FilterCall.describe(call.input))")
        default:
            throw call.failure("needs a date, but was given \(FilterCall.describe(call.input))")
        }
    }

    private static func format(_ date: Date, pattern: String, _ call: FilterCall) throws(EvaluationError) -> String {
        do {
            return try UKFormat.format(date, pattern: pattern)
        } catch {
            throw call.failure(error.message)
        }
    }

    private static func gbp(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        if call.input == .null || call.input == .string("") { return .string("") }
        switch try call.numberInput() {
        case .int(let pounds): return .string(UKFormat.pounds(Double(pounds)))
        case .double(let amount): return .string(UKFormat.pounds(amount))
        default: return .string("")
        }
    }

    private static func ordinal(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        if call.input == .null || call.input == .string("") { return .string("") }
        let number = try call.numberInput()
        if case .int(let int) = number { return .string(UKFormat.ordinal(int)) }
        if case .double(let double) = number, double == double.rounded(), abs(double) < 1e15 {
            return .string(UKFormat.ordinal(Int(double)))
        }
        throw call.failure("needs a whole number, but was given \(FilterCall.describe(call.input))")
    }

    /// Jinja's `round(precision=0, method="common")`, except that "common" rounds halves
    /// away from zero (2.5 → 3) as people expect, rather than Python's round-half-to-even.
    /// Whole numbers stay whole; other numbers stay decimals (2.7 | round is 3.0, as in Jinja).
    private static func round(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let precision = try call.integer(0, default: 0)
        let method = try call.text(1, default: "common")
        // A double has at most 17 significant digits, so more places print nothing new; a huge
        // precision would otherwise build a text of that many zeros.
        guard (0...Self.maximumPrecision).contains(precision) else {
            throw call.failure("needs a precision from 0 to \(Self.maximumPrecision) decimal places")
        }
        let number = try call.numberInput()
        guard case .double(let value) = number else { return number }
        let scale = pow(10, Double(precision))
        switch method {
        case "common": return .double(UKFormat.rounded(value, places: precision))
        case "ceil": return .double((value * scale).rounded(.up) / scale)
        case "floor": return .double((value * scale).rounded(.down) / scale)
        default: throw call.failure("method must be \"common\", \"ceil\" or \"floor\", not \"\(method)\"")
        }
    }

    /// The most decimal places `round` accepts.
    static let maximumPrecision = 17

    private static func absolute(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        switch try call.numberInput() {
        case .int(let int) where int != .min: return .int(abs(int))
        case let number: return .double(abs(numericValue(number) ?? 0))
        }
    }

    /// Jinja's `int(default=0)`: text and decimals convert (truncating); anything else gives the default.
    private static func toInt(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let fallback = try call.integer(0, default: 0)
        switch call.input {
        case .int: return call.input
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .double(let double): return double.isFinite && abs(double) < 9e18 ? .int(Int(double)) : .int(fallback)
        case .string(let string):
            let trimmed = string.trimmingCharacters(in: .whitespaces)
            if let int = Int(trimmed) { return .int(int) }
            if let double = Double(trimmed), double.isFinite, abs(double) < 9e18 { return .int(Int(double)) }
            return .int(fallback)
        default: return .int(fallback)
        }
    }

    /// Jinja's `float(default=0.0)`.
    private static func toFloat(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let fallback = call.argument(0).flatMap(numericValue) ?? 0
        switch call.input {
        case .int(let int): return .double(Double(int))
        case .double: return call.input
        case .bool(let bool): return .double(bool ? 1 : 0)
        case .string(let string):
            return .double(Double(string.trimmingCharacters(in: .whitespaces)) ?? fallback)
        default: return .double(fallback)
        }
    }

    // MARK: - Text

    /// Jinja's title case: each word's first letter upper case, the rest lower case. Words
    /// start after spaces, hyphens and opening brackets ("mary-jane o'brien" → "Mary-Jane O'brien").
    private static func titleCase(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for character in text {
            result += atWordStart ? character.uppercased() : character.lowercased()
            atWordStart = character.isWhitespace || "-([{<".contains(character)
        }
        return result
    }

    /// `trim(chars=none)`: white space, or the given characters, off both ends.
    private static func trim(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let subject = text(of: call.input)
        guard call.argument(0).map({ $0 != .null }) ?? false else {
            return .string(subject.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let set = Set(try call.text(0, default: ""))
        var result = Substring(subject).drop(while: set.contains)
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return .string(String(result))
    }

    private static func replace(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let old = try call.text(0, default: "")
        let new = try call.text(1, default: "")
        let limit = try call.integer(2, default: -1)
        var subject = text(of: call.input)
        guard !old.isEmpty else { return .string(subject) }
        try checkGrowth(of: subject, replacing: old, with: new, limit: limit, call)
        if limit < 0 { return .string(subject.replacingOccurrences(of: old, with: new)) }
        var result = ""
        var replaced = 0
        while replaced < limit, let found = subject.range(of: old) {
            result += subject[..<found.lowerBound] + new
            subject = String(subject[found.upperBound...])
            replaced += 1
        }
        return .string(result + subject)
    }

    /// The most UTF-8 bytes one filter may make of a value. Chained replacements multiply a
    /// text's length (nine `replace('a', 'aaaaaaaaaa')` make a gigabyte of ten letters), so
    /// the size is checked before the text is built; no document holds a value this long.
    static let maximumTextSize = 10_000_000

    /// Refuses a replacement whose result would pass `maximumTextSize`, counting occurrences
    /// only when the text grows, and only until the limit is passed.
    private static func checkGrowth(
        of subject: String, replacing old: String, with new: String, limit: Int, _ call: FilterCall
    ) throws(EvaluationError) {
        let growth = new.utf8.count - old.utf8.count
        guard growth > 0 else { return }
        let text = Array(subject.utf8)
        let pattern = Array(old.utf8)
        var size = text.count
        var replaced = 0
        var index = 0
        // A byte search: occurrences of UTF-8 text never overlap a character boundary wrongly.
        while index + pattern.count <= text.count, limit < 0 || replaced < limit {
            guard text[index] == pattern[0], text[index..<index + pattern.count].elementsEqual(pattern) else {
                index += 1
                continue
            }
            size += growth
            replaced += 1
            if size > maximumTextSize {
                throw call.failure(
                    "would make a text of more than \(groupedThousands(maximumTextSize)) bytes, "
                        + "which is the limit for one value")
            }
            index += pattern.count
        }
    }

    /// "10000000" as "10,000,000".
    private static func groupedThousands(_ number: Int) -> String { UKFormat.groupedThousands(String(number)) }

    /// `yesno` ("Yes"/"No") or `yesno("Ticked,Not ticked")`; a third choice is used for null.
    private static func yesNo(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let choices = try call.text(0, default: "Yes,No").split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard choices.count == 2 || choices.count == 3 else {
            throw call.failure("needs two or three choices separated by commas, such as \"Yes,No\" or \"Yes,No,Not known\"")
        }
        if call.input == .null && choices.count == 3 { return .string(choices[2]) }
        return .string(isTruthy(call.input) ? choices[0] : choices[1])
    }

    // MARK: - Lists

    private static func itemTexts(_ call: FilterCall, attributePosition: Int) throws(EvaluationError) -> [String] {
        let attribute = try call.text(attributePosition, default: "")
        return try call.listInput().map { item in
            text(of: attribute.isEmpty ? item : FilterCall.attribute(attribute, of: item))
        }
    }

    private static func join(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        if case .string = call.input { return call.input }
        let texts = try itemTexts(call, attributePosition: 1)
        let separator = try call.text(0, default: "")
        try checkJoinedSize(texts, separator) { call.failure($0) }
        return .string(texts.joined(separator: separator))
    }

    /// Refuses joining `texts` with `separator` when the result would pass `maximumTextSize`
    /// (a long separator between many items multiplies), before building it.
    static func checkJoinedSize(
        _ texts: [String], _ separator: String, _ failure: (String) -> EvaluationError
    ) throws(EvaluationError) {
        var size = separator.utf8.count * max(0, texts.count - 1)
        for text in texts { size += text.utf8.count }
        if size > maximumTextSize { throw failure(tooLarge) }
    }

    /// The end of a message for a text past `maximumTextSize`.
    static var tooLarge: String {
        "would make a text of more than \(groupedThousands(maximumTextSize)) bytes, which is the limit for one value"
    }

    /// "A", "A and B", "A, B and C" (no comma before "and", as in British usage).
    private static func listAnd(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        if case .string = call.input { return call.input }
        let texts = try itemTexts(call, attributePosition: 0)
        guard texts.count > 1 else { return .string(texts.first ?? "") }
        return .string(texts.dropLast().joined(separator: ", ") + " and " + texts.last!)
    }

    private static func length(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        switch call.input {
        case .string(let string): return .int(string.count)
        case .list(let items): return .int(items.count)
        case .map(let map): return .int(map.count)
        case .null: return .int(0)
        default: throw call.failure("needs a list, a map or text, but was given \(FilterCall.describe(call.input))")
        }
    }

    /// `first` / `last`: an item of a list, a key of a map or a character of text; null when empty.
    private static func end(_ call: FilterCall, first: Bool) throws(EvaluationError) -> TemplateValue {
        switch call.input {
        case .list(let items): return (first ? items.first : items.last) ?? .null
        case .map(let map): return (first ? map.keys.first : map.keys.last).map { .string($0) } ?? .null
        case .string(let string): return (first ? string.first : string.last).map { .string(String($0)) } ?? .null
        case .null: return .null
        default: throw call.failure("needs a list or text, but was given \(FilterCall.describe(call.input))")
        }
    }

    /// `sort(reverse=false, case_sensitive=false, attribute="")`. Text sorts ignoring case unless
    /// `case_sensitive`, as in Jinja; a map sorts its keys.
    private static func sort(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let reverse = call.flag(0)
        let caseSensitive = call.flag(1)
        let attribute = try call.text(2, default: "")
        let keyed = try sequence(call.input, call).map { item in
            var key = attribute.isEmpty ? item : FilterCall.attribute(attribute, of: item)
            if !caseSensitive, case .string(let string) = key { key = .string(string.lowercased()) }
            return (key: key, item: item)
        }
        for pair in keyed.dropFirst() where compareValues(keyed[0].key, pair.key) == nil {
            throw call.failure("cannot order \(keyed[0].key.kindDescription) and \(pair.key.kindDescription) together")
        }
        // Stable, so equal keys keep their data order.
        let sorted = keyed.enumerated().sorted { left, right in
            let order = compareValues(left.element.key, right.element.key) ?? .orderedSame
            if order == .orderedSame { return left.offset < right.offset }
            return (order == .orderedAscending) != reverse
        }
        return .list(sorted.map { $0.element.item })
    }

    // MARK: - Missing values

    /// `default(value="", boolean=false)`: replaces a missing or null value; with
    /// `boolean` true, also any false-y value such as "" or an empty list.
    private static func defaultValue(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let replacement = call.argument(0) ?? .string("")
        guard let input = call.optionalInput, input != .null else { return replacement }
        return call.flag(1) && !isTruthy(input) ? replacement : input
    }
}
