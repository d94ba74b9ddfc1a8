internal import CLibXML2
import OfficeTemplate

/// OPC (OOXML) package signatures, shaped like LibreOffice's and Word's: `_rels/.rels` →
/// `_xmlsignatures/origin.sigs` → `_xmlsignatures/sigN.xml`. The signature's package object
/// holds a `ds:Manifest` with one reference per part (`/part?ContentType=type`), relationships
/// parts through the OPC RelationshipTransform (every relationship by `SourceId`, except the
/// signature origin) and C14N; the signature signs that object, an Office object and the
/// XAdES signed properties.
///
/// Unlike LibreOffice and Word (which leave `docProps/*` unsigned, so they report such a
/// signature as partial), every part is covered. `[Content_Types].xml` is not a part and
/// cannot be referenced; each reference pins its part's content type instead.
enum OOXMLSigning {
    static let contentTypesPath = "[Content_Types].xml"
    static let packageRelsPath = "_rels/.rels"
    static let originType = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin"
    static let signatureType = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/signature"
    static let originContentType = "application/vnd.openxmlformats-package.digital-signature-origin"
    static let signatureContentType = "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml"
    static let relationshipsContentType = "application/vnd.openxmlformats-package.relationships+xml"

    static func sign(
        package: ZipReader, items: [ZipItem], signer: Signer, runtime: XMLSecRuntime
    ) throws(SigningError) -> [UInt8] {
        var files: [String: [UInt8]] = [:]
        for item in items where !item.isDirectory { files[item.name] = files[item.name] ?? item.bytes }
        guard let contentTypesBytes = files[contentTypesPath], let packageRelsBytes = files[packageRelsPath] else {
            throw SigningError("this is not an OOXML package: it has no [Content_Types].xml or _rels/.rels")
        }
        var changes: [(name: String, bytes: [UInt8])] = []

        // 1. The origin part and its relationship from the package.
        let packageRels = try XMLTree.parsing(packageRelsBytes, name: packageRelsPath)
        var originPath = "_xmlsignatures/origin.sigs"
        if let origin = OPC.relationships(packageRels).first(where: { $0.type == originType }) {
            originPath = OPC.resolve(origin.target, from: "")
        } else {
            try OPC.addRelationship(to: packageRels, type: originType, target: originPath)
            changes.append((packageRelsPath, packageRels.serialize()))
        }
        if files[originPath] == nil { changes.append((originPath, [])) }

        // 2. The new signature part, named from the origin's relationships.
        let originRelsPath = OPC.relationshipsPath(of: originPath)
        let originRels = try XMLTree.parsing(
            files[originRelsPath]
                ?? Array(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"\(XMLNamespace.packageRelationships)\"/>"
                        .utf8),
            name: originRelsPath)
        let folder = OPC.folder(of: originPath)
        let existingSignatures = Set(
            OPC.relationships(originRels).filter { $0.type == signatureType }.map { OPC.resolve($0.target, from: folder) })
        var number = 1
        while files[folder + "sig\(number).xml"] != nil || existingSignatures.contains(folder + "sig\(number).xml") {
            number += 1
        }
        let signaturePath = folder + "sig\(number).xml"
        try OPC.addRelationship(to: originRels, type: signatureType, target: "sig\(number).xml")
        changes.append((originRelsPath, originRels.serialize()))

        // 3. Content types for the origin and the signature.
        let contentTypesDoc = try XMLTree.parsing(contentTypesBytes, name: contentTypesPath)
        var contentTypes = OPC.ContentTypes(contentTypesDoc)
        if contentTypes.type(of: originPath) == nil {
            try OPC.addDefault(to: contentTypesDoc, extension: OPC.pathExtension(originPath), type: originContentType)
        }
        try OPC.addOverride(to: contentTypesDoc, part: signaturePath, type: signatureContentType)
        changes.append((contentTypesPath, contentTypesDoc.serialize()))
        contentTypes = OPC.ContentTypes(contentTypesDoc)

        // 4. The parts as they will be in the signed package, and what to reference.
        for change in changes { files[change.name] = change.bytes }
        var unsigned: Set<String> = [contentTypesPath, originPath, originRelsPath, signaturePath]
        unsigned.formUnion(existingSignatures)
        let parts = files.keys.filter { !unsigned.contains($0) }.sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        let digestMethod = "<DigestMethod Algorithm=\"\(DigestAlgorithm.sha256.rawValue)\"/><DigestValue></DigestValue>"
        var manifest = ""
        for part in parts {
            guard let type = contentTypes.type(of: part) else {
                throw SigningError("the part \(part) has no content type in [Content_Types].xml; the package is damaged")
            }
            manifest += "<Reference URI=\"\(("/" + uriEncode(part) + "?ContentType=" + type).xmlAttribute)\">"
            if OPC.isRelationshipsPart(part) {
                let relsDoc = try XMLTree.parsing(files[part]!, name: part)
                let ids = OPC.relationships(relsDoc).filter { $0.type != originType }.map(\.id)
                manifest += "<Transforms><Transform Algorithm=\"\(Algorithm.relationshipTransform)\">"
                for id in ids {
                    manifest +=
                        "<mdssi:RelationshipReference xmlns:mdssi=\"\(NS.opcDigitalSignature)\" SourceId=\"\(id.xmlAttribute)\"/>"
                }
                manifest += "</Transform><Transform Algorithm=\"\(Algorithm.c14n)\"/></Transforms>"
            }
            manifest += digestMethod + "</Reference>"
        }

        // 5. The signature.
        let id = signer.signatureID(salt: "ooxml \(signaturePath)")
        let packageObjectID = "idPackageObject_" + id
        let officeObjectID = "idOfficeObject_" + id
        let propertiesID = "idSignedProperties_" + id
        let signature =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Signature xmlns=\"\(NS.dsig)\" Id=\"\(id)\"><SignedInfo>"
            + "<CanonicalizationMethod Algorithm=\"\(Algorithm.c14n)\"/>"
            + "<SignatureMethod Algorithm=\"\(Algorithm.rsaSHA256)\"/>"
            + "<Reference Type=\"\(Algorithm.objectType)\" URI=\"#\(packageObjectID)\">" + digestMethod + "</Reference>"
            + "<Reference Type=\"\(Algorithm.objectType)\" URI=\"#\(officeObjectID)\">" + digestMethod + "</Reference>"
            + "<Reference Type=\"\(Algorithm.signedPropertiesType)\" URI=\"#\(propertiesID)\">"
            + "<Transforms><Transform Algorithm=\"\(Algorithm.c14n)\"/></Transforms>" + digestMethod + "</Reference>"
            + "</SignedInfo><SignatureValue></SignatureValue>" + signer.keyInfoXML(issuerSerial: false)
            + "<Object Id=\"\(packageObjectID)\"><Manifest>" + manifest + "</Manifest>"
            + "<SignatureProperties><SignatureProperty Id=\"idSignatureTime_\(id)\" Target=\"#\(id)\">"
            + "<mdssi:SignatureTime xmlns:mdssi=\"\(NS.opcDigitalSignature)\"><mdssi:Format>YYYY-MM-DDThh:mm:ssTZD</mdssi:Format>"
            + "<mdssi:Value>\(signer.timeText)</mdssi:Value></mdssi:SignatureTime></SignatureProperty></SignatureProperties></Object>"
            + "<Object Id=\"\(officeObjectID)\"><SignatureProperties>"
            + "<SignatureProperty Id=\"idOfficeV1Details_\(id)\" Target=\"#\(id)\">"
            + "<SignatureInfoV1 xmlns=\"\(NS.officeDigSig)\"><SetupID/><SignatureText/><SignatureImage/><SignatureComments/>"
            + "<WindowsVersion>6.1</WindowsVersion><OfficeVersion>16.0</OfficeVersion><ApplicationVersion>16.0</ApplicationVersion>"
            + "<Monitors>1</Monitors><HorizontalResolution>1280</HorizontalResolution><VerticalResolution>800</VerticalResolution>"
            + "<ColorDepth>32</ColorDepth><SignatureProviderId>{00000000-0000-0000-0000-000000000000}</SignatureProviderId>"
            + "<SignatureProviderUrl/><SignatureProviderDetails>9</SignatureProviderDetails><SignatureType>1</SignatureType>"
            + "</SignatureInfoV1></SignatureProperty></SignatureProperties></Object>"
            + "<Object><xd:QualifyingProperties xmlns:xd=\"\(NS.xades)\" Target=\"#\(id)\">"
            + signer.signedPropertiesXML(id: propertiesID) + "</xd:QualifyingProperties></Object></Signature>"
        let doc = try XMLTree.parsing(signature, name: signaturePath)
        guard let root = doc.root else { throw SigningError("internal error: the signature template is malformed") }

        // 6. Digests of the parts (xmlsec, with the signed package's bytes), then the signature.
        runtime.replaceEntries(files)
        for reference in root.child(NS.dsig, "Object")?.child(NS.dsig, "Manifest")?.children(NS.dsig, "Reference") ?? [] {
            try XMLSecEngine.digestManifestReference(reference)
        }
        try XMLSecEngine.sign(root, key: signer.key.key, ignoreManifests: true)
        changes.append((signaturePath, doc.serialize()))
        return try package.rewritten(with: changes)
    }
}

