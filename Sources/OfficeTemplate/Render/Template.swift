import Foundation

/// Options for compiling a template.
public struct TemplateOptions: Sendable {
    /// Limits against hostile packages (zip bombs, huge parts).
    public var limits: PackageLimits

    public init(limits: PackageLimits = .init()) {
        self.limits = limits
    }
}

/// A DOCX or ODT template, compiled once and rendered many times, from many threads at once.
///
/// Compiling reads the package, finds the tags in the text as a reader sees it (however Word
/// or LibreOffice split them over runs), checks them all and precomputes the static XML.
/// Every problem is reported at once in a `TemplateError`.
public struct Template: Sendable {
    /// The template's file name, used in messages.
    public let name: String
    public let format: DocumentFormat
    /// The template package, from which unchanged entries are copied still compressed.
    let package: [UInt8]
    let limits: PackageLimits
    let entries: [EntryPlan]
    /// The `.write` entries, compressed once at compile time, so a render copies them as they are.
    let preparedParts: [UInt8]

    /// What happens to each entry of the package, in output order.
    enum EntryPlan: Sendable {
        /// Copied as it is, without recompressing.
        case copy(ZipEntryInfo)
        /// Written with new bytes (a cleaned part, the ODF mimetype).
        case write(name: String, bytes: [UInt8], compress: Bool)
        /// Rendered from the part's program.
        case render(name: String, program: PartProgram)
    }

    /// Reads and compiles the template at `path`.
    public init(contentsOf path: String, options: TemplateOptions = .init()) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let bytes: [UInt8]
        do {
            // A package larger than all its entries may expand to is refused unread.
            bytes = try RegularFile.read(path, maximumSize: options.limits.maxTotalSize)
        } catch {
            throw TemplateError(issues: [
                TemplateIssue(code: .unreadableFile, file: name, message: "cannot read the template: \(error.reason)")
            ])
        }
        try self.init(bytes: bytes, name: name, options: options)
    }

    /// Compiles a template from its bytes; `name` ("letter.docx") gives the format and appears in messages.
    public init(bytes: [UInt8], name: String, format: DocumentFormat? = nil, options: TemplateOptions = .init()) throws {
        guard let format = format ?? DocumentFormat(path: name) else {
            throw TemplateError(issues: [
                TemplateIssue(
                    code: .notADocument, file: name,
                    message:
                        "is neither a .docx nor an .odt file; save the template from Word or LibreOffice in one of those formats")
            ])
        }
        self.name = name
        self.format = format
        self.package = bytes
        self.limits = options.limits
        let reader: ZipReader
        do {
            reader = try ZipReader(bytes: bytes, name: name, limits: options.limits)
        } catch {
            throw TemplateError(issues: [TemplateIssue(code: .invalidPackage, file: name, message: error.description)])
        }
        let entries = try TemplateCompiler(name: name, format: format, reader: reader).compile()
        self.entries = entries
        let prepared = try ZipWriter(name: name)
        for case .write(let entryName, let bytes, let compress) in entries {
            prepared.add(name: entryName, bytes: bytes, compress: compress)
        }
        self.preparedParts = try prepared.finish()
    }
}

/// Turns the package's entries into an `EntryPlan` list: which to copy, clean or render.
private struct TemplateCompiler {
    let name: String
    let format: DocumentFormat
    let reader: ZipReader

