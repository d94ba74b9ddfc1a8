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
            let subjects = [school.id, provider.id] + (placement.map { [$0.id] } ?? [])
            let reasons = errors.filter { issue in
                guard let subject = issue.subject, subjects.contains(subject) else { return false }
                if kind == .commissioningChecklist { return issue.rule == .data && subject != placement?.id }
                return true
            }
            var document = PlannedDocument(
                kind: kind, schoolID: school.id, providerID: provider.id, placementID: placement?.id,
                context: .null, policyVersions: [:], baseDirectory: placement.map { directory(of: $0.source.path) } ?? directory(of: school.source.path))
            if severalSchools { document.folderPrefix = school.id + "/" }
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
        return plan
    }

    private static func directory(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}
