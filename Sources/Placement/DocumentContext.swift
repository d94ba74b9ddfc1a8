import Foundation
import OfficeTemplate

/// Builds what each template sees (docs/data-model.md, "What each template sees"): the data as
/// loaded, plus values APDocs derives. Child-protection status never enters a context.
///
/// Every list a shipped template iterates, and every optional map whose fields it reads, is
/// present in the context (empty when the data has none), so that a data file without an
/// optional field never fails a build on a template tag (`withDefaults`).
struct DocumentContext {
    let dataset: Dataset
    let settings: RuleSettings
    let issueDate: Date
    let today: Date

    func context(for kind: DocumentKind, school: School, provider: Provider, placement: PlacementRecord?) -> TemplateValue {
        var map = TemplateMap()
        map["school"] = schoolValue(school)
        map["provider"] = providerValue(provider)
        map["letter"] = .map(
            TemplateMap([
                ("date", .date(issueDate)),
                ("reference", .string(reference(kind, school: school, provider: provider, placement: placement))),
            ]))
        switch kind {
        case .onlineSafetyLetter: map["policy"] = policyValue(school, .onlineSafety)
        case .childProtectionLetter: map["policy"] = policyValue(school, .childProtection)
        case .attendanceLetter:
            map["policy"] = policyValue(school, .attendance)
            let placements = dataset.placements(atProvider: provider.id).filter { $0.school == school.id }
            map["placements"] = .list(placements.map(attendanceLine))
            map["local_authority_placements"] = .bool(placements.contains { $0.basis == .localAuthority })
        case .placementAgreement:
            guard let placement else { break }
            map["policy"] = .map(
                TemplateMap([
                    ("online_safety", policyValue(school, .onlineSafety)),
                    ("child_protection", policyValue(school, .childProtection)),
                    ("attendance", policyValue(school, .attendance)),
                ]))
            map["placement"] = placementValue(placement)
            map["pupil"] = pupilValue(placement.pupil)
            map["parents"] = parentsValue(placement)
            map["signature"] = signatures(placement)
        case .commissioningChecklist:
            map["checks"] = .list(Rules.checklist(for: provider, settings: settings, today: today).map(checkLine))
            let test = Rules.registrationTest(provider, in: dataset, settings: settings)
            map["registration_test"] = .map(
                TemplateMap([
                    ("required", .bool(test.required)), ("registered", .bool(test.registered)), ("reason", .string(test.reason)),
                    ("law", .string(test.law.rawValue)), ("citation", .string(test.law.citation)),
                ]))
            map["letters"] = .list(
                provider.lettersIssued.map { letter in
                    let policy = school.policy(letter.kind.policy)
                    return .map(
                        TemplateMap([
                            ("kind", .string(letter.kind.rawValue)), ("title", .string(letter.kind.title)),
                            ("policy_title", policy.map { .string($0.title) } ?? .null),
                            ("policy_version", .string(letter.policyVersion)), ("date", .date(letter.date)),
                            ("superseded", .bool(policy.map { $0.version != letter.policyVersion } ?? false)),
                            ("current_version", policy.map { .string($0.version) } ?? .null),
                        ]))
                })
            map["vetting_confirmation"] = provider.raw["vetting_confirmation"] ?? .null
            map["approved"] = .bool(Rules.isApproved(provider, in: dataset, settings: settings, today: today))
        }
        return .map(map)
    }

    /// `value` with each of `lists` an empty list and each of `maps` an empty map where the data
    /// has none. (Optional text the templates print is either given "" here, for the school's
    /// and provider's phone, e-mail and website, or guarded in the template with `default`.)
    static func withDefaults(_ value: TemplateValue, lists: [String], maps: [String] = []) -> TemplateValue {
        guard case .map(var map) = value else { return value }
        for key in lists where map[key] == nil || map[key] == .null { map[key] = .list([]) }
        for key in maps where map[key] == nil || map[key] == .null { map[key] = .map(TemplateMap()) }
        return .map(map)
    }

    /// The school as loaded, with its logo relative to the data folder (the render's base).
    private func schoolValue(_ school: School) -> TemplateValue {
        guard
            case .map(var map) = Self.withDefaults(
                school.raw, lists: ["address", "deputy_dsls", "policies", "safeguarding_training"])
        else { return school.raw }
        for key in ["phone", "email", "website"] where map[key] == nil { map[key] = .string("") }
        if let logo = school.logo { map["logo"] = .string(school.source.dataRelative(logo)) }
        return .map(map)
    }

    /// The provider as loaded, with each contact a letter is addressed to given a `salutation`.
    private func providerValue(_ provider: Provider) -> TemplateValue {
        guard
            case .map(var map) = Self.withDefaults(
                provider.raw, lists: ["address", "sites", "checks", "letters_issued"], maps: ["agency_links", "costs"])
        else { return provider.raw }
        for key in ["phone", "email"] where map[key] == nil { map[key] = .string("") }
        if case .list(let sites)? = map["sites"] {
            map["sites"] = .list(sites.map { Self.withDefaults($0, lists: ["address"]) })
        }
        for key in ["dsl", "attendance_contact"] {
            guard case .map(var contact)? = map[key], case .string(let name)? = contact["name"] else { continue }
            contact["salutation"] = .string(Self.salutation(name))
            map[key] = .map(contact)
        }
        return .map(map)
    }

