import Foundation

/// The rules about one placement: attendance code (2), part time (3), review gaps (4),
/// signing while the provider is unvetted (5), curriculum and LA notification (8) and
/// signatures (9). Messages name the placement and pupil key only, never the pupil.
extension Rules {
    static func checkPlacement(
        _ placement: PlacementRecord, in dataset: Dataset, settings: RuleSettings, today: Date
    ) -> [ValidationIssue] {
        let issues = collector(placement.source, subject: placement.id)
        checkAttendanceCode(placement, issues)
        let partTime = placement.isPartTime(settings)
        if partTime { checkPartTime(placement, issues) }
        checkReviewGaps(placement, settings: settings, partTime: partTime, issues)
        checkCurriculum(placement, issues)
        if let notified = placement.laNotified {
            if DayArithmetic.isAfter(notified, today: today) {
                issues.report(
                    .warning, rule: .laNotified, path: "la_notified",
                    "is \(DayArithmetic.isoText(notified)), after today; record the date the local authority was told")
            }
        } else {
            issues.report(
                .warning, rule: .laNotified, path: "la_notified",
                "is missing; tell the local authority about the placement and record the date")
        }
        checkSignatures(placement, in: dataset, today: today, issues)
        return issues.issues
    }

    private static func checkAttendanceCode(_ placement: PlacementRecord, _ issues: IssueCollector) {
        let expected = placement.basis.attendanceCode
        let why: String
        switch placement.basis {
        case .school: why = "the placement was arranged by the school"
        case .localAuthority: why = "the placement was arranged by the local authority"
        case .dualRegistration: why = "the pupil is dual registered with the provider"
        }
        guard let code = placement.attendanceCode else {
            issues.report(
                rule: .attendanceCode, path: "attendance_code", "is missing; \(why), so use \(expected.rawValue)")
            return
        }
        if code != expected {
            issues.report(
                rule: .attendanceCode, path: "attendance_code",
                "is '\(code.rawValue)' but \(why); use \(expected.rawValue)")
        }
    }

    private static func checkPartTime(_ placement: PlacementRecord, _ issues: IssueCollector) {
        let because = "the placement is part time (\(hoursText(placement.hoursPerWeek)) hours a week)"
        if (placement.restOfWeek ?? "").isEmpty {
            issues.report(
                rule: .partTime, path: "rest_of_week",
                "is missing but \(because); say where the pupil is for the rest of the week")
        }
        if placement.plannedEnd == nil {
            issues.report(rule: .partTime, path: "planned_end", "is missing but \(because); set an end date")
        }
        if placement.reviews.isEmpty {
            issues.report(rule: .partTime, path: "reviews", "is missing but \(because); add review dates")
        }
        if !placement.hasParentalAgreement {
            issues.report(
                rule: .partTime, path: "parents",
                "record no agreement but \(because); record a parent or carer's agreement (agreed: true)")
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

    /// Rule 9 (no signature from the future, none older than the terms it signs) and rule 5 (a
    /// fully signed agreement with an unvetted provider would pass for final).
    private static func checkSignatures(
        _ placement: PlacementRecord, in dataset: Dataset, today: Date, _ issues: IssueCollector
    ) {
        for (index, signature) in placement.signatures.enumerated()
        where DayArithmetic.isAfter(signature.date, today: today) {
            issues.report(
                rule: .signatures, path: "signatures[\(index)].date",
                "is \(DayArithmetic.isoText(signature.date)), after today; a signature cannot be dated in the future")
        }
        if let changed = placement.lastChanged {
            for (index, signature) in placement.signatures.enumerated() where signature.date < changed {
                issues.report(
                    rule: .signatures, path: "signatures[\(index)].date",
                    "is \(DayArithmetic.isoText(signature.date)), before the agreement last changed (\(DayArithmetic.isoText(changed))); this party signed an earlier version: ask them to sign the current one and record the new date")
            }
        }
        guard placement.agreementState == .signed, let provider = dataset.provider(id: placement.provider),
            !hasValidVetting(provider, today: today)
        else { return }
        issues.report(
            rule: .vetting, path: "signatures",
            "are complete but provider \(provider.id) has not given dated written confirmation of its vetting checks, so the agreement cannot be final; record the confirmation first")
    }
}
