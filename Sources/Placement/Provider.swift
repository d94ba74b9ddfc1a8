import Foundation
import OfficeTemplate

/// What sort of setting a provider is; decides whether it must be registered (rule 1).
public enum ProviderKind: String, Sendable, Hashable, CaseIterable, Codable {
    case registeredSchool = "registered-school"
    case feCollege = "fe-college"
    case nonSchool = "non-school"
}

/// A provider's registration as a school (or an FE college's identifier).
public struct Registration: Sendable, Hashable {
    public var type: String?
    public var urn: String?
}

/// The provider's latest inspection. Ofsted no longer gives state schools a single overall
/// judgement (report cards from November 2025), so `report` records the kind of report and
/// `outcome` is optional.
public struct OfstedOutcome: Sendable, Hashable {
    /// "Report card", "Graded inspection", "ISI inspection report"...
    public var report: String?
    public var outcome: String?
    public var date: Date?
}

/// One place where a provider teaches; sessions name it by `id`.
public struct Site: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var address: [String]
    /// For a registered school: whether the school checked that its registration (GIAS, and any
    /// material change approved by the DfE) covers this site. nil: not recorded.
    public var coveredByRegistration: Bool?
}

/// A type of special educational need, by the DfE's school census codes (the types an
/// independent school's registration can name).
public enum SENType: String, Sendable, Hashable, CaseIterable, Codable {
    case SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA
}

/// What a registered school's registration covers, as Get Information about Schools shows it:
/// the age range and, for a school registered to make special educational provision, the types
/// of need (a change to either is a material change needing the DfE's approval).
public struct RegisteredFor: Sendable, Hashable {
    public var lowestAge: Int
    public var highestAge: Int
    /// Empty: the registration makes no special educational provision.
    public var senTypes: [SENType]
}

/// Full-time pupils of compulsory school age on the provider's books (from all commissioners),
/// the numbers the registration test (rule 1) needs.
public struct FullTimePupils: Sendable, Hashable {
    public var total: Int
    public var withEHCPlan: Int
    /// With any special educational needs, EHC plan or SEN support (the test under the
    /// Children's Wellbeing and Schools Act 2026 s43).
    public var withSEN: Int
    public var lookedAfter: Int
}

/// One item of the commissioning checklist as the school recorded it.
public struct ProviderCheck: Sendable, Hashable {
    public var id: CheckID
    public var result: CheckResult
    public var evidence: String?
    public var date: Date?
    public var raw: TemplateValue
}

/// The provider's dated written confirmation that its staff vetting checks are done (rule 5).
public struct VettingConfirmation: Sendable, Hashable {
    public var date: Date
    public var confirmedBy: String
}

/// The provider's annual performance report (rule 6).
public struct AnnualReport: Sendable, Hashable {
    public var date: Date
    public var summary: String?
}

/// A letter that went to the provider, and the policy version it cited.
public struct LetterIssued: Sendable, Hashable {
    public var kind: LetterKind
    public var policyVersion: String
    public var date: Date
}

/// The alternative-provision setting.
public struct Provider: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kind: ProviderKind
    public var registration: Registration?
    public var ofsted: OfstedOutcome?
    public var address: [String]
    public var phone: String?
    public var email: String?
    public var sites: [Site]
    public var fullTimePupils: FullTimePupils?
    /// For a registered school: the ages and SEN types its registration covers (review R-4).
    public var registeredFor: RegisteredFor?
    /// Optional when loading so that rule 7 (`contacts`) can say what the letters need.
    public var dsl: Contact?
    public var attendanceContact: Contact?
    public var checks: [ProviderCheck]
    public var vettingConfirmation: VettingConfirmation?
    /// The latest date the provider reported changes to its staff: a vetting confirmation older
    /// than it does not cover the new staff (review R-9).
    public var staffChangesReported: Date?
    /// Named links to other services (`social_care`, `mental_health`, `youth_offending`, `drug_support`).
    public var agencyLinks: [String: String]
    public var dailyRate: Double?
    public var costNotes: String?
    public var annualReport: AnnualReport?
    public var lettersIssued: [LetterIssued]
    public var raw: TemplateValue
    public var source: RecordSource

    /// The recorded check with this id, if the school made it.
    public func check(_ id: CheckID) -> ProviderCheck? {
        checks.first { $0.id == id }
    }

    /// Whether it has a registration number (a URN) at all.
    public var hasRegistrationNumber: Bool { !(registration?.urn ?? "").isEmpty }
}

extension Provider {
    static let agencyLinkKeys = ["social_care", "mental_health", "youth_offending", "drug_support"]

