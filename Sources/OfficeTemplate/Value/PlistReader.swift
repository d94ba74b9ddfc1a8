import Foundation

/// Reads XML and binary property lists through Foundation.
///
/// Property lists carry no usable positions, so the document has no locations, and their
/// dictionaries are unordered, so keys are sorted to make output deterministic.
enum PlistReader {
    static func read(bytes: [UInt8], file: String) throws(DataError) -> DataDocument {
        let root: Any
        do {
            root = try PropertyListSerialization.propertyList(from: Data(bytes), options: [], format: nil)
        } catch {
            throw DataError(file: file, message: "this is not a valid property list (XML or binary): "
                + "\(error.localizedDescription)")
        }
        return DataDocument(file: file, value: try convert(root, file: file), locations: [:])
    }

    private static func convert(_ object: Any, file: String) throws(DataError) -> TemplateValue {
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
            return value(of: number)
        case let data as Data:
            // Binary blobs cannot be printed meaningfully; base64 at least round-trips.
            return .string(data.base64EncodedString())
        case let array as [Any]:
            var items: [TemplateValue] = []
            for item in array { items.append(try convert(item, file: file)) }
            return .list(items)
        case let dictionary as [String: Any]:
            var map = TemplateMap()
            for key in dictionary.keys.sorted() {
                map[key] = try convert(dictionary[key]!, file: file)
            }
            return .map(map)
        default:
            throw DataError(file: file, message: "the property list holds a value of an unsupported type (\(type(of: object)))")
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
