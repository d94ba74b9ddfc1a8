import Foundation
import OfficeTemplate

/// A person or service a letter names, with how to reach them.
public struct Contact: Sendable, Hashable {
    public var name: String
    public var role: String?
    public var phone: String?
    public var email: String?
    /// The map as loaded.
    public var raw: TemplateValue

    public init(name: String, role: String? = nil, phone: String? = nil, email: String? = nil, raw: TemplateValue = .null) {
        self.name = name
        self.role = role
        self.phone = phone
        self.email = email
        self.raw = raw
    }

    /// Whether a letter can tell its reader how to reach this contact.
    public var isReachable: Bool { !(phone ?? "").isEmpty || !(email ?? "").isEmpty }
}

/// The school's policies a document may cite.
public enum PolicyID: String, Sendable, Hashable, CaseIterable, Codable {
    case onlineSafety = "online-safety"
    case childProtection = "child-protection"
    case attendance
    case behaviour
}

/// One version of one of the school's policies. Every letter cites the version it was written
/// under, so a new version means regenerating the letters that cite the old one.
public struct Policy: Sendable, Hashable {
    public var id: PolicyID
    public var title: String
    /// As written ("3.1", "2025.1"): text, never a number, so "3.10" stays "3.10".
    public var version: String
    public var effective: Date
    public var raw: TemplateValue

    public init(id: PolicyID, title: String, version: String, effective: Date, raw: TemplateValue = .null) {
        self.id = id
        self.title = title
        self.version = version
        self.effective = effective
        self.raw = raw
    }
}

/// The local authority's services the child-protection letter names.
public struct LocalAuthority: Sendable, Hashable {
    public var name: String
    /// Children's services "front door" (referrals).
    public var frontDoor: Contact
    /// Local Authority Designated Officer (allegations against staff).
    public var lado: Contact
    public var apTeam: Contact?
}

/// What kind of school commissions: decides which powers it can place a pupil under (an
/// off-site direction under s29A EA 2002 is a maintained school's power).
public enum SchoolType: String, Sendable, Hashable, CaseIterable, Codable {
    case maintained
    case pupilReferralUnit = "pupil-referral-unit"
    case academy
    case independent
}

/// The commissioning school: the pupil stays on its roll and it keeps safeguarding responsibility.
public struct School: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The school's DfE URN.
    public var urn: String
    /// Maintained, academy...; nil when not recorded.
    public var type: SchoolType?
    public var address: [String]
    public var phone: String?
    public var email: String?
    public var website: String?
    /// As written in the data, relative to the school's file; see `logoPath`.
    public var logo: String?
    public var headteacher: Contact?
    public var apCoordinator: Contact?
    /// Optional when loading so that rule 7 (`contacts`) can say what the letters need.
    public var dsl: Contact?
    public var deputyDSLs: [Contact]
    public var attendanceOfficer: Contact?
    /// The senior leader who champions attendance (WTISA 2024): signs the attendance letter when recorded.
    public var attendanceChampion: Contact?
    public var localAuthority: LocalAuthority?
    public var policies: [Policy]
    /// How many minutes after taking each register (morning and afternoon) a provider sends the
    /// school its positive confirmation of each pupil's attendance for that session.
    public var attendanceConfirmationMinutes: Int?
    public var attendanceMethod: String?
    /// The school's normal week in hours (the DfE expects at least 32.5 in mainstream), if the
    /// school records it: a pupil's total weekly education below it is flagged.
    public var weekHours: Double?
    public var safeguardingTraining: [String]
    /// The whole file as loaded: what templates read.
    public var raw: TemplateValue
    public var source: RecordSource

    /// The school's current version of a policy.
    public func policy(_ id: PolicyID) -> Policy? {
        policies.first { $0.id == id }
    }

    /// The logo as a path on disk (resolved against the school's file), if there is one.
    public var logoPath: String? { logo.map(source.resolve) }
}

extension Contact {
    static func read(_ reader: FieldReader) -> Contact? {
        let name = reader.text("name", required: true)
        let role = reader.text("role")
        let phone = reader.text("phone")
        let email = reader.text("email")
        guard let name else { return nil }
        return Contact(name: name, role: role, phone: phone, email: email, raw: .map(reader.map))
    }
}

