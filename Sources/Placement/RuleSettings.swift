/// The thresholds the rules use. The defaults follow the guidance; a workspace may change
/// any of them, and a settings file need only name the ones it changes.
public struct RuleSettings: Sendable, Hashable, Codable {
    /// A placement is full time when its sessions add up to MORE than this many hours a week
    /// (the DfE's "more than 18 hours"); exactly 18 is part time.
    public var fullTimeHoursPerWeek: Double
    /// Checks, policies, vetting confirmations and annual reports older than this are stale.
    public var stalenessMonths: Int
    /// The longest gap between reviews (and from the start to the first, and the last to the
    /// planned end) before it is flagged. The guidance says reviews at least half-termly; a
    /// half-term is about six weeks of teaching, and the gap between reviews in consecutive
    /// half-terms often straddles a one-week holiday, so 6 + 1 weeks = 49 days.
    public var maximumReviewGapDays: Int
    /// A non-school provider with this many full-time pupils of compulsory school age (or one
    /// with an EHC plan or looked after) must be registered as a school (Education Act 1996 s463).
    public var registrationThresholdPupils: Int
    /// How far ahead `status` looks for checks that go stale and reviews that fall due.
    public var dueWithinDays: Int = 30

    public init(
        fullTimeHoursPerWeek: Double = 18, stalenessMonths: Int = 12,
        maximumReviewGapDays: Int = 49, registrationThresholdPupils: Int = 5
    ) {
        self.fullTimeHoursPerWeek = fullTimeHoursPerWeek
        self.stalenessMonths = stalenessMonths
        self.maximumReviewGapDays = maximumReviewGapDays
        self.registrationThresholdPupils = registrationThresholdPupils
    }

    /// The guidance's defaults.
    public static let guidance = RuleSettings()

    enum CodingKeys: String, CodingKey {
        case fullTimeHoursPerWeek = "full_time_hours_per_week"
        case stalenessMonths = "staleness_months"
        case maximumReviewGapDays = "maximum_review_gap_days"
        case registrationThresholdPupils = "registration_threshold_pupils"
        case dueWithinDays = "due_within_days"
    }

    /// Missing keys keep their defaults, so a settings file can change one threshold only.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RuleSettings.guidance
        fullTimeHoursPerWeek =
            try container.decodeIfPresent(Double.self, forKey: .fullTimeHoursPerWeek)
            ?? defaults.fullTimeHoursPerWeek
        stalenessMonths =
            try container.decodeIfPresent(Int.self, forKey: .stalenessMonths) ?? defaults.stalenessMonths
        maximumReviewGapDays =
            try container.decodeIfPresent(Int.self, forKey: .maximumReviewGapDays)
            ?? defaults.maximumReviewGapDays
        registrationThresholdPupils =
            try container.decodeIfPresent(Int.self, forKey: .registrationThresholdPupils)
            ?? defaults.registrationThresholdPupils
        dueWithinDays = try container.decodeIfPresent(Int.self, forKey: .dueWithinDays) ?? defaults.dueWithinDays
    }
}
