import OfficeTemplate
import Placement

/// The signatures a placement agreement prints, read from the placement's typed record less
/// the ones a supersession cleared (a signature given to a version whose terms have since
/// changed is left blank until the party signs again).
///
/// The context's `signature` map is built from the same record (`DocumentContext`), holding the
/// parties who must sign and anyone else who did; this reads the record, not that map back.
struct AgreementSignatures: Sendable, Equatable {
    /// The parties the agreement has a line for: those who must sign, and anyone else who did.
    let parties: [SignatureRole]
    /// The parties whose signature the agreement prints.
    let signed: Set<SignatureRole>
    /// Parties whose earlier signature a change set aside.
    let cleared: Set<SignatureRole>

    init(_ placement: PlacementRecord, cleared: Set<SignatureRole>) {
        let given = Set(placement.signatures.map(\.role))
        parties = SignatureRole.allCases.filter { placement.requiredSignatures.contains($0) || given.contains($0) }
        signed = given.subtracting(cleared)
        self.cleared = cleared.intersection(given)
    }

    /// The roles named by the keys of `clearedSignatures` (`parent_carer` -> `.parentCarer`), as
    /// the manifest and `BatchBuilder.clearingSignatures` key them.
    static func roles(clearedKeys keys: some Sequence<String>) -> Set<SignatureRole> {
        Set(keys.compactMap { SignatureRole(rawValue: $0.replacingOccurrences(of: "_", with: "-")) })
    }

    /// Draft with no signature, signed once every party with a line has signed, else partly signed.
    var state: AgreementState {
        if signed.isEmpty { return .draft }
        return parties.allSatisfy(signed.contains) ? .signed : .partlySigned
    }

    /// The parties still to sign, in the agreement's order, and whether any of them signed a
    /// version that a change set aside.
    var unsigned: (roles: [SignatureRole], again: Bool) {
        let roles = parties.filter { !signed.contains($0) }
        return (roles, roles.contains(where: cleared.contains))
    }
}
