import Foundation

/// The rules about the provision a placement relies on: the provider re-checked for each new
/// placement (review R-9), a registered school's registration covering the pupil's age and type
/// of need, and an off-site direction's notice and review (P-6, s29A EA 2002).
/// Messages name the placement, provider and field paths only: never a pupil's details, and not
/// the value that breaks the rule (a date of birth, a type of need).
extension Rules {
    /// the registration status and the latest inspection report are re-checked at each new
    /// placement, as well as yearly. Either the placement records the re-check
    /// (`provider_recheck`), or the provider's own `registration` and `inspection-report` checks
    /// were both made within `provider_recheck_days` before the start. A warning: it blocks nothing.
    static func checkProviderRecheck(
        _ placement: PlacementRecord, provider: Provider?, settings: RuleSettings, _ issues: IssueCollector
    ) {
        guard let provider else { return }
        let limit = settings.providerRecheckDays
        let what =
            "re-check provider \(provider.id)'s registration status and latest inspection report for each new placement"
        if let recheck = placement.providerRecheck {
            if recheck > placement.start {
                issues.report(
                    .warning, rule: .providerRecheck, path: "provider_recheck",
                    "is after the start; \(what) before the placement begins")
            } else if DayArithmetic.days(from: recheck, to: placement.start) > limit {
                issues.report(
                    .warning, rule: .providerRecheck, path: "provider_recheck",
                    "is more than \(limit) days before the start (settings.provider_recheck_days); \(what), within \(limit) days before it begins, and record the date"
                )
            }
            return
        }
        let checkedInWindow = [CheckID.registration, .inspectionReport].allSatisfy { id in
            guard let date = provider.check(id)?.date, date <= placement.start else { return false }
            return DayArithmetic.days(from: date, to: placement.start) <= limit
        }
        guard !checkedInWindow else { return }
        issues.report(
            .warning, rule: .providerRecheck, path: "provider_recheck",
            "is missing, and provider \(provider.id)'s registration and inspection-report checks were not both made within \(limit) days before the start; \(what) (Get Information about Schools or the DfE's register, and the latest report) and record the date here"
        )
    }

    /// R-4, per provider: a registered school records what its registration covers, so each
    /// placement can be checked against it.
    static func checkRegisteredForRecorded(_ provider: Provider, _ issues: IssueCollector) {
        guard provider.kind == .registeredSchool, provider.registeredFor == nil else { return }
        issues.report(
            .warning, rule: .registration, path: "registered_for",
            "is missing; record the age range (lowest_age, highest_age) and any SEN types (sen_types) the school's registration covers, from Get Information about Schools, so that each placement can be checked against them"
        )
    }

    /// R-4, per placement: the pupil's age, and for a pupil with SEN the type of need, fall
    /// within what the provider school is registered for (a change to either is a material change
    /// that needs the DfE's approval). A known mismatch is an error; a gap in the record a warning.
    static func checkRegisteredFor(
        _ placement: PlacementRecord, provider: Provider?, _ issues: IssueCollector
    ) {
        guard let provider, provider.kind == .registeredSchool, let covers = provider.registeredFor else { return }
        let file = provider.source.file ?? "the provider's file"
        let advice =
            "check Get Information about Schools, and any DfE approval of a material change, before placing the pupil there"
        let pupil = placement.pupil
        if let age = ageAtStartOfSchoolYear(placement) {
            // Ages on 31 August: a pupil of age A is A to A+1 during the school year.
            if age.value < covers.lowestAge || age.value + 1 > covers.highestAge {
                issues.report(
                    rule: .registration, path: age.path,
                    "puts the pupil outside the ages provider \(provider.id) is registered for (registered_for in \(file)); \(advice)"
                )
            }
        } else {
            issues.report(
                .warning, rule: .registration, path: "pupil.year_group",
                "is missing (and so is pupil.date_of_birth), so the placement cannot be checked against the ages provider \(provider.id) is registered for; record the year group"
            )
        }
        guard pupil.sen != .none else { return }
        if covers.senTypes.isEmpty {
            if pupil.sen == .ehcPlan {
                issues.report(
                    .warning, rule: .registration, path: "pupil.sen",
                    "needs special educational provision, but provider \(provider.id)'s registration records no SEN types (registered_for.sen_types in \(file)); \(advice)"
                )
            }
            return
        }
        if pupil.senTypes.isEmpty {
            issues.report(
                .warning, rule: .registration, path: "pupil.sen.types",
                "is missing; provider \(provider.id) is registered for some types of need only (registered_for.sen_types in \(file)): record the pupil's types of need so that the placement can be checked against them"
            )
            return
        }
        for (index, type) in pupil.senTypes.enumerated() where !covers.senTypes.contains(type) {
            issues.report(
                pupil.sen == .ehcPlan ? .error : .warning, rule: .registration, path: "pupil.sen.types[\(index)]",
                "is not among the types of need provider \(provider.id) is registered for (registered_for.sen_types in \(file)); \(advice)"
            )
        }
    }

