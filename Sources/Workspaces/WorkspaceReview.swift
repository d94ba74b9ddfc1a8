import Foundation
import OfficeTemplate
import Placement

/// The one judge of a workspace's data: `validate`, `status` and `build` all ask it, with the
/// same settings and the same issue date, so that they cannot disagree.
///
/// It loads the data, runs the rules, plans the documents (holding back those that errors
/// concern) and checks each planned document's template against the context it would receive:
/// a field a template prints that the data lacks is reported as a problem in the data, naming
/// the record's file and field, and holds that document back.
public struct WorkspaceReview: Sendable {
    public var dataset: Dataset
    /// Every error and warning, sorted for reading.
    public var issues: [ValidationIssue]
    public var plan: DocumentPlan
    /// The date letters carry and the rules judge by.
    public var issueDate: Date
    /// The compiled templates, by path (those that compiled).
    var templates: [String: Template]

    /// Reviews `workspace` as it is on disk.
    ///
    /// - Throws: `TemplateError` when a template cannot be compiled (a problem for whoever
    ///   edits templates, reported with its place); `DataError` when the data folder is missing.
    public static func run(_ workspace: Workspace, issueDate: Date) throws -> WorkspaceReview {
        let (dataset, loadIssues) = try Dataset.load(folder: workspace.root)
        let settings = workspace.config.settings
        var issues = loadIssues + Rules.check(dataset, settings: settings, today: issueDate)
        var plan = DocumentPlanner.plan(dataset, issues: issues, settings: settings, issueDate: issueDate, today: issueDate)
        let generator = DocumentGenerator(templatesFolder: workspace.templatesFolder, formats: workspace.formats)
        let templates = try generator.compileTemplates(for: plan.documents)
        var kept: [PlannedDocument] = []
        for document in plan.documents {
            var missing: [ValidationIssue] = []
            for format in workspace.formats {
                guard let template = templates[generator.templatePath(document.kind, format)] else { continue }
                for path in missingPaths(template, document) {
                    let issue = missingField(path, document: document, dataset: dataset)
                    if !missing.contains(issue) { missing.append(issue) }
                }
            }
            if missing.isEmpty {
                kept.append(document)
            } else {
                plan.blocked.append(BlockedDocument(id: document.id, kind: document.kind, reasons: missing))
                for issue in missing where !issues.contains(issue) { issues.append(issue) }
            }
        }
        plan.documents = kept
        return WorkspaceReview(dataset: dataset, issues: issues.sortedForReport(), plan: plan, issueDate: issueDate, templates: templates)
    }

    /// The data paths the template needs and the context lacks. The template's usage is a quick
    /// first look, but it cannot see every guard (`{% if x | default('') %}`): only when it
    /// finds a gap is the document rendered in memory, and what the render could not find is
    /// the answer, exactly as a build would meet it.
    static func missingPaths(_ template: Template, _ document: PlannedDocument) -> [String] {
        guard !template.compare(with: document.context).missing.isEmpty else { return [] }
        do {
            _ = try template.render(document.context, options: RenderOptions(recordReads: true, baseDirectory: document.baseDirectory))
            return []
        } catch let error as TemplateError {
            return error.issues.compactMap(\.missingDataPath)
        } catch {
            return []
        }
    }

    /// A field the template prints that the context lacks, as a problem in the record it
    /// comes from: `PL-2026-001 pupil.key_workers: is missing, and the placement agreement prints it`.
    static func missingField(_ path: String, document: PlannedDocument, dataset: Dataset) -> ValidationIssue {
        let root = String(path.prefix { $0 != "." && $0 != "[" })
        let rest = path.count > root.count ? String(path.dropFirst(root.count + (path.dropFirst(root.count).first == "." ? 1 : 0))) : ""
        var source: RecordSource?
        var subject = document.providerID
        var field = path
        switch root {
        case "pupil", "parents", "signature", "placement":
            if let id = document.placementID, let placement = dataset.placement(id: id) {
                source = placement.source
                subject = id
                switch root {
                case "placement": field = rest
                case "signature": field = "signatures"
                default: field = path
                }
            }
        case "school", "policy":
            if let school = dataset.school(id: document.schoolID) {
                source = school.source
                subject = school.id
                field = root == "school" ? rest : "policies"
            }
        default:
            if let provider = dataset.provider(id: document.providerID) {
                source = provider.source
                field = root == "provider" ? rest : path
            }
        }
        return ValidationIssue(
            severity: .error, rule: .data, subject: subject, path: field.isEmpty ? nil : field, file: source?.file,
            line: source?.line(of: field),
            message: "is missing, and the \(document.kind.title) prints it; add it to the data (a list can be empty: [])")
    }
}
