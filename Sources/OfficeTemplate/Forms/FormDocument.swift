import Foundation

/// A DOCX or ODT form, possibly written by someone else (Word, LibreOffice): its fillable fields
/// can be listed and filled from data, leaving everything else in the file as it was.
public struct FormDocument: Sendable {
    public let name: String
    public let format: DocumentFormat
    let package: [UInt8]
    let limits: PackageLimits

    public init(contentsOf path: String, limits: PackageLimits = .init()) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw TemplateError(issues: [
                TemplateIssue(
                    code: .unreadableFile, file: name,
                    message: "cannot read the form; check that it exists and that you may read it")
            ])
        }
        try self.init(bytes: [UInt8](bytes), name: name, limits: limits)
    }

    public init(bytes: [UInt8], name: String, limits: PackageLimits = .init()) throws {
        guard let format = DocumentFormat(path: name) else {
            throw TemplateError(issues: [
                TemplateIssue(
                    code: .notADocument, file: name,
                    message: "is neither a .docx nor an .odt file; save the form from Word or LibreOffice in one of those formats"
                )
            ])
        }
        self.name = name
        self.format = format
        self.package = bytes
        self.limits = limits
    }

    /// Every fillable field, in document order (the main part first, then headers, footers, notes).
    public func fields() throws -> [FormField] {
        try withParts { parts in parts.flatMap { $0.controls.map(\.field) } }
    }

    /// Fills the fields the map names from `data` and returns the new package, with the fields
    /// left unmapped. Throws a `TemplateError` listing every problem: a map key that names no
    /// field, a path the data lacks, a value a field cannot take.
    public func fill(_ data: DataDocument, map: FormMap) throws -> FormFillResult {
        try withParts { parts in
            var issues: [TemplateIssue] = []
            let all = parts.flatMap(\.controls)
            // In document order, so a suggestion between equally close names is always the same.
            var seen = Set<String>()
            let keys = all.flatMap { control in
                [control.field.tag, control.field.title, control.field.name, control.field.id].compactMap { $0 }
            }
            .filter { seen.insert($0).inserted }
            let scope = Scope(root: data.value)
            var used = Set<Int>()
            var changed = Set<String>()
            for entry in map.entries {
                let matches = all.enumerated().filter { $0.element.field.isNamed(entry.key) }
                guard !matches.isEmpty else {
                    let guess = Suggestion.closest(to: entry.key, among: keys).map { " (did you mean '\($0)'?)" } ?? ""
                    issues.append(
                        TemplateIssue(
                            code: .invalidFormMap, file: map.file,
                            message: "'\(entry.key)' is not a field of \(name)\(guess); 'apdocs fields \(name)' lists them"))
                    continue
                }
                let value: TemplateValue
                let shown: String?
                do throws(EvaluationError) {
                    value = try evaluate(entry.path, in: scope)
                    if let filtered = entry.filtered { shown = text(of: try evaluate(filtered, in: scope)) } else { shown = nil }
                } catch {
                    let message: String
                    if case .undefined(let path) = error {
                        message = "'\(entry.key)' is mapped to '\(path)', which \(data.file) does not have"
                    } else {
                        message = "'\(entry.key)': '\(entry.source)': \(error.message)"
                    }
                    issues.append(TemplateIssue(code: .invalidFormMap, file: map.file, message: message))
                    continue
                }
                for (index, scanned) in matches {
                    used.insert(index)
                    do throws(FormValueError) {
                        scanned.control.set(try scanned.control.fieldValue(value, shown: shown))
                        changed.insert(scanned.field.part)
                    } catch {
                        issues.append(
                            TemplateIssue(
                                code: .invalidFormMap, file: name, part: scanned.field.part, place: scanned.field.place,
                                message: "\(scanned.field.kindName) '\(entry.key)': \(error.message)"))
                    }
                }
            }
            guard issues.isEmpty else { throw TemplateError(issues: issues) }
            let unmapped = all.indices.filter { !used.contains($0) }.map { all[$0].field }
            let writer = try ZipWriter(name: name)
            let reader = parts.reader
            for entry in reader.entries {
                if changed.contains(entry.name), let part = parts.first(where: { $0.name == entry.name }) {
                    writer.add(name: entry.name, bytes: part.tree.serialize(), compress: true)
                } else {
                    writer.copyRaw(from: reader, entry: entry)
                }
            }
            return FormFillResult(bytes: try writer.finish(), unmapped: unmapped, filled: used.sorted().map { all[$0].field })
        }
    }

    // MARK: Parts

    struct ScannedControl {
        var control: FormControl
        var field: FormField
    }

    final class ScannedPart {
        let name: String
        let tree: XMLTree
        var controls: [ScannedControl] = []
        init(name: String, tree: XMLTree) {
            self.name = name
            self.tree = tree
        }
    }

    struct Parts: Sequence {
        var reader: ZipReader
        var parts: [ScannedPart]
        func makeIterator() -> IndexingIterator<[ScannedPart]> { parts.makeIterator() }
    }

    /// The parts that may hold fields, parsed and scanned; the trees live as long as `body` runs.
    private func withParts<T>(_ body: (Parts) throws -> T) throws -> T {
        let reader: ZipReader
        do {
            reader = try ZipReader(bytes: package, name: name, limits: limits)
        } catch {
            throw TemplateError(issues: [TemplateIssue(code: .invalidPackage, file: name, message: error.description)])
        }
        let adapter = adapter(for: format)
        let names = reader.entries.map(\.name)
        let main = format == .docx ? "word/document.xml" : "content.xml"
        guard names.contains(main) else {
            throw TemplateError(issues: [
                TemplateIssue(
                    code: .notADocument, file: name,
                    message:
                        "is not a \(format.rawValue.uppercased()) document (it has no \(main)); save it again from Word or LibreOffice as .\(format.rawValue)"
                )
            ])
        }
        let partNames = [main] + adapter.templatedParts(names).filter { $0 != main && !adapter.isPropertiesPart($0) }
        var parts: [ScannedPart] = []
        var counters: [FormFieldKind: Int] = [:]
        for partName in partNames {
            guard let entry = reader.entry(named: partName) else { continue }
            let tree: XMLTree
            do {
                tree = try XMLTree(parsing: try reader.read(entry), partName: partName)
            } catch let error as XMLTreeError {
                let problem = error.problems.first
                throw TemplateError(issues: [
                    TemplateIssue(
                        code: .malformedXML, file: name, part: partName,
                        message:
                            "line \(problem?.line ?? 0), column \(problem?.column ?? 0): \(problem?.message ?? "not well-formed XML"); the part is not well-formed XML"
                    )
                ])
            }
            guard let root = tree.root else { continue }
            let part = ScannedPart(name: partName, tree: tree)
            let compiler = PartCompiler(file: name, part: partName, tree: tree, format: adapter)
            let controls = FormScanner.controls(in: root, format: format)
            let places = FormPlaces(paragraphs: compiler.paragraphs(of: root), format: adapter, controls: controls)
            for control in controls {
                counters[control.kind, default: 0] += 1
                let field = FormField(
                    kind: control.kind, control: control.controlDescription, tag: control.tag, title: control.title,
                    name: control.name, id: "\(control.kind.rawValue)-\(counters[control.kind]!)", value: control.value,
                    checked: control.checked,
                    choices: control.choices.isEmpty && control.kind != .dropDown ? nil : control.choices.map(\.display),
                    part: partName, place: places.place(of: control.anchor))
                part.controls.append(ScannedControl(control: control, field: field))
            }
            parts.append(part)
        }
        return try body(Parts(reader: reader, parts: parts))
    }
}