    static func read(_ reader: FieldReader) -> Provider? {
        let id = reader.text("id", required: true)
        reader.issues.subject = id
        let name = reader.text("name", required: true)
        let kind: ProviderKind? = reader.choice("kind", required: true)
        let registration = reader.map("registration", noun: "a registration") { r in
            Registration(type: r.text("type"), urn: r.text("urn"))
        }
        if let kind, kind != .nonSchool, (registration?.urn ?? "").isEmpty {
            let where_ = registration == nil ? "registration" : "registration.urn"
            reader.issues.report(
                path: where_,
                "is required for a \(kind.rawValue) provider; add its URN (only a non-school provider may have none)")
        }
        let ofsted = reader.map("ofsted", noun: "an Ofsted outcome") { o -> OfstedOutcome? in
            let report = o.text("report")
            let outcome = o.text("outcome")
            let date = o.date("date")
            if report == nil && outcome == nil {
                o.issues.report(
                    path: o.fieldPath("report"),
                    "is required but missing; give the kind of report (and its outcome, if it has one)")
                return nil
            }
            return OfstedOutcome(report: report, outcome: outcome, date: date)
        }
        let address = reader.textList("address") ?? []
        let phone = reader.text("phone")
        let email = reader.text("email")
        let sites =
            reader.mapList("sites", noun: "a site") { s -> Site? in
                let id = s.text("id", required: true)
                let name = s.text("name")
                let address = s.textList("address") ?? []
                let covered = s.bool("covered_by_registration")
                return id.map { Site(id: $0, name: name, address: address, coveredByRegistration: covered) }
            } ?? []
        let pupils = reader.map("full_time_pupils", noun: "full-time pupil numbers") { p -> FullTimePupils? in
            let total = p.int("total", required: true)
            let ehc = p.int("with_ehc_plan") ?? 0
            let sen = p.int("with_sen") ?? ehc
            let lookedAfter = p.int("looked_after") ?? 0
            return total.map { FullTimePupils(total: $0, withEHCPlan: ehc, withSEN: max(sen, ehc), lookedAfter: lookedAfter) }
        }
        let registeredFor = reader.map("registered_for", noun: "what the registration covers") { r -> RegisteredFor? in
            let lowest = r.int("lowest_age", required: true)
            let highest = r.int("highest_age", required: true)
            let types = r.list("sen_types") { value, path -> SENType? in
                guard let text = FieldReader.text(value, at: path, reader: r) else { return nil }
                if let type = SENType(rawValue: text.uppercased()) { return type }
                r.issues.report(
                    path: path,
                    "is '\(text)', not one of the DfE's SEN type codes (\(SENType.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
                return nil
            }
            if let lowest, let highest, lowest > highest {
                r.issues.report(path: r.fieldPath("highest_age"), "is below lowest_age; check both ages")
            }
            guard let lowest, let highest else { return nil }
            return RegisteredFor(lowestAge: lowest, highestAge: highest, senTypes: types ?? [])
        }
        let dsl = reader.map("dsl", noun: "a contact", Contact.read)
        let attendance = reader.map("attendance_contact", noun: "a contact", Contact.read)
        let checks = reader.mapList("checks", noun: "a check", ProviderCheck.read) ?? []
        var seen: Set<CheckID> = []
        for (index, check) in checks.enumerated() where !seen.insert(check.id).inserted {
            reader.issues.report(
                path: DataPath.appending(index: index, to: "checks"),
                "records '\(check.id.rawValue)' a second time; keep one entry per check (the latest)")
        }
        let vetting = reader.map("vetting_confirmation", noun: "a vetting confirmation") { v -> VettingConfirmation? in
            let date = v.date("date", required: true)
            let by = v.text("confirmed_by", required: true)
            guard let date, let by else { return nil }
            return VettingConfirmation(date: date, confirmedBy: by)
        }
        let staffChanges = reader.date("staff_changes_reported")
        let links =
            reader.map("agency_links", noun: "agency links") { l -> [String: String] in
                var links: [String: String] = [:]
                for key in agencyLinkKeys { links[key] = l.text(key) }
                return links
            } ?? [:]
        let costs = reader.map("costs", noun: "provider costs") { c -> (Double?, String?) in
            (c.number("daily_rate"), c.text("notes"))
        }
        let report = reader.map("annual_report", noun: "an annual report") { a -> AnnualReport? in
            let date = a.date("date", required: true)
            let summary = a.text("summary")
            return date.map { AnnualReport(date: $0, summary: summary) }
        }
        let letters =
            reader.mapList("letters_issued", noun: "an issued letter") { l -> LetterIssued? in
                let kind: LetterKind? = l.choice("kind", required: true)
                let version = l.text("policy_version", required: true)
                let date = l.date("date", required: true)
                guard let kind, let version, let date else { return nil }
                return LetterIssued(kind: kind, policyVersion: version, date: date)
            } ?? []
        guard let id, let name, let kind else { return nil }
        return Provider(
            id: id, name: name, kind: kind, registration: registration, ofsted: ofsted,
            address: address, phone: phone, email: email, sites: sites, fullTimePupils: pupils,
            registeredFor: registeredFor, dsl: dsl, attendanceContact: attendance, checks: checks,
            vettingConfirmation: vetting, staffChangesReported: staffChanges,
            agencyLinks: links, dailyRate: costs?.0, costNotes: costs?.1, annualReport: report,
            lettersIssued: letters, raw: .map(reader.map), source: reader.issues.source)
    }
}

extension ProviderCheck {
    static func read(_ reader: FieldReader) -> ProviderCheck? {
        let id: CheckID? = reader.choice("id", required: true)
        let result: CheckResult? = reader.choice("result", required: true)
        let evidence = reader.text("evidence")
        let date = reader.date("date")
        guard let id, let result else { return nil }
        return ProviderCheck(id: id, result: result, evidence: evidence, date: date, raw: .map(reader.map))
    }
}
