import Foundation

/// A loaded data file: the value tree plus where each value came from.
public struct DataDocument: Sendable {
    /// The file as the user named it; used in messages.
    public let file: String
    /// The root value, usually a map.
    public let value: TemplateValue
    /// Where each value starts in the file, by data path (`placement.sessions[0].day`;
    /// root keys have no leading dot, list items are `[i]`), worked out on first use. Empty for
    /// plists, which have no useful positions.
    public let locations: SourceLocations

    public init(file: String, value: TemplateValue, locations: SourceLocations) {
        self.file = file
        self.value = value
        self.locations = locations
    }
}

/// The data file formats the loader reads.
public enum DataFormat: Sendable, CaseIterable {
    case json, yaml, plist

    /// The format for a file extension (`json`; `yaml`/`yml`; `plist`), any case.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "json": self = .json
        case "yaml", "yml": self = .yaml
        case "plist": self = .plist
        default: return nil
        }
    }
}

/// Reads JSON, YAML and property-list files into `TemplateValue`s.
public enum DataLoader {
    /// Loads the file at `path`, choosing the format from its extension.
    ///
    /// - Throws: `DataError` when the extension is unknown, the file cannot be read,
    ///   or its contents are not valid for the format.
    public static func load(contentsOf path: String) throws -> DataDocument {
        let pathExtension = (path as NSString).pathExtension
        guard let format = DataFormat(pathExtension: pathExtension) else {
            let found = pathExtension.isEmpty ? "no extension" : "the extension '.\(pathExtension)'"
            throw DataError(
                file: path,
                message: "cannot tell the data format from \(found); "
                    + "use a file ending in .json, .yaml, .yml or .plist")
        }
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path, maximumSize: DataLimits.maximumFileSize)
        } catch {
            throw DataError(file: path, message: "cannot load data: \(error.reason)")
        }
        return try load(bytes: bytes, file: path, format: format)
    }

    /// Parses `bytes` in `format`; `file` is only used to name the source in locations and errors.
    public static func load(bytes: [UInt8], file: String, format: DataFormat) throws -> DataDocument {
        switch format {
        case .json:
            var reader = JSONReader(bytes: bytes, file: file, recordsLocations: false)
            let value: TemplateValue
            do {
                value = try reader.readDocument()
            } catch {
                // Read again keeping paths, so that a message can name the value's key path.
                var locating = JSONReader(bytes: bytes, file: file, recordsLocations: true)
                _ = try locating.readDocument()
                throw error
            }
            return DataDocument(file: file, value: value, locations: SourceLocations(file: file, bytes: bytes, format: .json))
        case .yaml:
            return try YAMLReader.read(bytes: bytes, file: file)
        case .plist:
            return try PlistReader.read(bytes: bytes, file: file)
        }
    }

    /// The locations of a file that loaded: a second reading that keeps every value's path and
    /// position (see `SourceLocations`). Empty if the file no longer reads, which cannot happen
    /// for bytes that loaded once.
    static func locations(of bytes: [UInt8], file: String, format: DataFormat) -> [String: SourceLocation] {
        switch format {
        case .json:
            var reader = JSONReader(bytes: bytes, file: file, recordsLocations: true)
            _ = try? reader.readDocument()
            return reader.locations
        case .yaml:
            return (try? YAMLReader.locations(bytes: bytes, file: file)) ?? [:]
        case .plist:
            return [:]
        }
    }
}