    /// "Ms Rukhsana Shah" -> "Ms Shah" (title and surname, as a British letter opens); a name
    /// without a title stays whole.
    static func salutation(_ name: String) -> String {
        let words = name.split(separator: " ").map(String.init)
        let titles: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "revd"]
        guard words.count >= 3, let title = words.first,
            titles.contains(title.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")))
        else { return name }
        return title + " " + words.last!
    }

    /// The pupil without child-protection status, with `first_name` and the looked-after
    /// statement of who holds parental responsibility.
    private func pupilValue(_ pupil: Pupil) -> TemplateValue {
        guard case .map(var map) = Self.withDefaults(pupil.templateValue, lists: ["key_workers"]) else {
            return pupil.templateValue
        }
        map["first_name"] = .string(String(pupil.name.split(separator: " ").first ?? Substring(pupil.name)))
        for (key, word) in Self.pronouns(pupil.raw["pronoun"]) { map[key] = .string(word) }
        if let status = pupil.care?.legalStatus {
            let authority = pupil.care?.authority ?? "the local authority"
            let text: String
            switch status {
            case .careOrder:
                text =
                    "is subject to a care order (section 31 of the Children Act 1989). \(authority) shares parental responsibility with the parents (section 33)"
            case .accommodated:
                text =
                    "is accommodated by \(authority) under section 20 of the Children Act 1989. Parental responsibility stays with the parents; the local authority does not hold it"
            }
            map["care_status_text"] = .string(text)
        }
        return .map(map)
    }

    /// The pupil's recorded pronoun as the agreement's words (`they`, `them`, `their`, and the verb
    /// forms `are`, `need`); "they" when none is recorded.
    static func pronouns(_ value: TemplateValue?) -> [(String, String)] {
        let words: [String]
        switch value {
        case .string("he")?: words = ["he", "him", "his", "is", "needs"]
        case .string("she")?: words = ["she", "her", "her", "is", "needs"]
        default: words = ["they", "them", "their", "are", "need"]
        }
        return zip(["they", "them", "their", "are", "need"], words).map { ($0, $1) }
    }

    /// The parents and carers, each with `parental_responsibility_text` for the agreement.
    private func parentsValue(_ placement: PlacementRecord) -> TemplateValue {
        .list(
            placement.parents.enumerated().map { index, parent in
                var map = TemplateMap()
                if case .list(let items)? = placement.raw["parents"], index < items.count, case .map(let raw) = items[index] {
                    map = raw
                }
                let text: String
                switch (parent.parentalResponsibility, parent.delegatedAuthority) {
                case (true?, _): text = "Yes"
                case (_, true?): text = "No (delegated authority)"
                case (false?, _): text = "No"
                case (nil, _): text = parent.isFosterCarer ? "No" : "Not recorded"
                }
                map["parental_responsibility_text"] = .string(text)
                return .map(map)
            })
    }

    private func policyValue(_ school: School, _ id: PolicyID) -> TemplateValue {
        school.policy(id)?.raw ?? .null
    }

    /// `SCH-RVA/PRV-NSC/OS/3.1`: whose, which document, under which policy version.
    private func reference(_ kind: DocumentKind, school: School, provider: Provider, placement: PlacementRecord?) -> String {
        var parts = [school.id, placement?.id ?? provider.id, kind.referenceCode]
        if let policy = kind.citedPolicies.first, kind.citedPolicies.count == 1, let version = school.policy(policy)?.version {
            parts.append(version)
        }
        return parts.joined(separator: "/")
    }

    /// A placement as the attendance letter lists it: by pupil key, never by name.
    private func attendanceLine(_ placement: PlacementRecord) -> TemplateValue {
        .map(
            TemplateMap([
                ("id", .string(placement.id)), ("pupil_key", .string(placement.pupil.key)),
                ("year_group", placement.pupil.yearGroup.map { .int($0) } ?? .null),
                ("days", .string(placement.daysText)), ("sessions", sessionsValue(placement)),
                ("start", .date(placement.start)), ("planned_end", placement.plannedEnd.map { .date($0) } ?? .null),
                ("attendance_code", .string(placement.effectiveAttendanceCode.rawValue)),
                ("attendance_code_meaning", .string(placement.attendanceCodeMeaning)),
                ("code_basis", .string(codeBasis(placement))),
                ("local_authority_party", .bool(placement.basis == .localAuthority)),
            ]))
    }

