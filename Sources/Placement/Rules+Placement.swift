import Foundation

/// The rules about one placement: attendance code (2), part time and reduced timetables (3),
/// registration near the full-time threshold and registered sites (1), review gaps (4),
/// curriculum and LA notification (8); the parties' rules are in Rules+Parties.swift.
/// Messages name the placement and pupil key only, never the pupil.
extension Rules {
    static func checkPlacement(
        _ placement: PlacementRecord, in dataset: Dataset, settings: RuleSettings, today: Date
    ) -> [ValidationIssue] {
        let issues = collector(placement.source, subject: placement.id)
        let provider = dataset.provider(id: placement.provider)
        checkAttendanceCode(placement, provider: provider, issues)
        let partTime = placement.isPartTimePlacement
        if partTime { checkPartTime(placement, issues) }
        checkReducedTimetable(placement, issues)
        checkTotalWeeklyEducation(placement, school: dataset.school(id: placement.school), issues)
        if let provider { checkPlacementRegistration(placement, provider: provider, settings: settings, issues) }
        checkReviewGaps(placement, settings: settings, partTime: partTime, issues)
        checkCurriculum(placement, issues)
        checkLANotified(placement, provider: provider, today: today, issues)
        checkUnregisteredLimits(placement, provider: provider, issues)
        checkLocalAuthority(placement, issues)
        checkOffSiteDirection(placement, school: dataset.school(id: placement.school), issues)
        checkRegisteredFor(placement, provider: provider, issues)
        checkProviderRecheck(placement, provider: provider, settings: settings, issues)
        checkLookedAfter(placement, issues)
        checkVettingBeforeStart(placement, provider: provider, today: today, issues)
        checkSignatures(placement, in: dataset, today: today, issues)
        checkUPN(placement, issues)
        return issues.issues
    }

    /// The UPN, when given, has the DfE's format and check letter (UniquePupilNumber): a name or
    /// a mistyped digit typed into `upn:` would otherwise reach every document. The message
    /// never quotes the value (issues reach logs).
    private static func checkUPN(_ placement: PlacementRecord, _ issues: IssueCollector) {
        guard let upn = placement.pupil.upn else { return }
        switch UniquePupilNumber.problem(upn) {
        case nil:
            return
        case .format:
            issues.report(
                rule: .upn, path: "pupil.upn",
                "is not a UPN: a UPN is 13 characters, a capital check letter (not I, O or S) then 12 digits (a temporary UPN: 11 digits and a letter)"
            )
        case .checkLetter:
            issues.report(
                rule: .upn, path: "pupil.upn",
                "has the wrong check letter: the first letter does not follow from the 12 characters after it (DfE formula, modulo 23); a character is mistyped"
            )
        }
    }

    /// Rule 2 (2024 Regulations, reg 10(3) Table 2 and reg 10(11)): the code follows the basis;
    /// D only at a school that has the pupil on its register; K only under a named LA power;
    /// B only with someone authorised by the school approving and supervising.
    private static func checkAttendanceCode(
        _ placement: PlacementRecord, provider: Provider?, _ issues: IssueCollector
    ) {
        let expected = placement.basis.attendanceCode
        let why: String
        switch placement.basis {
        case .school: why = "the placement was arranged by the school"
        case .localAuthority: why = "the placement was arranged by the local authority"
        case .dualRegistration: why = "the pupil is dual registered with the provider"
        }
        if let code = placement.attendanceCode {
            if code != expected {
                issues.report(
                    rule: .attendanceCode, path: "attendance_code",
                    "is '\(code.rawValue)' but \(why); use \(expected.rawValue)")
            }
        } else {
            issues.report(
                rule: .attendanceCode, path: "attendance_code", "is missing; \(why), so use \(expected.rawValue)")
        }
        switch placement.basis {
        case .dualRegistration:
            if let provider, provider.kind != .registeredSchool {
                issues.report(
                    rule: .attendanceCode, path: "basis",
                    "is dual-registration but provider \(provider.id) is not a school: code D is only for a pupil registered at another school; use school (B) or local-authority (K)"
                )
            }
            if placement.dualRegistrationAdmitted == nil {
                issues.report(
                    rule: .attendanceCode, path: "dual_registration",
                    "is missing; code D needs the pupil on the provider school's admission register: record the date it admitted the pupil (dual_registration: {admitted: ...})"
                )
            }
        case .localAuthority:
            if placement.laArrangement?.power == nil {
                issues.report(
                    rule: .attendanceCode, path: "la_arrangement.power",
                    "is missing; code K is only for provision the local authority arranges under s19 Education Act 1996 or s42 or s61 Children and Families Act 2014: record which (s19-ea1996, s42-cfa2014, s61-cfa2014)"
                )
            }
        case .school:
            if placement.supervisedBy == nil {
                issues.report(
                    rule: .attendanceCode, path: "supervised_by",
                    "is missing; code B needs the activity approved and supervised by a person authorised by the school: record who (name and role)"
                )
            }
        }
    }