extension School {
    static func read(_ reader: FieldReader) -> School? {
        let id = reader.text("id", required: true)
        reader.issues.subject = id
        let name = reader.text("name", required: true)
        let urn = reader.text("urn", required: true)
        let type: SchoolType? = reader.choice("type")
        // Printed by the online-safety letter (review E-4); read here so its type is checked.
        _ = reader.map("online_safety", noun: "online-safety rules") { o in (o.text("mobile_phones"), o.text("ai_tools")) }
        let address = reader.textList("address", required: true)
        let phone = reader.text("phone")
        let email = reader.text("email")
        let website = reader.text("website")
        let logo = reader.text("logo")
        if let logo, !FileManager.default.fileExists(atPath: reader.issues.source.resolve(logo)) {
            reader.issues.report(
                path: reader.fieldPath("logo"),
                "names a file that does not exist; the path is relative to this file's folder")
        }
        let headteacher = reader.map("headteacher", noun: "a contact", Contact.read)
        let apCoordinator = reader.map("ap_coordinator", noun: "a contact", Contact.read)
        let dsl = reader.map("dsl", noun: "a contact", Contact.read)
        let deputies = reader.mapList("deputy_dsls", noun: "a contact", Contact.read)
        let officer = reader.map("attendance_officer", noun: "a contact", Contact.read)
        let champion = reader.map("attendance_champion", noun: "a contact", Contact.read)
        let authority = reader.map("local_authority", noun: "a local authority") { la -> LocalAuthority? in
            let name = la.text("name", required: true)
            let frontDoor = la.map("front_door", required: true, noun: "a contact", Contact.read)
            let lado = la.map("lado", required: true, noun: "a contact", Contact.read)
            let apTeam = la.map("ap_team", noun: "a contact", Contact.read)
            guard let name, let frontDoor, let lado else { return nil }
            return LocalAuthority(name: name, frontDoor: frontDoor, lado: lado, apTeam: apTeam)
        }
        let policies = reader.mapList("policies", noun: "a policy", Policy.read) ?? []
        var seen: Set<PolicyID> = []
        for (index, policy) in policies.enumerated() where !seen.insert(policy.id).inserted {
            reader.issues.report(
                path: DataPath.appending(index: index, to: reader.fieldPath("policies")),
                "lists '\(policy.id.rawValue)' a second time; keep only the current version")
        }
        let minutes = reader.int("attendance_confirmation_minutes")
        if let minutes, minutes <= 0 || minutes > 120 {
            reader.issues.report(
                path: "attendance_confirmation_minutes",
                "is \(minutes); give the minutes after each register (1 to 120) by which a provider confirms attendance")
        }
        if reader.value("attendance_deadline") != nil {
            reader.issues.report(
                .warning, path: "attendance_deadline",
                "is no longer used: one clock time cannot fit every provider's sessions; give attendance_confirmation_minutes (minutes after each register, morning and afternoon) instead"
            )
        }
        let method = reader.text("attendance_method")
        let weekHours = reader.number("week_hours")
        let training = reader.textList("safeguarding_training") ?? []
        guard let id, let name, let urn, let address else { return nil }
        return School(
            id: id, name: name, urn: urn, type: type, address: address, phone: phone, email: email,
            website: website, logo: logo, headteacher: headteacher, apCoordinator: apCoordinator,
            dsl: dsl, deputyDSLs: deputies ?? [], attendanceOfficer: officer, attendanceChampion: champion,
            localAuthority: authority, policies: policies, attendanceConfirmationMinutes: minutes,
            attendanceMethod: method, weekHours: weekHours, safeguardingTraining: training,
            raw: .map(reader.map), source: reader.issues.source)
    }
}

extension Policy {
    static func read(_ reader: FieldReader) -> Policy? {
        let id: PolicyID? = reader.choice("id", required: true)
        let title = reader.text("title", required: true)
        let version = reader.text("version", required: true)
        let effective = reader.date("effective", required: true)
        guard let id, let title, let version, let effective else { return nil }
        return Policy(id: id, title: title, version: version, effective: effective, raw: .map(reader.map))
    }
}
