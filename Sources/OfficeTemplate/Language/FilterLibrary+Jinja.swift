import Foundation

// Jinja's own filters on lists, maps and text, with Jinja's parameter names and defaults so
// that templates written for docxtpl work unchanged.

extension Filters {
    static let jinjaLibrary: [String: Definition] = [
        "sum": Definition(parameters: ["attribute", "start"], body: sum),
        "map": Definition(parameters: ["filter", "attribute", "default"], variadic: true, body: mapItems),
        "select": Definition(
            parameters: ["test"], variadic: true, body: { c throws(EvaluationError) in try pick(c, keep: true, attribute: false) }
        ),
        "reject": Definition(
            parameters: ["test"], variadic: true,
            body: { c throws(EvaluationError) in try pick(c, keep: false, attribute: false) }),
        "selectattr": Definition(
            parameters: ["attribute", "test"], required: 1, variadic: true,
            body: { c throws(EvaluationError) in try pick(c, keep: true, attribute: true) }),
        "rejectattr": Definition(
            parameters: ["attribute", "test"], required: 1, variadic: true,
            body: { c throws(EvaluationError) in try pick(c, keep: false, attribute: true) }),
        "format": Definition(parameters: [], variadic: true, anyKeywords: true, body: format),
        "truncate": Definition(parameters: ["length", "killwords", "end", "leeway"], body: truncate),
        "center": Definition(parameters: ["width"], body: center),
        "wordcount": Definition(parameters: [], body: wordCount),
        "min": Definition(
            parameters: ["case_sensitive", "attribute"], body: { c throws(EvaluationError) in try extreme(c, largest: false) }),
        "max": Definition(
            parameters: ["case_sensitive", "attribute"], body: { c throws(EvaluationError) in try extreme(c, largest: true) }),
        "unique": Definition(parameters: ["case_sensitive", "attribute"], body: unique),
        "batch": Definition(parameters: ["linecount", "fill_with"], required: 1, body: batch),
        "dictsort": Definition(parameters: ["case_sensitive", "by", "reverse"], body: dictSort),
        "groupby": Definition(parameters: ["attribute", "default", "case_sensitive"], required: 1, body: groupBy),
        "tojson": Definition(parameters: ["indent"], body: toJSON),
        // Every value is escaped for XML when written, so there is nothing to mark safe or escape again.
        "safe": Definition(parameters: [], body: { $0.input }),
        "forceescape": Definition(parameters: [], body: { $0.input }),
        "striptags": Definition(parameters: [], body: stripTags),
        "indent": Definition(parameters: ["width", "first", "blank"], body: indent),
        "wordwrap": Definition(parameters: ["width", "break_long_words", "wrapstring", "break_on_hyphens"], body: wordWrap),
        "reverse": Definition(parameters: [], body: reverse),
        "list": Definition(parameters: [], body: { c throws(EvaluationError) in .list(try sequence(c.input, c)) }),
        "items": Definition(parameters: [], body: items),
        "attr": Definition(
            parameters: ["name"], required: 1,
            body: { c throws(EvaluationError) in
                c.input[try c.text(0, default: "")] ?? .null
            }),
    ]

    /// The items a filter walks: a list's items, a map's keys, text's characters (as Jinja iterates them).
    static func sequence(_ value: TemplateValue, _ call: FilterCall) throws(EvaluationError) -> [TemplateValue] {
        switch value {
        case .list(let items): return items
        case .map(let map): return map.keys.map { .string($0) }
        case .string(let text):
            guard text.utf8.count <= DataLimits.maximumValues || text.count <= DataLimits.maximumValues else {
                throw call.failure(
                    "would make more than \(DataLimits.grouped(DataLimits.maximumValues)) items of a text's characters")
            }
            return text.map { .string(String($0)) }
        case .null: return []
        default: throw call.failure("needs a list, but was given \(FilterCall.describe(value))")
        }
    }

    /// A sort or comparison key: text lower-cased unless `caseSensitive`, as Jinja compares.
    private static func key(_ value: TemplateValue, caseSensitive: Bool) -> TemplateValue {
        if !caseSensitive, case .string(let text) = value { return .string(text.lowercased()) }
        return value
    }