/// Where a node is, as `TagPlace` (paragraph and table cell, and the template's text next to
/// it), from a part's paragraphs.
struct FormPlaces {
    private var byNode: [XMLNodePointer: TagPlace] = [:]
    let format: any FormatAdapter

    /// The part's controls, whose text a place does not quote (a filled-in form holds data there).
    private var controls: Set<XMLNodePointer> = []

    init(paragraphs: [ParagraphText], format: any FormatAdapter, controls: [FormControl]) {
        self.format = format
        for control in controls {
            self.controls.insert(control.node)
            if case .formControl(let anchors) = control.shape { self.controls.formUnion(anchors) }
        }
        for paragraph in paragraphs where byNode[paragraph.node] == nil { byNode[paragraph.node] = paragraph.place }
    }

    func place(of node: XMLNodePointer) -> TagPlace {
        let paragraph =
            format.isParagraph(node)
            ? node
            // A block-level control holds paragraphs: its first one.
            : node.ancestor(where: format.isParagraph) ?? node.descendants(where: format.isParagraph).first
        guard let paragraph, let place = byNode[paragraph] else { return TagPlace(paragraph: 0) }
        return place.quoting(around: node, in: paragraph, format: format, hidden: controls)
    }
}

/// The result of filling a form.
public struct FormFillResult: Sendable {
    public var bytes: [UInt8]
    /// Fields the map did not name, left as they were.
    public var unmapped: [FormField]
    public var filled: [FormField]
}

