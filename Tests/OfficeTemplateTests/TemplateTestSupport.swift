import XCTest

@testable import OfficeTemplate

/// Builds small DOCX and ODT packages in memory, so each test shows the exact XML it starts from.
enum TestPackage {
    static let wordNamespaces =
        #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#

    /// A DOCX whose body is `body` (WordprocessingML paragraphs and tables); optional header.
    static func docx(body: String, header: String? = nil, extra: [(String, String)] = []) throws -> [UInt8] {
        let writer = try ZipWriter()
        var overrides =
            #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
        var relationships = ""
        if header != nil {
            overrides +=
                #"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#
            relationships +=
                #"<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#
        }
        writer.add(
            name: "[Content_Types].xml",
            bytes: Array(
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>\#(overrides)</Types>"#
                    .utf8), compress: true)
        writer.add(
            name: "_rels/.rels",
            bytes: Array(
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
                    .utf8), compress: true)
        writer.add(
            name: "word/_rels/document.xml.rels",
            bytes: Array(
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relationships)</Relationships>"#
                    .utf8), compress: true)
        let sectionProperties = header == nil ? "" : #"<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>"#
        writer.add(
            name: "word/document.xml",
            bytes: Array(
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document \#(wordNamespaces)><w:body>\#(body)\#(sectionProperties)</w:body></w:document>"#
                    .utf8), compress: true)
        if let header {
            writer.add(
                name: "word/header1.xml",
                bytes: Array(
                    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr \#(wordNamespaces)>\#(header)</w:hdr>"#.utf8),
                compress: true)
        }
        for (name, content) in extra { writer.add(name: name, bytes: Array(content.utf8), compress: true) }
        return try writer.finish()
    }

    /// An ODT whose office:text holds `body`.
    static func odt(body: String) throws -> [UInt8] {
        let writer = try ZipWriter()
        writer.add(name: "mimetype", bytes: Array("application/vnd.oasis.opendocument.text".utf8), compress: false)
        writer.add(
            name: "content.xml",
            bytes: Array(
                #"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"><office:body><office:text>\#(body)</office:text></office:body></office:document-content>"#
                    .utf8), compress: true)
        writer.add(
            name: "META-INF/manifest.xml",
            bytes: Array(
                #"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
                    .utf8), compress: true)
        return try writer.finish()
    }

    /// A paragraph of one run per piece of text.
    static func paragraph(_ runs: String...) -> String {
        "<w:p>" + runs.map { "<w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r>" }.joined() + "</w:p>"
    }

    /// A table of rows of cells, each cell one paragraph of one run.
    static func table(_ rows: [[String]]) -> String {
        "<w:tbl>" + rows.map { row in "<w:tr>" + row.map { "<w:tc>\(paragraph($0))</w:tc>" }.joined() + "</w:tr>" }.joined()
            + "</w:tbl>"
    }

    /// The text of one entry of a rendered package.
    static func entry(_ name: String, of package: [UInt8]) throws -> String {
        let reader = try ZipReader(bytes: package, name: "out")
        guard let info = reader.entry(named: name) else {
            throw TemplateError(issues: [TemplateIssue(file: "out", message: "no \(name)")])
        }
        return String(decoding: try reader.read(info), as: UTF8.self)
    }

    /// The visible text of a rendered DOCX body: paragraphs joined by newlines.
    static func bodyText(_ package: [UInt8], part: String = "word/document.xml") throws -> String {
        let xml = try entry(part, of: package)
        var paragraphs: [String] = []
        // Text between <w:t> (or <w:t attributes>) and </w:t>, paragraphs split at </w:p>.
        for chunk in xml.components(separatedBy: "</w:p>").dropLast() {
            var text = ""
            var rest = Substring(chunk)
            while let open = rest.firstRange(of: /<w:t( [^>]*)?>/) {
                let content = rest[open.upperBound...]
                guard let end = content.range(of: "</w:t>") else { break }
                text += content[..<end.lowerBound]
                rest = content[end.upperBound...]
            }
            paragraphs.append(text)
        }
        return paragraphs.joined(separator: "\n")
    }

    static func render(_ package: [UInt8], name: String = "letter.docx", _ data: TemplateValue) throws -> [UInt8] {
        try Template(bytes: package, name: name).render(data).bytes
    }

    /// The issue lines of a template that must fail to compile.
    static func compileErrors(_ package: [UInt8], name: String = "letter.docx") -> [String] {
        do {
            _ = try Template(bytes: package, name: name)
            return []
        } catch let error as TemplateError {
            return error.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }
}