    private static func sum(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let attribute = try call.text(0, default: "")
        var total = call.argument(1) ?? .int(0)
        for item in try sequence(call.input, call) {
            total = try arithmetic(.add, total, attribute.isEmpty ? item : FilterCall.attribute(attribute, of: item))
        }
        return total
    }

    /// `map("upper")`, `map("round", 2)`, `map(attribute="name", default="")`.
    private static func mapItems(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let items = try sequence(call.input, call)
        if let attribute = call.keywords["attribute"] {
            let path = text(of: attribute)
            return .list(
                items.map { item in
                    let found = FilterCall.attribute(path, of: item)
                    return found == .null ? (call.keywords["default"] ?? .null) : found
                })
        }
        guard case .string(let filter)? = call.argument(0) else {
            throw call.failure("needs a filter name, as in map(\"upper\"), or attribute=\"name\"")
        }
        let rest = Array(call.arguments.dropFirst())
        var result: [TemplateValue] = []
        for item in items {
            result.append(try apply(filter, to: item, arguments: rest, keywords: [:]))
        }
        return .list(result)
    }

    /// `select("odd")`, `reject("equalto", 3)`, `selectattr("active")`, `rejectattr("age", "lt", 16)`.
    private static func pick(_ call: FilterCall, keep: Bool, attribute: Bool) throws(EvaluationError) -> TemplateValue {
        let path = attribute ? try call.text(0, default: "") : ""
        let testPosition = attribute ? 1 : 0
        let testName = try call.text(testPosition, default: "")
        let testArguments = Array(call.arguments.dropFirst(testPosition + 1))
        if !testName.isEmpty, let problem = IsTest.argumentProblem(testName, count: testArguments.count) {
            throw call.failure(problem)
        }
        var result: [TemplateValue] = []
        for item in try sequence(call.input, call) {
            let subject = attribute ? FilterCall.attribute(path, of: item) : item
            let passed =
                testName.isEmpty ? isTruthy(subject) : try IsTest.evaluate(testName, subject, arguments: testArguments)
            if passed == keep { result.append(item) }
        }
        return .list(result)
    }

    /// Python's `"%s is %d" % (a, b)`: `%s`, `%d`/`%i`, `%f`/`%.2f`, `%x`, `%%`, with optional width;
    /// `%(name)s` takes the named value (`format(name=…)`, or the map of `"…" % {"name": …}`).
    private static func format(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let pattern = Array(text(of: call.input))
        let named = try namedValues(call, usesNames: text(of: call.input).contains("%("))
        // As Python: values without `%(name)s` places are one value (`"%s" | format(a=1)` prints the map).
        let arguments = named == nil && !call.keywords.isEmpty ? [TemplateValue.map(sortedMap(call.keywords))] : call.arguments
        var result = ""
        var next = 0
        var index = 0
        while index < pattern.count {
            let character = pattern[index]
            index += 1
            guard character == "%" else {
                result.append(character)
                continue
            }
            var name: String?
            if index < pattern.count, pattern[index] == "(" {
                guard let close = pattern[index...].firstIndex(of: ")") else {
                    throw call.failure("has a '%(' with no ')' after the name")
                }
                name = String(pattern[(index + 1)..<close])
                index = close + 1
            }
            var spec = ""
            while index < pattern.count, "-0123456789.".contains(pattern[index]) {
                spec.append(pattern[index])
                index += 1
            }
            guard index < pattern.count else { throw call.failure("has a '%' with no letter after it") }
            let conversion = pattern[index]
            index += 1
            if conversion == "%" {
                result += "%"
                continue
            }
            let value: TemplateValue
            if let named {
                guard let name else { throw call.failure("mixes '%(name)s' places with places without a name") }
                guard let found = named[name] else {
                    throw call.failure("has a place '%(\(Excerpt.of(name)))' but no value of that name")
                }
                value = found
            } else {
                guard next < arguments.count else { throw call.failure("has more '%' places than values") }
                value = arguments[next]
                next += 1
            }
            let leftAlign = spec.hasPrefix("-")
            if leftAlign { spec.removeFirst() }
            let zeroPad = spec.hasPrefix("0")
            let parts = spec.split(separator: ".", omittingEmptySubsequences: false)
            let width = Int(parts.first ?? "") ?? 0
            let precision = parts.count > 1 ? Int(parts[1]) ?? 0 : nil
            var piece: String
            switch conversion {
            case "s", "r": piece = OfficeTemplate.text(of: value)
            case "d", "i", "f", "F", "x", "X", "e":
                guard let number = numericValue(value) ?? (value == .bool(true) ? 1 : value == .bool(false) ? 0 : nil) else {
                    throw call.failure("needs a number for '%\(conversion)', but was given \(FilterCall.describe(value))")
                }
                guard number.isFinite, abs(number) < 1e18 || "fFe".contains(conversion) else {
                    throw call.failure("needs a finite number of a sensible size for '%\(conversion)'")
                }
                switch conversion {
                case "d", "i": piece = String(Int(number.rounded(.towardZero)))
                case "x": piece = String(Int(number), radix: 16)
                case "X": piece = String(Int(number), radix: 16).uppercased()
                case "e": piece = String(format: "%.\(min(precision ?? 6, maximumPrecision))e", number)
                default: piece = String(format: "%.\(min(precision ?? 6, maximumPrecision))f", number)
                }
            default:
                throw call.failure("does not know '%\(conversion)'; use %s, %d, %f or %x")
            }
            guard width <= 1000 else { throw call.failure("width must be at most 1000") }
            if piece.count < width {
                let padding = String(
                    repeating: zeroPad && !leftAlign && conversion != "s" ? "0" : " ", count: width - piece.count)
                if leftAlign {
                    piece += padding
                } else if zeroPad, piece.hasPrefix("-") {
                    piece = "-" + padding + piece.dropFirst()
                } else {
                    piece = padding + piece
                }
            }
            result += piece
            if result.utf8.count > maximumTextSize { throw call.failure(tooLarge) }
        }
        return .string(result)
    }

