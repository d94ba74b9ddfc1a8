/// The format of a unique pupil number (UPN): a check letter, then twelve characters (the LA
/// number, the establishment number, two digits of the year and a serial), all digits for a
/// permanent UPN, eleven digits and a letter for a temporary one.
///
/// The check letter is the DfE's: the 12 characters after it are weighted by their positions
/// 2 to 13, summed, and the sum taken modulo 23; 0-22 are the letters A-Z less I, O and S, and a
/// temporary UPN's final letter counts by the same table. Source: UK Government Data Standards
/// Catalogue, "Unique Pupil Number" v2.0 (owner: DfE), in docs/legal-basis.md.
enum UniquePupilNumber {
    /// The 23 letters a check letter (or a temporary UPN's last character) can be, in value order.
    static let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ".utf8)

    /// What is wrong with `text` as a UPN, or nil when it is one. The answer never quotes the text.
    static func problem(_ text: String) -> Problem? {
        let bytes = Array(text.utf8)
        guard bytes.count == 13, let check = letters.firstIndex(of: bytes[0]) else { return .format }
        var sum = 0
        for (offset, byte) in bytes.dropFirst().enumerated() {
            let value: Int
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = Int(byte - UInt8(ascii: "0"))
            } else if offset == 11, let letter = letters.firstIndex(of: byte) {
                value = letter  // A temporary UPN ends in a letter.
            } else {
                return .format
            }
            sum += value * (offset + 2)
        }
        return sum % 23 == check ? nil : .checkLetter
    }

    /// Why a value is not a UPN.
    enum Problem {
        /// Not a check letter and twelve characters of the right kinds.
        case format
        /// The right shape, but the first letter does not follow from the rest: a mistyped character.
        case checkLetter
    }

    /// The check letter for the twelve characters after it, for tests and sample data.
    static func checkLetter(for rest: String) -> Character? {
        guard
            let upn = letters.lazy.map({ Character(Unicode.Scalar($0)) }).first(where: {
                problem(String($0) + rest) == nil
            })
        else { return nil }
        return upn
    }
}
