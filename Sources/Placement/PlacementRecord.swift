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

    /// What the code records, as the letters and agreement explain it, in the words of the
    /// 2024 Regulations, reg 10(3) Table 2 (docs/legal-basis.md).
    public var meaning: String {
        switch self {
        case .B:
            return
                "attending an approved educational activity off site, approved and supervised by a person authorised by the school"
        case .K:
            return "attending education provision arranged by the local authority under its statutory power"
        case .D:
            return "dual registered: attending the other school at which the pupil is also a registered pupil"
        }
    }
}

/// The local authority's power behind a K placement (2024 Regulations, reg 10(3) Table 2): only
/// these make an LA arrangement code K.
public enum LAPower: String, Sendable, Hashable, CaseIterable, Codable {
    case s19 = "s19-ea1996"
    case s42 = "s42-cfa2014"
    case s61 = "s61-cfa2014"

    /// The power as the agreement and letter cite it.
    public var text: String {
        switch self {
        case .s19: return "section 19 of the Education Act 1996"
        case .s42: return "section 42 of the Children and Families Act 2014 (the provision in an EHC plan)"
        case .s61: return "section 61 of the Children and Families Act 2014"
        }
    }
}

/// A local authority's part in a placement: the power it acts under (for code K) and who agreed
/// the placement for it, and when (required for K placements and pupils with an EHC plan).
public struct LAArrangement: Sendable, Hashable {
    public var authority: String?
    public var power: LAPower?
    public var agreedBy: Contact?
    public var agreed: Date?
}

/// Where the pupil is for the part of the week not at this provider.
public enum RestOfWeekPlace: String, Sendable, Hashable, CaseIterable, Codable {
    case school
    case otherProvision = "other-provision"
    /// At home: no education; the days it covers are part of a reduced timetable.
    case home
}

/// One part of the pupil's week away from this provider (`rest_of_week` in the data).
public struct RestOfWeekPart: Sendable, Hashable {
    public var place: RestOfWeekPlace
    public var days: [Weekday]
    /// Hours of education a week in this part (0 at home).
    public var hours: Double
    public var description: String?

    /// Whether this part is education (school or other provision), not time at home.
    public var isEducation: Bool { place != .home }
}

/// A reduced (part-time) timetable agreed for the pupil: the 2024 Regulations, reg 11(6)
/// (code C2) and Working together to improve school attendance (2024).
public struct ReducedTimetable: Sendable, Hashable {
    /// The exceptional circumstances that justify it.
    public var reason: String?
    /// When a parent agreed it.
    public var parentAgreed: Date?
    /// When the local authority was told.
    public var laTold: Date?
    /// The date it ends (it must be time-limited).
    public var ends: Date?
    /// How the pupil returns to a full-time timetable.
    public var planToFullTime: String?
}

/// A direction to attend off site to improve behaviour (Education Act 2002 s29A; the Education
/// (Educational Provision for Improving Behaviour) Regulations 2010, as amended in 2012): the
/// written notice and what it must say, for maintained schools (and academies whose funding
/// agreement or articles give them the same power).
public struct OffSiteDirection: Sendable, Hashable {
    /// When the governing body decided to impose the requirement.
    public var decided: Date?
    /// When written notice went to the parent (at least two school days before the first day).
    public var noticeGiven: Date?
    /// When written notice went to the local authority (required for a pupil with an EHC plan).
    public var noticeToLA: Date?
    /// The number of days the requirement is imposed for, as the notice states it.
    public var days: Int?
    /// The person the pupil reports to on first attending.
    public var reportTo: Contact?
}

/// A looked-after pupil's legal status (Children Act 1989).
public enum CareStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Subject to a care order: the local authority shares parental responsibility (s33(3)).
    case careOrder = "s31-care-order"
    /// Accommodated under s20: the parents keep parental responsibility; the LA has none.
    case accommodated = "s20-accommodated"
}

/// What the school must know about a looked-after pupil (CA 1989 ss20, 31, 33; Promoting the
/// education of looked-after and previously looked-after children, 2018).
public struct CareDetails: Sendable, Hashable {
    public var legalStatus: CareStatus?
    /// The local authority that looks after the pupil.
    public var authority: String?
    public var socialWorker: Contact?
    public var virtualSchoolHead: Contact?
    /// The date of the current personal education plan (PEP).
    public var pep: Date?
}

/// A weekday a session falls on.
public enum Weekday: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case monday = "Monday"
    case tuesday = "Tuesday"
    case wednesday = "Wednesday"
    case thursday = "Thursday"
    case friday = "Friday"
    case saturday = "Saturday"
    case sunday = "Sunday"

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
    /// The types of need (DfE census codes), checked against a registered school's registration.
    public var senTypes: [SENType]
    public var lookedAfter: Bool
    /// For a looked-after pupil: legal status, social worker, virtual school head and PEP.
    public var care: CareDetails?
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
    /// Whether this person holds parental responsibility (nil: not recorded). Foster carers
    /// never do; they act under delegated authority.
    public var parentalResponsibility: Bool?
    /// For a carer without parental responsibility: whether the holders delegated to them the
    /// authority to agree to this placement.
    public var delegatedAuthority: Bool?

    /// Whether the relationship says foster carer (who never holds parental responsibility).
    public var isFosterCarer: Bool { (relationship ?? "").lowercased().contains("foster") }
}

/// Who signs the placement agreement.
public enum SignatureRole: String, Sendable, Hashable, CaseIterable, Codable {
    case school, provider
    case parentCarer = "parent-carer"
    case pupil
    /// The local authority: for a placement it arranges (K), and for a looked-after pupil (signed
    /// by the virtual school head or social worker).
    case localAuthority = "local-authority"
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
    /// Where the pupil is for the rest of the week (school, other provision, home), with hours.
    public var restOfWeek: [RestOfWeekPart]
    /// Who approved and supervises the activity on the school's behalf (code B, reg 10(11)).
    public var supervisedBy: Contact?
    /// For code D: when the provider admitted the pupil to its own register.
    public var dualRegistrationAdmitted: Date?
    /// The local authority's power and agreement (code K; EHC plan).
    public var laArrangement: LAArrangement?
    /// For a pupil with an EHC plan: the early review of the plan held before the start.
    public var ehcPlanReview: Date?
    /// An off-site direction under s29A EA 2002 (`arrangement.off_site_direction`).
    public var offSiteDirection: OffSiteDirection?
    /// When the school re-checked the provider's registration and latest inspection report for
    /// this placement (review R-9: at each new placement, as well as yearly).
    public var providerRecheck: Date?
    /// A reduced timetable, when the pupil's week is not full (C2 sessions).
    public var reducedTimetable: ReducedTimetable?
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
