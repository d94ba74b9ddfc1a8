/// The items of the suggested commissioning checklist, in the order the checklist document
/// lists them. The raw value is the `checks[].id` in provider files.
public enum CheckID: String, Sendable, Hashable, CaseIterable, Codable {
    case registration
    case behaviourPolicy = "behaviour-policy"
    case curriculumPlans = "curriculum-plans"
    case safeguardingArrangements = "safeguarding-arrangements"
    case antiBullyingPolicy = "anti-bullying-policy"
    case healthAndSafetyPolicy = "health-and-safety-policy"
    case complaintsProcedure = "complaints-procedure"
    case accommodation
    case staffQualifications = "staff-qualifications"
    case firstAid = "first-aid"
    case fireRiskAssessment = "fire-risk-assessment"
    case recruitmentAndVetting = "recruitment-and-vetting"
    case agencyLinks = "agency-links"
    case valueForMoney = "value-for-money"
    case annualPerformanceReport = "annual-performance-report"
    // Added after the December 2026 review (K-4, K-5): appended so earlier rows keep their numbers.
    case safeguardingTraining = "safeguarding-training"
    case inspectionReport = "inspection-report"
    case insurance
    case riskAssessment = "risk-assessment"
    case sitesVisited = "sites-visited"
    case dataProtection = "data-protection"

    /// The checklist's wording of the item.
    public var title: String {
        switch self {
        case .registration: return "Registration status, and whether the provider should be registered"
        case .behaviourPolicy: return "Written behaviour policy, including sanctions for misbehaviour"
        case .curriculumPlans: return "Curriculum plans, schemes of work and assessment procedures"
        case .safeguardingArrangements:
            return "Safeguarding and welfare arrangements, with regard to KCSIE and Working Together"
        case .antiBullyingPolicy: return "Anti-bullying policy"
        case .healthAndSafetyPolicy: return "Health and safety policy"
        case .complaintsProcedure: return "Complaints procedure"
        case .accommodation: return "Quality of accommodation"
        case .staffQualifications: return "Qualifications and experience of staff"
        case .firstAid: return "Arrangements for administering first aid"
        case .fireRiskAssessment: return "Fire risk assessment and procedures"
        case .recruitmentAndVetting: return "Recruitment and vetting checks for staff and management"
        case .agencyLinks:
            return "Working with social care, mental health services, youth offending teams and drug support"
        case .valueForMoney: return "Transparent costs and value for money"
        case .annualPerformanceReport: return "Annual performance report"
        case .safeguardingTraining:
            return "Support offered to the provider's staff to access safeguarding training and information"
        case .inspectionReport:
            return "Latest inspection report (type and date) and any compliance or warning notices"
        case .insurance: return "Employer's and public liability insurance"
        case .riskAssessment: return "Risk assessment of the activities and sites, made with the provider"
        case .sitesVisited: return "Each site pupils attend visited by the school"
        case .dataProtection: return "Data protection: secure e-mail and handling of pupils' information"
        }
    }
}

/// What the school found when it made a check.
public enum CheckResult: String, Sendable, Hashable, CaseIterable, Codable {
    case satisfactory
    case concerns
    case notSeen = "not-seen"

    /// How the checklist prints the result.
    public var text: String {
        switch self {
        case .satisfactory: return "Satisfactory"
        case .concerns: return "Concerns noted"
        case .notSeen: return "Not seen"
        }
    }
}

/// The letters the school sends each provider, and the policy each cites.
public enum LetterKind: String, Sendable, Hashable, CaseIterable, Codable {
    case onlineSafety = "online-safety-letter"
    case childProtection = "child-protection-letter"
    case attendance = "attendance-letter"

    /// The school policy the letter cites (and whose new version makes it out of date).
    public var policy: PolicyID {
        switch self {
        case .onlineSafety: return .onlineSafety
        case .childProtection: return .childProtection
        case .attendance: return .attendance
        }
    }

    public var title: String {
        switch self {
        case .onlineSafety: return "Social networking, social media and e-safety"
        case .childProtection: return "Child protection and safeguarding"
        case .attendance: return "Attendance and absence follow-up"
        }
    }
}
