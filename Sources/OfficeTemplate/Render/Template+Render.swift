import Foundation

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
    /// What the render read, with the values it read; filled only with
    /// `RenderOptions.recordReads`. A loop records the shape of what it walked (`DataRead.shape`).
    public var reads: [DataRead: TemplateValue]
    /// Pictures read, by their name in the data (relative to `RenderOptions.baseDirectory`),
    /// with `fileFingerprint` of their bytes: a new logo makes the documents showing it out of
    /// date. Filled only with `recordReads`.
    public var pictures: [String: String]

    /// A fingerprint of a file's bytes (size and 64-bit FNV-1a), or nil when it cannot be read.
    public static func fileFingerprint(atPath path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return fingerprint(of: [UInt8](data))
    }

    static func fingerprint(of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "\(bytes.count):\(String(hash, radix: 16))"
    }
}

extension Template {
    /// Fills the template with `data` and returns the document's bytes.
    ///
    /// Throws a `TemplateError` listing every tag that could not be filled (a variable missing
    /// from the data, a filter given the wrong kind of value), each with its place.
    public func render(_ data: TemplateValue, options: RenderOptions = .init()) throws -> RenderedDocument {
        let reader = try ZipReader(bytes: package, name: name, limits: limits)
        let scope = Scope(root: data, options: EvaluationOptions(lenientUndefined: options.lenientUndefined))
        if options.recordReads {
            scope.readLog = [:]
            scope.pictureLog = [:]
        }
        let pictures = PictureSink(format: format, baseDirectory: options.baseDirectory, template: reader)

        // Parts first: pictures they add change the relationships, content types and manifest.
        var rendered: [String: [UInt8]] = [:]
        var issues: [TemplateIssue] = []
        for case .render(let part, let program) in entries {
            var renderer = PartRenderer(program: program, scope: scope, part: part, pictures: pictures)
            renderer.run(program.nodes)
            renderer.finishControls()
            renderer.fillPictureSlots()
            for failure in renderer.failures {
                let tag = program.tags[failure.tag]
                issues.append(
                    TemplateIssue(
                        code: failure.code, file: name, part: part, place: tag?.place, tag: tag?.source,
                        message: "'\(Excerpt.of(tag?.source ?? ""))': \(failure.message)",
                        missingDataPath: failure.missingDataPath))
            }
            rendered[part] = renderer.output
        }
        guard issues.isEmpty else { throw TemplateError(issues: issues) }

        let writer = try ZipWriter(name: name)
        let prepared = try ZipReader(bytes: preparedParts, name: name, limits: limits)
        var written = Set<String>()
        for entry in entries {
            switch entry {
            case .copy(let info):
                writer.copyRaw(from: reader, entry: info)
                written.insert(info.name)
            case .write(let entryName, let bytes, let compress):
                let patched = pictures.patch(entryName, bytes)
                if patched == bytes, let info = prepared.entry(named: entryName) {
                    writer.copyRaw(from: prepared, entry: info)
                } else {
                    writer.add(name: entryName, bytes: patched, compress: compress)
                }
                written.insert(entryName)
            case .render(let part, _):
                writer.add(name: part, bytes: rendered[part]!, compress: true)
                written.insert(part)
            }
        }
        for entry in pictures.newEntries(existing: written) {
            writer.add(name: entry.name, bytes: entry.bytes, compress: entry.compress)
        }
        return RenderedDocument(bytes: try writer.finish(), reads: scope.readLog ?? [:], pictures: scope.pictureLog ?? [:])
    }
}

/// Runs a part's program against the data, appending XML to `output`.
struct PartRenderer {
    struct Failure {
        var tag: Int
        var message: String
        var code: TemplateIssue.Code = .other
        var missingDataPath: String? = nil
    }

    let program: PartProgram
    let scope: Scope
    let part: String
    let pictures: PictureSink
    var output: [UInt8] = []
    var failures: [Failure] = []
    /// One writer per output mode, made once per part rather than per value.
    private var writers: [OutputMode: ValueWriter] = [:]
    /// Form controls made by the render (Forms/TemplateControls.swift).
    var controlState = ControlRenderState()

