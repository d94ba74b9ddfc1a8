import Foundation

/// The rules about a school or a provider as a whole: the letters' contacts (7), staleness (6),
/// registration (1), vetting (5) and the checklist's items.
extension Rules {
    static func checkSchool(_ school: School, settings: RuleSettings, today: Date) -> [ValidationIssue] {
        let issues = collector(school.source, subject: school.id)
        requireContact(school.dsl, "dsl", "the child-protection letter must name the designated safeguarding lead", issues)
        if school.deputyDSLs.isEmpty {
            issues.report(
                rule: .contacts, path: "deputy_dsls",
                "is missing; the child-protection letter must name at least one deputy DSL")
        }
        for (index, deputy) in school.deputyDSLs.enumerated() {
            requireContact(deputy, "deputy_dsls[\(index)]", "", issues)
        }
        requireContact(
            school.attendanceOfficer, "attendance_officer",
            "the attendance letter must name the school's attendance officer", issues)
        if let authority = school.localAuthority {
            requireContact(authority.frontDoor, "local_authority.front_door", "", issues)
            requireContact(authority.lado, "local_authority.lado", "", issues)
        } else {
            issues.report(
                rule: .contacts, path: "local_authority",
                "is missing; the child-protection letter must give the local authority's front door and LADO")
        }
        if school.attendanceConfirmationMinutes == nil {
            issues.report(
                rule: .contacts, path: "attendance_confirmation_minutes",
                "is missing; the attendance letter must say how soon after each register the provider confirms attendance for the session"
            )
        }
        if (school.attendanceMethod ?? "").isEmpty {
            issues.report(
                rule: .contacts, path: "attendance_method",
                "is missing; the attendance letter must say how the provider confirms attendance and reports an absence")
        }
        for letter in LetterKind.allCases where school.policy(letter.policy) == nil {
            issues.report(
                path: "policies",
                "has no '\(letter.policy.rawValue)' policy; the \(letter.rawValue.replacingOccurrences(of: "-letter", with: " letter")) cites it, so add its id, title, version and effective date"
            )
        }
        for (index, policy) in school.policies.enumerated()
        where isStale(policy.effective, settings: settings, today: today) {
            issues.report(
                .warning, rule: .staleCheck, path: "policies[\(index)].effective",
                "\(staleText(policy.effective, settings)); review the \(policy.id.rawValue) policy and record its new version")
        }
        return issues.issues
    }

    static func checkProvider(
        _ provider: Provider, in dataset: Dataset, settings: RuleSettings, today: Date
    ) -> [ValidationIssue] {
        let issues = collector(provider.source, subject: provider.id)
        checkRegistration(provider, in: dataset, settings: settings, issues)
        checkVetting(provider, settings: settings, today: today, issues)
        checkRegisteredForRecorded(provider, issues)
        requireContact(
            provider.dsl, "dsl", "the letters must name the provider's designated safeguarding lead", issues)
        requireContact(
            provider.attendanceContact, "attendance_contact",
            "the attendance letter must name who reports absence at the provider", issues)
        checkChecks(provider, settings: settings, today: today, issues)
        if let report = provider.annualReport {
            if isStale(report.date, settings: settings, today: today) {
                issues.report(
                    .warning, rule: .staleCheck, path: "annual_report.date",
                    "\(staleText(report.date, settings)); ask the provider for this year's annual performance report")
            }
        } else {
            issues.report(
                .warning, rule: .staleCheck, path: "annual_report",
                "is missing; ask the provider for an annual performance report")
        }
        return issues.issues
    }

    /// Rule 7 for one contact: present (when `whyNeeded` is not empty) and reachable.
    private static func requireContact(
        _ contact: Contact?, _ path: String, _ whyNeeded: String, _ issues: IssueCollector
    ) {
        guard let contact else {
            issues.report(rule: .contacts, path: path, "is missing; \(whyNeeded)")
            return
        }
        if !contact.isReachable {
            issues.report(
                rule: .contacts, path: path, "has no phone or email; the letter must say how to reach them")
        }
    }

