import Foundation
import OfficeTemplate
import Placement

/// A signature to record in a placement's file.
public struct SignatureEntry: Sendable {
    public var role: SignatureRole
    public var name: String
    public var date: Date
    public var method: SignatureMethod
    /// For `drawn`: the PNG to copy into the workspace.
    public var image: String?

    public init(role: SignatureRole, name: String, date: Date, method: SignatureMethod, image: String? = nil) {
        self.role = role
        self.name = name
        self.date = date
        self.method = method
        self.image = image
    }
}

/// Writes a signature into a placement's YAML file, changing only the lines of that
/// signature: the rest of the file, comments included, stays as it was. A signature already
/// recorded for the role is replaced (as after a supersession, when the parties sign again).
/// A drawn signature's picture is copied to `placements/signatures/PLACEMENT-ROLE.png`.
public enum SignatureRecorder {
    /// Records `entry` for `placementID` under the workspace lock; returns the file changed
    /// (relative to the workspace).
    @discardableResult
    public static func record(_ entry: SignatureEntry, placement placementID: String, in workspace: Workspace) throws -> String {
        try AtomicFile.createDirectories(workspace.outputFolder)
        let lock = try WorkspaceLock(outputFolder: workspace.outputFolder, wait: true)
        defer { withExtendedLifetime(lock) {} }
        let relative = try placementFile(placementID, in: workspace)
        let path = workspace.path(relative)
        guard ["yaml", "yml"].contains((path as NSString).pathExtension.lowercased()) else {
            throw BatchError(
                "\(relative) is not YAML: record-signature edits YAML placement files only; add the signature to it by hand (docs/data-model.md, signatures)"
            )
        }
        guard (entry.method == .drawn) == (entry.image != nil) else {
            throw BatchError(
                entry.method == .drawn
                    ? "a drawn signature needs --image with the PNG of the signature" : "--image goes with --method drawn only")
        }
        var imageName: String?
        if let image = entry.image {
            guard let bytes = FileManager.default.contents(atPath: image), bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
                throw BatchError("the signature image cannot be read as a PNG file; give the path of a .png file")
            }
            imageName = "signatures/\(placementID)-\(entry.role.rawValue).png"
            let target = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(imageName!)
            try AtomicFile.createDirectories((target as NSString).deletingLastPathComponent)
            try AtomicFile.write([UInt8](bytes), to: target)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw BatchError("cannot read \(relative)") }
        let text = String(decoding: data, as: UTF8.self)
        let document = try DataLoader.load(bytes: [UInt8](data), file: relative, format: .yaml)
        let line = itemLine(entry, image: imageName)
        let edited = try insert(line, role: entry.role, into: text, document: document, file: relative)
        try AtomicFile.write(Array(edited.utf8), to: path)
        return relative
    }

    /// The placement's file: `placements/ID.*` when named by id, else the file whose `id` is it.
    static func placementFile(_ id: String, in workspace: Workspace) throws -> String {
        let folder = RecordKind.placement.folder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.path(folder))) ?? []).sorted()
        if let name = names.first(where: { ($0 as NSString).deletingPathExtension == id }) { return folder + "/" + name }
        for name in names where DataFormat(pathExtension: (name as NSString).pathExtension) != nil {
            if let document = try? DataLoader.load(contentsOf: workspace.path(folder + "/" + name)),
                document.value["id"] == .string(id)
            {
                return folder + "/" + name
            }
        }
        throw BatchError("there is no placement \(id) in \(folder)/")
    }

    /// `- {role: parent-carer, name: "…", date: 2025-09-11, method: drawn, image: …}`: the name in
    /// double quotes (JSON's escapes are YAML's), so any name reads back exactly.
    static func itemLine(_ entry: SignatureEntry, image: String?) -> String {
        let name = String(decoding: (try? JSONEncoder().encode(entry.name)) ?? Data("\"\"".utf8), as: UTF8.self)
        var fields = [
            "role: \(entry.role.rawValue)", "name: \(name)", "date: \(DayArithmetic.isoText(entry.date))",
            "method: \(entry.method.rawValue)",
        ]
        if let image { fields.append("image: \(image)") }
        return "- {" + fields.joined(separator: ", ") + "}"
    }

    /// Puts `item` into the `signatures:` list of `text`: in place of the role's earlier entry,
    /// else after the list's last entry, else as a new list at the end of the file.
    static func insert(
        _ item: String, role: SignatureRole, into text: String, document: DataDocument, file: String
    ) throws -> String {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        // Locations give where a value starts; the key's own line is found by its text.
        guard document.value["signatures"] != nil,
            let keyIndex = lines.firstIndex(where: { $0.hasPrefix("signatures:") || $0.hasPrefix("signatures :") })
        else {
            lines += ["signatures:", "  " + item]
            return lines.joined(separator: "\n") + "\n"
        }
        guard case .list(let items)? = document.value["signatures"] else {
            throw BatchError("\(file):\(keyIndex + 1): signatures should be a list; correct it, then record the signature again")
        }
        if items.isEmpty {
            // `signatures: []` (or a bare `signatures:`): the key's line becomes the list's start.
            lines[keyIndex] = "signatures:"
            lines.insert("  " + item, at: keyIndex + 1)
            return lines.joined(separator: "\n") + "\n"
        }
        let itemLines = items.indices.compactMap { document.locations["signatures[\($0)]"]?.line }
        guard itemLines.count == items.count, itemLines.allSatisfy({ $0 - 1 > keyIndex }) else {
            throw BatchError(
                "\(file):\(keyIndex + 1): the signatures list is written on one line; write each signature on its own line (- {role: …}), then record the signature again"
            )
        }
        let end = blockEnd(lines, keyIndex: keyIndex)
        let first = lines[itemLines[0] - 1]
        let indent = String(first.prefix { $0 == " " })
        let existing = items.firstIndex { $0["role"] == .string(role.rawValue) }
        if let existing {
            let start = itemLines[existing] - 1
            let stop = existing + 1 < itemLines.count ? itemLines[existing + 1] - 1 : end
            lines.replaceSubrange(start..<stop, with: [indent + item])
        } else {
            lines.insert(indent + item, at: end)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The index after the last line of the block under the key at `keyIndex`: trailing blank
    /// and comment lines stay outside it.
    static func blockEnd(_ lines: [String], keyIndex: Int) -> Int {
        let keyIndent = lines[keyIndex].prefix { $0 == " " }.count
        var last = keyIndex
        var index = keyIndex + 1
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                index += 1
                continue
            }
            let indent = line.count - trimmed.count
            guard indent > keyIndent || (indent == keyIndent && trimmed.hasPrefix("-")) else { break }
            last = index
            index += 1
        }
        return last + 1
    }
}
