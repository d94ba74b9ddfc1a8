import Foundation
import OfficeTemplate

/// Who arranged the placement; decides the attendance code (rule 2).
public enum PlacementBasis: String, Sendable, Hashable, CaseIterable, Codable {
    case school
    case localAuthority = "local-authority"
    case dualRegistration = "dual-registration"

    /// The attendance code this basis requires.
    public var attendanceCode: AttendanceCode {
        switch self {
        case .school: return .B
        case .localAuthority: return .K
        case .dualRegistration: return .D
        }
    }

    /// The legal basis as the agreement states it.
    public var text: String {
        switch self {
        case .school: return "Off-site alternative provision arranged by the school"
        case .localAuthority: return "Alternative provision arranged by the local authority"
        case .dualRegistration: return "Dual registration with the provider"
        }
    }
}

/// The school's attendance code for the pupil's sessions at the provider (School Attendance
/// (Pupil Registration) (England) Regulations 2024).
public enum AttendanceCode: String, Sendable, Hashable, CaseIterable, Codable {
    case B, K, D

    /// What the code records, as the letters and agreement explain it.
    public var meaning: String {
        switch self {
        case .B: return "attending an approved off-site educational activity arranged by the school"
        case .K: return "attending education provision arranged by the local authority"
        case .D: return "dual registered: attending the other school at which the pupil is registered"
        }
    }
}

/// A weekday a session falls on.
public enum Weekday: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case monday = "Monday", tuesday = "Tuesday", wednesday = "Wednesday", thursday = "Thursday"
    case friday = "Friday", saturday = "Saturday", sunday = "Sunday"

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One weekly session at the provider.
public struct Session: Sendable, Hashable {
    public var day: Weekday
    public var start: TimeOfDay
    public var end: TimeOfDay
    /// The provider site's `id`, if the provider has more than one.
    public var site: String?

    /// Length in hours.
    public var hours: Double { Double(end.minutes - start.minutes) / 60 }
}

/// The level of special educational needs support (special category data: never in issues).
public enum SENSupport: String, Sendable, Hashable, CaseIterable, Codable {
    case none
    case senSupport = "sen-support"
    case ehcPlan = "ehc-plan"
}

/// The pupil. `key` is the only identifier that may appear in file names, logs and issues.
public struct Pupil: Sendable, Hashable {
    public var key: String
    /// Printed only in the placement agreement.
    public var name: String
    public var yearGroup: Int?
    public var dateOfBirth: Date?
    public var upn: String?
    public var sen: SENSupport
    public var senSummary: String?
    public var lookedAfter: Bool
    public var medicalNeedsRef: String?
    public var keyWorkers: [Contact]
    /// Held for decisions, never printed: `templateValue` removes it.
    public var childProtectionStatus: String?
    /// The map as loaded (including `child_protection`; use `templateValue` for templates).
    public var raw: TemplateValue

    /// The pupil as templates may see it: `raw` without `child_protection`.
    public var templateValue: TemplateValue {
        guard case .map(var map) = raw else { return raw }
        map["child_protection"] = nil
        return .map(map)
    }
}

/// A parent or carer, who must be involved in and agree to the placement.
public struct ParentCarer: Sendable, Hashable {
    public var name: String
    public var relationship: String?
    public var phone: String?
    public var email: String?
    /// When they were involved in the decision.
    public var involved: Date?
    public var agreed: Bool
}

/// Who signs the placement agreement.
public enum SignatureRole: String, Sendable, Hashable, CaseIterable, Codable {
    case school, provider
    case parentCarer = "parent-carer"
    case pupil
}

/// How a signature was given.
public enum SignatureMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Signed on paper; the agreement prints the name and date.
    case paper
    /// Typed name as an electronic signature.
    case typed
    /// Drawn on screen; `image` holds the picture.
    case drawn
}

/// One party's signature of the placement agreement.
public struct Signature: Sendable, Hashable {
    public var role: SignatureRole
    public var name: String
    public var date: Date
    public var method: SignatureMethod
    /// For `drawn`: the image as written in the data, relative to the placement file.
    public var image: String?
    /// `image` as a path on disk.
    public var imagePath: String?
}

/// The placement's target outcomes, one per area the guidance names.
public struct Outcomes: Sendable, Hashable {
    public var attendance: String?
    public var attitude: String?
    public var attainment: String?
    public var behaviour: String?
}

/// One pupil at one provider, commissioned by one school.
public struct PlacementRecord: Sendable, Hashable {
    public var id: String
    /// The commissioning school's `id`.
    public var school: String
    /// The provider's `id`.
    public var provider: String
    public var pupil: Pupil
    public var parents: [ParentCarer]
    public var basis: PlacementBasis
    public var attendanceCode: AttendanceCode?
    public var start: Date
    public var plannedEnd: Date?
    public var sessions: [Session]
    public var restOfWeek: String?
    public var aims: [String]
    public var pupilVoice: String?
    public var subjects: [String]
    public var qualificationRoute: String?
    public var outcomes: Outcomes?
    public var reviews: [Date]
    public var laNotified: Date?
    /// When the agreed terms last changed: signatures dated before it are for an earlier version.
    public var lastChanged: Date?
    public var signatures: [Signature]
    /// The whole file as loaded: what templates read (transport, costs, liaison and
    /// reintegration text are only used from here).
    public var raw: TemplateValue
    public var source: RecordSource
}
