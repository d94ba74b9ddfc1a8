import Foundation

// Calls in expressions, as Jinja templates write them after Python: methods of text and maps
// (`name.upper()`, `contacts.items()`), `loop.cycle(…)`, `range(…)`, and slices `xs[1:3]`.

enum Methods {
    /// The most items `range(…)` makes: a loop over more is a mistake in a document, and Jinja's
    /// sandbox stops at the same number.
    static let maximumRange = 100_000

    /// The methods of text, for messages.
    static let textMethods = [
        "capitalize", "endswith", "join", "lower", "lstrip", "replace", "rstrip", "split", "startswith", "strip",
        "title", "upper",
    ]
    /// The methods of maps, for messages.
    static let mapMethods = ["get", "items", "keys", "values"]

    /// Calls method `name` of `receiver`, Python's way.
    static func call(
        _ name: String, on receiver: TemplateValue, _ arguments: [TemplateValue], _ keywords: [String: TemplateValue]
    ) throws(EvaluationError) -> TemplateValue {
        func expect(_ range: ClosedRange<Int>) throws(EvaluationError) {
            guard keywords.isEmpty else {
                throw .typeMismatch("'.\(name)()' takes no named arguments; give them in order")
            }
            guard range.contains(arguments.count) else {
                let counts =
                    range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                throw .typeMismatch(
                    "'.\(name)()' takes \(counts) argument\(range.upperBound == 1 ? "" : "s"), but was given \(arguments.count)")
            }
        }
        func textArgument(_ position: Int) throws(EvaluationError) -> String {
            guard case .string(let text) = arguments[position] else {
                throw .typeMismatch("'.\(name)()' needs text, but was given \(arguments[position].kindDescription)")
            }
            return text
        }
        switch receiver {
        case .string(let text):
            switch name {
            case "upper", "lower", "capitalize":
                try expect(0...0)
                return try Filters.apply(name, to: receiver, arguments: [], keywords: [:])
            case "title":
                try expect(0...0)
                return .string(pythonTitle(text))
            case "strip", "lstrip", "rstrip":
                try expect(0...1)
                let characters = arguments.isEmpty || arguments[0] == .null ? nil : Set(try textArgument(0))
                let strip = { (character: Character) in characters?.contains(character) ?? character.isWhitespace }
                var result = Substring(text)
                if name != "rstrip" { result = result.drop(while: strip) }
                if name != "lstrip" { while let last = result.last, strip(last) { result = result.dropLast() } }
                return .string(String(result))
            case "split":
                try expect(0...2)
                let limit = arguments.count > 1 ? try integer(arguments[1], of: name) : -1
                if arguments.isEmpty || arguments[0] == .null {
                    let words = text.split(whereSeparator: \.isWhitespace)
                    guard limit >= 0, limit < words.count else { return .list(words.map { .string(String($0)) }) }
                    var pieces = words.prefix(limit).map { TemplateValue.string(String($0)) }
                    let restStart = words[limit].startIndex
                    pieces.append(.string(String(text[restStart...])))
                    return .list(pieces)
                }
                let separator = try textArgument(0)
                guard !separator.isEmpty else { throw .typeMismatch("'.split()' needs a separator that is not empty") }
                var pieces: [TemplateValue] = []
                var rest = Substring(text)
                while limit < 0 || pieces.count < limit, let found = rest.range(of: separator) {
                    pieces.append(.string(String(rest[..<found.lowerBound])))
                    rest = rest[found.upperBound...]
                }
                pieces.append(.string(String(rest)))
                return .list(pieces)
            case "replace":
                try expect(2...3)
                return try Filters.apply("replace", to: receiver, arguments: arguments, keywords: [:])
            case "startswith", "endswith":
                try expect(1...1)
                let candidates: [TemplateValue]
                if case .list(let items) = arguments[0] { candidates = items } else { candidates = [arguments[0]] }
                for candidate in candidates {
                    guard case .string(let affix) = candidate else {
                        throw .typeMismatch("'.\(name)()' needs text, but was given \(candidate.kindDescription)")
                    }
                    if name == "startswith" ? text.hasPrefix(affix) : text.hasSuffix(affix) { return .bool(true) }
                }
                return .bool(false)
            case "join":
                try expect(1...1)
                guard case .list(let items) = arguments[0] else {
                    throw .typeMismatch("'.join()' needs a list, but was given \(arguments[0].kindDescription)")
                }
                let texts = items.map(OfficeTemplate.text(of:))
                try Filters.checkJoinedSize(texts, text) { .typeMismatch("'.join()' " + $0) }
                return .string(texts.joined(separator: text))
            default:
                break
            }
        case .map(let map):
            switch name {
            case "items":
                try expect(0...0)
                return .list(map.pairs.map { .list([.string($0.key), $0.value]) })
            case "keys":
                try expect(0...0)
                return .list(map.keys.map { .string($0) })
            case "values":
                try expect(0...0)
                return .list(map.pairs.map(\.value))
            case "get":
                try expect(1...2)
                guard case .string(let key) = arguments[0] else { return arguments.count > 1 ? arguments[1] : .null }
                return map[key] ?? (arguments.count > 1 ? arguments[1] : .null)
            case "cycle" where map["index0"] != nil && map["revindex"] != nil:
                // `loop.cycle("odd", "even")`: the arguments in turn, one per pass.
                guard !arguments.isEmpty, keywords.isEmpty, case .int(let index) = map["index0"]! else {
                    throw .typeMismatch("'loop.cycle()' needs at least one value to cycle through")
                }
                return arguments[index % arguments.count]
            default:
                break
            }
        default:
            break
        }
        let known =
            switch receiver {
            case .string: "; text has " + textMethods.map { ".\($0)()" }.joined(separator: ", ")
            case .map: "; a map has " + mapMethods.map { ".\($0)()" }.joined(separator: ", ")
            default: ""
            }
        throw .typeMismatch("\(receiver.kindDescription) has no method '.\(Excerpt.of(name))()'\(known)")
    }

