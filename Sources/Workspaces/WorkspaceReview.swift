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
    public static func run(_ workspace: Workspace, issueDate: Date, checkTemplates: Bool = true) throws -> WorkspaceReview {
        let (dataset, loadIssues) = try Dataset.load(folder: workspace.root)
        let settings = workspace.config.settings
        let issues = loadIssues + Rules.check(dataset, settings: settings, today: issueDate)
        let plan = DocumentPlanner.plan(dataset, issues: issues, settings: settings, issueDate: issueDate, today: issueDate)
        let generator = DocumentGenerator(templatesFolder: workspace.templatesFolder, formats: workspace.formats)
        let templates = try generator.compileTemplates(for: plan.documents)
        var review = WorkspaceReview(
            dataset: dataset, issues: issues.sortedForReport(), plan: plan, issueDate: issueDate, templates: templates)
        if checkTemplates {
            for document in plan.documents {
                var missing: [String] = []
                for format in workspace.formats {
                    guard let template = templates[generator.templatePath(document.kind, format)] else { continue }
                    missing += missingPaths(template, document)
                }
                if !missing.isEmpty { review.hold(document.id, missingPaths: missing) }
            }
        }
        return review
    }

    /// Holds a planned document back because the data lacks fields its template prints: the
    /// gaps become data issues, reported with the rest.
    mutating func hold(_ documentID: String, missingPaths: [String]) {
        guard let document = plan.documents.first(where: { $0.id == documentID }) else { return }
        var reasons: [ValidationIssue] = []
        for path in missingPaths {
            let issue = Self.missingField(path, document: document, dataset: dataset)
            if !reasons.contains(issue) { reasons.append(issue) }
        }
        plan.documents.removeAll { $0.id == documentID }
        plan.blocked.append(BlockedDocument(id: documentID, kind: document.kind, reasons: reasons))
        issues = (issues + reasons.filter { !issues.contains($0) }).sortedForReport()
    }

    /// The data paths the template needs and the context lacks. The template's usage is a quick
    /// first look, but it cannot see every guard (`{% if x | default('') %}`): only when it
    /// finds a gap is the document rendered in memory, and what the render could not find is
    /// the answer, exactly as a build would meet it.
    static func missingPaths(_ template: Template, _ document: PlannedDocument) -> [String] {
        guard !template.compare(with: document.context).missing.isEmpty else { return [] }
        do {
            _ = try template.render(
                document.context, options: RenderOptions(recordReads: true, baseDirectory: document.baseDirectory))
            return []
        } catch let error as TemplateError {
            return error.issues.compactMap(\.missingDataPath)
        } catch {
            return []
        }
    }

    /// Lists the data model has (`key_workers: []` is a valid answer when there are none).
    static let listFields: Set<String> = [
        "key_workers", "parents", "sessions", "aims", "reviews", "signatures", "subjects", "deputy_dsls", "address",
        "policies", "safeguarding_training", "checks", "letters_issued", "sites",
    ]

    static func listHint(_ field: String) -> String {
        let last = field.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? field
        return listFields.contains(last) ? ", or an empty list ([]) if there are none" : ""
    }

    /// A field the template prints that the context lacks, as a problem in the record it
    /// comes from: `PL-2026-001 pupil.key_workers: is missing, and the placement agreement prints it`.
    static func missingField(_ path: String, document: PlannedDocument, dataset: Dataset) -> ValidationIssue {
        let root = String(path.prefix { $0 != "." && $0 != "[" })
        let rest =
            path.count > root.count ? String(path.dropFirst(root.count + (path.dropFirst(root.count).first == "." ? 1 : 0))) : ""
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
            message: "is missing, and the \(document.kind.title) prints it; add it\(listHint(field))")
    }
}
