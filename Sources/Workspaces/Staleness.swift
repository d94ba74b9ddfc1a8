import Foundation
import OfficeTemplate
import Placement

/// Why a document must be made again, compared with what its file was made from.
struct Staleness {
    /// What a document would be made from now, against its manifest entry and recorded reads.
    /// Empty when it is up to date. `dataFolder` resolves the pictures the data names.
    static func reasons(
        _ document: PlannedDocument, entry: Manifest.Entry?, reads: ReadRecord?, fileHash: String?, templateHash: String,
        templateName: String, engineVersion: String, dataFolder: String
    ) -> [StaleReason] {
        guard let entry else { return [.newDocument] }
        guard let fileHash else { return [.fileMissing] }
        guard let reads else { return [.readsMissing] }
        var reasons: [StaleReason] = []
        if fileHash != entry.fileSHA256 { reasons.append(.fileChangedOutside) }
        if templateHash != entry.templateSHA256 { reasons.append(.templateChanged(templateName)) }
        if engineVersion != entry.engineVersion { reasons.append(.engineChanged(from: entry.engineVersion, to: engineVersion)) }
        for (name, fingerprint) in reads.pictures.sorted(by: { $0.key < $1.key }) {
            let path = name.hasPrefix("/") ? name : (dataFolder as NSString).appendingPathComponent(name)
            if RenderedDocument.fileFingerprint(atPath: path) != fingerprint { reasons.append(.pictureChanged(name)) }
        }
        var changed: [DataRead] = []
        var policies: [String: (String, String)] = [:]
        for (read, recorded) in reads.sortedValues {
            let now = ReadRecord.recordedForm(document.context, read: read)
            guard now != recorded else { continue }
            if case .value(let path) = read {
                // A letter keeps the date it was made for: a new issue date alone remakes nothing.
                if path == "letter.date" || path == "letter.reference" { continue }
                if let policy = policyVersionRead(path, in: document.context) {
                    let old = entry.policies[policy] ?? "?"
                    if case .string(let version)? = document.context.value(atRecordedPath: path) {
                        policies[policy] = (old, version)
                    }
                    continue
                }
            }
            changed.append(read)
        }
        for (id, versions) in policies.sorted(by: { $0.key < $1.key }) {
            reasons.append(.policyChanged(id, from: versions.0, to: versions.1))
        }
        reasons += describe(changed, reads: reads, document: document)
        return reasons
    }

    /// The policy whose version `path` reads (`policy.version`, `policy.online_safety.version`,
    /// `school.policies[2].version`), by its id; nil for any other path.
    static func policyVersionRead(_ path: String, in context: TemplateValue) -> String? {
        guard path.hasSuffix(".version") else { return nil }
        let owner = String(path.dropLast(".version".count))
        if case .string(let id)? = context.value(atRecordedPath: owner + ".id") { return id }
        return nil
    }

    /// Changed reads in words, one reason per record: "PL-2025-014: the planned end date
    /// and the sessions changed"; a list of pupils that grew or shrank is said so.
    static func describe(_ changed: [DataRead], reads: ReadRecord, document: PlannedDocument) -> [StaleReason] {
        var fields: [String: [String]] = [:]
        var order: [String] = []
        var reasons: [StaleReason] = []
        for read in changed {
            let path = read.path
            if path.hasPrefix("placements"), !path.contains("["),
                let old = reads.values[read].flatMap(ReadRecord.count(inRecorded:)),
                let now = ReadRecord.recordedForm(document.context, read: read).flatMap(ReadRecord.count(inRecorded:))
            {
                if old != now, !reasons.contains(where: { if case .pupilsListed = $0 { return true } else { return false } }) {
                    reasons.append(.pupilsListed(provider: document.providerID, from: old, to: now))
                }
                continue
            }
            let root = String(path.prefix { $0 != "." && $0 != "[" })
            if root == "signature", let placement = document.placementID {
                if !reasons.contains(.signaturesChanged(placement: placement)) {
                    reasons.append(.signaturesChanged(placement: placement))
                }
                continue
            }
            let subject: String
            switch root {
            case "placement", "pupil", "parents", "signature": subject = document.placementID ?? document.providerID
            case "school", "policy": subject = document.schoolID
            default: subject = document.providerID
            }
            let words = FieldWords.describe(path, root: root)
            if fields[subject] == nil { order.append(subject) }
            if !(fields[subject] ?? []).contains(words) { fields[subject, default: []].append(words) }
        }
        for subject in order {
            let terms = document.kind == .placementAgreement && subject == document.placementID
            reasons.append(.dataChanged(subject: subject, fields: fields[subject]!, agreedTerms: terms))
        }
        return reasons
    }
}

/// Data paths as a person names the field: `placement.planned_end` -> "the planned end date".
enum FieldWords {
    static let names: [String: String] = [
        "start": "start date", "planned_end": "planned end date", "sessions": "sessions", "day": "days",
        "rest_of_week": "rest of the week", "la_notified": "date the local authority was told",
        "pupil_voice": "pupil's own words", "reviews": "review dates", "signatures": "signatures",
        "key_workers": "key workers", "year_group": "year group", "sen": "special educational needs",
        "attendance_code": "attendance code", "last_changed": "date the terms last changed",
        "full_time_pupils": "full-time pupil numbers", "letters_issued": "letters issued",
        "vetting_confirmation": "vetting confirmation", "annual_report": "annual report",
        "deputy_dsls": "deputy DSLs", "dsl": "DSL", "ap_coordinator": "AP coordinator",
        "local_authority": "local authority", "attendance_officer": "attendance officer",
        "attendance_contact": "attendance contact", "registration_test": "registration test",
        "approved": "approval", "checks": "checks", "placements": "pupils listed",
    ]

    /// The field named by the last meaningful component (list indexes and a loop's shape
    /// dropped), with the record part it belongs to when that helps ("the pupil's key workers").
    static func describe(_ path: String, root: String) -> String {
        let components = path.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression)
            .split(separator: ".").map(String.init)
        var field = components.count > 1 ? components[1] : root
        // The parts of a nested value are told by the value they belong to.
        if components.count > 2,
            ["sessions", "checks", "parents", "costs", "transport", "curriculum", "outcomes"].contains(components[1])
        {
            field = components[1]
        }
        if root == "parents" { return "the parents' or carers' details" }
        if root == "placements" {
            return components.count > 1
                ? "a listed pupil's \(names[components[1]] ?? components[1].replacingOccurrences(of: "_", with: " "))"
                : "the pupils listed"
        }
        if root == "signature" { return "the signatures" }
        let words = names[field] ?? field.replacingOccurrences(of: "_", with: " ")
        switch root {
        case "pupil": return "the pupil's \(words)"
        case "school": return "the school's \(words)"
        case "provider": return "the provider's \(words)"
        default: return "the \(words)"
        }
    }
}
