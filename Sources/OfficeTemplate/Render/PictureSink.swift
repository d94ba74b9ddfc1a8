/// Collects the pictures of one render: the media files to add to the package, the DOCX
/// relationships that point at them, and the inline XML that shows them.
final class PictureSink {
    let format: DocumentFormat
    let baseDirectory: String?
    /// The template package, for keeping a template picture when its tag's value is empty.
    let template: ZipReader

    /// Media files in order of first use (the same picture twice is stored once).
    private(set) var media: [(name: String, file: PictureFile)] = []
    private var mediaIndex: [[UInt8]: Int] = [:]
    private var filesByPath: [String: PictureFile] = [:]
    /// DOCX: relationships to add, by part (`word/document.xml`).
    private(set) var relationships: [String: [(id: String, target: String)]] = [:]
    /// ODT: files written under a fixed name (template pictures replaced by data).
    private(set) var namedFiles: [(name: String, bytes: [UInt8], mediaType: String)] = []
    private var drawings = 0

    init(format: DocumentFormat, baseDirectory: String?, template: ZipReader) {
        self.format = format
        self.baseDirectory = baseDirectory
        self.template = template
    }

    /// DOCX: hyperlink relationships to add, by part; targets already escaped for an attribute.
    private(set) var links: [String: [(id: String, target: String)]] = [:]

    var isEmpty: Bool { media.isEmpty && namedFiles.isEmpty && relationships.isEmpty && links.isEmpty }

    /// A new external hyperlink relationship from `part` to `target` (escaped); its id.
    func addLink(from part: String, target: String) -> String {
        let id = "rIdApdocsLink\((links[part]?.count ?? 0) + 1)"
        links[part, default: []].append((id, target))
        return id
    }

    /// Parts that get relationships from this render.
    private var linkingParts: Set<String> { Set(relationships.keys).union(links.keys) }

    /// The picture a value names (a file path), or nil for an empty value.
    func load(_ value: TemplateValue) throws(PictureError) -> PictureFile? {
        guard case .string(let path) = value else {
            if case .null = value { return nil }
            throw PictureError("a picture needs a file name, but the value is \(value.kindDescription)")
        }
        guard !path.isEmpty else { return nil }
        let full = path.hasPrefix("/") || baseDirectory == nil ? path : baseDirectory! + "/" + path
        if let cached = filesByPath[full] { return cached }
        let file = try PictureFile(path: full)
        filesByPath[full] = file
        return file
    }

    /// The package name of a picture, adding it on first use.
    private func mediaName(_ file: PictureFile) -> String {
        if let index = mediaIndex[file.bytes] { return media[index].name }
        let folder = format == .docx ? "word/media" : "Pictures"
        let name = "\(folder)/apdocs-image-\(media.count + 1).\(file.kind.fileExtension)"
        mediaIndex[file.bytes] = media.count
        media.append((name, file))
        return name
    }

    /// A relationship from `part` to a media file, reusing one already made.
    private func relationship(from part: String, to mediaName: String) -> String {
        let target = String(mediaName.dropFirst("word/".count))
        if let existing = relationships[part]?.first(where: { $0.target == target }) { return existing.id }
        let id = "rIdApdocsImage\((relationships[part]?.count ?? 0) + 1)"
        relationships[part, default: []].append((id, target))
        return id
    }

    /// The XML that shows `file` inline at a value's place, closing and reopening the text.
    func inlineXML(_ file: PictureFile, mode: OutputMode, part: String, width: Length?, height: Length?) -> [UInt8] {
        let size = file.displaySize(width: width, height: height)
        let name = mediaName(file)
        drawings += 1
        let id = 100_000 + drawings  // well above the ids Word gives the template's own drawings
        switch mode {
        case .wordRun(let w), .wordParagraphs(let w, _, _, _):
            let rid = relationship(from: part, to: name)
            let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
            return Array(
                ("</\(w):t><\(w):drawing><wp:inline xmlns:wp=\"\(XMLNamespace.wordDrawing)\" distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
                    + "<wp:extent cx=\"\(size.width)\" cy=\"\(size.height)\"/><wp:docPr id=\"\(id)\" name=\"Picture \(id)\"/>"
                    + "<a:graphic xmlns:a=\"\(a)\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
                    + "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"\(id)\" name=\"\(name.split(separator: "/").last!)\"/><pic:cNvPicPr/></pic:nvPicPr>"
                    + "<pic:blipFill><a:blip xmlns:r=\"\(XMLNamespace.officeRelationships)\" r:embed=\"\(rid)\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
                    + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(size.width)\" cy=\"\(size.height)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
                    + "</pic:pic></a:graphicData></a:graphic></wp:inline></\(w):drawing><\(w):t xml:space=\"preserve\">").utf8)
        case .odfText(let text):
            return Array(
                ("<draw:frame xmlns:draw=\"\(XMLNamespace.odfDraw)\" xmlns:svg=\"\(XMLNamespace.odfSVG)\" xmlns:xlink=\"\(XMLNamespace.xlink)\""
                    + " draw:name=\"apdocs-image-\(drawings)\" \(text):anchor-type=\"as-char\" svg:width=\"\(Length.odfText(size.width))\" svg:height=\"\(Length.odfText(size.height))\">"
                    + "<draw:image xlink:href=\"\(name)\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame>")
                    .utf8)
        case .plain, .attribute, .urlAttribute:
            return []
        }
    }

