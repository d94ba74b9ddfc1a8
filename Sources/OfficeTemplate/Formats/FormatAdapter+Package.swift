/// What differs between DOCX and ODT at the level of the package: the parts it must have, the
/// parts dropped from every output, the entry stored first, and how each part is cleaned of its
/// history (comments, tracked changes, editing metadata). The compiler and `inspect` ask the
/// adapter instead of switching on the format.
protocol PackageAdapter: FormatAdapter {
    /// Entries without which the package is not this format's document.
    var requiredParts: [String] { get }
    /// Entries left out of every output (comments; a thumbnail showing the raw tags).
    var droppedParts: Set<String> { get }
    /// The entry written first and stored, as the format requires (ODF's `mimetype`), if any.
    var leadingStoredEntry: String? { get }
    /// The cleaning applied to `entry` when it is written, or nil to copy it as it is.
    func cleaner(for entry: String) -> ((XMLNodePointer) -> Void)?
    /// The cleaning that `inspect` applies to a templated part before reading its text.
    func inspectionCleaner(for part: String) -> ((XMLNodePointer) -> Void)?
}

extension DOCXAdapter: PackageAdapter {
    var requiredParts: [String] { ["[Content_Types].xml", "word/document.xml"] }
    var droppedParts: Set<String> { HistoryCleaner.docxDroppedParts }
    var leadingStoredEntry: String? { nil }

    func cleaner(for entry: String) -> ((XMLNodePointer) -> Void)? {
        let dropped = droppedParts
        let droppedNames = Set(dropped.map { String($0.split(separator: "/").last ?? "") })
        if entry == "word/settings.xml" { return HistoryCleaner.cleanWordSettings }
        if entry == "docProps/core.xml" || entry == "docProps/app.xml" { return HistoryCleaner.cleanOOXMLProperties }
        if entry == "[Content_Types].xml" { return { HistoryCleaner.cleanContentTypes($0, dropped: dropped) } }
        if entry.hasSuffix(".rels") { return { HistoryCleaner.cleanRelationships($0, droppedTargets: droppedNames) } }
        if entry.hasPrefix("word/") && entry.hasSuffix(".xml") && templatedParts([entry]).count == 1 {
            return HistoryCleaner.cleanWordPart
        }
        return nil
    }

    func inspectionCleaner(for part: String) -> ((XMLNodePointer) -> Void)? {
        if part == "docProps/core.xml" { return nil }
        return HistoryCleaner.cleanWordPart
    }
}

extension ODTAdapter: PackageAdapter {
    var requiredParts: [String] { ["content.xml"] }
    var droppedParts: Set<String> { HistoryCleaner.odtDroppedParts }
    var leadingStoredEntry: String? { "mimetype" }

    func cleaner(for entry: String) -> ((XMLNodePointer) -> Void)? {
        let dropped = droppedParts
        if entry == "content.xml" || entry == "styles.xml" { return HistoryCleaner.cleanODFPart }
        if entry == "meta.xml" { return HistoryCleaner.cleanODFMeta }
        if entry == "META-INF/manifest.xml" { return { HistoryCleaner.cleanODFManifest($0, dropped: dropped) } }
        return nil
    }

    func inspectionCleaner(for part: String) -> ((XMLNodePointer) -> Void)? {
        if part == "meta.xml" { return nil }
        return HistoryCleaner.cleanODFPart
    }
}

/// The package adapter for a format.
func packageAdapter(for format: DocumentFormat) -> any PackageAdapter {
    switch format {
    case .docx: return DOCXAdapter()
    case .odt: return ODTAdapter()
    }
}
