// Rendering `{% set %}`, `{% filter %}` blocks and `{% macro %}`s.

extension PartRenderer {
    /// The deepest macros may call macros (a macro calling itself would otherwise never end).
    static let maximumMacroDepth = 50

    /// `{% set a = 1 %}` binds one name; `{% set a, b = pair %}` unpacks a list of that length.
    mutating func assign(_ targets: [String], _ value: TemplateValue, tag: Int) {
        guard targets.count > 1 else {
            let parts = targets[0].split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                guard scope.assign(field: parts[1], of: parts[0], value) else {
                    failures.append(
                        Failure(
                            tag: tag,
                            message: "'set \(targets[0]) = …' needs '\(parts[0])' to be a namespace, as in "
                                + "{% set \(parts[0]) = namespace(\(parts[1])=0) %}"))
                    return
                }
                return
            }
            scope.assign(targets[0], value)
            return
        }
        guard case .list(let items) = value, items.count == targets.count else {
            failures.append(
                Failure(
                    tag: tag,
                    message: "'set \(targets.joined(separator: ", ")) = …' needs a list of \(targets.count) values, "
                        + "but was given \(value.kindDescription)"))
            return
        }
        for (name, item) in zip(targets, items) { scope.assign(name, item) }
    }

    /// `{% filter upper %}…{% endfilter %}`: renders the body apart, then applies the filter to
    /// each piece of its text between XML elements, so formatting and structure stay as they are.
    mutating func runFiltered(_ name: String, _ arguments: [FilterArgument], _ body: [RenderNode], tag: Int) {
        var positional: [TemplateValue] = []
        var keywords: [String: TemplateValue] = [:]
        for argument in arguments {
            guard let value = evaluate(argument.value, tag: tag) else { return }
            if let label = argument.label { keywords[label] = value } else { positional.append(value) }
        }
        let outer = output
        output = []
        run(body)
        let inner = output
        output = outer
        do {
            try XMLText.transformText(inner, into: &output) { text throws(EvaluationError) in
                OfficeTemplate.text(of: try Filters.apply(name, to: .string(text), arguments: positional, keywords: keywords))
            }
        } catch {
            failures.append(Failure(tag: tag, message: error.message))
        }
    }

    /// `{% macro name(a, b=1) %}…{% endmacro %}`: from here on, `name(…)` in a tag renders the
    /// body with the parameters bound and gives its text (without formatting: a value printed
    /// by a tag takes the formatting of the tag's own run).
    mutating func define(_ name: String, _ parameters: [MacroParameter], _ body: [RenderNode], tag: Int) {
        scope.macros[name] = MacroContext(
            name: name, parameters: parameters, body: body, program: program, part: part, pictures: pictures)
    }
}

/// What a macro needs to render its body when called.
struct MacroContext: TemplateMacro {
    let name: String
    let parameters: [MacroParameter]
    let body: [RenderNode]
    let program: PartProgram
    let part: String
    let pictures: PictureSink

    func call(
        _ positional: [TemplateValue], _ keywords: [String: TemplateValue], in scope: Scope
    ) throws(EvaluationError) -> TemplateValue {
        guard scope.takeStep() else { throw .typeMismatch(Scope.tooMuchWork) }
        guard scope.macroDepth < PartRenderer.maximumMacroDepth else {
            throw .typeMismatch(
                "macros call each other more than \(PartRenderer.maximumMacroDepth) deep, which is the limit; "
                    + "does '\(name)' call itself?")
        }
        guard positional.count <= parameters.count else {
            throw .typeMismatch(
                "the macro '\(name)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), "
                    + "but was given \(positional.count)")
        }
        var frame: [String: Scope.Binding] = [:]
        for (parameter, value) in zip(parameters, positional) { frame[parameter.name] = (value, nil) }
        for (label, value) in keywords.sorted(by: { $0.key < $1.key }) {
            guard parameters.contains(where: { $0.name == label }) else {
                throw .typeMismatch("the macro '\(name)' has no parameter '\(Excerpt.of(label))'")
            }
            guard frame[label] == nil else { throw .typeMismatch("the macro '\(name)' was given '\(label)' twice") }
            frame[label] = (value, nil)
        }
        for parameter in parameters where frame[parameter.name] == nil {
            guard let defaultValue = parameter.defaultValue else { continue }  // Missing, as in Jinja.
            frame[parameter.name] = (try evaluate(defaultValue, in: scope), nil)
        }
        scope.macroDepth += 1
        scope.push(frame)
        var renderer = PartRenderer(program: program, scope: scope, part: part, pictures: pictures)
        renderer.run(body)
        scope.pop()
        scope.macroDepth -= 1
        if let failure = renderer.failures.first {
            let place = program.tags[failure.tag].map { " (in '\(Excerpt.of($0.source))')" } ?? ""
            throw .typeMismatch("the macro '\(name)' failed\(place): \(failure.message)")
        }
        return .string(XMLText.plainText(renderer.output))
    }
}

/// Reading and rewriting the text of rendered XML, for filter blocks and macros.
enum XMLText {
    /// Copies `xml` to `output`, passing each run of character data between elements (unescaped)
    /// through `transform` and escaping the result again.
    static func transformText(
        _ xml: [UInt8], into output: inout [UInt8], _ transform: (String) throws(EvaluationError) -> String
    ) throws(EvaluationError) {
        var index = 0
        while index < xml.count {
            if xml[index] == UInt8(ascii: "<") {
                let end = xml[index...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? xml.count
                output.append(contentsOf: xml[index..<end])
                index = end
                continue
            }
            let end = xml[index...].firstIndex(of: UInt8(ascii: "<")) ?? xml.count
            let text = unescape(String(decoding: xml[index..<end], as: UTF8.self))
            output.append(contentsOf: escape(try transform(text)).utf8)
            index = end
        }
    }

    /// The text of rendered XML: character data, with a line break at each paragraph end and
    /// line break element, and a tab for each tab element; no final line break.
    static func plainText(_ xml: [UInt8]) -> String {
        var result = ""
        var index = 0
        while index < xml.count {
            if xml[index] == UInt8(ascii: "<") {
                let end = xml[index...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? xml.count
                let element = String(decoding: xml[index..<end], as: UTF8.self)
                if element == "</w:p>" || element == "</text:p>" || element == "</text:h>" || element.hasPrefix("<w:br")
                    || element.hasPrefix("<text:line-break")
                {
                    result += "\n"
                } else if element.hasPrefix("<w:tab") || element.hasPrefix("<text:tab") {
                    result += "\t"
                } else if element.hasPrefix("<text:s") && !element.hasPrefix("<text:span") {
                    result += " "
                }
                index = end
                continue
            }
            let end = xml[index...].firstIndex(of: UInt8(ascii: "<")) ?? xml.count
            result += unescape(String(decoding: xml[index..<end], as: UTF8.self))
            index = end
        }
        while result.hasSuffix("\n") { result.removeLast() }
        return result
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else {
                result += rest[ampersand...]
                return result
            }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
