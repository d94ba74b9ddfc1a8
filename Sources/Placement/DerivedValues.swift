import Foundation

/// How far the placement agreement has got towards being signed (rule 9).
public enum AgreementState: String, Sendable, Hashable, Codable {
    /// Nobody has signed.
    case draft
    /// Some, not all, of the parties who must sign have signed.
    case partlySigned = "partly-signed"
    /// Every party who must sign has signed (`PlacementRecord.requiredSignatures`).
    case signed
}

/// A half of a school day: the register is taken at the start of the morning session and once
/// during the afternoon session (2024 Regulations, reg 10).
public enum SessionHalf: String, Sendable, Hashable, CaseIterable, Comparable {
    case morning, afternoon

    public static func < (lhs: SessionHalf, rhs: SessionHalf) -> Bool { lhs == .morning && rhs == .afternoon }
}

/// One school session of the week: Monday morning, Monday afternoon, ...
public struct WeekSession: Sendable, Hashable, Comparable {
    public var day: Weekday
    public var half: SessionHalf

    public static func < (lhs: WeekSession, rhs: WeekSession) -> Bool {
        (lhs.day, lhs.half) < (rhs.day, rhs.half)
    }

    /// The ten sessions of a school week, Monday to Friday.
    public static let schoolWeek: [WeekSession] = Weekday.allCases.prefix(5).flatMap { day in
        SessionHalf.allCases.map { WeekSession(day: day, half: $0) }
    }
}

/// The answer to "must this provider be registered as a school, and is it?" (rule 1).
public struct RegistrationTest: Sendable, Hashable {
    public var required: Bool
    public var registered: Bool
    /// Why, in a sentence fragment the checklist prints ("it has a full-time pupil who is looked after").
    public var reason: String
    /// The law the test applied.
    public var law: RegistrationLaw = .s463

    /// Using the provider would break the registration regulations.
    public var isUnlawful: Bool { required && !registered }
}

/// One row of the commissioning checklist document, in catalogue order.
public struct ChecklistLine: Sendable, Hashable {
    public var id: CheckID
    public var title: String
    /// `notSeen` when the school recorded nothing for the item.
    public var result: CheckResult
    public var evidence: String?
    public var date: Date?
    /// Older than the staleness threshold (an undated check counts as stale).
    public var stale: Bool
}

extension PlacementRecord {
    /// The weekly hours of all sessions.
    public var hoursPerWeek: Double { sessions.reduce(0) { $0 + $1.hours } }

    /// Hours of education a week away from this provider (school and other provision; home is none).
    public var hoursElsewhere: Double { restOfWeek.filter(\.isEducation).reduce(0) { $0 + $1.hours } }

    /// The pupil's total weekly education: this provider, plus school and other provision.
    public var totalWeeklyHours: Double { hoursPerWeek + hoursElsewhere }

    /// Whether the pupil has any education in the week other than at this provider.
    public var hasEducationElsewhere: Bool { restOfWeek.contains { $0.isEducation } }

    /// Whether the pupil counts as a full-time pupil of this provider for the registration test
    /// (rule 1): its sessions are more than the indicative threshold, or they are all of the
    /// pupil's education ("all, or substantially all", Registration of independent schools, 2019).
    public func isFullTimeAtProvider(_ settings: RuleSettings = .guidance) -> Bool {
        hoursPerWeek > settings.fullTimeHoursPerWeek || !hasEducationElsewhere
    }

    /// The weekday sessions the provider's sessions cover: a session starting before 12:00 covers
    /// the morning, one ending after 13:00 the afternoon.
    public var providerSessions: Set<WeekSession> {
        var covered: Set<WeekSession> = []
        for session in sessions {
            if session.start.minutes < 12 * 60 { covered.insert(WeekSession(day: session.day, half: .morning)) }
            if session.end.minutes > 13 * 60 { covered.insert(WeekSession(day: session.day, half: .afternoon)) }
        }
        return covered
    }

