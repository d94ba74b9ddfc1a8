import Foundation
import Placement

/// Why a document would be made again. Typed, so that the build can tell a change of what the
/// parties to an agreement agreed from a school-wide change; `description` is what people read.
public enum StaleReason: Sendable, Hashable, CustomStringConvertible {
    /// It has never been made.
    case newDocument
    /// Its file is gone from the output folder.
    case fileMissing
    /// The record of what its render read is gone.
    case readsMissing
    /// Its file's bytes are not those APDocs wrote.
    case fileChangedOutside
    /// The template's bytes changed (file name).
    case templateChanged(String)
    /// Another APDocs version.
    case engineChanged(from: String, to: String)
    /// A school policy it prints has a new version (policy id).
    case policyChanged(String, from: String, to: String)
    /// A picture it shows has other bytes (its name in the data).
    case pictureChanged(String)
    /// Values of one record changed: `subject` is the record's id, `fields` what changed, in words.
    case dataChanged(subject: String, fields: [String], agreedTerms: Bool)
    /// The signatures recorded for an agreement changed (one added, or corrected): not a change
    /// of what was agreed, so a signed agreement is made again with its signatures.
    case signaturesChanged(placement: String)
    /// The list of pupils a provider document prints grew or shrank.
    case pupilsListed(provider: String, from: Int, to: Int)
    /// Someone asked for this agreement to be reissued (`build --reissue`).
    case reissueRequested

    /// Whether the change is to what the parties to a placement agreement agreed (that
    /// placement's own data). Only such a change, or a reissue asked for, sets a signed
    /// agreement aside; school-wide changes leave it as it is, listed as a to-do.
    public var changesAgreedTerms: Bool {
        switch self {
        case .dataChanged(_, _, let agreedTerms): return agreedTerms
        case .reissueRequested: return true
        default: return false
        }
    }

    /// Whether the reason is about the file itself (gone, or altered) or its signatures, not
    /// about school-wide inputs: such a change remakes even a signed agreement, which keeps
    /// its signatures.
    public var isAboutTheRecord: Bool {
        switch self {
        case .newDocument, .fileMissing, .readsMissing, .fileChangedOutside, .signaturesChanged: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .newDocument: return "new document"
        case .fileMissing: return "the file was missing from the output folder"
        case .readsMissing: return "the record of the data it was made from was missing"
        case .fileChangedOutside: return "the file was changed outside APDocs (that copy is kept in history)"
        case .templateChanged(let name): return "the template \(name) changed"
        case .engineChanged(let from, let to): return "APDocs changed from \(from) to \(to)"
        case .policyChanged(let id, let from, let to):
            return "the school's \(PolicyWords.name(id)) policy changed from version \(from) to \(to)"
        case .pictureChanged(let name):
            // A picture a placement names is a drawn signature; its file name was typed by
            // someone and is not repeated (it could carry a name).
            if name.hasPrefix(RecordKind.placement.folder + "/") { return "a drawn signature's picture changed" }
            return "the picture \((name as NSString).lastPathComponent) changed"
        case .dataChanged(let subject, let fields, _): return "\(subject): \(Words.list(fields)) changed"
        case .pupilsListed(let provider, let from, let to):
            let difference = abs(to - from)
            if to > from {
                return "\(provider): the letter lists \(difference == 1 ? "a new pupil" : "\(difference) new pupils")"
            }
            return "\(provider): the letter no longer lists \(difference == 1 ? "a pupil" : "\(difference) pupils")"
        case .signaturesChanged(let placement): return "\(placement): the signatures recorded changed"
        case .reissueRequested: return "a reissue was asked for"
        }
    }
}

/// Policy ids as people say them.
enum PolicyWords {
    static func name(_ id: String) -> String {
        switch id {
        case "online-safety": return "online-safety"
        case "child-protection": return "child-protection"
        default: return id.replacingOccurrences(of: "-", with: " ")
        }
    }
}

/// Lists in words: "A", "A and B", "A, B and C".
enum Words {
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
