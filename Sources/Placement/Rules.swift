import Foundation

/// The guidance's rules (domain README, 1-9), checked before any document is produced, and
/// the derived answers documents print (registration test, checklist rows, approval).
///
/// Severity: an error on a school or provider means its documents (and its placements'
/// agreements) must not be produced; an error on a placement means its agreement must not be;
/// a warning is reported but blocks nothing.
///
/// Rule 5 (vetting) is split: a provider without a dated vetting confirmation gets a warning,
/// its checklist is not approved (`isApproved` is false) and its letters are still produced,
/// since the child-protection letter is what asks for the confirmation; a placement that has
/// started (or starts on the day the rules judge by) while the provider is unconfirmed is an
/// error whatever has been signed, and so is a fully signed agreement before the start.
///
/// docs/legal-basis.md gives the source of every rule.
public enum Rules {
    /// Every rule over every record, schools first, then providers, then placements, each in
    /// load order, so the result is the same on every run.
    public static func check(_ dataset: Dataset, settings: RuleSettings, today: Date) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for school in dataset.schools {
            issues += checkSchool(school, settings: settings, today: today)
        }
        for provider in dataset.providers {
            issues += checkProvider(provider, in: dataset, settings: settings, today: today)
        }
        for placement in dataset.placements {
            issues += checkPlacement(placement, in: dataset, settings: settings, today: today)
        }
        return issues
    }

    /// Whether something dated `date` is older than the staleness threshold on `today`.
    public static func isStale(_ date: Date, settings: RuleSettings, today: Date) -> Bool {
        DayArithmetic.isOlder(date, thanMonths: settings.stalenessMonths, today: today)
    }

    /// The number of full-time pupils of compulsory school age at which a setting must register
    /// (Education Act 1996 s463; ESA 2008 s92 as substituted in 2026). Statute, not a setting.
    public static let registrationPupilThreshold = 5

    /// Rule 1. Counts the provider's declared full-time pupils, or the full-time pupils among
    /// this dataset's placements if they are more (the school's own placements are facts it
    /// knows). A pupil is full time there when the provider's sessions are more than the
    /// indicative hours or are all of the pupil's education (`isFullTimeAtProvider`).
    public static func registrationTest(
        _ provider: Provider, in dataset: Dataset, settings: RuleSettings
    ) -> RegistrationTest {
        let urn = provider.registration?.urn ?? ""
        let law = settings.registrationLaw
        switch provider.kind {
        case .registeredSchool:
            return RegistrationTest(
                required: true, registered: !urn.isEmpty,
                reason: urn.isEmpty
                    ? "it is a school but no URN is recorded"
                    : "it is a registered school (URN \(urn)); the school checks that the registration is open and covers each site its pupils attend",
                law: law)
        case .feCollege:
            return RegistrationTest(
                required: false, registered: !urn.isEmpty,
                reason: "it is a further education college, which does not register as a school", law: law)
        case .nonSchool:
            let ours = dataset.placements(atProvider: provider.id).filter { $0.isFullTimeAtProvider(settings) }
            let declared = provider.fullTimePupils
            let total = max(declared?.total ?? 0, ours.count)
            let withEHCPlan = max(declared?.withEHCPlan ?? 0, ours.count { $0.pupil.sen == .ehcPlan })
            let withSEN = max(declared?.withSEN ?? 0, ours.count { $0.pupil.sen != .none })
            let lookedAfter = max(declared?.lookedAfter ?? 0, ours.count { $0.pupil.lookedAfter })
            let threshold = registrationPupilThreshold
            let needs = law == .s463 ? "an EHC plan" : "special educational needs"
            let reason: String
            let required: Bool
            if total >= threshold {
                (required, reason) = (true, "it has \(total) full-time pupils of compulsory school age (\(threshold) or more)")
            } else if law == .s463 && withEHCPlan > 0 {
                (required, reason) = (true, "it has a full-time pupil with an EHC plan")
            } else if law == .s92of2026 && withSEN > 0 {
                (required, reason) = (true, "it has a full-time pupil with special educational needs")
            } else if lookedAfter > 0 {
                (required, reason) = (true, "it has a full-time pupil who is looked after")
            } else if declared == nil && ours.isEmpty {
                (required, reason) = (false, "its full-time pupil numbers are not recorded")
            } else {
                (required, reason) = (
                    false,
                    "it has \(total) full-time pupils of compulsory school age (fewer than \(threshold)), none with \(needs) or looked after"
                )
            }
            return RegistrationTest(required: required, registered: !urn.isEmpty, reason: reason, law: law)
        }
    }

    /// The checklist rows in catalogue order; an item the school did not record is `notSeen`.
    public static func checklist(for provider: Provider, settings: RuleSettings, today: Date) -> [ChecklistLine] {
        CheckID.allCases.map { id in
            let check = provider.check(id)
            return ChecklistLine(
                id: id, title: id.title, result: check?.result ?? .notSeen, evidence: check?.evidence,
                date: check?.date,
                stale: check?.date.map { isStale($0, settings: settings, today: today) } ?? true)
        }
    }

    /// Whether the commissioning checklist may be marked approved: the provider may lawfully be
    /// used (rule 1), its vetting confirmation is dated and not in the future (rule 5), and every
    /// checklist item is satisfactory.
    public static func isApproved(
        _ provider: Provider, in dataset: Dataset, settings: RuleSettings, today: Date
    ) -> Bool {
        guard !registrationTest(provider, in: dataset, settings: settings).isUnlawful,
            hasValidVetting(provider, today: today)
        else { return false }
        return checklist(for: provider, settings: settings, today: today).allSatisfy { $0.result == .satisfactory }
    }

    static func hasValidVetting(_ provider: Provider, today: Date) -> Bool {
        guard let vetting = provider.vettingConfirmation else { return false }
        return !DayArithmetic.isAfter(vetting.date, today: today)
    }

    /// The day the KCSIE edition in force on `today` took effect: each edition has taken effect
    /// on 1 September (2024, 2025; 2026 planned), so the latest 1 September on or before today.
    static func kcsieEditionStart(today: Date) -> Date {
        let iso = DayArithmetic.isoText(today)
        let year = Int(iso.prefix(4))!
        let thisYear = DayArithmetic.parseDate(String(format: "%04d-09-01", year))!
        return today >= thisYear ? thisYear : DayArithmetic.parseDate(String(format: "%04d-09-01", year - 1))!
    }

    /// "is 2024-05-01, more than 12 months ago".
    static func staleText(_ date: Date, _ settings: RuleSettings) -> String {
        "is \(DayArithmetic.isoText(date)), more than \(settings.stalenessMonths) months ago"
    }

    /// A collector for rule issues about `subject`, pointing into its file.
    static func collector(_ source: RecordSource, subject: String) -> IssueCollector {
        let collector = IssueCollector(source: source)
        collector.subject = subject
        return collector
    }
}
