// libFuzzer target: the XML part loader on arbitrary bytes. The bytes are parsed and written
// back as one part (XMLTree, libxml2 with entities and the network off), then compiled as the
// body of a minimal DOCX (tags split across runs, tables, anchors) and rendered with small data.
// Built only with APDOCS_FUZZ=1 (see Fuzz/README.md); main.swift hands this to libFuzzer's driver.
@testable import OfficeTemplate

private let contentTypes = Array(
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
    """.utf8)

private let rels = Array(
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
    """.utf8)

private let data: TemplateValue = [
    "name": "Ann", "n": 3, "rows": [["a": 1], ["a": 2]], "flag": true, "map": ["k": "v"],
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    do {
        let tree = try XMLTree(parsing: bytes, partName: "word/document.xml")
        _ = tree.serialize()
    } catch {
        _ = "\(error)"  // Messages quote at most a window of the part.
        return 0
    }
    do {
        let writer = try ZipWriter(name: "f.docx")
        writer.add(name: "[Content_Types].xml", bytes: contentTypes, compress: false)
        writer.add(name: "_rels/.rels", bytes: rels, compress: false)
        writer.add(name: "word/document.xml", bytes: bytes, compress: false)
        let template = try Template(bytes: try writer.finish(), name: "f.docx")
        _ = try template.render(data)
    } catch {
        _ = "\(error)"
    }
    return 0
}
