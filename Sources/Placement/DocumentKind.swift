import OfficeTemplate

/// The five documents of the AP document set, and what each is written from.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    case onlineSafetyLetter = "online-safety-letter"
    case childProtectionLetter = "child-protection-letter"
    case attendanceLetter = "attendance-letter"
    case placementAgreement = "placement-agreement"
    case commissioningChecklist = "commissioning-checklist"

    /// One per placement (the agreement), or one per provider (letters and checklist).
    public var isPerPlacement: Bool { self == .placementAgreement }

    /// Whether the document draws on every placement at its provider (the attendance letter
    /// lists them; the checklist's registration test counts them): it is held back whole when
    /// any of them has errors, never made without one.
    public var listsPlacements: Bool { self == .attendanceLetter || self == .commissioningChecklist }

    /// How a person names the document ("attendance letter").
    public var title: String {
        switch self {
        case .onlineSafetyLetter: return "e-safety letter"
        case .childProtectionLetter: return "child-protection letter"
        case .attendanceLetter: return "attendance letter"
        case .placementAgreement: return "placement agreement"
        case .commissioningChecklist: return "commissioning checklist"
        }
    }

    /// The school policies the document cites; a new version of one makes it out of date.
    public var citedPolicies: [PolicyID] {
        switch self {
        case .onlineSafetyLetter: return [.onlineSafety]
        case .childProtectionLetter: return [.childProtection]
        case .attendanceLetter: return [.attendance]
        case .placementAgreement: return [.onlineSafety, .childProtection, .attendance]
        case .commissioningChecklist: return []
        }
    }

    /// The template's file name without extension (`templates/online-safety-letter.docx`).
    public var templateName: String { rawValue }

    /// A short code for references ("OS" in `SCH-RVA/PRV-NSC/OS/3.1`).
    var referenceCode: String {
        switch self {
        case .onlineSafetyLetter: return "OS"
        case .childProtectionLetter: return "CP"
        case .attendanceLetter: return "AT"
        case .placementAgreement: return "PA"
        case .commissioningChecklist: return "CC"
        }
    }
}

/// One document to produce: which, for whom, from what context.
public struct PlannedDocument: Sendable {
    public var kind: DocumentKind
    public var schoolID: String
    public var providerID: String
    public var placementID: String?
    /// What the template sees (see docs/data-model.md).
    public var context: TemplateValue
    /// Policy id -> version cited, for the manifest and for staleness after a policy change.
    public var policyVersions: [String: String]
    /// Where relative file names in the context (logos, drawn signatures) are read from.
    public var baseDirectory: String?
    /// `SCH-RVA/` when the data holds several schools (a provider can serve more than one).
    public var folderPrefix: String = ""

    /// The document's id, which is also its path without extension: `PL-2025-014/placement-agreement`
    /// or `PRV-NSC/online-safety-letter`. Ids only, never a pupil's name.
    public var id: String {
        "\(folderPrefix)\(placementID ?? providerID)/\(kind.rawValue)"
    }

    /// The output file, relative to the output folder.
    public func relativePath(format: DocumentFormat) -> String { "\(id).\(format.rawValue)" }
}