    /// Rule 3, part-time placement: the provider covers only part of the school week, so say
    /// where the rest is, when it ends and when it is reviewed.
    private static func checkPartTime(_ placement: PlacementRecord, _ issues: IssueCollector) {
        let because = "the placement is part time (\(hoursText(placement.hoursPerWeek)) hours a week at the provider)"
        if placement.restOfWeek.isEmpty {
            issues.report(
                rule: .partTime, path: "rest_of_week",
                "is missing but \(because); say where the pupil is for the rest of the week, with days and hours")
        }
        if placement.plannedEnd == nil {
            issues.report(rule: .partTime, path: "planned_end", "is missing but \(because); set an end date")
        }
        if placement.reviews.isEmpty {
            issues.report(rule: .partTime, path: "reviews", "is missing but \(because); add review dates")
        }
    }

    /// Rule 3, reduced timetable: sessions of the school week with no education are C2 and need
    /// the conditions of reg 11(6) and WTISA 2024 (exceptional, agreed with a parent, time
    /// limited, a plan back to full time, the LA told).
    private static func checkReducedTimetable(_ placement: PlacementRecord, _ issues: IssueCollector) {
        // Without a rest of the week the part-time rule already asks for it; judge the week once it is there.
        guard placement.hasReducedTimetable, !placement.restOfWeek.isEmpty else { return }
        let count = placement.sessionsWithoutEducation.count
        let because =
            "the pupil's week has \(count) weekday session\(count == 1 ? "" : "s") with no education, a reduced timetable (code C2, 2024 Regulations reg 11(6))"
        guard let reduced = placement.reducedTimetable else {
            issues.report(
                rule: .reducedTimetable, path: "reduced_timetable",
                "is missing but \(because); record the exceptional reason, the parent's agreement, when the local authority was told, the end date and the plan back to full time"
            )
            return
        }
        if (reduced.reason ?? "").isEmpty {
            issues.report(
                rule: .reducedTimetable, path: "reduced_timetable.reason",
                "is missing but \(because); record the exceptional circumstances")
        }
        if reduced.parentAgreed == nil {
            issues.report(
                rule: .reducedTimetable, path: "reduced_timetable.parent_agreed",
                "is missing but \(because); a reduced timetable needs a parent's agreement: record the date")
        }
        if reduced.laTold == nil {
            issues.report(
                rule: .reducedTimetable, path: "reduced_timetable.la_told",
                "is missing but \(because); tell the local authority and record the date")
        }
        if reduced.ends == nil {
            issues.report(
                rule: .reducedTimetable, path: "reduced_timetable.ends",
                "is missing but \(because); a reduced timetable must be time limited: set its end date")
        }
        if (reduced.planToFullTime ?? "").isEmpty {
            issues.report(
                rule: .reducedTimetable, path: "reduced_timetable.plan_to_full_time",
                "is missing but \(because); record the plan back to a full-time timetable")
        }
    }

    /// The pupil's total weekly education against the school's normal week (when the school
    /// records `week_hours`): a warning, since a provider's shorter day is not in itself a reduced
    /// timetable, but a total well below the week needs a reason (WTISA 2024; Arranging AP 2025).
    private static func checkTotalWeeklyEducation(
        _ placement: PlacementRecord, school: School?, _ issues: IssueCollector
    ) {
        guard let week = school?.weekHours, placement.reducedTimetable == nil, !placement.hasReducedTimetable,
            !placement.restOfWeek.isEmpty || !placement.isPartTimePlacement,
            placement.totalWeeklyHours < week
        else { return }
        issues.report(
            .warning, rule: .reducedTimetable, path: "sessions",
            "give \(hoursText(placement.totalWeeklyHours)) hours of education a week in all, below the school's week of \(hoursText(week)) hours; if the pupil is on a reduced timetable record reduced_timetable (code C2, reg 11(6)), otherwise check that the pupil receives the equivalent of full-time education"
        )
    }

    /// Rule 1 for one placement: near the indicative full-time threshold at a non-school
    /// setting (warning), or at a registered school's site not known to be covered (warning).
    private static func checkPlacementRegistration(
        _ placement: PlacementRecord, provider: Provider, settings: RuleSettings, _ issues: IssueCollector
    ) {
        switch provider.kind {
        case .nonSchool:
            let hours = placement.hoursPerWeek
            if !placement.isFullTimeAtProvider(settings), hours > settings.registrationWarningHours {
                issues.report(
                    .warning, rule: .registration, path: "sessions",
                    "add up to \(hoursText(hours)) hours a week at a non-school provider, near the \(hoursText(settings.fullTimeHoursPerWeek))-hour indicator of full-time education (DfE guidance, not law); check the pupil's whole week and the provider's registration before placing"
                )
            }
        case .registeredSchool:
            for (index, session) in placement.sessions.enumerated() {
                guard let id = session.site, let site = provider.sites.first(where: { $0.id == id }),
                    site.coveredByRegistration != true
                else { continue }
                issues.report(
                    .warning, rule: .registration, path: "sessions[\(index)].site",
                    "is site \(id) of provider \(provider.id), which is not recorded as covered by its registration; check Get Information about Schools (and any DfE approval of a material change) and record covered_by_registration on the site"
                )
            }
        case .feCollege:
            break
        }
    }