    /// What makes the code lawful for this placement: who supervises (B), the LA's power (K),
    /// the provider's register (D).
    private func codeBasis(_ placement: PlacementRecord) -> String {
        switch placement.effectiveAttendanceCode {
        case .B:
            guard let supervisor = placement.supervisedBy else { return "supervisor not recorded" }
            return "approved and supervised for the school by \(supervisor.name)\(supervisor.role.map { ", \($0)" } ?? "")"
        case .K:
            let authority = placement.laArrangement?.authority ?? "the local authority"
            guard let power = placement.laArrangement?.power else { return "arranged by \(authority); power not recorded" }
            return "arranged by \(authority) under \(power.text)"
        case .D:
            return "registered at the provider school, which keeps its own register for these sessions"
        }
    }

    /// One part of the rest of the week, ready to print.
    private func restOfWeekLine(_ part: RestOfWeekPart) -> TemplateValue {
        let days = part.days.map(\.rawValue)
        let daysText = days.count > 1 ? days.dropLast().joined(separator: ", ") + " and " + days.last! : (days.first ?? "")
        return .map(
            TemplateMap([
                ("where", .string(part.place.rawValue)), ("days", .string(daysText)),
                ("hours", .double(part.hours)), ("hours_text", .string(hoursText(part.hours))),
                ("description", part.description.map { .string($0) } ?? .null),
            ]))
    }

    /// The sessions as loaded, each with `site_name` (the provider's name for the site).
    private func sessionsValue(_ placement: PlacementRecord) -> TemplateValue {
        let sites = dataset.provider(id: placement.provider)?.sites ?? []
        guard case .list(let items)? = placement.raw["sessions"] else { return .list([]) }
        return .list(
            items.map { item in
                guard case .map(var map) = item else { return item }
                if case .string(let id)? = map["site"], let site = sites.first(where: { $0.id == id }) {
                    map["site_name"] = .string(site.name ?? id)
                }
                return .map(map)
            })
    }

    private func placementValue(_ placement: PlacementRecord) -> TemplateValue {
        guard
            case .map(var map) = Self.withDefaults(
                placement.raw, lists: ["aims", "reviews", "sessions", "rest_of_week", "signatures"],
                maps: ["transport", "costs", "outcomes", "curriculum", "arrangement"])
        else { return placement.raw }
        map["pupil"] = pupilValue(placement.pupil)
        map["sessions"] = sessionsValue(placement)
        map["part_time"] = .bool(placement.isPartTimePlacement)
        map["reduced_timetable_needed"] = .bool(placement.hasReducedTimetable)
        map["hours_per_week"] = .double(placement.hoursPerWeek)
        map["hours_text"] = .string(hoursText(placement.hoursPerWeek))
        map["total_hours_text"] = .string(hoursText(placement.totalWeeklyHours))
        map["rest_of_week"] = .list(placement.restOfWeek.map(restOfWeekLine))
        map["reviews_within_limit"] = .bool(placement.reviewsWithinLimit(settings))
        map["review_limit_days"] = .int(settings.maximumReviewGapDays)
        map["sessions_without_education"] = .string(
            placement.sessionsWithoutEducation.map { "\($0.day.rawValue) \($0.half.rawValue)" }.joined(separator: ", "))
        map["hours_elsewhere"] = .double(placement.hoursElsewhere)
        map["total_weekly_hours"] = .double(placement.totalWeeklyHours)
        map["code_basis"] = .string(codeBasis(placement))
        map["local_authority_party"] = .bool(placement.localAuthorityIsParty)
        map["la_power_text"] = placement.laArrangement?.power.map { .string($0.text) } ?? .null
        map["days"] = .string(placement.daysText)
        map["attendance_code"] = .string(placement.effectiveAttendanceCode.rawValue)
        map["attendance_code_meaning"] = .string(placement.attendanceCodeMeaning)
        map["basis_text"] = .string(placement.basis.text)
        map["agreement_state"] = .string(placement.agreementState.rawValue)
        return .map(map)
    }

    private func signatures(_ placement: PlacementRecord) -> TemplateValue {
        var map = TemplateMap()
        // The map holds exactly the parties who must sign (and anyone else who did), so "every
        // entry signed" means `agreementState == .signed` for whoever reads the context.
        let roles = SignatureRole.allCases.filter { placement.requiredSignatures.contains($0) || placement.signature($0) != nil }
        for role in roles {
            let key = role.rawValue.replacingOccurrences(of: "-", with: "_")
            if let signature = placement.signature(role) {
                map[key] = .map(
                    TemplateMap([
                        ("signed", true), ("name", .string(signature.name)), ("date", .date(signature.date)),
                        ("method", .string(signature.method.rawValue)),
                        ("image", signature.image.map { .string(placement.source.dataRelative($0)) } ?? .null),
                    ]))
            } else {
                map[key] = .map(TemplateMap([("signed", false)]))
            }
        }
        return .map(map)
    }

    private func checkLine(_ line: ChecklistLine) -> TemplateValue {
        .map(
            TemplateMap([
                ("id", .string(line.id.rawValue)), ("title", .string(line.title)), ("result", .string(line.result.rawValue)),
                ("result_text", .string(line.result.text)), ("evidence", line.evidence.map { .string($0) } ?? .null),
                ("date", line.date.map { .date($0) } ?? .null), ("stale", .bool(line.stale)),
            ]))
    }
}
