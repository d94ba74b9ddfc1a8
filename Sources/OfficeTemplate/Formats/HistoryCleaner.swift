/// Takes out of a template what must not reach a generated document: comments, tracked
/// changes, revision ids (rsids) and the names of the people who edited it.
///
/// Tracked changes are accepted (insertions kept, deletions dropped), so the output shows what
/// the template author last saw with changes accepted.
enum HistoryCleaner {
    /// DOCX parts that exist only for comments and the people who made them.
    static let docxDroppedParts: Set<String> = [
        "word/comments.xml", "word/commentsExtended.xml", "word/commentsIds.xml",
        "word/commentsExtensible.xml", "word/people.xml",
    ]
    /// ODT entries that would show the template as it was (a thumbnail with the raw tags).
    static let odtDroppedParts: Set<String> = ["Thumbnails/thumbnail.png"]

    /// A WordprocessingML part (body, header, footer, notes).
    static func cleanWordPart(_ root: XMLNodePointer) {
        let w = XMLNamespace.word
        let removed: Set<String> = [
            "commentRangeStart", "commentRangeEnd", "del", "moveFrom", "moveFromRangeStart",
            "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "rPrChange", "pPrChange",
            "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange",
            "numberingChange", "proofErr", "customXmlDelRangeStart", "customXmlDelRangeEnd",
            "customXmlInsRangeStart", "customXmlInsRangeEnd",
        ]
        for element in root.descendants(where: { $0.namespaceURI == w }) {
            stripRevisionIDs(element)
        }
        stripRevisionIDs(root)
        // Runs that only carry a comment's reference mark go with the comment.
        for reference in root.descendants(where: { $0.is(w, "commentReference") }) {
            if let run = reference.parent, run.is(w, "r") { run.remove() } else { reference.remove() }
        }
        for element in root.descendants(where: { $0.namespaceURI == w && removed.contains($0.localName) }).reversed() {
            element.remove()
        }
        for element in root.descendants(where: { $0.is(w, "ins") || $0.is(w, "moveTo") }).reversed() {
            element.unwrap()
        }
    }

    private static func stripRevisionIDs(_ element: XMLNodePointer) {
        element.removeAttributes(where: { $0.hasPrefix("rsid") })
    }

    /// `word/settings.xml`: the list of revision ids.
    static func cleanWordSettings(_ root: XMLNodePointer) {
        for rsids in root.children(XMLNamespace.word, "rsids") { rsids.remove() }
    }

    /// `docProps/core.xml` and `docProps/app.xml`: who wrote and edited the template, and when.
    static func cleanOOXMLProperties(_ root: XMLNodePointer) {
        let drop: [(String, String)] = [
            (XMLNamespace.dublinCore, "creator"), (XMLNamespace.coreProperties, "lastModifiedBy"),
            (XMLNamespace.coreProperties, "revision"), (XMLNamespace.coreProperties, "lastPrinted"),
            (XMLNamespace.dcTerms, "created"), (XMLNamespace.dcTerms, "modified"),
            (XMLNamespace.extendedProperties, "TotalTime"), (XMLNamespace.extendedProperties, "Company"),
            (XMLNamespace.extendedProperties, "Manager"), (XMLNamespace.extendedProperties, "Template"),
        ]
        for child in root.children where drop.contains(where: { child.is($0.0, $0.1) }) { child.remove() }
    }

    /// An ODF part (content.xml, styles.xml): annotations, tracked changes, LibreOffice's rsids.
    static func cleanODFPart(_ root: XMLNodePointer) {
        let text = XMLNamespace.odfText
        let office = XMLNamespace.odfOffice
        for element in root.descendants(where: {
            $0.is(office, "annotation") || $0.is(office, "annotation-end") || $0.is(text, "tracked-changes")
                || $0.is(text, "change") || $0.is(text, "change-start") || $0.is(text, "change-end")
        }).reversed() {
            element.remove()
        }
        for element in root.descendants(where: { _ in true }) {
            element.removeAttribute(XMLNamespace.libreOffice, "rsid")
            element.removeAttribute(XMLNamespace.libreOffice, "paragraph-rsid")
        }
    }

    /// `meta.xml`: authors, editing time and cycles, print records.
    static func cleanODFMeta(_ root: XMLNodePointer) {
        guard let meta = root.children(XMLNamespace.odfOffice, "meta").first else { return }
        let drop: [(String, String)] = [
            (XMLNamespace.odfMeta, "initial-creator"), (XMLNamespace.dublinCore, "creator"),
            (XMLNamespace.odfMeta, "editing-cycles"), (XMLNamespace.odfMeta, "editing-duration"),
            (XMLNamespace.odfMeta, "printed-by"), (XMLNamespace.odfMeta, "print-date"),
            (XMLNamespace.odfMeta, "creation-date"), (XMLNamespace.dublinCore, "date"),
        ]
        for child in meta.children where drop.contains(where: { child.is($0.0, $0.1) }) { child.remove() }
    }

    /// Relationship parts: drop relationships to removed parts (comments, people).
    static func cleanRelationships(_ root: XMLNodePointer, droppedTargets: Set<String>) {
        for relationship in root.children(XMLNamespace.packageRelationships, "Relationship") {
            guard let target = plainAttribute(relationship, "Target") else { continue }
            if droppedTargets.contains(NSStringPath(value: target).lastComponent) { relationship.remove() }
        }
    }

    /// `[Content_Types].xml`: drop overrides of removed parts.
    static func cleanContentTypes(_ root: XMLNodePointer, dropped: Set<String>) {
        for override in root.children(XMLNamespace.contentTypes, "Override") {
            guard let part = plainAttribute(override, "PartName") else { continue }
            if dropped.contains(String(part.drop(while: { $0 == "/" }))) { override.remove() }
        }
    }

    /// `META-INF/manifest.xml`: drop entries of removed files.
    static func cleanODFManifest(_ root: XMLNodePointer, dropped: Set<String>) {
        for entry in root.children(XMLNamespace.odfManifest, "file-entry") {
            guard let path = entry.attribute(XMLNamespace.odfManifest, "full-path") else { continue }
            if dropped.contains(path) || (path == "Thumbnails/" && dropped.contains("Thumbnails/thumbnail.png")) {
                entry.remove()
            }
        }
    }

    static func plainAttribute(_ element: XMLNodePointer, _ name: String) -> String? {
        element.attribute(named: name)
    }
}

/// The last component of a relationship target ("comments.xml" of "../word/comments.xml").
private struct NSStringPath {
    let value: String
    var lastComponent: String { String(value.split(separator: "/").last ?? "") }
}