/// Open Packaging Conventions: relationships, content types and part names.
enum OPC {
    struct Relationship {
        var id: String
        var type: String
        var target: String
        var external: Bool
    }

    static func relationships(_ doc: XMLTree) -> [Relationship] {
        (doc.root?.children(XMLNamespace.packageRelationships, "Relationship") ?? []).map {
            Relationship(
                id: $0.attribute("Id") ?? "", type: $0.attribute("Type") ?? "", target: $0.attribute("Target") ?? "",
                external: $0.attribute("TargetMode") == "External")
        }
    }

    /// Adds a relationship with the first free `rIdN` id.
    static func addRelationship(to doc: XMLTree, type: String, target: String) throws(SigningError) {
        guard let root = doc.root, root.is(XMLNamespace.packageRelationships, "Relationships") else {
            throw SigningError("a relationships part of the package is not a Relationships document")
        }
        let taken = Set(relationships(doc).map(\.id))
        var n = 1
        while taken.contains("rId\(n)") { n += 1 }
        let node = xmlNewChild(root, root.pointee.ns, "Relationship", nil)
        xmlSetProp(node, "Id", "rId\(n)")
        xmlSetProp(node, "Type", type)
        xmlSetProp(node, "Target", target)
    }

    /// `word/document.xml` → `word/_rels/document.xml.rels`; `` (the package) → `_rels/.rels`.
    static func relationshipsPath(of part: String) -> String {
        let folder = folder(of: part)
        let name = part.dropFirst(folder.count)
        return folder + "_rels/" + name + ".rels"
    }

