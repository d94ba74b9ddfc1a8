/// Which law the registration test (rule 1) applies. A school changes it only once it has
/// checked that the new law has commenced (docs/legal-basis.md).
public enum RegistrationLaw: String, Sendable, Hashable, CaseIterable, Codable {
    /// Education Act 1996 s463: a non-school setting with full-time education for five or more
    /// pupils of compulsory school age, or one with an EHC plan or looked after.
    case s463
    /// Education and Skills Act 2008 s92 as substituted by the Children's Wellbeing and Schools
    /// Act 2026 s43: any institution; five or more, or one who is looked after or has any SEN.
    /// Off until commencement regulations are made (CWS Act 2026 s78).
    case s92of2026 = "s92-2026"

    /// The provision as messages and the checklist cite it.
    public var citation: String {
        switch self {
        case .s463: return "Education Act 1996 s463"
        case .s92of2026:
            return "Education and Skills Act 2008 s92, as substituted by the Children's Wellbeing and Schools Act 2026 s43"
        }
    }
}

/// The thresholds the rules use. The defaults follow the guidance; a workspace may change
/// any of them, and a settings file need only name the ones it changes. The five-pupil number
/// of the registration test is statute, not a setting (`Rules.registrationPupilThreshold`).
public struct RuleSettings: Sendable, Hashable, Codable {
    /// A pupil's sessions at a provider count as full time there when they add up to MORE than
    /// this many hours a week (the DfE's "more than 18 hours", an indicative reading of the law,
    /// not law), or when they are all of the pupil's education (rule 1).
    public var fullTimeHoursPerWeek: Double
    /// Hours at a provider from which (above this, up to `fullTimeHoursPerWeek`) a placement is
    /// flagged as near the full-time threshold.
    public var registrationWarningHours: Double
    /// Checks, policies, vetting confirmations and annual reports older than this are stale.
    public var stalenessMonths: Int
    /// The longest gap between reviews (and from the start to the first, and the last to the
    /// planned end) before it is flagged. The guidance says reviews at least half-termly; a
    /// half-term is about six weeks of teaching, and the gap between reviews in consecutive
    /// half-terms often straddles a one-week holiday, so 6 + 1 weeks = 49 days.
    public var maximumReviewGapDays: Int
    /// The registration law in force for this school's checks.
    public var registrationLaw: RegistrationLaw
    /// At most this many days may pass between the school's re-check of a provider's
    /// registration and inspection report and the start of a new placement there (review R-9).
    public var providerRecheckDays: Int = 30
    /// How far ahead `status` looks for checks that go stale and reviews that fall due.
    public var dueWithinDays: Int = 30

    public init(
        fullTimeHoursPerWeek: Double = 18, registrationWarningHours: Double = 15, stalenessMonths: Int = 12,
        maximumReviewGapDays: Int = 49, registrationLaw: RegistrationLaw = .s463
    ) {
        self.fullTimeHoursPerWeek = fullTimeHoursPerWeek
        self.registrationWarningHours = registrationWarningHours
        self.stalenessMonths = stalenessMonths
        self.maximumReviewGapDays = maximumReviewGapDays
        self.registrationLaw = registrationLaw
    }

    /// The guidance's defaults.
    public static let guidance = RuleSettings()

    enum CodingKeys: String, CodingKey {
        case fullTimeHoursPerWeek = "full_time_hours_per_week"
        case registrationWarningHours = "registration_warning_hours"
        case stalenessMonths = "staleness_months"
        case maximumReviewGapDays = "maximum_review_gap_days"
        case registrationLaw = "registration_law"
        case registrationThresholdPupils = "registration_threshold_pupils"
        case dueWithinDays = "due_within_days"
        case providerRecheckDays = "provider_recheck_days"
    }

    /// Missing keys keep their defaults, so a settings file can change one threshold only.
    /// `registration_threshold_pupils` is accepted only as 5 (older workspaces wrote it): the
    /// number is in the Act, so a school cannot lower or raise it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RuleSettings.guidance
        fullTimeHoursPerWeek =
            try container.decodeIfPresent(Double.self, forKey: .fullTimeHoursPerWeek)
            ?? defaults.fullTimeHoursPerWeek
        registrationWarningHours =
            try container.decodeIfPresent(Double.self, forKey: .registrationWarningHours)
            ?? defaults.registrationWarningHours
        stalenessMonths =
            try container.decodeIfPresent(Int.self, forKey: .stalenessMonths) ?? defaults.stalenessMonths
        maximumReviewGapDays =
            try container.decodeIfPresent(Int.self, forKey: .maximumReviewGapDays)
            ?? defaults.maximumReviewGapDays
        registrationLaw =
            try container.decodeIfPresent(RegistrationLaw.self, forKey: .registrationLaw) ?? defaults.registrationLaw
        dueWithinDays = try container.decodeIfPresent(Int.self, forKey: .dueWithinDays) ?? defaults.dueWithinDays
        providerRecheckDays =
            try container.decodeIfPresent(Int.self, forKey: .providerRecheckDays) ?? defaults.providerRecheckDays
        if let pupils = try container.decodeIfPresent(Int.self, forKey: .registrationThresholdPupils),
            pupils != Rules.registrationPupilThreshold
        {
            throw DecodingError.dataCorruptedError(
                forKey: .registrationThresholdPupils, in: container,
                debugDescription:
                    "is set by law (five pupils) and cannot be changed; remove registration_threshold_pupils from the settings")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fullTimeHoursPerWeek, forKey: .fullTimeHoursPerWeek)
        try container.encode(registrationWarningHours, forKey: .registrationWarningHours)
        try container.encode(stalenessMonths, forKey: .stalenessMonths)
        try container.encode(maximumReviewGapDays, forKey: .maximumReviewGapDays)
        try container.encode(registrationLaw, forKey: .registrationLaw)
        try container.encode(dueWithinDays, forKey: .dueWithinDays)
        try container.encode(providerRecheckDays, forKey: .providerRecheckDays)
    }
}