    /// The pupil's age on the 31 August before the school year in which the placement starts,
    /// from the date of birth, or from the year group (year N is N + 4 then); with the field it
    /// came from, for the message.
    static func ageAtStartOfSchoolYear(_ placement: PlacementRecord) -> (value: Int, path: String)? {
        let start = DayArithmetic.isoText(placement.start)
        let year = Int(start.prefix(4))!
        let month = Int(start.dropFirst(5).prefix(2))!
        let schoolYear = month >= 9 ? year : year - 1
        if let birth = placement.pupil.dateOfBirth {
            let born = DayArithmetic.isoText(birth)
            let (bornYear, bornMonth) = (Int(born.prefix(4))!, Int(born.dropFirst(5).prefix(2))!)
            // Born in January to August: that year's birthday has passed by 31 August.
            return (schoolYear - bornYear - (bornMonth <= 8 ? 0 : 1), "pupil.date_of_birth")
        }
        if let group = placement.pupil.yearGroup { return (group + 4, "pupil.year_group") }
        return nil
    }

    /// P-6: an off-site direction to improve behaviour (EA 2002 s29A; the Education (Educational
    /// Provision for Improving Behaviour) Regulations 2010 as amended in 2012): the school may make
    /// it; the parent (and, for a pupil with an EHC plan, the local authority) has written notice
    /// at least two school days before the first day, giving the number of days and the person to
    /// report to; the direction is kept under review at review meetings.
    static func checkOffSiteDirection(
        _ placement: PlacementRecord, school: School?, _ issues: IssueCollector
    ) {
        guard let direction = placement.offSiteDirection else { return }
        let base = "arrangement.off_site_direction"
        switch school?.type {
        case .maintained?, .pupilReferralUnit?:
            break
        case .academy?:
            issues.report(
                .warning, rule: .offSiteDirection, path: base,
                "is a direction under s29A Education Act 2002, a maintained school's power; an academy may direct a pupil off site only where its funding agreement or articles give it that power: say so in arrangement.power, and follow the same notice and review steps"
            )
        case .independent?:
            issues.report(
                rule: .offSiteDirection, path: base,
                "is a direction under s29A Education Act 2002, which an independent school cannot make; arrange the placement with the parents' agreement instead, and remove the direction"
            )
        case nil:
            issues.report(
                .warning, rule: .offSiteDirection, path: base,
                "is a direction under s29A Education Act 2002, a maintained school's power, but the school's type is not recorded; record type (maintained, pupil-referral-unit, academy, independent) in the school's file"
            )
        }
        if placement.basis == .localAuthority {
            issues.report(
                rule: .offSiteDirection, path: "basis",
                "is local-authority, but an off-site direction is the school's governing body's decision; use basis school (or dual-registration) for a direction, or remove arrangement.off_site_direction"
            )
        }
        if let notice = direction.noticeGiven {
            if schoolDays(after: notice, upTo: placement.start) < 2 {
                issues.report(
                    rule: .offSiteDirection, path: "\(base).notice_given",
                    "is fewer than two school days before the start; the written notice must reach the parent at least two school days before the first day (reg 3(2)): move the start or give notice again"
                )
            }
            if let decided = direction.decided, notice < decided {
                issues.report(
                    rule: .offSiteDirection, path: "\(base).notice_given", "is before decided; check both dates")
            }
        } else {
            issues.report(
                rule: .offSiteDirection, path: "\(base).notice_given",
                "is missing; the governing body must give the parent written notice of the direction as soon as practicable, at least two school days before the first day (reg 3): record the date"
            )
        }
        if placement.pupil.sen == .ehcPlan, direction.noticeToLA == nil {
            issues.report(
                rule: .offSiteDirection, path: "\(base).notice_to_la",
                "is missing; for a pupil with an EHC plan the local authority that maintains it also has written notice, and may ask for a review meeting: record the date"
            )
        }
        if direction.days == nil {
            issues.report(
                rule: .offSiteDirection, path: "\(base).days",
                "is missing; the notice must state the number of days the direction lasts: record it")
        }
        if direction.reportTo == nil {
            issues.report(
                rule: .offSiteDirection, path: "\(base).report_to",
                "is missing; the notice must name the person the pupil reports to on first attending: record who")
        }
        if placement.reviews.isEmpty {
            issues.report(
                rule: .offSiteDirection, path: "reviews",
                "is missing; the governing body keeps an off-site direction under review at review meetings (reg 4): add their dates"
            )
        }
    }

    /// Weekdays after `notice` up to and including `start`: the school days a notice given on
    /// `notice` comes before the first day. APDocs cannot know the school's closure days, so
    /// every weekday counts.
    static func schoolDays(after notice: Date, upTo start: Date) -> Int {
        let from = DayArithmetic.dayNumber(notice)
        let to = DayArithmetic.dayNumber(start)
        guard to > from else { return 0 }
        // dayNumber 0 is 1970-01-01, a Thursday: weekday index 0 = Monday.
        return (from + 1...to).count { (($0 + 3) % 7 + 7) % 7 < 5 }
    }
}