    /// The values `%(name)s` places take, or nil when the text has none: the filter's named
    /// arguments, or the one map given (`"%(a)s" % {"a": 1}` passes its map so).
    private static func namedValues(_ call: FilterCall, usesNames: Bool) throws(EvaluationError) -> TemplateMap? {
        if !call.keywords.isEmpty, !call.arguments.isEmpty {
            throw call.failure("cannot take values and named values at once")
        }
        guard usesNames else { return nil }
        if !call.keywords.isEmpty { return sortedMap(call.keywords) }
        guard call.arguments.count == 1, case .map(let map) = call.arguments[0] else {
            throw call.failure("has '%(name)s' places, so it needs named values, such as format(name=…)")
        }
        return map
    }

    /// Named arguments as a map in name order, so that what prints is deterministic.
    private static func sortedMap(_ keywords: [String: TemplateValue]) -> TemplateMap {
        TemplateMap(keywords.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// `truncate(length=255, killwords=false, end="...", leeway=5)`, as Jinja cuts.
    private static func truncate(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let text = OfficeTemplate.text(of: call.input)
        let length = try call.integer(0, default: 255)
        let end = try call.text(2, default: "...")
        let leeway = try call.integer(3, default: 5)
        guard length >= end.count else { throw call.failure("needs a length of at least the end's (\(end.count))") }
        guard leeway >= 0 else { throw call.failure("needs a leeway of 0 or more") }
        if text.count <= length + leeway { return .string(text) }
        let kept = String(text.prefix(length - end.count))
        if call.flag(1) { return .string(kept + end) }
        guard let space = kept.lastIndex(of: " ") else { return .string(kept + end) }
        return .string(String(kept[..<space]) + end)
    }

    /// `center(width=80)`: padded with spaces on both sides as Python's `str.center`.
    private static func center(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let text = OfficeTemplate.text(of: call.input)
        let width = try call.integer(0, default: 80)
        guard width <= 10_000 else { throw call.failure("needs a width of at most 10,000") }
        let margin = width - text.count
        guard margin > 0 else { return .string(text) }
        let left = margin / 2 + (margin & width & 1)
        return .string(String(repeating: " ", count: left) + text + String(repeating: " ", count: margin - left))
    }

    /// The number of words: runs of letters, digits and underscores, as Jinja's `\w+`.
    private static func wordCount(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        var count = 0
        var inWord = false
        for character in OfficeTemplate.text(of: call.input) {
            let isWord = character.isLetter || character.isNumber || character == "_"
            if isWord && !inWord { count += 1 }
            inWord = isWord
        }
        return .int(count)
    }

    private static func extreme(_ call: FilterCall, largest: Bool) throws(EvaluationError) -> TemplateValue {
        let caseSensitive = call.flag(0)
        let attribute = try call.text(1, default: "")
        var best: (key: TemplateValue, item: TemplateValue)?
        for item in try sequence(call.input, call) {
            let candidate = key(
                attribute.isEmpty ? item : FilterCall.attribute(attribute, of: item), caseSensitive: caseSensitive)
            guard let current = best else {
                best = (candidate, item)
                continue
            }
            guard let order = compareValues(candidate, current.key) else {
                throw call.failure("cannot order \(candidate.kindDescription) and \(current.key.kindDescription) together")
            }
            if order == (largest ? .orderedDescending : .orderedAscending) { best = (candidate, item) }
        }
        return best?.item ?? .null
    }

    private static func unique(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let caseSensitive = call.flag(0)
        let attribute = try call.text(1, default: "")
        var seen = Set<TemplateValue>()
        var result: [TemplateValue] = []
        for item in try sequence(call.input, call) {
            let candidate = key(
                attribute.isEmpty ? item : FilterCall.attribute(attribute, of: item), caseSensitive: caseSensitive)
            if seen.insert(candidate).inserted { result.append(item) }
        }
        return .list(result)
    }

    /// `batch(linecount, fill_with=none)`: lists of `linecount` items, the last filled up when asked.
    private static func batch(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let size = try call.integer(0, default: 1)
        guard size > 0 else { throw call.failure("needs a line count of 1 or more") }
        if call.argument(1).map({ $0 != .null }) ?? false, size > DataLimits.maximumValues {
            throw call.failure("fills lines of at most \(DataLimits.grouped(DataLimits.maximumValues)) items")
        }
        let items = try sequence(call.input, call)
        var result: [TemplateValue] = []
        var start = 0
        while start < items.count {
            var line = Array(items[start..<min(items.count, start + size)])
            if line.count < size, let fill = call.argument(1), fill != .null {
                line += Array(repeating: fill, count: size - line.count)
            }
            result.append(.list(line))
            start += size
        }
        return .list(result)
    }

    /// `dictsort(case_sensitive=false, by="key", reverse=false)`: a map's `[key, value]` pairs in order.
    private static func dictSort(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        guard case .map(let map) = call.input else {
            if call.input == .null { return .list([]) }
            throw call.failure("needs a map, but was given \(FilterCall.describe(call.input))")
        }
        let caseSensitive = call.flag(0)
        let by = try call.text(1, default: "key")
        guard by == "key" || by == "value" else { throw call.failure("sorts by \"key\" or \"value\", not another word") }
        let reverse = call.flag(2)
        let pairs = map.pairs.map { pair in
            (sortKey: key(by == "key" ? .string(pair.key) : pair.value, caseSensitive: caseSensitive), pair: pair)
        }
        for pair in pairs.dropFirst() where compareValues(pairs[0].sortKey, pair.sortKey) == nil {
            throw call.failure("cannot order \(pairs[0].sortKey.kindDescription) and \(pair.sortKey.kindDescription) together")
        }
        let sorted = pairs.enumerated().sorted { left, right in
            let order = compareValues(left.element.sortKey, right.element.sortKey) ?? .orderedSame
            if order == .orderedSame { return left.offset < right.offset }
            return (order == .orderedAscending) != reverse
        }
        return .list(sorted.map { .list([.string($0.element.pair.key), $0.element.pair.value]) })
    }

    /// `groupby(attribute, default=none, case_sensitive=false)`: groups in order of their value, each
    /// a map of `grouper` and `list`, so both `group.grouper` and `for grouper, list in …` read it.
    private static func groupBy(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let attribute = try call.text(0, default: "")
        let fallback = call.argument(1) ?? .null
        let caseSensitive = call.flag(2)
        var groups: [(key: TemplateValue, grouper: TemplateValue, items: [TemplateValue])] = []
        for item in try sequence(call.input, call) {
            var value = FilterCall.attribute(attribute, of: item)
            if value == .null { value = fallback }
            let groupKey = key(value, caseSensitive: caseSensitive)
            if let index = groups.firstIndex(where: { valuesEqual($0.key, groupKey) }) {
                groups[index].items.append(item)
            } else {
                groups.append((groupKey, value, [item]))
            }
        }
        for group in groups.dropFirst() where compareValues(groups[0].key, group.key) == nil {
            throw call.failure("cannot order \(groups[0].key.kindDescription) and \(group.key.kindDescription) together")
        }
        let sorted = groups.enumerated().sorted { left, right in
            let order = compareValues(left.element.key, right.element.key) ?? .orderedSame
            return order == .orderedSame ? left.offset < right.offset : order == .orderedAscending
        }
        return .list(sorted.map { .map(TemplateMap([("grouper", $0.element.grouper), ("list", .list($0.element.items))])) })
    }

    /// JSON with keys sorted and `<`, `>`, `&`, `'` escaped, as Jinja writes it; dates as ISO 8601.
    private static func toJSON(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let indent = try call.integer(0, default: -1)
        guard indent <= 16 else { throw call.failure("needs an indent of at most 16") }
        var output = ""
        try JSONText.write(call.input, to: &output, indent: indent < 0 ? nil : indent, depth: 0, call)
        return .string(output)
    }

    /// Removes `<…>` tags and comments, reads entities, and joins the words with single spaces.
    private static func stripTags(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        var text = OfficeTemplate.text(of: call.input)
        text = text.replacing(/<!--.*?-->/.dotMatchesNewlines(), with: "")
        text = text.replacing(/<[^>]*>/, with: "")
        return .string(XMLText.unescape(text).split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// `indent(width=4, first=false, blank=false)`: indents every line after the first (and the
    /// first too with `first`), leaving blank lines alone unless `blank`.
    private static func indent(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let prefix: String
        switch call.argument(0) {
        case .string(let text)?: prefix = text
        case nil: prefix = "    "
        default:
            let width = try call.integer(0, default: 4)
            guard (0...1000).contains(width) else { throw call.failure("needs a width from 0 to 1,000") }
            prefix = String(repeating: " ", count: width)
        }
        let lines = OfficeTemplate.text(of: call.input).split(separator: "\n", omittingEmptySubsequences: false)
        try checkJoinedSize(lines.map(String.init) + [String(repeating: " ", count: 0)], prefix + "\n") { call.failure($0) }
        let result = lines.enumerated().map { index, line in
            let indented = (index > 0 || call.flag(1)) && (call.flag(2) || !line.allSatisfy(\.isWhitespace))
            return indented ? prefix + line : String(line)
        }
        return .string(result.joined(separator: "\n"))
    }

    /// `wordwrap(width=79, break_long_words=true, wrapstring="\n")`: lines of at most `width`
    /// characters, broken between words; words longer than a line are cut unless told not to.
    private static func wordWrap(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        let width = try call.integer(0, default: 79)
        guard width > 0 else { throw call.failure("needs a width of 1 or more") }
        let breakLong = call.argument(1).map(isTruthy) ?? true
        let wrap = try call.text(2, default: "\n")
        var paragraphs: [String] = []
        let input = OfficeTemplate.text(of: call.input)
        // At worst a break after every character.
        try checkJoinedSize(input.map(String.init), wrap) { call.failure($0) }
        for paragraph in input.split(separator: "\n", omittingEmptySubsequences: false) {
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(whereSeparator: \.isWhitespace) {
                var word = String(word)
                if !line.isEmpty, line.count + 1 + word.count <= width {
                    line += " " + word
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                while breakLong, word.count > width {
                    lines.append(String(word.prefix(width)))
                    word = String(word.dropFirst(width))
                }
                line = word
            }
            if !line.isEmpty { lines.append(line) }
            paragraphs.append(lines.joined(separator: wrap))
        }
        return .string(paragraphs.joined(separator: wrap))
    }

    private static func reverse(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        if case .string(let text) = call.input { return .string(String(text.reversed())) }
        return .list(try sequence(call.input, call).reversed())
    }

    private static func items(_ call: FilterCall) throws(EvaluationError) -> TemplateValue {
        switch call.input {
        case .map(let map): return .list(map.pairs.map { .list([.string($0.key), $0.value]) })
        case .null: return .list([])
        default: throw call.failure("needs a map, but was given \(FilterCall.describe(call.input))")
        }
    }
}
