import Foundation
import OfficeTemplate
import Placement

/// One thing someone at the school has to do, as `status` lists it first.
public struct ToDo: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        /// Correct errors in a data file.
        case fixData = "fix-data"
        /// Collect signatures on an agreement.
        case sign
        /// Send a provider a letter citing a policy's current version.
        case sendLetter = "send-letter"
        /// Reissue a signed agreement on purpose (school-wide changes since it was signed).
        case reissue
        /// Check a provider again: a check is stale or goes stale soon.
        case recheck
        /// Hold a placement review that falls due soon.
        case review
    }

    public var action: Action
    public var placement: String?
    public var provider: String?
    /// For `sign`: the roles still to sign.
    public var roles: [SignatureRole]?
    /// The day it falls due, where there is one (YYYY-MM-DD).
    public var due: String?
    /// What to do, in words (ids only, never a pupil's name).
    public var message: String
}

/// Works out the to-do list from a review of the data.
enum ToDoList {
    static func make(
        review: WorkspaceReview, unsignedRoles: [String: (roles: [SignatureRole], again: Bool)], reissues: [PendingReissue],
        settings: RuleSettings, today: Date
    ) -> [ToDo] {
        var todo: [ToDo] = []
        let horizon = DayArithmetic.dayNumber(today) + settings.dueWithinDays

        // Errors first: until they are fixed, documents are held back.
        var errorsByFile: [String: [ValidationIssue]] = [:]
        for issue in review.issues where issue.severity == .error {
            errorsByFile[issue.file ?? "apdocs.yaml", default: []].append(issue)
        }
        for (file, issues) in errorsByFile.sorted(by: { $0.key < $1.key }) {
            let subject = issues.compactMap(\.subject).first
            let isPlacement = file.hasPrefix(RecordKind.placement.folder + "/")
            let count = issues.count == 1 ? "1 error" : "\(issues.count) errors"
            todo.append(
                ToDo(
                    action: .fixData, placement: isPlacement ? subject : nil,
                    provider: file.hasPrefix(RecordKind.provider.folder + "/") ? subject : nil, roles: nil, due: nil,
                    message: "\(file): correct \(count) (listed above); the documents they concern are held back until then"))
        }

        for (placement, pending) in unsignedRoles.sorted(by: { $0.key < $1.key }) where !pending.roles.isEmpty {
            let provider = review.dataset.placement(id: placement)?.provider
            let who = Words.list(pending.roles.map(roleWords))
            let message =
                pending.again
                ? "\(placement): the agreement changed after it was signed; record the signatures of \(who) again (apdocs record-signature)"
                : "\(placement): the agreement still needs the signature\(pending.roles.count == 1 ? "" : "s") of \(who)"
            todo.append(
                ToDo(action: .sign, placement: placement, provider: provider, roles: pending.roles, due: nil, message: message))
        }

        var reissued: Set<String> = []
        for pending in reissues where reissued.insert(pending.placement).inserted {
            let provider = review.dataset.placement(id: pending.placement)?.provider
            todo.append(
                ToDo(
                    action: .reissue, placement: pending.placement, provider: provider, roles: nil, due: nil,
                    message:
                        "\(pending.placement): the agreement was signed before these changes: \(pending.reasons.joined(separator: "; ")); reissue it at the next review (apdocs build --reissue \(pending.placement))"
                ))
        }

        let heldIDs = Set(review.plan.blocked.map(\.id))
        for provider in review.dataset.providers {
            for school in review.dataset.schools {
                for letter in LetterKind.allCases {
                    guard let policy = school.policy(letter.policy),
                        !heldIDs.contains(where: { $0.hasSuffix("\(provider.id)/\(letter.rawValue)") }),
                        !provider.lettersIssued.contains(where: { $0.kind == letter && $0.policyVersion == policy.version })
                    else { continue }
                    let last = provider.lettersIssued.filter { $0.kind == letter }.max { $0.date < $1.date }
                    let before =
                        last.map { "the last one sent cites version \($0.policyVersion)" } ?? "none has been recorded as sent"
                    todo.append(
                        ToDo(
                            action: .sendLetter, placement: nil, provider: provider.id, roles: nil, due: nil,
                            message:
                                "\(provider.id): send the \(DocumentKind(rawValue: letter.rawValue)?.title ?? letter.rawValue) citing \(policy.title) \(policy.version) (\(before)), then add it to letters_issued"
                        ))
                }
            }
            var due: [(title: String, staleFrom: Date, stale: Bool)] = []
            for line in Rules.checklist(for: provider, settings: settings, today: today) {
                guard line.result != .notSeen, let date = line.date else { continue }
                let staleFrom = DayArithmetic.adding(months: settings.stalenessMonths, to: date)
                if DayArithmetic.dayNumber(staleFrom) <= horizon { due.append((line.title, staleFrom, line.stale)) }
            }
            if let first = due.min(by: { $0.staleFrom < $1.staleFrom }) {
                let stale = due.filter(\.stale).count
                let soon = due.count - stale
                var parts: [String] = []
                if stale > 0 {
                    parts.append("\(stale) check\(stale == 1 ? " is" : "s are") more than \(settings.stalenessMonths) months old")
                }
                if soon > 0 { parts.append("\(soon) go\(soon == 1 ? "es" : "") stale within \(settings.dueWithinDays) days") }
                todo.append(
                    ToDo(
                        action: .recheck, placement: nil, provider: provider.id, roles: nil,
                        due: DayArithmetic.isoText(first.staleFrom),
                        message: "\(provider.id): check again: \(Words.list(parts)) (the commissioning checklist lists them)"))
            }
        }

        for placement in review.dataset.placements {
            for date in placement.reviews {
                let day = DayArithmetic.dayNumber(date)
                guard day >= DayArithmetic.dayNumber(today), day <= horizon else { continue }
                todo.append(
                    ToDo(
                        action: .review, placement: placement.id, provider: placement.provider, roles: nil,
                        due: DayArithmetic.isoText(date),
                        message: "\(placement.id): review due on \(DayArithmetic.isoText(date))"))
            }
        }
        return todo
    }

    static func roleWords(_ role: SignatureRole) -> String { role.inWords }
}

extension SignatureRole {
    /// The party as a sentence names it: "the school", "a parent or carer", "the local authority".
    public var inWords: String {
        switch self {
        case .school: return "the school"
        case .provider: return "the provider"
        case .parentCarer: return "a parent or carer"
        case .pupil: return "the pupil"
        case .localAuthority: return "the local authority"
        }
    }
}
