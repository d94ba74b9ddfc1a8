import Foundation
import Placement

/// What kind of input a field of a record's form is, and how what is typed becomes data.
indirect enum FieldType: Sendable {
    /// One line of text.
    case text
    /// Several lines of text (a paragraph).
    case paragraph
    /// `YYYY-MM-DD`, a date input.
    case date
    /// `HH:MM`, a time input (written quoted, as docs/data-model.md asks).
    case time
    /// A whole number.
    case integer
    /// A number (hours, pounds).
    case number
    /// Yes or no (or not given).
    case yesNo
    /// One of a fixed set of values: a select.
    case choice([String])
    /// A list of text, one item per line (address lines, aims).
    case lines
    /// A list of dates, one per line.
    case dateLines
    /// A list of weekdays: check boxes.
    case weekdays
    /// A map of further fields (`pupil`, `dsl`).
    case map([FieldSpec])
    /// A repeating group: a list of maps (`sessions`, `parents`, `checks`, `signatures`).
    case group(noun: String, [FieldSpec])
}

/// One field of a record's form: its key in the file and its type.
struct FieldSpec: Sendable {
    var key: String
    var type: FieldType
    /// A line of help under the label, when the key alone does not say enough.
    var hint: String?

    init(_ key: String, _ type: FieldType = .text, hint: String? = nil) {
        self.key = key
        self.type = type
        self.hint = hint
    }
}

/// The fields of docs/data-model.md, record by record, in the order the forms show them.
enum RecordSchema {
    static func fields(_ kind: RecordKind) -> [FieldSpec] {
        switch kind {
        case .school: return school
        case .provider: return provider
        case .placement: return placement
        }
    }