    /// The DfE's planned time limits for unregistered AP (response of September 2025 to the 2024
    /// consultation; voluntary until legislated): at most 12 weeks, or at most 2 days a week
    /// alongside school. A warning when a non-school placement is beyond both.
    static func checkUnregisteredLimits(
        _ placement: PlacementRecord, provider: Provider?, _ issues: IssueCollector
    ) {
        guard provider?.kind == .nonSchool, placement.days.count > 2 else { return }
        let days = placement.days.count
        let limits =
            "the DfE plans to limit unregistered alternative provision to 12 weeks, or to 2 days a week alongside school (voluntary until legislated)"
        guard let end = placement.plannedEnd else {
            issues.report(
                .warning, rule: .unregisteredLimits, path: "planned_end",
                "is missing for \(days) days a week at a non-school provider; \(limits): set an end date within 12 weeks or reduce the days"
            )
            return
        }
        let weeks = DayArithmetic.days(from: placement.start, to: end) / 7
        guard DayArithmetic.days(from: placement.start, to: end) > 84 else { return }
        issues.report(
            .warning, rule: .unregisteredLimits, path: "planned_end",
            "is \(weeks) weeks after the start, at a non-school provider \(days) days a week; \(limits): plan the return within 12 weeks or reduce the days"
        )
    }

    /// Rule 8: the LA is told; for a non-school provider this is an error (the DfE expects schools
    /// to tell the LA of every placement in unregistered AP, September 2025).
    private static func checkLANotified(
        _ placement: PlacementRecord, provider: Provider?, today: Date, _ issues: IssueCollector
    ) {
        let unregistered = provider?.kind == .nonSchool
        if let notified = placement.laNotified {
            if DayArithmetic.isAfter(notified, today: today) {
                issues.report(
                    .warning, rule: .laNotified, path: "la_notified",
                    "is \(DayArithmetic.isoText(notified)), after today; record the date the local authority was told")
            }
        } else if unregistered {
            issues.report(
                rule: .laNotified, path: "la_notified",
                "is missing; the DfE expects schools to tell the local authority of every placement in unregistered alternative provision: tell it and record the date"
            )
        } else {
            issues.report(
                .warning, rule: .laNotified, path: "la_notified",
                "is missing; tell the local authority about the placement and record the date")
        }
    }

    /// Rule 4: start to first review, review to review, last review to planned end.
    private static func checkReviewGaps(
        _ placement: PlacementRecord, settings: RuleSettings, partTime: Bool, _ issues: IssueCollector
    ) {
        let limit = settings.maximumReviewGapDays
        let advice = "reviews should be no more than \(limit) days (about a half-term) apart"
        guard !placement.reviews.isEmpty else {
            // A part-time placement without reviews is already an error under rule 3.
            if !partTime {
                issues.report(
                    .warning, rule: .reviewGap, path: "reviews",
                    "is missing; plan reviews at least every half-term (\(limit) days)")
            }
            return
        }
        let ordered = placement.reviews.enumerated().sorted { $0.element < $1.element }
        var previous = (date: placement.start, label: "start")
        for (index, review) in ordered {
            let gap = DayArithmetic.days(from: previous.date, to: review)
            if gap > limit {
                issues.report(
                    .warning, rule: .reviewGap, path: "reviews[\(index)]",
                    "is \(gap) days after \(previous.label); \(advice)")
            }
            previous = (review, "the previous review (\(DayArithmetic.isoText(review)))")
        }
        if let end = placement.plannedEnd, let last = ordered.last?.element {
            let gap = DayArithmetic.days(from: last, to: end)
            if gap > limit {
                issues.report(
                    .warning, rule: .reviewGap, path: "planned_end",
                    "is \(gap) days after the last review (\(DayArithmetic.isoText(last))); \(advice)")
            }
        }
    }

    /// Rule 8: English and maths must continue somewhere; common subject names count.
    private static func checkCurriculum(_ placement: PlacementRecord, _ issues: IssueCollector) {
        guard !placement.subjects.isEmpty else {
            issues.report(
                .warning, rule: .curriculum, path: "curriculum",
                "lists no subjects; say how the pupil keeps up English and maths")
            return
        }
        let lowered = placement.subjects.map { $0.lowercased() }
        func covers(_ words: [String]) -> Bool {
            lowered.contains { subject in words.contains { subject.contains($0) } }
        }
        if !covers(["english", "literacy"]) {
            issues.report(
                .warning, rule: .curriculum, path: "curriculum.subjects",
                "has no English; say how the pupil keeps up English, at the provider or at school")
        }
        if !covers(["math", "numeracy"]) {
            issues.report(
                .warning, rule: .curriculum, path: "curriculum.subjects",
                "has no maths; say how the pupil keeps up maths, at the provider or at school")
        }
    }
}
