import Foundation

/// The rules about who is responsible for a placement and who signs it: the local authority's
/// power and agreement (code K; EHC plan), a looked-after pupil's legal status and parental
/// responsibility, vetting before the start (5) and signatures (9). Messages name the placement
/// and pupil key only, never a person.
extension Rules {
    /// The LA's part: a K placement records who agreed it for the LA and when; a pupil with an
    /// EHC plan also needs the LA's agreement and an early review of the plan before the start
    /// (CFA 2014 ss42, 44; SEND Code of Practice 2015, ch. 9-10).
    static func checkLocalAuthority(_ placement: PlacementRecord, _ issues: IssueCollector) {
        let ehc = placement.pupil.sen == .ehcPlan
        guard placement.basis == .localAuthority || ehc else { return }
        let why =
            placement.basis == .localAuthority
            ? "the local authority arranges this placement"
            : "the pupil has an EHC plan, so the local authority must agree the placement before it starts"
        if let arrangement = placement.laArrangement {
            if arrangement.agreedBy == nil {
                issues.report(
                    rule: .laArrangement, path: "la_arrangement.agreed_by",
                    "is missing but \(why); record who agreed it for the local authority (name, role, contact)")
            }
            if let agreed = arrangement.agreed {
                if agreed > placement.start {
                    issues.report(
                        rule: .laArrangement, path: "la_arrangement.agreed",
                        "is \(DayArithmetic.isoText(agreed)), after the start; \(why), so its agreement must come before the placement starts"
                    )
                }
            } else {
                issues.report(
                    rule: .laArrangement, path: "la_arrangement.agreed",
                    "is missing but \(why); record the date the local authority agreed it")
            }
        } else {
            issues.report(
                rule: .laArrangement, path: "la_arrangement",
                "is missing but \(why); record the local authority, who agreed the placement for it and when")
        }
        guard ehc else { return }
        if let review = placement.ehcPlanReview {
            if review > placement.start {
                issues.report(
                    rule: .laArrangement, path: "ehc_plan_review",
                    "is \(DayArithmetic.isoText(review)), after the start; review the EHC plan before the placement starts, not after"
                )
            }
        } else {
            issues.report(
                rule: .laArrangement, path: "ehc_plan_review",
                "is missing; the pupil has an EHC plan: hold an early review of the plan before the placement starts and record its date"
            )
        }
    }

    /// A looked-after pupil (CA 1989 ss20, 31, 33; Promoting the education of looked-after
    /// children, 2018): legal status, social worker, virtual school head, PEP; who holds parental
    /// responsibility; foster carers never hold it; under s20 the LA does not.
    static func checkLookedAfter(_ placement: PlacementRecord, _ issues: IssueCollector) {
        guard placement.pupil.lookedAfter else { return }
        guard let care = placement.pupil.care else {
            issues.report(
                rule: .lookedAfter, path: "pupil.care",
                "is missing but the pupil is looked after; record legal_status (s31-care-order or s20-accommodated), authority, social_worker, virtual_school_head and pep (date of the personal education plan)"
            )
            return
        }
        let missing: [(String, Bool)] = [
            ("legal_status", care.legalStatus == nil), ("authority", (care.authority ?? "").isEmpty),
            ("social_worker", care.socialWorker == nil), ("virtual_school_head", care.virtualSchoolHead == nil),
            ("pep", care.pep == nil),
        ]
        for (field, isMissing) in missing where isMissing {
            issues.report(
                rule: .lookedAfter, path: "pupil.care.\(field)",
                "is missing but the pupil is looked after; the agreement must record it")
        }
        for (index, parent) in placement.parents.enumerated() where parent.parentalResponsibility == true {
            if parent.isFosterCarer {
                issues.report(
                    rule: .lookedAfter, path: "parents[\(index)].parental_responsibility",
                    "is true for a foster carer; foster carers do not hold parental responsibility, they act under delegated authority (record delegated_authority)"
                )
            } else if care.legalStatus == .accommodated, parent.isLocalAuthority {
                issues.report(
                    rule: .lookedAfter, path: "parents[\(index)].parental_responsibility",
                    "is true for the local authority, but the pupil is accommodated under s20 Children Act 1989, where the parents keep parental responsibility and the local authority has none"
                )
            }
        }
        let holders = placement.parents.filter { $0.parentalResponsibility == true && !$0.isFosterCarer && !$0.isLocalAuthority }
        if holders.isEmpty {
            issues.report(
                rule: .lookedAfter, path: "parents",
                "record no parent with parental responsibility (parental_responsibility: true); for a looked-after pupil record who holds it: the parents (and, under a care order, the local authority too, which signs as local-authority)"
            )
        }
        for (index, parent) in placement.parents.enumerated()
        where parent.isFosterCarer && parent.agreed && parent.delegatedAuthority != true {
            issues.report(
                .warning, rule: .lookedAfter, path: "parents[\(index)].delegated_authority",
                "is not recorded for a foster carer who agreed; record whether the holders of parental responsibility delegated the authority to agree to this placement"
            )
        }
        if let (index, signature) = placement.signatures.enumerated().first(where: { $0.element.role == .parentCarer }),
            !holders.contains(where: { $0.name == signature.name })
        {
            issues.report(
                rule: .lookedAfter, path: "signatures[\(index)]",
                "is the parent-carer signature but not by a parent recorded with parental responsibility; for a looked-after pupil a holder of parental responsibility signs, and the local authority signs as local-authority"
            )
        }
    }

    /// Rule 5: KCSIE expects the provider's written confirmation of its staff checks before the
    /// placement begins, whatever has been signed.
    static func checkVettingBeforeStart(
        _ placement: PlacementRecord, provider: Provider?, today: Date, _ issues: IssueCollector
    ) {
        guard let provider, !hasValidVetting(provider, today: today),
            !DayArithmetic.isAfter(placement.start, today: today)
        else { return }
        issues.report(
            rule: .vetting, path: "start",
            "is \(DayArithmetic.isoText(placement.start)), on or before today, but provider \(provider.id) has not given dated written confirmation of its staff vetting checks; the confirmation must come before a placement begins: record it, or move the start"
        )
    }

    /// Rule 9 (no signature from the future, none older than the terms it signs) and rule 5 (a
    /// fully signed agreement with an unvetted provider would pass for final).
    static func checkSignatures(
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
                    "is \(DayArithmetic.isoText(signature.date)), before the agreement last changed (\(DayArithmetic.isoText(changed))); this party signed an earlier version: ask them to sign the current one and record the new date"
                )
            }
        }
        // A placement that has started without the confirmation is already an error (start).
        guard placement.agreementState == .signed, let provider = dataset.provider(id: placement.provider),
            !hasValidVetting(provider, today: today), DayArithmetic.isAfter(placement.start, today: today)
        else { return }
        issues.report(
            rule: .vetting, path: "signatures",
            "are complete but provider \(provider.id) has not given dated written confirmation of its vetting checks, so the agreement cannot be final; record the confirmation first"
        )
    }
}

extension ParentCarer {
    /// Whether this entry is a local authority rather than a person (an old way of recording the
    /// "corporate parent").
    var isLocalAuthority: Bool {
        let text = ((relationship ?? "") + " " + name).lowercased()
        return text.contains("local authority") || text.contains("council") || text.contains("corporate parent")
    }
}
