/// One problem found in the data: a loading error (wrong type, missing or unknown field,
/// broken reference) or a rule of the guidance that the data breaks.
///
/// Issues name records by their identifiers only (`school.id`, `provider.id`, `placement.id`,
/// `pupil.key`): a pupil's name, date of birth or UPN never appears in `subject`, `path` or
/// `message`, because issues end up in logs and terminal scroll-back.
///
/// The description is in the compiler style that editors can jump to:
///
///     placements/PL-2025-014.yaml:12: error [attendance-code] PL-2025-014 attendance_code: is 'B' but the placement was arranged by the local authority; use K
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible, Codable {
    /// How serious an issue is.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        /// The affected documents must not be produced (or, for a signed agreement, it is not final).
        case error
        /// Worth acting on, but documents can still be produced.
        case warning
    }

    /// Which check produced an issue; the raw value is the short id printed in brackets.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// Loading: syntax, types, missing or unknown fields, duplicate ids, broken references.
        case data
        /// Rule 1: a provider that should be registered as a school is not.
        case registration
        /// Rule 2: the attendance code does not follow from who arranged the placement.
        case attendanceCode = "attendance-code"
        /// Rule 3: a part-time placement lacks the rest of the week, an end or reviews.
        case partTime = "part-time"
        /// Rule 3: the pupil's week leaves sessions without education (a reduced timetable, C2)
        /// and the reg 11(6) conditions are not recorded.
        case reducedTimetable = "reduced-timetable"
        /// A placement in unregistered (non-school) AP runs beyond the DfE's planned limits of
        /// 12 weeks, or 2 days a week alongside school.
        case unregisteredLimits = "unregistered-ap-limits"
        /// The local authority's power or agreement is not recorded (code K; EHC plan).
        case laArrangement = "la-arrangement"
        /// A looked-after pupil's legal status, parental responsibility, social worker, virtual
        /// school head or PEP is not recorded, or is recorded wrongly.
        case lookedAfter = "looked-after"
        /// The provider's registration and inspection report were not re-checked for this new
        /// placement (review R-9).
        case providerRecheck = "provider-recheck"
        /// An off-site direction under s29A Education Act 2002 lacks its notice, its terms or its
        /// reviews, or is made by a school without the power (review P-6).
        case offSiteDirection = "off-site-direction"
        /// Rule 4: reviews further apart than about a half-term.
        case reviewGap = "review-gap"
        /// Rule 5: no dated written confirmation of the provider's vetting checks.
        case vetting
        /// Rule 6: a check, policy or annual report older than the staleness threshold.
        case staleCheck = "stale-check"
        /// Rule 7: a letter lacks a contact it must print.
        case contacts
        /// Rule 8: the curriculum lacks English or maths.
        case curriculum
        /// Rule 8: the local authority has not been told of the placement.
        case laNotified = "la-notified"
        /// Rule 9: signatures (dated in the future; signed while the provider is not vetted).
        case signatures
        /// The commissioning checklist has items that are not satisfactory, so it is not approved.
        case checks
        /// A pupil's UPN is not 13 characters in the DfE's format, or its check letter is wrong.
        case upn
    }

    public var severity: Severity
    public var rule: Rule
    /// The id of the school, provider or placement the issue is about; nil when the file
    /// could not be read far enough to know it.
    public var subject: String?
    /// The field, as a data path inside the file (`sessions[0].day`); nil for the whole file.
    public var path: String?
    /// The file as the user named it (relative to the data folder when loaded from one).
    public var file: String?
    /// 1-based line in `file`, when known (plists carry no positions).
    public var line: Int?
    /// Why it is a problem and what to do about it.
    public var message: String

    public init(
        severity: Severity, rule: Rule, subject: String?, path: String?,
        file: String?, line: Int?, message: String
    ) {
        self.severity = severity
        self.rule = rule
        self.subject = subject
        self.path = path
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: severity [rule] subject path: message`, leaving out the parts that are nil.
    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line { text += ":\(line)" }
            text += ": "
        }
        text += "\(severity.rawValue) [\(rule.rawValue)] "
        let what = [subject, path].compactMap { $0 }.joined(separator: " ")
        text += what.isEmpty ? message : "\(what): \(message)"
        return text
    }
}

extension Array where Element == ValidationIssue {
    /// Whether any issue is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// The issues in a stable order: by file, then line, then the rest of the text, so reports
    /// do not depend on the order rules happen to run in.
    public func sortedForReport() -> [ValidationIssue] {
        sorted { a, b in
            if (a.file ?? "") != (b.file ?? "") { return (a.file ?? "") < (b.file ?? "") }
            if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
            return a.description < b.description
        }
    }
}