    /// A part-time placement: the provider does not cover the whole school week, so the pupil is
    /// somewhere else for part of it (rule 3).
    public var isPartTimePlacement: Bool {
        !WeekSession.schoolWeek.allSatisfy(providerSessions.contains)
    }

    /// The school-week sessions with no education: neither at the provider nor on a school or
    /// other-provision day of `rest_of_week`. Any means a reduced (part-time) timetable, on which
    /// the sessions missed are code C2 (2024 Regulations, reg 11(6)).
    public var sessionsWithoutEducation: [WeekSession] {
        let elsewhere = Set(restOfWeek.filter(\.isEducation).flatMap(\.days))
        let covered = providerSessions
        return WeekSession.schoolWeek.filter { !covered.contains($0) && !elsewhere.contains($0.day) }
    }

    /// Whether the pupil's week is a reduced (part-time) timetable.
    public var hasReducedTimetable: Bool { !sessionsWithoutEducation.isEmpty }

    /// The gaps in days from the start to the first review, between reviews in date order, and from
    /// the last review to the planned end (rule 4); empty without reviews.
    public var reviewGaps: [Int] {
        let ordered = reviews.sorted()
        guard !ordered.isEmpty else { return [] }
        var gaps: [Int] = []
        var previous = start
        for review in ordered {
            gaps.append(DayArithmetic.days(from: previous, to: review))
            previous = review
        }
        if let end = plannedEnd { gaps.append(DayArithmetic.days(from: previous, to: end)) }
        return gaps
    }

    /// Whether the schedule keeps the half-termly promise: reviews planned, none further apart
    /// than `maximumReviewGapDays`. The agreement prints the promise only then (review P-5).
    public func reviewsWithinLimit(_ settings: RuleSettings = .guidance) -> Bool {
        !reviewGaps.isEmpty && reviewGaps.allSatisfy { $0 <= settings.maximumReviewGapDays }
    }

    /// The parties who must sign before the agreement is final: school, provider, parent or
    /// carer and pupil, and the local authority when it arranges the placement or looks after
    /// the pupil (rule 9).
    public var requiredSignatures: [SignatureRole] {
        var roles: [SignatureRole] = [.school, .provider, .parentCarer, .pupil]
        if basis == .localAuthority || pupil.lookedAfter { roles.append(.localAuthority) }
        return roles
    }

    /// Whether the local authority is a party (and signs): K placements and looked-after pupils.
    public var localAuthorityIsParty: Bool { requiredSignatures.contains(.localAuthority) }

    /// The session days in week order, each once.
    public var days: [Weekday] { Array(Set(sessions.map(\.day))).sorted() }

    /// "Tuesday", "Tuesday and Thursday", "Monday, Tuesday and Thursday".
    public var daysText: String {
        let names = days.map(\.rawValue)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// The code to use: the one recorded, or the one the basis requires when none is.
    public var effectiveAttendanceCode: AttendanceCode { attendanceCode ?? basis.attendanceCode }

    /// What the attendance code records, for the letters and agreement.
    public var attendanceCodeMeaning: String { effectiveAttendanceCode.meaning }

    /// The signature given for `role`, if any.
    public func signature(_ role: SignatureRole) -> Signature? {
        signatures.first { $0.role == role }
    }

    /// Signed only when every party in `requiredSignatures` has signed.
    public var agreementState: AgreementState {
        let roles = Set(signatures.map(\.role))
        if roles.isEmpty { return .draft }
        return roles.isSuperset(of: requiredSignatures) ? .signed : .partlySigned
    }

    /// Whether a parent or carer has recorded agreement to the placement.
    public var hasParentalAgreement: Bool { parents.contains { $0.agreed } }
}

/// Hours for messages: "12.5", "18", "17.25".
func hoursText(_ hours: Double) -> String {
    var text = String(format: "%.2f", hours)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