    /// `sessions[2].day` -> `sessions[].day`: the key a spec is found under.
    static func specPath(_ path: String) -> String {
        path.replacingOccurrences(of: #"\[\d+\]"#, with: "[]", options: .regularExpression)
    }

    /// The spec for a data path, if the schema has one.
    static func spec(_ kind: RecordKind, path: String) -> FieldSpec? {
        var specs = fields(kind)
        var found: FieldSpec?
        for part in specPath(path).split(separator: ".") {
            let key = part.hasSuffix("[]") ? String(part.dropLast(2)) : String(part)
            guard let spec = specs.first(where: { $0.key == key }) else { return nil }
            found = spec
            switch spec.type {
            case .map(let children), .group(_, let children): specs = children
            default: specs = []
            }
        }
        return found
    }

    static func contact(_ key: String, role: Bool = true) -> FieldSpec {
        FieldSpec(
            key,
            .map(
                [FieldSpec("name")] + (role ? [FieldSpec("role")] : []) + [FieldSpec("phone"), FieldSpec("email")]))
    }

    static let contactRow: [FieldSpec] = [FieldSpec("name"), FieldSpec("role"), FieldSpec("phone"), FieldSpec("email")]

    static func choices<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> FieldType where T.RawValue == String {
        .choice(T.allCases.map(\.rawValue))
    }

    static let school: [FieldSpec] = [
        FieldSpec("name"), FieldSpec("urn", hint: "The school's DfE URN"),
        FieldSpec("type", choices(SchoolType.self), hint: "Who may make an off-site direction (s29A EA 2002)"),
        FieldSpec("address", .lines, hint: "One line per line of the address"),
        FieldSpec("phone"), FieldSpec("email"), FieldSpec("website"),
        FieldSpec("logo", hint: "A PNG or JPEG file, relative to the school's file"),
        contact("headteacher"), contact("ap_coordinator"), contact("dsl"),
        FieldSpec("deputy_dsls", .group(noun: "deputy DSL", contactRow)),
        contact("attendance_officer"), contact("attendance_champion"),
        FieldSpec("week_hours", .number, hint: "The school's normal week, in hours"),
        FieldSpec(
            "local_authority",
            .map([FieldSpec("name"), contact("front_door", role: false), contact("lado"), contact("ap_team", role: false)])),
        FieldSpec(
            "policies",
            .group(
                noun: "policy",
                [
                    FieldSpec("id", choices(PolicyID.self)), FieldSpec("title"), FieldSpec("version"),
                    FieldSpec("effective", .date),
                ])),
        FieldSpec(
            "attendance_confirmation_minutes", .integer,
            hint: "Minutes after each register by which a provider confirms attendance"),
        FieldSpec("attendance_method"),
        FieldSpec("safeguarding_training", .lines, hint: "One offer per line"),
        FieldSpec(
            "online_safety",
            .map([
                FieldSpec("mobile_phones", .paragraph, hint: "The school's rule for pupils' phones"),
                FieldSpec("ai_tools", .paragraph, hint: "The school's rule for generative AI tools"),
            ])),
    ]

    static let provider: [FieldSpec] = [
        FieldSpec("name"), FieldSpec("kind", choices(ProviderKind.self)),
        FieldSpec("registration", .map([FieldSpec("type"), FieldSpec("urn")])),
        FieldSpec(
            "registered_for",
            .map([
                FieldSpec("lowest_age", .integer), FieldSpec("highest_age", .integer),
                FieldSpec("sen_types", .lines, hint: "DfE census codes (SEMH, SLCN, ASD...), one per line"),
            ])),
        FieldSpec("ofsted", .map([FieldSpec("report"), FieldSpec("outcome"), FieldSpec("date", .date)])),
        FieldSpec("address", .lines, hint: "One line per line of the address"), FieldSpec("phone"), FieldSpec("email"),
        FieldSpec(
            "sites",
            .group(
                noun: "site",
                [
                    FieldSpec("id"), FieldSpec("name"), FieldSpec("address", .lines),
                    FieldSpec("covered_by_registration", .yesNo),
                ])),
        FieldSpec(
            "full_time_pupils",
            .map([
                FieldSpec("total", .integer), FieldSpec("with_ehc_plan", .integer), FieldSpec("with_sen", .integer),
                FieldSpec("looked_after", .integer),
            ])),
        contact("dsl"), contact("attendance_contact"),
        FieldSpec(
            "checks",
            .group(
                noun: "check",
                [
                    FieldSpec("id", choices(CheckID.self)), FieldSpec("result", choices(CheckResult.self)),
                    FieldSpec("evidence"), FieldSpec("date", .date),
                ])),
        FieldSpec("vetting_confirmation", .map([FieldSpec("date", .date), FieldSpec("confirmed_by")])),
        FieldSpec("staff_changes_reported", .date, hint: "The latest staff changes the provider reported"),
        FieldSpec(
            "agency_links",
            .map(["social_care", "mental_health", "youth_offending", "drug_support"].map { FieldSpec($0) })),
        FieldSpec("costs", .map([FieldSpec("daily_rate", .number), FieldSpec("notes")])),
        FieldSpec("annual_report", .map([FieldSpec("date", .date), FieldSpec("summary", .paragraph)])),
        FieldSpec(
            "letters_issued",
            .group(
                noun: "letter",
                [FieldSpec("kind", choices(LetterKind.self)), FieldSpec("policy_version"), FieldSpec("date", .date)])),
    ]

    static let placement: [FieldSpec] = [
        FieldSpec("school"), FieldSpec("provider"),
        FieldSpec(
            "pupil",
            .map([
                FieldSpec("key", hint: "The pseudonymous key used in file names and logs"), FieldSpec("name"),
                FieldSpec("pronoun", .choice(["he", "she", "they"])), FieldSpec("year_group", .integer),
                FieldSpec("date_of_birth", .date), FieldSpec("upn"),
                FieldSpec(
                    "sen",
                    .map([
                        FieldSpec("support", choices(SENSupport.self)),
                        FieldSpec("types", .lines, hint: "DfE census codes (SEMH, SLCN, ASD...), one per line"),
                        FieldSpec("summary", .paragraph),
                    ])),
                FieldSpec("looked_after", .yesNo),
                FieldSpec(
                    "care",
                    .map([
                        FieldSpec("legal_status", choices(CareStatus.self)), FieldSpec("authority"),
                        contact("social_worker"), contact("virtual_school_head"), FieldSpec("pep", .date),
                    ])),
                FieldSpec("medical_needs_ref", hint: "A reference, never the details"),
                FieldSpec("key_workers", .group(noun: "key worker", contactRow)),
            ])),
        FieldSpec(
            "parents",
            .group(
                noun: "parent or carer",
                [
                    FieldSpec("name"), FieldSpec("relationship"), FieldSpec("phone"), FieldSpec("email"),
                    FieldSpec("involved", .date), FieldSpec("agreed", .yesNo), FieldSpec("parental_responsibility", .yesNo),
                    FieldSpec("delegated_authority", .yesNo),
                ])),
        FieldSpec("basis", choices(PlacementBasis.self)), FieldSpec("attendance_code", choices(AttendanceCode.self)),
        FieldSpec(
            "arrangement",
            .map([
                FieldSpec("reason", .paragraph), FieldSpec("power"),
                FieldSpec(
                    "off_site_direction",
                    .map([
                        FieldSpec("decided", .date), FieldSpec("notice_given", .date), FieldSpec("notice_to_la", .date),
                        FieldSpec("days", .integer), FieldSpec("report_to", .map([FieldSpec("name"), FieldSpec("role")])),
                    ])),
            ])),
        FieldSpec("supervised_by", .map(contactRow)),
        FieldSpec("dual_registration", .map([FieldSpec("admitted", .date)])),
        FieldSpec(
            "la_arrangement",
            .map([
                FieldSpec("authority"), FieldSpec("power", choices(LAPower.self)),
                FieldSpec("agreed_by", .map(contactRow)), FieldSpec("agreed", .date),
            ])),
        FieldSpec("ehc_plan_review", .date),
        FieldSpec("provider_recheck", .date, hint: "When the provider's registration and inspection report were re-checked"),
        FieldSpec("start", .date), FieldSpec("planned_end", .date),
        FieldSpec(
            "sessions",
            .group(
                noun: "session",
                [
                    FieldSpec("day", .choice(Weekday.allCases.map(\.rawValue))), FieldSpec("start", .time),
                    FieldSpec("end", .time), FieldSpec("site"),
                ])),
        FieldSpec(
            "rest_of_week",
            .group(
                noun: "part of the week",
                [
                    FieldSpec("where", choices(RestOfWeekPlace.self)), FieldSpec("days", .weekdays),
                    FieldSpec("hours", .number), FieldSpec("description"),
                ])),
        FieldSpec(
            "reduced_timetable",
            .map([
                FieldSpec("reason", .paragraph), FieldSpec("parent_agreed", .date), FieldSpec("la_told", .date),
                FieldSpec("ends", .date), FieldSpec("plan_to_full_time", .paragraph),
            ])),
        FieldSpec(
            "transport",
            .map([FieldSpec("arrangement"), FieldSpec("arranged_by"), FieldSpec("cost_per_week", .number)])),
        FieldSpec("aims", .lines, hint: "One aim per line"), FieldSpec("pupil_voice", .paragraph),
        FieldSpec(
            "curriculum",
            .map([
                FieldSpec("subjects", .lines, hint: "One subject per line"), FieldSpec("qualification_route"),
                FieldSpec("fit_with_school", .paragraph),
            ])),
        FieldSpec(
            "outcomes",
            .map([
                FieldSpec("attendance", .paragraph), FieldSpec("attitude", .paragraph), FieldSpec("attainment", .paragraph),
                FieldSpec("behaviour", .paragraph),
            ])),
        FieldSpec("reviews", .dateLines, hint: "One date per line (YYYY-MM-DD)"), FieldSpec("staff_liaison", .paragraph),
        FieldSpec("reintegration", .paragraph),
        FieldSpec("costs", .map([FieldSpec("weekly", .number), FieldSpec("paid_by"), FieldSpec("notes")])),
        FieldSpec("la_notified", .date), FieldSpec("last_changed", .date),
        FieldSpec(
            "signatures",
            .group(
                noun: "signature",
                [
                    FieldSpec("role", choices(SignatureRole.self)), FieldSpec("name"), FieldSpec("date", .date),
                    FieldSpec("method", choices(SignatureMethod.self)), FieldSpec("image"),
                ])),
    ]
}