    func compile() throws -> [Template.EntryPlan] {
        let adapter = packageAdapter(for: format)
        let names = reader.entries.map(\.name)
        var issues: [TemplateIssue] = []
        try checkShape(names, adapter: adapter)

        let dropped = adapter.droppedParts
        let templated = Set(adapter.templatedParts(names))
        var plan: [Template.EntryPlan] = []
        if let leading = adapter.leadingStoredEntry {
            // ODF readers identify the package by a stored `mimetype` written first.
            let bytes = reader.entry(named: leading).flatMap { try? reader.read($0) } ?? []
            plan.append(.write(name: leading, bytes: bytes, compress: false))
        }
        for entry in reader.entries where entry.name != adapter.leadingStoredEntry {
            if dropped.contains(entry.name) { continue }
            guard let clean = adapter.cleaner(for: entry.name) ?? (templated.contains(entry.name) ? { _ in } : nil)
            else {
                plan.append(.copy(entry))
                continue
            }
            do {
                let tree = try XMLTree(parsing: try reader.read(entry), partName: entry.name)
                if let root = tree.root { clean(root) }
                if templated.contains(entry.name) {
                    let compiler = PartCompiler(file: name, part: entry.name, tree: tree, format: adapter)
                    if format == .docx { compiler.relationshipTargets = templatedLinkTargets(of: entry.name) }
                    if var program = compiler.compile() {
                        resolveOriginalPictures(&program, part: entry.name)
                        plan.append(.render(name: entry.name, program: program))
                    }
                    issues += compiler.issues
                } else {
                    plan.append(.write(name: entry.name, bytes: tree.serialize(), compress: true))
                }
            } catch let error as XMLTreeError {
                // libxml2 reports a cascade after the first fatal error; only the first is useful.
                for problem in error.problems.prefix(1) {
                    issues.append(
                        TemplateIssue(
                            code: .malformedXML, file: name, part: entry.name, line: problem.line, column: problem.column,
                            message:
                                "\(problem.message); the part is not well-formed XML, so open and save the template again in Word or LibreOffice"
                        ))
                }
            } catch let error as PackageError {
                issues.append(TemplateIssue(code: .invalidPackage, file: name, part: entry.name, message: error.description))
            }
        }
        guard issues.isEmpty else { throw TemplateError(issues: issues) }
        return plan
    }

    /// DOCX: the targets of a part's external relationships (hyperlinks) that hold tags, by id.
    private func templatedLinkTargets(of part: String) -> [String: String] {
        guard let entry = reader.entry(named: PictureSink.relationshipsPart(of: part)),
            let tree = try? XMLTree(parsing: try reader.read(entry), partName: entry.name), let root = tree.root
        else { return [:] }
        var targets: [String: String] = [:]
        for relationship in root.children(XMLNamespace.packageRelationships, "Relationship") {
            if HistoryCleaner.plainAttribute(relationship, "TargetMode") == "External",
                let id = HistoryCleaner.plainAttribute(relationship, "Id"),
                let target = HistoryCleaner.plainAttribute(relationship, "Target"),
                PartCompiler.linkTemplate(target).contains("{{")
            {
                targets[id] = target
            }
        }
        return targets
    }

    /// DOCX picture slots name the template picture by relationship id; the render needs its target
    /// (to keep the template's picture when the data has none).
    private func resolveOriginalPictures(_ program: inout PartProgram, part: String) {
        guard program.pictureSlots.contains(where: { if case .relationship = $0.target { return true } else { return false } }),
            let entry = reader.entry(named: PictureSink.relationshipsPart(of: part)),
            let tree = try? XMLTree(parsing: try reader.read(entry), partName: entry.name), let root = tree.root
        else { return }
        var targets: [String: String] = [:]
        for relationship in root.children(XMLNamespace.packageRelationships, "Relationship") {
            if let id = HistoryCleaner.plainAttribute(relationship, "Id"),
                let target = HistoryCleaner.plainAttribute(relationship, "Target")
            {
                targets[id] = target
            }
        }
        for index in program.pictureSlots.indices {
            if case .relationship(let id, let original?) = program.pictureSlots[index].target {
                program.pictureSlots[index].target = .relationship(id: id, original: targets[original])
            }
        }
    }

    /// A package that is a zip but not the document its extension claims.
    private func checkShape(_ names: [String], adapter: any PackageAdapter) throws {
        let missing = adapter.requiredParts.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw TemplateError(issues: [
                TemplateIssue(
                    code: .notADocument, file: name,
                    message:
                        "is not a \(format.rawValue.uppercased()) document (it has no \(missing.joined(separator: " or "))); save it again from Word or LibreOffice as .\(format.rawValue)"
                )
            ])
        }
    }
}
