import Foundation
import OfficeTemplate

/// Builds what each template sees (docs/data-model.md, "What each template sees"): the data as
/// loaded, plus values APDocs derives. Child-protection status never enters a context.
struct DocumentContext {
    let dataset: Dataset
    let settings: RuleSettings
    let issueDate: Date
    let today: Date

    func context(for kind: DocumentKind, school: School, provider: Provider, placement: PlacementRecord?) -> TemplateValue {
        var map = TemplateMap()
        map["school"] = schoolValue(school)
        map["provider"] = provider.raw
        map["letter"] = .map(TemplateMap([
            ("date", .date(issueDate)),
            ("reference", .string(reference(kind, school: school, provider: provider, placement: placement))),
        ]))
        switch kind {
        case .onlineSafetyLetter: map["policy"] = policyValue(school, .onlineSafety)
        case .childProtectionLetter: map["policy"] = policyValue(school, .childProtection)
        case .attendanceLetter:
            map["policy"] = policyValue(school, .attendance)
            map["placements"] = .list(dataset.placements(atProvider: provider.id).filter { $0.school == school.id }.map(attendanceLine))
        case .placementAgreement:
            guard let placement else { break }
            map["policy"] = .map(TemplateMap([
                ("online_safety", policyValue(school, .onlineSafety)),
                ("child_protection", policyValue(school, .childProtection)),
                ("attendance", policyValue(school, .attendance)),
            ]))
            map["placement"] = placementValue(placement)
            map["pupil"] = placement.pupil.templateValue
            map["parents"] = placement.raw["parents"] ?? .list([])
            map["signature"] = signatures(placement)
        case .commissioningChecklist:
            map["checks"] = .list(Rules.checklist(for: provider, settings: settings, today: today).map(checkLine))
            let test = Rules.registrationTest(provider, in: dataset, settings: settings)
            map["registration_test"] = .map(TemplateMap([
                ("required", .bool(test.required)), ("registered", .bool(test.registered)), ("reason", .string(test.reason)),
            ]))
            map["letters"] = .list(provider.lettersIssued.map { letter in
                let policy = school.policy(letter.kind.policy)
                return .map(TemplateMap([
                    ("kind", .string(letter.kind.rawValue)), ("title", .string(letter.kind.title)),
                    ("policy_title", policy.map { .string($0.title) } ?? .null),
                    ("policy_version", .string(letter.policyVersion)), ("date", .date(letter.date)),
                ]))
            })
            map["vetting_confirmation"] = provider.raw["vetting_confirmation"] ?? .null
            map["approved"] = .bool(Rules.isApproved(provider, in: dataset, settings: settings, today: today))
        }
        return .map(map)
    }

    /// The school as loaded, with its logo relative to the data folder (the render's base).
    private func schoolValue(_ school: School) -> TemplateValue {
        guard case .map(var map) = school.raw else { return school.raw }
        if let logo = school.logo { map["logo"] = .string(school.source.dataRelative(logo)) }
        return .map(map)
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
        .map(TemplateMap([
            ("id", .string(placement.id)), ("pupil_key", .string(placement.pupil.key)),
            ("year_group", placement.pupil.yearGroup.map { .int($0) } ?? .null),
            ("days", .string(placement.daysText)), ("sessions", placement.raw["sessions"] ?? .list([])),
            ("start", .date(placement.start)), ("planned_end", placement.plannedEnd.map { .date($0) } ?? .null),
            ("attendance_code", .string(placement.effectiveAttendanceCode.rawValue)),
            ("attendance_code_meaning", .string(placement.attendanceCodeMeaning)),
        ]))
    }

    private func placementValue(_ placement: PlacementRecord) -> TemplateValue {
        guard case .map(var map) = placement.raw else { return placement.raw }
        map["pupil"] = placement.pupil.templateValue
        map["part_time"] = .bool(placement.isPartTime(settings))
        map["hours_per_week"] = .double(placement.hoursPerWeek)
        map["days"] = .string(placement.daysText)
        map["attendance_code"] = .string(placement.effectiveAttendanceCode.rawValue)
        map["attendance_code_meaning"] = .string(placement.attendanceCodeMeaning)
        map["basis_text"] = .string(placement.basis.text)
        map["agreement_state"] = .string(placement.agreementState.rawValue)
        return .map(map)
    }

    private func signatures(_ placement: PlacementRecord) -> TemplateValue {
        var map = TemplateMap()
        for role in SignatureRole.allCases {
            let key = role.rawValue.replacingOccurrences(of: "-", with: "_")
            if let signature = placement.signature(role) {
                map[key] = .map(TemplateMap([
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
        .map(TemplateMap([
            ("id", .string(line.id.rawValue)), ("title", .string(line.title)), ("result", .string(line.result.rawValue)),
            ("result_text", .string(line.result.text)), ("evidence", line.evidence.map { .string($0) } ?? .null),
            ("date", line.date.map { .date($0) } ?? .null), ("stale", .bool(line.stale)),
        ]))
    }
}
