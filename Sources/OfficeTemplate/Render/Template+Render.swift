/// Options for one render.
public struct RenderOptions: Sendable {
    /// Treat variables missing from the data as empty instead of failing.
    public var lenientUndefined: Bool
    /// Record every data path the render reads, with its value (for exact staleness checks).
    public var recordReads: Bool
    /// Where relative file names in the data (pictures) are resolved.
    public var baseDirectory: String?

    public init(lenientUndefined: Bool = false, recordReads: Bool = false, baseDirectory: String? = nil) {
        self.lenientUndefined = lenientUndefined
        self.recordReads = recordReads
        self.baseDirectory = baseDirectory
    }
}

/// A rendered document: the package bytes, and what the render read from the data.
public struct RenderedDocument: Sendable {
    public var bytes: [UInt8]
    /// Data paths read, with their values; filled only with `RenderOptions.recordReads`.
    public var reads: [String: TemplateValue]
}

extension Template {
    /// Fills the template with `data` and returns the document's bytes.
    ///
    /// Throws a `TemplateError` listing every tag that could not be filled (a variable missing
    /// from the data, a filter given the wrong kind of value), each with its place.
    public func render(_ data: TemplateValue, options: RenderOptions = .init()) throws -> RenderedDocument {
        let reader = try ZipReader(bytes: package, name: name, limits: limits)
        let writer = try ZipWriter(name: name)
        let scope = Scope(root: data, options: EvaluationOptions(lenientUndefined: options.lenientUndefined))
        if options.recordReads { scope.readLog = [:] }
        var issues: [TemplateIssue] = []
        for entry in entries {
            switch entry {
            case .copy(let info): writer.copyRaw(from: reader, entry: info)
            case .write(let name, let bytes, let compress): writer.add(name: name, bytes: bytes, compress: compress)
            case .render(let part, let program):
                var renderer = PartRenderer(program: program, scope: scope)
                renderer.run(program.nodes)
                for failure in renderer.failures {
                    let tag = program.tags[failure.tag]
                    issues.append(TemplateIssue(file: name, part: part, place: tag?.place, tag: tag?.source,
                        message: "'\(tag?.source ?? "")': \(failure.message)"))
                }
                writer.add(name: part, bytes: renderer.output, compress: true)
            }
        }
        guard issues.isEmpty else { throw TemplateError(issues: issues) }
        return RenderedDocument(bytes: try writer.finish(), reads: scope.readLog ?? [:])
    }
}

/// Runs a part's program against the data, appending XML to `output`.
struct PartRenderer {
    struct Failure {
        var tag: Int
        var message: String
    }

    let program: PartProgram
    let scope: Scope
    var output: [UInt8] = []
    var failures: [Failure] = []
    /// One writer per output mode, made once per part rather than per value.
    private var writers: [OutputMode: ValueWriter] = [:]

    init(program: PartProgram, scope: Scope) {
        self.program = program
        self.scope = scope
        output.reserveCapacity(64 * 1024)
    }

    mutating func run(_ nodes: [RenderNode]) {
        for node in nodes {
            switch node {
            case .chunk(let bytes):
                output.append(contentsOf: bytes)
            case .value(let expression, let mode, let tag):
                guard let value = evaluate(expression, tag: tag) else { continue }
                writer(for: mode).append(text(of: value), to: &output)
            case .condition(let branches, let otherwise):
                var taken = false
                for branch in branches {
                    guard let value = evaluate(branch.condition, tag: branch.tag) else { taken = true; break }
                    if isTruthy(value) {
                        run(branch.body)
                        taken = true
                        break
                    }
                }
                if !taken { run(otherwise) }
            case .loop(let variables, let sequence, let body, let otherwise, let tag):
                guard let value = evaluate(sequence, tag: tag) else { continue }
                let items: [LoopItem]
                do {
                    items = try loopItems(value, variables: variables, path: dataPath(of: sequence, in: scope))
                } catch {
                    failures.append(Failure(tag: tag, message: error.message))
                    continue
                }
                if items.isEmpty { run(otherwise) }
                for (index, item) in items.enumerated() {
                    scope.push(item.bindings(index: index, count: items.count))
                    run(body)
                    scope.pop()
                }
            }
        }
    }

    private mutating func evaluate(_ expression: Expression, tag: Int) -> TemplateValue? {
        do {
            return try OfficeTemplate.evaluate(expression, in: scope)
        } catch {
            failures.append(Failure(tag: tag, message: error.message))
            return nil
        }
    }

    private mutating func writer(for mode: OutputMode) -> ValueWriter {
        if let writer = writers[mode] { return writer }
        let writer = ValueWriter(mode: mode)
        writers[mode] = writer
        return writer
    }
}