    /// Fills a template picture's slot with `file`, or with the template's own picture when nil.
    func fill(_ slot: PictureSlot, part: String, with file: PictureFile?) {
        switch slot.target {
        case .relationship(let id, let original):
            let target = file.map { String(mediaName($0).dropFirst("word/".count)) } ?? original
            if let target { relationships[part, default: []].append((id, target)) }
        case .file(let name, let original):
            if let file {
                namedFiles.append((name, file.bytes, file.kind.mediaType))
            } else if let entry = template.entry(named: original), let bytes = try? template.read(entry) {
                let kind = (try? PictureFile(bytes: bytes, name: original))?.kind.mediaType ?? "application/octet-stream"
                namedFiles.append((name, bytes, kind))
            }
        }
    }

    // MARK: Package changes

    /// The relationships part of a DOCX part: `word/_rels/document.xml.rels`.
    static func relationshipsPart(of part: String) -> String {
        let slash = part.lastIndex(of: "/").map { part.index(after: $0) } ?? part.startIndex
        return String(part[..<slash]) + "_rels/" + part[slash...] + ".rels"
    }

    /// An entry's bytes with this render's additions (relationships, content types, manifest).
    func patch(_ name: String, _ bytes: [UInt8]) -> [UInt8] {
        guard !isEmpty else { return bytes }
        var additions = ""
        switch format {
        case .docx:
            if name == "[Content_Types].xml" {
                let existing = String(decoding: bytes, as: UTF8.self).lowercased()
                for kind in Set(media.map(\.file.kind)).sorted(by: { $0.rawValue < $1.rawValue })
                where !existing.contains("extension=\"\(kind.fileExtension)\"") {
                    additions += "<Default Extension=\"\(kind.fileExtension)\" ContentType=\"\(kind.mediaType)\"/>"
                }
            } else if let part = linkingParts.first(where: { Self.relationshipsPart(of: $0) == name }) {
                additions = relationshipXML(relationships[part] ?? []) + linkXML(links[part] ?? [])
            }
        case .odt:
            if name == "META-INF/manifest.xml" {
                let prefix = String(decoding: bytes, as: UTF8.self).contains("<manifest:") ? "manifest:" : ""
                for entry in media.map({ ($0.name, $0.file.kind.mediaType) }) + namedFiles.map({ ($0.name, $0.mediaType) }) {
                    additions += "<\(prefix)file-entry \(prefix)full-path=\"\(entry.0)\" \(prefix)media-type=\"\(entry.1)\"/>"
                }
            }
        }
        guard !additions.isEmpty else { return bytes }
        return Self.appendingToRoot(bytes, Array(additions.utf8))
    }

    /// Inserts `content` at the end of the root element, which may be empty (`<Relationships/>`).
    static func appendingToRoot(_ bytes: [UInt8], _ content: [UInt8]) -> [UInt8] {
        guard let end = bytes.lastIndex(of: UInt8(ascii: ">")), end > 0 else { return bytes }
        if bytes[end - 1] == UInt8(ascii: "/") {
            // An empty root: open it, add the content, close it with its own name.
            guard let start = bytes[..<end].lastIndex(of: UInt8(ascii: "<")) else { return bytes }
            let name = bytes[(start + 1)...].prefix {
                $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ">") && $0 != 10 && $0 != 9
            }
            return Array(bytes[..<(end - 1)]) + [UInt8(ascii: ">")] + content + Array("</".utf8) + name + [UInt8(ascii: ">")]
                + Array(bytes[(end + 1)...])
        }
        guard let close = bytes[..<end].lastIndex(of: UInt8(ascii: "<")) else { return bytes }
        return Array(bytes[..<close]) + content + Array(bytes[close...])
    }

    /// Entries this render adds: relationship parts that did not exist, then the pictures.
    func newEntries(existing: Set<String>) -> [(name: String, bytes: [UInt8], compress: Bool)] {
        var entries: [(name: String, bytes: [UInt8], compress: Bool)] = []
        for part in linkingParts.sorted() where !existing.contains(Self.relationshipsPart(of: part)) {
            let xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(XMLNamespace.packageRelationships)\">"
                + relationshipXML(relationships[part] ?? []) + linkXML(links[part] ?? []) + "</Relationships>"
            entries.append((Self.relationshipsPart(of: part), Array(xml.utf8), true))
        }
        // Pictures are compressed already: store them.
        entries += media.map { ($0.name, $0.file.bytes, false) }
        entries += namedFiles.map { ($0.name, $0.bytes, false) }
        return entries
    }

    private func linkXML(_ list: [(id: String, target: String)]) -> String {
        list.map {
            "<Relationship Id=\"\($0.id)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"\($0.target)\" TargetMode=\"External\"/>"
        }.joined()
    }

    private func relationshipXML(_ list: [(id: String, target: String)]) -> String {
        list.map {
            "<Relationship Id=\"\($0.id)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"\($0.target)\"/>"
        }.joined()
    }
}
