import Dispatch
import Foundation
import OfficeTemplate
import Placement
import Synchronization

/// The outcome of producing one document in one format.
public struct GeneratedDocument: Sendable {
    public var documentID: String
    public var kind: DocumentKind
    public var format: DocumentFormat
    /// Relative to the output folder.
    public var path: String
    /// The file's bytes (for hashing and the manifest); empty when it failed.
    public var bytes: [UInt8]
    /// What the render read from the context, by data path (with `recordReads`).
    public var reads: [DataRead: TemplateValue]
    /// Why it failed, or nil.
    public var error: String?
}

/// Renders planned documents with the shipped templates, on all cores, each file written
/// atomically into the output folder.
public struct DocumentGenerator: Sendable {
    public let templatesFolder: String
    public let formats: [DocumentFormat]
    public var recordReads = false

    public init(templatesFolder: String, formats: [DocumentFormat]) {
        self.templatesFolder = templatesFolder
        self.formats = formats
    }

    /// The template file of a document in a format.
    public func templatePath(_ kind: DocumentKind, _ format: DocumentFormat) -> String {
        (templatesFolder as NSString).appendingPathComponent("\(kind.templateName).\(format.rawValue)")
    }

    /// Compiles every template the documents need, once; every problem of every template is
    /// reported together.
    public func compileTemplates(for documents: [PlannedDocument]) throws -> [String: Template] {
        var templates: [String: Template] = [:]
        var issues: [TemplateIssue] = []
        for kind in DocumentKind.allCases where documents.contains(where: { $0.kind == kind }) {
            for format in formats {
                let path = templatePath(kind, format)
                do {
                    templates[path] = try Template(contentsOf: path)
                } catch let error as TemplateError {
                    issues += error.issues
                }
            }
        }
        guard issues.isEmpty else { throw TemplateError(issues: issues) }
        return templates
    }

    /// Renders and writes every document in every format. A failure does not stop the others
    /// unless `failFast`; results come back in document order.
    public func generate(
        _ documents: [PlannedDocument], into outputFolder: String, templates: [String: Template], failFast: Bool = false,
        progress: (@Sendable (_ done: Int, _ total: Int, _ failed: Int) -> Void)? = nil
    ) -> [GeneratedDocument] {
        let jobs = documents.flatMap { document in formats.map { (document, $0) } }
        let failed = Atomic<Int>(0)
        return concurrentMap(jobs.count) { index in
            let (document, format) = jobs[index]
            let relative = document.relativePath(format: format)
            var result = GeneratedDocument(
                documentID: document.id, kind: document.kind, format: format, path: relative, bytes: [], reads: [:], error: nil)
            if failFast && failed.load(ordering: .relaxed) > 0 {
                result.error = "not started: an earlier document failed (--fail-fast)"
            } else {
                do {
                    let template = templates[templatePath(document.kind, format)]!
                    let rendered = try template.render(
                        document.context, options: RenderOptions(recordReads: recordReads, baseDirectory: document.baseDirectory))
                    let path = (outputFolder as NSString).appendingPathComponent(relative)
                    try AtomicFile.createDirectories((path as NSString).deletingLastPathComponent)
                    try AtomicFile.write(rendered.bytes, to: path)
                    result.bytes = rendered.bytes
                    result.reads = rendered.reads
                } catch {
                    result.error = "\(error)"
                }
            }
            return result
        } finished: { result, done in
            // Counted under the results' lock, so the progress line's numbers agree.
            if result.error != nil { failed.add(1, ordering: .relaxed) }
            progress?(done, jobs.count, failed.load(ordering: .relaxed))
        }
    }
}