/// Binds form fields to data: `pupil_name: pupil.name`, `start: {path: placement.start, filter: date}`.
public struct FormMap: Sendable {
    struct Entry: Sendable {
        var key: String
        /// As written: `placement.start | date`.
        var source: String
        var path: Expression
        /// The path with its filter, when there is one.
        var filtered: Expression?
    }

    public let file: String
    var entries: [Entry]

    /// Reads a map from a loaded YAML/JSON file: a map of field names to paths or `{path, filter}`.
    public init(_ document: DataDocument) throws {
        file = document.file
        entries = []
        guard case .map(let map) = document.value else {
            throw TemplateError(issues: [
                TemplateIssue(
                    code: .invalidFormMap, file: file,
                    message:
                        "must be a map of field names to data paths, such as 'pupil_name: pupil.name'; it holds \(document.value.kindDescription)"
                )
            ])
        }
        var issues: [TemplateIssue] = []
        for (key, value) in map.pairs {
            let path: String
            var filter: String?
            switch value {
            case .string(let text): path = text
            case .map(let spec):
                guard case .string(let text)? = spec["path"] else {
                    issues.append(
                        TemplateIssue(
                            code: .invalidFormMap, file: file, message: "'\(key)': give the data path as 'path: pupil.name'"))
                    continue
                }
                path = text
                if let given = spec["filter"] {
                    guard case .string(let text) = given else {
                        issues.append(
                            TemplateIssue(
                                code: .invalidFormMap, file: file,
                                message:
                                    "'\(key)': the filter must be text, such as 'filter: date' or 'filter: date(\"d/M/yyyy\")'"))
                        continue
                    }
                    filter = text
                }
                for unknown in spec.keys where unknown != "path" && unknown != "filter" {
                    issues.append(
                        TemplateIssue(
                            code: .invalidFormMap, file: file,
                            message:
                                "'\(key)': '\(unknown)' is not a setting of a field; use 'path' and 'filter'\(Suggestion.didYouMean(unknown, among: ["path", "filter"]))"
                        ))
                }
            default:
                issues.append(
                    TemplateIssue(
                        code: .invalidFormMap, file: file,
                        message: "'\(key)': give a data path (pupil.name) or 'path:' and 'filter:', not \(value.kindDescription)")
                )
                continue
            }
            let source = filter.map { "\(path) | \($0)" } ?? path
            do {
                guard case .output(let pathExpression) = try TagParser.parse("{{ \(path) }}").kind else { continue }
                var entry = Entry(key: key, source: source, path: pathExpression)
                if filter != nil, case .output(let filtered) = try TagParser.parse("{{ \(source) }}").kind {
                    entry.filtered = filtered
                }
                entries.append(entry)
            } catch {
                issues.append(
                    TemplateIssue(code: .invalidFormMap, file: file, message: "'\(key)': '\(source)': \(error.message)"))
            }
        }
        guard issues.isEmpty else { throw TemplateError(issues: issues) }
    }
}
