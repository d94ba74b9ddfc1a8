import Foundation
import OfficeTemplate

/// Which documents to produce.
public enum DocumentSelection: Sendable, Hashable {
    case all
    /// A provider's letters and checklist, and the agreements of its placements.
    case provider(String)
    /// One placement's agreement.
    case placement(String)
}

/// A document the rules stop, with the errors that stop it.
public struct BlockedDocument: Sendable {
    public var id: String
    public var kind: DocumentKind
    public var reasons: [ValidationIssue]

    public init(id: String, kind: DocumentKind, reasons: [ValidationIssue]) {
        self.id = id
        self.kind = kind
        self.reasons = reasons
    }
}

/// The documents a dataset calls for, and those its errors hold back.
public struct DocumentPlan: Sendable {
    public var documents: [PlannedDocument] = []
    public var blocked: [BlockedDocument] = []
}

public enum DocumentPlanner {
    /// Plans the documents of `selection`. A document is held back when an error names its
    /// school, provider or placement (the commissioning checklist only by data errors, since it is
    /// where a failed check is recorded). Warnings hold nothing back.
    public static func plan(
        _ dataset: Dataset, issues: [ValidationIssue], selection: DocumentSelection = .all,
        settings: RuleSettings = .guidance, issueDate: Date, today: Date
    ) -> DocumentPlan {
        let builder = DocumentContext(dataset: dataset, settings: settings, issueDate: issueDate, today: today)
        let errors = issues.filter { $0.severity == .error }
        var plan = DocumentPlan()
        let severalSchools = dataset.schools.count > 1

        func add(_ kind: DocumentKind, _ school: School, _ provider: Provider, _ placement: PlacementRecord?) {
            var document = PlannedDocument(
                kind: kind, schoolID: school.id, providerID: provider.id, placementID: placement?.id,
                context: .null, policyVersions: [:], baseDirectory: school.source.dataFolder)
            if severalSchools { document.folderPrefix = school.id + "/" }
            let reasons = holdingReasons(
                kind, school: school, provider: provider, placement: placement, errors: errors, dataset: dataset)
            guard reasons.isEmpty else {
                plan.blocked.append(BlockedDocument(id: document.id, kind: kind, reasons: reasons))
                return
            }
            for policy in kind.citedPolicies { document.policyVersions[policy.rawValue] = school.policy(policy)?.version }
            document.context = builder.context(for: kind, school: school, provider: provider, placement: placement)
            plan.documents.append(document)
        }

        for school in dataset.schools {
            let placements = dataset.placements.filter { $0.school == school.id }
            let providerIDs = Set(placements.map(\.provider))
            for provider in dataset.providers where !severalSchools || providerIDs.contains(provider.id) {
                let wanted: Bool
                switch selection {
                case .all: wanted = true
                case .provider(let id): wanted = id == provider.id
                case .placement: wanted = false
                }
                if wanted {
                    for kind in DocumentKind.allCases where !kind.isPerPlacement { add(kind, school, provider, nil) }
                }
                for placement in placements where placement.provider == provider.id {
                    switch selection {
                    case .all: add(.placementAgreement, school, provider, placement)
                    case .provider(let id) where id == provider.id: add(.placementAgreement, school, provider, placement)
                    case .placement(let id) where id == placement.id: add(.placementAgreement, school, provider, placement)
                    default: continue
                    }
                }
            }
        }
        for record in dataset.unloaded where record.kind == .placement {
            let wanted: Bool
            switch selection {
            case .all: wanted = true
            case .provider(let id): wanted = record.provider == nil || record.provider == id
            case .placement(let id): wanted = record.id == id
            }
            guard wanted else { continue }
            let prefix = severalSchools ? (record.school.map { $0 + "/" } ?? "") : ""
            plan.blocked.append(
                BlockedDocument(
                    id: "\(prefix)\(record.id)/\(DocumentKind.placementAgreement.rawValue)", kind: .placementAgreement,
                    reasons: errors.filter { $0.file == record.file }))
        }
        return plan
    }

    /// The errors that hold a document back: those about its own school, provider or placement,
    /// and, for a document that lists the provider's placements, those of every placement it
    /// would list, including files left out of the data (whose provider may not even be known):
    /// such a document is never made without one of its pupils.
    static func holdingReasons(
        _ kind: DocumentKind, school: School, provider: Provider, placement: PlacementRecord?, errors: [ValidationIssue],
        dataset: Dataset
    ) -> [ValidationIssue] {
        var subjects: Set<String> = [school.id, provider.id]
        if let placement { subjects.insert(placement.id) }
        var reasons = errors.filter { issue in
            guard let subject = issue.subject, subjects.contains(subject) else { return false }
            // The checklist is where a failed check is recorded: only data errors stop it.
            return kind != .commissioningChecklist || issue.rule == .data
        }
        guard kind.listsPlacements else { return reasons }
        let listed = Set(dataset.placements.filter { $0.provider == provider.id && $0.school == school.id }.map(\.id))
        reasons += errors.filter { issue in
            guard let subject = issue.subject, listed.contains(subject) else { return false }
            return kind != .commissioningChecklist || issue.rule == .data
        }
        for record in dataset.unloaded where record.kind == .placement {
            guard record.provider == nil || record.provider == provider.id, record.school == nil || record.school == school.id
            else { continue }
            reasons.append(
                ValidationIssue(
                    severity: .error, rule: .data, subject: record.id, path: nil, file: record.file, line: nil,
                    message:
                        "the \(kind.title) lists every pupil placed with \(provider.id) and waits until they are fixed, so that no pupil is left out"
                ))
        }
        return reasons
    }
}
