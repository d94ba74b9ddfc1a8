internal import CLibXML2
import OfficeTemplate

/// ODF 1.2+ document signatures (`META-INF/documentsignatures.xml`), shaped like
/// LibreOffice's own: one `ds:Reference` per entry with a relative URI (inclusive C14N for
/// XML entries, raw bytes for the rest), a `dc:date` signature property and XAdES signed
/// properties; the root and the `Signature` use default namespaces (LibreOffice 7.4 rejects
/// a root declaring `xmlns:dsig` unless exclusive C14N is used throughout). LibreOffice does
/// not list the signature file in `META-INF/manifest.xml`, and neither do we.
enum ODFSigning {
    static let signaturesPath = "META-INF/documentsignatures.xml"
    static let manifestPath = "META-INF/manifest.xml"

    static func sign(
        package: ZipReader, items: [ZipItem], signer: Signer, runtime: XMLSecRuntime
    ) throws(SigningError) -> [UInt8] {
        guard items.contains(where: { $0.name == "mimetype" }), items.contains(where: { $0.name == manifestPath }) else {
            throw SigningError("this is not an ODF package: it has no mimetype or META-INF/manifest.xml")
        }
        let mediaTypes = try manifestMediaTypes(items)
        var existing: XMLTree?
        if let item = items.first(where: { $0.name == signaturesPath }) {
            existing = try XMLTree.parsing(item.bytes, name: signaturesPath)
        }
        let count = existing?.root?.descendants(NS.dsig, "Signature").count ?? 0
        let id = signer.signatureID(salt: "odf \(count)")
        let dateID = "idDate_" + id
        let propertiesID = "idSignedProperties_" + id
        let digestMethod = "<DigestMethod Algorithm=\"\(DigestAlgorithm.sha256.rawValue)\"/><DigestValue></DigestValue>"

        var references = ""
        for item in items where !item.isDirectory && item.name != signaturesPath {
            references += "<Reference URI=\"\(uriEncode(item.name).xmlAttribute)\">"
            if isXML(item.name, mediaTypes: mediaTypes) {
                references += "<Transforms><Transform Algorithm=\"\(Algorithm.c14n)\"/></Transforms>"
            }
            references += digestMethod + "</Reference>"
        }
        references += "<Reference URI=\"#\(dateID)\">" + digestMethod + "</Reference>"
        references +=
            "<Reference URI=\"#\(propertiesID)\" Type=\"\(Algorithm.signedPropertiesType)\">" + digestMethod + "</Reference>"

        let signature =
            "<Signature xmlns=\"\(NS.dsig)\" Id=\"\(id)\"><SignedInfo>"
            + "<CanonicalizationMethod Algorithm=\"\(Algorithm.c14n)\"/>"
            + "<SignatureMethod Algorithm=\"\(Algorithm.rsaSHA256)\"/>"
            + references + "</SignedInfo><SignatureValue></SignatureValue>" + signer.keyInfoXML()
            + "<Object><SignatureProperties><SignatureProperty Id=\"\(dateID)\" Target=\"#\(id)\">"
            + "<dc:date xmlns:dc=\"\(XMLNamespace.dublinCore)\">\(signer.timeText)</dc:date></SignatureProperty></SignatureProperties></Object>"
            + "<Object xmlns:xd=\"\(NS.xades)\"><xd:QualifyingProperties Target=\"#\(id)\">"
            + signer.signedPropertiesXML(id: propertiesID) + "</xd:QualifyingProperties></Object></Signature>"
        let fresh = try XMLTree.parsing(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document-signatures xmlns=\"\(NS.odfSignatures)\">"
                + signature + "</document-signatures>",
            name: signaturesPath)

        let document: XMLTree
        let node: xmlNodePtr
        if let existing, let root = existing.root, let template = fresh.root?.child(NS.dsig, "Signature"),
            let copy = xmlDocCopyNode(template, existing.doc, 1)
        {
            xmlAddChild(root, copy)
            document = existing
            node = copy
        } else {
            guard let template = fresh.root?.child(NS.dsig, "Signature") else {
                throw SigningError("internal error: the signature template is malformed")
            }
            document = fresh
            node = template
        }
        _ = document
        try XMLSecEngine.sign(node, key: signer.key.key, ignoreManifests: false)
        return try package.rewritten(with: [(signaturesPath, document.serialize())])
    }

    /// `full-path` → `media-type` of `META-INF/manifest.xml`.
    static func manifestMediaTypes(_ items: [ZipItem]) throws(SigningError) -> [String: String] {
        guard let item = items.first(where: { $0.name == manifestPath }) else { return [:] }
        let doc = try XMLTree.parsing(item.bytes, name: manifestPath)
        var result: [String: String] = [:]
        for entry in doc.root?.children(XMLNamespace.odfManifest, "file-entry") ?? [] {
            if let path = entry.attribute(XMLNamespace.odfManifest, "full-path") {
                result[path] = entry.attribute(XMLNamespace.odfManifest, "media-type") ?? ""
            }
        }
        return result
    }

    /// LibreOffice's rule: canonicalise entries the manifest calls `text/xml`, and entries
    /// it does not list whose name ends in `.xml` (such as the manifest itself).
    static func isXML(_ name: String, mediaTypes: [String: String]) -> Bool {
        if let type = mediaTypes[name] { return type == "text/xml" }
        return name.lowercased().hasSuffix(".xml")
    }
}