    /// Python's `str.title()`: a letter after anything but a letter starts a word ("O'Brien").
    private static func pythonTitle(_ text: String) -> String {
        var result = ""
        var afterLetter = false
        for character in text {
            result += afterLetter ? character.lowercased() : character.uppercased()
            afterLetter = character.isLetter
        }
        return result
    }

    private static func integer(_ value: TemplateValue, of name: String) throws(EvaluationError) -> Int {
        guard case .int(let int) = value else {
            throw .typeMismatch("'\(name)' needs a whole number, but was given \(value.kindDescription)")
        }
        return int
    }

    /// The functions a template may call besides its macros.
    static let functions = ["dict", "namespace", "range"]

    /// `namespace(total=0)` and `dict(a=1)`: a map of the named arguments (in name order, so
    /// output is deterministic), after the entries of any maps given in order.
    static func makeMap(
        _ name: String, _ arguments: [TemplateValue], keywords: [String: TemplateValue]
    ) throws(EvaluationError)
        -> TemplateValue
    {
        var map = TemplateMap()
        for argument in arguments {
            guard case .map(let entries) = argument else {
                throw .typeMismatch("'\(name)()' takes maps and named values, but was given \(argument.kindDescription)")
            }
            for (key, value) in entries.pairs { map[key] = value }
        }
        for key in keywords.keys.sorted() { map[key] = keywords[key] }
        return .map(map)
    }

    /// `range(stop)`, `range(start, stop)`, `range(start, stop, step)`, as in Python.
    static func range(_ arguments: [TemplateValue], keywords: [String: TemplateValue]) throws(EvaluationError) -> TemplateValue {
        guard keywords.isEmpty, (1...3).contains(arguments.count) else {
            throw .typeMismatch("'range()' takes 1 to 3 whole numbers (start, stop, step), in order")
        }
        var numbers: [Int] = []
        for argument in arguments { numbers.append(try integer(argument, of: "range")) }
        let start = numbers.count == 1 ? 0 : numbers[0]
        let stop = numbers.count == 1 ? numbers[0] : numbers[1]
        let step = numbers.count == 3 ? numbers[2] : 1
        guard step != 0 else { throw .typeMismatch("'range()' needs a step that is not 0") }
        // Counted on magnitudes, so no extreme bound overflows.
        let ascending = step > 0
        guard ascending ? stop > start : stop < start else { return .list([]) }
        let distance = ascending ? UInt(bitPattern: stop &- start) : UInt(bitPattern: start &- stop)
        let count = (distance - 1) / step.magnitude + 1
        guard count <= UInt(maximumRange) else {
            throw .typeMismatch(
                "'range()' would make more than \(UKFormat.groupedThousands(String(maximumRange))) numbers, which is the limit")
        }
        return .list((0..<Int(count)).map { .int(start + $0 * step) })
    }

    /// `base[start:stop:step]` of a list or text, with Python's rules for missing and negative bounds.
    static func slice(
        _ base: TemplateValue, start: TemplateValue?, stop: TemplateValue?, step: TemplateValue?
    ) throws(EvaluationError)
        -> TemplateValue
    {
        func bound(_ value: TemplateValue?) throws(EvaluationError) -> Int? {
            guard let value, value != .null else { return nil }
            return try integer(value, of: "a slice")
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw .typeMismatch("a slice step cannot be 0") }
        let positions: (Int) -> [Int] = { length in
            func adjust(_ value: Int) -> Int {
                if value < 0 {
                    let shifted = value + length
                    return shifted < 0 ? (stepValue < 0 ? -1 : 0) : shifted
                }
                return value >= length ? (stepValue < 0 ? length - 1 : length) : value
            }
            let first = (try? bound(start)).flatMap { $0 }.map(adjust) ?? (stepValue < 0 ? length - 1 : 0)
            let end = (try? bound(stop)).flatMap { $0 }.map(adjust) ?? (stepValue < 0 ? -1 : length)
            var result: [Int] = []
            var index = first
            while stepValue > 0 ? index < end : index > end {
                result.append(index)
                let (next, overflow) = index.addingReportingOverflow(stepValue)
                if overflow { break }
                index = next
            }
            return result
        }
        _ = try bound(start)
        _ = try bound(stop)
        switch base {
        case .list(let items):
            return .list(positions(items.count).map { items[$0] })
        case .string(let text):
            let characters = Array(text)
            return .string(String(positions(characters.count).map { characters[$0] }))
        case .null:
            return .null
        default:
            throw .typeMismatch("only a list or text can be sliced, but this is \(base.kindDescription)")
        }
    }
}
