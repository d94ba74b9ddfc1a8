import Foundation

/// Reads XML and binary property lists through Foundation.
///
/// Property lists carry no usable positions, so the document has no locations, and their
/// dictionaries are unordered, so keys are sorted to make output deterministic.
enum PlistReader {
    static func read(bytes: [UInt8], file: String) throws(DataError) -> DataDocument {
        // Foundation's XML reader recurses once per level; refuse deep nesting before it does.
        if !bytes.starts(with: Array("bplist".utf8)), xmlDepth(bytes) > DataLimits.maximumDepth {
            throw DataError(file: file, message: DataLimits.tooDeep)
        }
        switch BinaryPlistCensus.verdict(bytes) {
        case .fine: break
        case .tooDeep: throw DataError(file: file, message: DataLimits.tooDeep)
        case .tooManyValues:
            throw DataError(
                file: file,
                message: DataLimits.tooManyValues
                    + "; shared references in the property list repeat a part many times")
        }
        let root: Any
        do {
            root = try PropertyListSerialization.propertyList(from: Data(bytes), options: [], format: nil)
        } catch {
            throw DataError(
                file: file,
                message: "this is not a valid property list (XML or binary): "
                    + "\(error.localizedDescription)")
        }
        var converter = Converter(file: file)
        return DataDocument(file: file, value: try converter.convert(root, path: ""), locations: [:])
    }

    /// The deepest nesting of `<array>` and `<dict>` elements in an XML property list.
    static func xmlDepth(_ bytes: [UInt8]) -> Int {
        let opening: [[UInt8]] = [Array("<array>".utf8), Array("<dict>".utf8)]
        let closing: [[UInt8]] = [Array("</array>".utf8), Array("</dict>".utf8)]
        var depth = 0
        var deepest = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                let rest = bytes[index...]
                if opening.contains(where: { rest.starts(with: $0) }) {
                    depth += 1
                    deepest = max(deepest, depth)
                } else if closing.contains(where: { rest.starts(with: $0) }) {
                    depth -= 1
                }
            }
            index += 1
        }
        return deepest
    }

    /// Turns Foundation's objects into values, counting them: a binary property list may
    /// refer to one array from many places, so a few hundred bytes can stand for billions.
    private struct Converter {
        let file: String
        var valueCount = 0
        var depth = 0

        mutating func convert(_ object: Any, path: String) throws(DataError) -> TemplateValue {
            valueCount += 1
            if valueCount > DataLimits.maximumValues {
                throw DataError(
                    file: file,
                    message: DataLimits.tooManyValues
                        + "; shared references in the property list repeat a part many times")
            }
            depth += 1
            defer { depth -= 1 }
            if depth > DataLimits.maximumDepth { throw DataError(file: file, message: DataLimits.tooDeep) }
            // Bool must be checked before NSNumber: on Linux plist booleans arrive as Swift Bool,
            // on Apple platforms as a CFBoolean NSNumber, and `1 as NSNumber` also casts to Bool,
            // so casting alone cannot tell true from 1.
            if let bool = object as? Bool, type(of: object) == Bool.self {
                return .bool(bool)
            }
            switch object {
            case let string as String:
                return .string(string)
            case let date as Date:
                return .date(date)
            case let number as NSNumber:
                let value = PlistReader.value(of: number)
                if case .double(let double) = value, !double.isFinite {
                    throw DataError(file: file, message: DataLimits.notFinite(path))
                }
                return value
            case let data as Data:
                // Binary blobs cannot be printed meaningfully; base64 at least round-trips.
                return .string(data.base64EncodedString())
            case let array as [Any]:
                var items: [TemplateValue] = []
                for item in array {
                    items.append(try convert(item, path: DataPath.appending(index: items.count, to: path)))
                }
                return .list(items)
            case let dictionary as [String: Any]:
                var map = TemplateMap()
                for key in dictionary.keys.sorted() {
                    map[key] = try convert(dictionary[key]!, path: DataPath.appending(key: key, to: path))
                }
                return .map(map)
            default:
                throw DataError(
                    file: file, message: "the property list holds a value of an unsupported type (\(type(of: object)))")
            }
        }
    }

    private static func value(of number: NSNumber) -> TemplateValue {
        switch String(cString: number.objCType) {
        case "c", "B":  // CFBoolean on Apple platforms
            return .bool(number.boolValue)
        case "f", "d":
            return .double(number.doubleValue)
        default:
            return .int(number.intValue)
        }
    }
}
