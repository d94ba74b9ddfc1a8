import Foundation
import Placement
import OfficeTemplate

/// Why a document must be made again, in words a coordinator understands.
struct Staleness {
    /// Compares what a document would be made from now with what its file was made from.
    /// Empty when it is up to date.
    static func reasons(
        _ document: PlannedDocument, entry: Manifest.Entry?, reads: [String: String]?, fileHash: String?, templateHash: String,
        templateName: String, engineVersion: String
    ) -> [String] {
        guard let entry else { return ["new document"] }
        guard let fileHash else { return ["file missing from the output folder"] }
        guard let reads else { return ["record of the data it read is missing"] }
        var reasons: [String] = []
        if fileHash != entry.fileSHA256 { reasons.append("file changed outside APDocs (kept in history)") }
        if templateHash != entry.templateSHA256 { reasons.append("template \(templateName) changed") }
        if engineVersion != entry.engineVersion { reasons.append("APDocs \(entry.engineVersion) -> \(engineVersion)") }
        for (policy, version) in document.policyVersions.sorted(by: { $0.key < $1.key }) {
            if let old = entry.policies[policy], old != version { reasons.append("\(policy) policy \(old) -> \(version)") }
        }
        var changed: [String] = []
        for (path, hash) in reads.sorted(by: { $0.key < $1.key }) {
            if path.hasPrefix(RenderedDocument.fileReadPrefix) {
                // A picture: its bytes, not only its name, are what the document shows.
                let file = String(path.dropFirst(RenderedDocument.fileReadPrefix.count))
                let now = RenderedDocument.fileFingerprint(atPath: file).map { Digest.shortHash(.string($0)) }
                if now != hash { reasons.append("picture \((file as NSString).lastPathComponent) changed") }
                continue
            }
            let now = document.context.value(atRecordedPath: path).map(Digest.shortHash)
            if now != hash, !isPolicyVersion(path) { changed.append(path) }
        }
        let policyChanged = reasons.contains { $0.contains(" policy ") }
        // The letter's reference carries the policy version: the policy line already says it.
        if policyChanged { changed.removeAll { $0.hasPrefix("letter.") } }
        reasons += describe(changed, document: document)
        return reasons
    }

    /// A policy's version change is told once, as "online-safety policy 3.1 -> 3.2".
    private static func isPolicyVersion(_ path: String) -> Bool {
        path.hasPrefix("policy") && path.hasSuffix(".version")
    }

    /// "placement PL-2025-014: planned end changed", grouped by record, at most a few fields each.
    static func describe(_ paths: [String], document: PlannedDocument) -> [String] {
        var fields: [String: [String]] = [:]
        var order: [String] = []
        for path in paths {
            let clean = path.replacingOccurrences(of: TemplateValue.shapeSuffix, with: "")
            // A school policy read through the school's list: name it by its id.
            if let range = clean.range(of: #"^school\.policies\[\d+\]"#, options: .regularExpression),
                case .string(let id)? = document.context.value(atRecordedPath: clean[range] + ".id")
            {
                let line = "\(id) policy: \(clean[range.upperBound...].split(separator: ".").last.map(String.init) ?? "entry") changed"
                if fields["policy"] == nil { order.append("policy") }
                if !(fields["policy"] ?? []).contains(line) { fields["policy", default: []].append(line) }
                continue
            }
            let root = String(clean.prefix { $0 != "." && $0 != "[" })
            let subject: String
            switch root {
            case "placement", "pupil", "parents", "signature": subject = "placement \(document.placementID ?? "")"
            case "provider", "placements", "checks", "registration_test", "letters", "vetting_confirmation", "approved": subject = "provider \(document.providerID)"
            case "school": subject = "school \(document.schoolID)"
            case "policy": subject = "policy"
            default: subject = root
            }
            var field = String(clean.dropFirst(root.count))
            field = field.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression)
            field = field.split(separator: ".").last.map(String.init) ?? ""
            if root == "pupil" || root == "parents" || root == "signature" { field = root + (field.isEmpty ? "" : " " + field) }
            field = field.replacingOccurrences(of: "_", with: " ")
            if field.isEmpty { field = root.replacingOccurrences(of: "_", with: " ") }
            if fields[subject] == nil { order.append(subject) }
            if !(fields[subject] ?? []).contains(field) { fields[subject, default: []].append(field) }
        }
        return order.flatMap { subject -> [String] in
            let list = fields[subject]!
            if subject == "policy" { return list }
            let shown = list.prefix(3).joined(separator: ", ") + (list.count > 3 ? " and \(list.count - 3) more" : "")
            return ["\(subject): \(shown) changed"]
        }
    }
}