    static func isRelationshipsPart(_ part: String) -> Bool {
        part.hasSuffix(".rels") && (part.hasPrefix("_rels/") || part.contains("/_rels/"))
    }

    /// The folder of a part, with its trailing slash (`word/`), or `` at the root.
    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    static func pathExtension(_ part: String) -> String {
        let name = part.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// A relationship target as a zip entry name: relative to `folder`, or absolute (`/x`).
    static func resolve(_ target: String, from folder: String) -> String {
        let decoded = uriDecode(target) ?? target
        var segments: [Substring] = []
        let full = decoded.hasPrefix("/") ? String(decoded.dropFirst()) : folder + decoded
        for segment in full.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    struct ContentTypes {
        var defaults: [String: String] = [:]
        var overrides: [String: String] = [:]

        init(_ doc: XMLTree) {
            for node in doc.root?.elementChildren ?? [] {
                if node.is(XMLNamespace.contentTypes, "Default"), let ext = node.attribute("Extension"),
                    let type = node.attribute("ContentType")
                {
                    defaults[ext.lowercased()] = type
                } else if node.is(XMLNamespace.contentTypes, "Override"), let part = node.attribute("PartName"),
                    let type = node.attribute("ContentType")
                {
                    overrides[(uriDecode(part) ?? part).lowercased()] = type
                }
            }
        }

        /// The content type of a part (zip entry name, no leading slash).
        func type(of part: String) -> String? {
            overrides[("/" + part).lowercased()] ?? defaults[OPC.pathExtension(part).lowercased()]
        }
    }

    static func addDefault(to doc: XMLTree, extension ext: String, type: String) throws(SigningError) {
        guard let root = doc.root else { throw SigningError("[Content_Types].xml is empty") }
        let node = xmlNewDocNode(doc.doc, root.pointee.ns, "Default", nil)
        // After the other defaults, before the overrides (as Word and LibreOffice order them).
        if let firstOverride = root.elementChildren.first(where: { $0.is(XMLNamespace.contentTypes, "Override") }) {
            xmlAddPrevSibling(firstOverride, node)
        } else {
            xmlAddChild(root, node)
        }
        xmlSetProp(node, "Extension", ext)
        xmlSetProp(node, "ContentType", type)
    }

    static func addOverride(to doc: XMLTree, part: String, type: String) throws(SigningError) {
        guard let root = doc.root else { throw SigningError("[Content_Types].xml is empty") }
        let node = xmlNewChild(root, root.pointee.ns, "Override", nil)
        xmlSetProp(node, "PartName", "/" + part)
        xmlSetProp(node, "ContentType", type)
    }
}

enum OOXMLVerification {
    static func verify(items: [ZipItem], anchors: [Certificate]) throws(SigningError) -> VerificationReport {
        var files: [String: [UInt8]] = [:]
        for item in items where !item.isDirectory { files[item.name] = files[item.name] ?? item.bytes }
        guard let packageRelsBytes = files[OOXMLSigning.packageRelsPath],
            let contentTypesBytes = files[OOXMLSigning.contentTypesPath]
        else {
            return VerificationReport(problems: ["this is not an OOXML package: it has no [Content_Types].xml or _rels/.rels"])
        }
        let packageRels = try XMLTree.parsing(packageRelsBytes, name: OOXMLSigning.packageRelsPath)
        guard let origin = OPC.relationships(packageRels).first(where: { $0.type == OOXMLSigning.originType }) else {
            return VerificationReport(problems: ["the document is not signed (_rels/.rels has no digital signature origin)"])
        }
        let originPath = OPC.resolve(origin.target, from: "")
        let originRelsPath = OPC.relationshipsPath(of: originPath)
        let signaturePaths: [String]
        if let bytes = files[originRelsPath] {
            let originRels = try XMLTree.parsing(bytes, name: originRelsPath)
            signaturePaths = OPC.relationships(originRels).filter { $0.type == OOXMLSigning.signatureType }
                .map { OPC.resolve($0.target, from: OPC.folder(of: originPath)) }
        } else {
            signaturePaths = []
        }
        guard !signaturePaths.isEmpty else {
            return VerificationReport(problems: ["the document is not signed (\(originPath) lists no signature)"])
        }
        let contentTypes = OPC.ContentTypes(try XMLTree.parsing(contentTypesBytes, name: OOXMLSigning.contentTypesPath))
        let unsigned = Set([OOXMLSigning.contentTypesPath, originPath, originRelsPath] + signaturePaths)
        let parts = items.map(\.name).filter { !$0.hasSuffix("/") && !unsigned.contains($0) }

        var reports: [SignatureReport] = []
        for path in signaturePaths {
            guard let bytes = files[path] else {
                var report = SignatureReport(location: path)
                report.problems.append("the signature part \(path) is missing")
                reports.append(report)
                continue
            }
            let doc = try XMLTree.parsing(bytes, name: path)
            guard let root = doc.root, root.is(NS.dsig, "Signature") else {
                var report = SignatureReport(location: path)
                report.problems.append("\(path) is not an XML signature")
                reports.append(report)
                continue
            }
            var checks = SignatureChecks(doc: doc, signature: root, location: path, anchors: anchors)
            var covered = Set(checks.entryURIs.compactMap { uri in uriDecode(uri) })
            var coveredRelationships: [String: Set<String>] = [:]
            for object in root.children(NS.dsig, "Object") where checks.signedIDs.contains(object.attribute("Id") ?? "") {
                for manifest in object.children(NS.dsig, "Manifest") {
                    for reference in manifest.children(NS.dsig, "Reference") {
                        let uri = reference.attribute("URI") ?? ""
                        let pieces = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
                        let part = uriDecode(String(pieces[0].drop { $0 == "/" })) ?? String(pieces[0])
                        if let failure = XMLSecEngine.checkReference(reference, inManifest: true) {
                            checks.report.failedReferences.append("\(part): \(failure)")
                            continue
                        }
                        let query = pieces.count > 1 ? String(pieces[1]) : ""
                        let claimed = query.hasPrefix("ContentType=") ? String(query.dropFirst(12)) : nil
                        if let claimed, claimed != contentTypes.type(of: part) {
                            checks.report.failedReferences.append(
                                "\(part): its content type is now \(contentTypes.type(of: part) ?? "none"), signed as \(claimed)")
                            continue
                        }
                        covered.insert(part)
                        if OPC.isRelationshipsPart(part) {
                            let ids = reference.descendants(NS.opcDigitalSignature, "RelationshipReference")
                                .compactMap { $0.attribute("SourceId") }
                            coveredRelationships[part, default: []].formUnion(ids)
                        }
                    }
                }
            }
            for part in parts {
                guard covered.contains(part) else {
                    checks.report.uncoveredEntries.append(part)
                    continue
                }
                checks.report.coveredEntries.append(part)
                if let ids = coveredRelationships[part], let bytes = files[part],
                    let rels = try? XMLTree.parsing(bytes, name: part)
                {
                    for relationship in OPC.relationships(rels)
                    where !ids.contains(relationship.id) && relationship.type != OOXMLSigning.originType {
                        checks.report.uncoveredEntries.append("\(part) (relationship \(relationship.id))")
                    }
                }
            }
            checks.finish()
            reports.append(checks.report)
        }
        return VerificationReport(signatures: reports)
    }
}