    private static func checkRegistration(
        _ provider: Provider, in dataset: Dataset, settings: RuleSettings, _ issues: IssueCollector
    ) {
        guard provider.kind == .nonSchool else { return }
        let test = registrationTest(provider, in: dataset, settings: settings)
        if test.isUnlawful {
            issues.report(
                rule: .registration, path: "kind",
                "is non-school with no URN, but the provider appears to be operating as an unregistered independent school (\(test.law.citation)): \(test.reason); do not place any pupil there, report it to the DfE/Ofsted unregistered schools route, tell the pupils' home local authorities, and treat it as a safeguarding concern for the pupils already there; no letters or agreements are produced for it or its placements (its commissioning checklist records the failure)"
            )
        } else if provider.fullTimePupils == nil && !test.registered {
            issues.report(
                .warning, rule: .registration, path: "full_time_pupils",
                "is missing, so the registration test cannot be made; record the provider's full-time pupils of compulsory school age (total, with_ehc_plan, with_sen, looked_after)"
            )
        }
    }

    private static func checkVetting(
        _ provider: Provider, settings: RuleSettings, today: Date, _ issues: IssueCollector
    ) {
        guard let vetting = provider.vettingConfirmation else {
            issues.report(
                .warning, rule: .vetting, path: "vetting_confirmation",
                "is missing; ask the provider for dated written confirmation of its staff vetting checks: until then the checklist is not approved and no agreement with it can be final"
            )
            return
        }
        if let changes = provider.staffChangesReported, changes > vetting.date {
            issues.report(
                .warning, rule: .vetting, path: "vetting_confirmation.date",
                "is before the staff changes the provider reported (staff_changes_reported); the confirmation does not cover the new staff: ask the provider to confirm its vetting checks again"
            )
        }
        if DayArithmetic.isAfter(vetting.date, today: today) {
            issues.report(
                .warning, rule: .vetting, path: "vetting_confirmation.date",
                "is \(DayArithmetic.isoText(vetting.date)), after today; record the date the confirmation was given")
        } else if isStale(vetting.date, settings: settings, today: today) {
            issues.report(
                .warning, rule: .staleCheck, path: "vetting_confirmation.date",
                "\(staleText(vetting.date, settings)); ask the provider to confirm its vetting checks again")
        }
    }

    /// Rule 6 for each recorded check, and the items that keep the checklist from approval.
    private static func checkChecks(
        _ provider: Provider, settings: RuleSettings, today: Date, _ issues: IssueCollector
    ) {
        for (index, check) in provider.checks.enumerated() where check.result != .notSeen {
            if let date = check.date {
                if isStale(date, settings: settings, today: today) {
                    issues.report(
                        .warning, rule: .staleCheck, path: "checks[\(index)].date",
                        "\(staleText(date, settings)); make the \(check.id.rawValue) check again")
                }
            } else {
                issues.report(
                    .warning, rule: .staleCheck, path: "checks[\(index)]",
                    "has no date; record when the \(check.id.rawValue) check was made")
            }
        }
        if let index = provider.checks.firstIndex(where: { $0.id == .safeguardingArrangements && $0.result != .notSeen }),
            let date = provider.checks[index].date, !isStale(date, settings: settings, today: today),
            date < kcsieEditionStart(today: today)
        {
            issues.report(
                .warning, rule: .staleCheck, path: "checks[\(index)].date",
                "is \(DayArithmetic.isoText(date)), before the current edition of Keeping children safe in education took effect (\(DayArithmetic.isoText(kcsieEditionStart(today: today)))); check that the provider's safeguarding arrangements reflect it and record the new date"
            )
        }
        let rows = checklist(for: provider, settings: settings, today: today)
        let concerns = rows.filter { $0.result == .concerns }.map(\.id.rawValue)
        let notSeen = rows.filter { $0.result == .notSeen }.map(\.id.rawValue)
        guard !concerns.isEmpty || !notSeen.isEmpty else { return }
        var parts: [String] = []
        if !concerns.isEmpty { parts.append("concerns: " + concerns.joined(separator: ", ")) }
        if !notSeen.isEmpty { parts.append("not seen: " + notSeen.joined(separator: ", ")) }
        issues.report(
            .warning, rule: .checks, path: "checks",
            "are not all satisfactory (\(parts.joined(separator: "; "))), so the checklist is not approved; record each item once it is resolved"
        )
    }
}
