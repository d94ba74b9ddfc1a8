/// Counts the values a binary property list expands to, and how deep it nests, without
/// building it.
///
/// In a binary property list one array may be referred to from many places, so 300 bytes can
/// stand for a billion values. Foundation (on Linux) bridges the whole tree to Swift arrays
/// eagerly, inside `PropertyListSerialization`, where no limit can reach; so the structure is
/// measured here first from the object table, counting each object once (memoised).
struct BinaryPlistCensus {
    enum Verdict: Equatable {
        case fine
        case tooManyValues
        case tooDeep
    }

    private let bytes: [UInt8]
    private var offsetSize = 0
    private var referenceSize = 0
    private var objectCount = 0
    private var tableOffset = 0
    /// Values each object expands to (itself included), once known; saturates past the limit.
    private var expanded: [Int: Int] = [:]

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// What the property list in `bytes` amounts to; `.fine` too when the bytes are not a
    /// well-formed binary property list (Foundation then reports that itself).
    static func verdict(_ bytes: [UInt8]) -> Verdict {
        guard bytes.count >= 40, bytes.starts(with: Array("bplist".utf8)) else { return .fine }
        var census = BinaryPlistCensus(bytes: bytes)
        let trailer = bytes.count - 32
        census.offsetSize = Int(bytes[trailer + 6])
        census.referenceSize = Int(bytes[trailer + 7])
        guard let objects = census.integer(at: trailer + 8, size: 8), let top = census.integer(at: trailer + 16, size: 8),
            let table = census.integer(at: trailer + 24, size: 8), (1...8).contains(census.offsetSize),
            (1...8).contains(census.referenceSize), objects > 0, top < objects
        else { return .fine }
        census.objectCount = objects
        census.tableOffset = table
        return census.measure(top, depth: 1)
    }

    private mutating func measure(_ object: Int, depth: Int) -> Verdict {
        var total = 0
        return count(object, depth: depth, into: &total)
    }

    /// Adds the values `object` expands to onto `total`.
    private mutating func count(_ object: Int, depth: Int, into total: inout Int) -> Verdict {
        guard depth <= DataLimits.maximumDepth else { return .tooDeep }
        if let known = expanded[object] {
            total += known
            return total > DataLimits.maximumValues ? .tooManyValues : .fine
        }
        guard let children = children(of: object) else {
            total += 1
            return total > DataLimits.maximumValues ? .tooManyValues : .fine
        }
        var own = 1
        for child in children {
            let verdict = count(child, depth: depth + 1, into: &own)
            if verdict != .fine { return verdict }
            if own > DataLimits.maximumValues { return .tooManyValues }
        }
        expanded[object] = own
        total += own
        return total > DataLimits.maximumValues ? .tooManyValues : .fine
    }

    /// The objects an array, set or dictionary refers to (keys and values); nil for other
    /// objects or anything malformed.
    private func children(of object: Int) -> [Int]? {
        guard object < objectCount,
            let offset = integer(at: tableOffset + object * offsetSize, size: offsetSize), offset < bytes.count
        else { return nil }
        let marker = bytes[offset]
        let kind = marker >> 4
        guard kind == 0xA || kind == 0xC || kind == 0xD else { return nil }
        var count = Int(marker & 0x0F)
        var start = offset + 1
        if count == 0x0F {
            // The count follows as an integer object: 0x1n, then 2^n bytes.
            guard start < bytes.count, bytes[start] >> 4 == 0x1 else { return nil }
            let size = 1 << Int(bytes[start] & 0x0F)
            guard size <= 8, let value = integer(at: start + 1, size: size) else { return nil }
            count = value
            start += 1 + size
        }
        let references = kind == 0xD ? count * 2 : count
        guard references >= 0, references <= bytes.count, start + references * referenceSize <= bytes.count else { return nil }
        var result: [Int] = []
        result.reserveCapacity(references)
        for index in 0..<references {
            guard let reference = integer(at: start + index * referenceSize, size: referenceSize) else { return nil }
            result.append(reference)
        }
        return result
    }

    /// A big-endian unsigned integer of `size` bytes at `offset`, if it fits in the data and in Int.
    private func integer(at offset: Int, size: Int) -> Int? {
        guard offset >= 0, size > 0, offset + size <= bytes.count else { return nil }
        var value: UInt64 = 0
        for byte in bytes[offset..<offset + size] { value = value << 8 | UInt64(byte) }
        return value <= UInt64(Int.max / 2) ? Int(value) : nil
    }
}