    init(program: PartProgram, scope: Scope, part: String, pictures: PictureSink) {
        self.program = program
        self.scope = scope
        self.part = part
        self.pictures = pictures
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
            case .picture(let request, let mode, let tag):
                insertPicture(request, mode: mode, tag: tag)
            case .control(let slot, let tag):
                renderControl(slot, tag: tag)
            case .link(let target, _):
                let before = output
                output = []
                run(target)
                let id = pictures.addLink(from: part, target: String(decoding: output, as: UTF8.self))
                output = before + Array(id.utf8)
            case .condition(let branches, let otherwise):
                var taken = false
                for branch in branches {
                    guard let holds = condition(branch.condition, tag: branch.tag) else {
                        taken = true
                        break
                    }
                    if holds {
                        run(branch.body)
                        taken = true
                        break
                    }
                }
                if !taken { run(otherwise) }
            case .assign(let targets, let expression, let tag):
                guard let value = evaluate(expression, tag: tag) else { continue }
                assign(targets, value, tag: tag)
            case .capture(let target, let body, _):
                let outer = output
                output = []
                run(body)
                let text = XMLText.plainText(output)
                output = outer
                scope.assign(target, .string(text))
            case .filterBlock(let name, let arguments, let body, let tag):
                runFiltered(name, arguments, body, tag: tag)
            case .macro(let name, let parameters, let body, let tag):
                define(name, parameters, body, tag: tag)
            case .loop(let variables, let sequence, let condition, let body, let otherwise, let tag):
                let sequencePath = scope.readLog == nil ? nil : dataPath(of: sequence, in: scope)
                let readBefore = sequencePath.map { scope.readLog?[.value(path: $0)] != nil } ?? true
                guard let value = evaluate(sequence, tag: tag) else { continue }
                if let sequencePath, !readBefore {
                    // A loop depends on how many items there are (and, for a map, on its keys);
                    // what it reads of each item is logged item by item.
                    scope.readLog?[.value(path: sequencePath)] = nil
                    scope.readLog?[.shape(path: sequencePath)] = value.loopShape
                }
                var items: [LoopItem]
                do {
                    items = try loopItems(value, variables: variables, path: sequencePath)
                } catch {
                    failures.append(Failure(tag: tag, message: error.message, code: error.code))
                    continue
                }
                if let condition {
                    // `for x in xs if cond`: the condition sees each item (and no `loop`, as in Jinja).
                    var kept: [LoopItem] = []
                    for item in items {
                        scope.push(item.variables)
                        let holds = self.condition(condition, tag: tag)
                        scope.pop()
                        guard let holds else { break }
                        if holds { kept.append(item) }
                    }
                    items = kept
                }
                if items.isEmpty { run(otherwise) }
                scope.loopChangedValues.append(nil)
                defer { scope.loopChangedValues.removeLast() }
                for index in items.indices {
                    guard scope.takeStep() else {
                        failures.append(Failure(tag: tag, message: Scope.tooMuchWork))
                        break
                    }
                    scope.push(loopFrame(items, index: index, variables: variables))
                    run(body)
                    scope.pop()
                }
            }
        }
    }

    private mutating func insertPicture(_ request: PictureRequest, mode: OutputMode, tag: Int) {
        guard let value = evaluate(request.source, tag: tag) else { return }
        do {
            guard let file = try loadPicture(value) else { return }
            let width = try length(request.width, tag: tag)
            let height = try length(request.height, tag: tag)
            output.append(contentsOf: pictures.inlineXML(file, mode: mode, part: part, width: width, height: height))
        } catch {
            failures.append(Failure(tag: tag, message: error.message, code: .pictureFailed))
        }
    }

    /// Loads a picture, recording its bytes' fingerprint when the render records its reads.
    private func loadPicture(_ value: TemplateValue) throws(PictureError) -> PictureFile? {
        guard let file = try pictures.load(value) else { return nil }
        // Recorded by the name the data gives (relative to the render's base directory), so
        // that moving the folder the data and pictures live in changes nothing recorded.
        if scope.pictureLog != nil, case .string(let name) = value {
            scope.pictureLog?[name] = RenderedDocument.fingerprint(of: file.bytes)
        }
        return file
    }

    private mutating func length(_ expression: Expression?, tag: Int) throws(PictureError) -> Length? {
        guard let expression, let value = evaluate(expression, tag: tag) else { return nil }
        guard let length = Length(text(of: value)) else {
            throw PictureError(
                "the picture's width or height is not a size; write it like \"4cm\", \"35mm\", \"1.5in\" or \"120px\"")
        }
        return length
    }

    /// Template pictures whose alt text is a tag: fill each from the data (kept when empty).
    mutating func fillPictureSlots() {
        for slot in program.pictureSlots {
            guard let value = evaluate(slot.source, tag: slot.tag) else { continue }
            do {
                pictures.fill(slot, part: part, with: try loadPicture(value))
            } catch {
                failures.append(Failure(tag: slot.tag, message: error.message, code: .pictureFailed))
            }
        }
    }

    /// Whether a condition holds (a missing value is false, as in Jinja); nil after a failure.
    mutating func condition(_ expression: Expression, tag: Int) -> Bool? {
        do {
            return try evaluateCondition(expression, in: scope)
        } catch {
            failures.append(Failure(tag: tag, message: error.message))
            return nil
        }
    }

    mutating func evaluate(_ expression: Expression, tag: Int) -> TemplateValue? {
        do {
            return try OfficeTemplate.evaluate(expression, in: scope)
        } catch {
            var failure = Failure(tag: tag, message: error.message, code: error.code)
            if case .undefined(let written) = error {
                if let suggestion = Suggestion.dataPath(for: written, in: expression, scope: scope) {
                    failure.message = "'\(Excerpt.of(written))' is not in the data; did you mean '\(Excerpt.of(suggestion))'?"
                }
                if scope.readLog != nil { failure.missingDataPath = missingDataPath(written: written) }
            }
            failures.append(failure)
            return nil
        }
    }

    /// A path as written (`c.phone`) as a data path (`pupil.key_workers[0].phone`): its first
    /// name resolved through the loop variables in scope. Only while reads are recorded, when
    /// bindings carry their data paths.
    private func missingDataPath(written written: String) -> String {
        let name = String(written.prefix { $0 != "." && $0 != "[" })
        guard let base = scope.lookup(name)?.path else { return written }
        return base + written.dropFirst(name.count)
    }

    private mutating func writer(for mode: OutputMode) -> ValueWriter {
        if let writer = writers[mode] { return writer }
        let writer = ValueWriter(mode: mode)
        writers[mode] = writer
        return writer
    }
}
