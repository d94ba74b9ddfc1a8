import Foundation

/// How far the placement agreement has got towards being signed (rule 9).
public enum AgreementState: String, Sendable, Hashable, Codable {
    /// Nobody has signed.
    case draft
    /// Some, not all, of school, provider, parent/carer and pupil have signed.
    case partlySigned = "partly-signed"
    /// All four have signed.
    case signed
}

/// The answer to "must this provider be registered as a school, and is it?" (rule 1).
public struct RegistrationTest: Sendable, Hashable {
    public var required: Bool
    public var registered: Bool
    /// Why, in a sentence fragment the checklist prints ("it has a full-time pupil who is looked after").
    public var reason: String

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

    /// Part time unless the sessions add up to more than the full-time threshold.
    public func isPartTime(_ settings: RuleSettings = .guidance) -> Bool {
        hoursPerWeek <= settings.fullTimeHoursPerWeek
    }

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

    /// Signed only when school, provider, parent/carer and pupil have all signed.
    public var agreementState: AgreementState {
        let roles = Set(signatures.map(\.role))
        if roles.isEmpty { return .draft }
        return roles.isSuperset(of: SignatureRole.allCases) ? .signed : .partlySigned
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
