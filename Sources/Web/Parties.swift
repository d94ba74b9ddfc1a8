import Foundation
import Placement
import Workspaces

/// Who a party is in a placement, in words for the pages: the local authority is named, and
/// for a looked-after pupil it signs through the virtual school head (or the social worker).
enum Parties {
    static func words(_ role: SignatureRole, placement: PlacementRecord?) -> String {
        guard role == .localAuthority, let placement else { return role.inWords }
        if placement.pupil.lookedAfter {
            let authority = placement.pupil.care?.authority ?? placement.laArrangement?.authority
            return
                "the local authority\(authority.map { " (\($0))" } ?? ""), through the virtual school head or the social worker"
        }
        let authority = placement.laArrangement?.authority
        return "the local authority that arranges the placement\(authority.map { " (\($0))" } ?? "")"
    }

    /// The short label of a role in a select or a list: "Local authority (virtual school)".
    static func label(_ role: SignatureRole, placement: PlacementRecord?) -> String {
        switch role {
        case .localAuthority where placement?.pupil.lookedAfter == true: return "Local authority (virtual school)"
        default:
            let words = role.inWords.replacingOccurrences(of: "the ", with: "").replacingOccurrences(of: "a ", with: "")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }
}
