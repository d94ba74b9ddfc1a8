internal import CLibXML2
internal import CXMLSec
import OfficeTemplate

/// The cryptography, all through libxmlsec1 (OpenSSL backend): computing and checking
/// reference digests, the signature value, and certificate chains. Call only inside
/// `XMLSecRuntime.run`.
enum XMLSecEngine {
    typealias Key = UnsafeMutablePointer<xmlSecKey>

    /// A key xmlsec owns; destroyed with this object.
    final class OwnedKey {
        let key: Key
        init(_ key: Key) { self.key = key }
        deinit { xmlSecKeyDestroy(key) }
    }

    // MARK: Keys

    /// The private key of a PEM text. Never prompts for a pass phrase.
    static func privateKey(pem: [UInt8], file: String) throws(SigningError) -> OwnedKey {
        let text = String(decoding: pem, as: UTF8.self)
        let blocks = PEM.blocks(text)
        guard let block = blocks.first(where: { $0.label.hasSuffix("PRIVATE KEY") }) else {
            if blocks.contains(where: { $0.label.contains("CERTIFICATE") }) {
                throw SigningError(
                    "\(file) holds a certificate, not a private key: give the private key with --key and the certificate with --cert"
                )
            }
            throw SigningError(
                "\(file) is not a private key in PEM format (-----BEGIN PRIVATE KEY-----)")
        }
        if block.isEncrypted {
            throw SigningError(
                "\(file) is protected by a pass phrase, which APDocs does not ask for; "
                    + "write an unprotected copy with `openssl pkey -in \(file) -out plain-key.pem` and keep it safe")
        }
        // An empty password (not NULL) so OpenSSL never prompts on the terminal.
        let key = pem.withUnsafeBufferPointer { buffer in
            xmlSecOpenSSLAppKeyLoadMemory(
                buffer.baseAddress, UInt32(buffer.count), xmlSecKeyDataFormatPem, "", nil, nil)
        }
        _ = XMLSecRuntime.current?.takeErrors()  // details would only repeat the message below
        guard let key else {
            throw SigningError("\(file) is not a private key in PEM format, or it is damaged")
        }
        let owned = OwnedKey(key)
        guard xmlSecKeyGetType(key) & UInt32(xmlSecKeyDataTypePrivate) != 0 else {
            throw SigningError("\(file) holds a public key; signing needs the private key")
        }
        guard isRSA(key) else {
            throw SigningError(
                "\(file) is not an RSA key; APDocs signs with RSA keys (RSA-SHA256), as LibreOffice and Word expect")
        }
        return owned
    }

    /// The public key of a certificate.
    static func publicKey(of certificate: Certificate) -> OwnedKey? {
        let key = certificate.der.withUnsafeBufferPointer { buffer in
            xmlSecOpenSSLAppKeyLoadMemory(
                buffer.baseAddress, UInt32(buffer.count), xmlSecKeyDataFormatCertDer, nil, nil, nil)
        }
        return key.map(OwnedKey.init)
    }

    static func isRSA(_ key: Key) -> Bool {
        guard let value = xmlSecKeyGetValue(key) else { return false }
        return value.pointee.id == xmlSecOpenSSLKeyDataRsaGetKlass()
    }

    private static func evp(_ key: Key) -> OpaquePointer? {
        guard let value = xmlSecKeyGetValue(key) else { return nil }
        if value.pointee.id == xmlSecOpenSSLKeyDataRsaGetKlass() { return xmlSecOpenSSLKeyDataRsaGetEvp(value) }
        if value.pointee.id == xmlSecOpenSSLKeyDataEcdsaGetKlass() { return xmlSecOpenSSLKeyDataEcdsaGetEvp(value) }
        return nil
    }

    /// Whether two keys have the same public part.
    static func samePublicKey(_ a: Key, _ b: Key) -> Bool {
        guard let ea = evp(a), let eb = evp(b) else { return false }
        return EVP_PKEY_eq(ea, eb) == 1
    }

    // MARK: Signing

    /// Computes every digest of the `ds:Signature` template `signature` (in `doc`) and its
    /// signature value. With `ignoreManifests`, `ds:Manifest` references are left as they
    /// are (we compute those ourselves for OOXML's relationship transform).
    static func sign(_ signature: xmlNodePtr, key: Key, ignoreManifests: Bool) throws(SigningError) {
        guard let ctx = xmlSecDSigCtxCreate(nil) else { throw SigningError("out of memory") }
        defer { xmlSecDSigCtxDestroy(ctx) }
        configure(ctx, ignoreManifests: ignoreManifests)
        ctx.pointee.signKey = xmlSecKeyDuplicate(key)
        let result = xmlSecDSigCtxSign(ctx, signature)
        let errors = XMLSecRuntime.current?.takeErrors() ?? []
        guard result >= 0, ctx.pointee.status == xmlSecDSigStatusSucceeded else {
            throw SigningError(
                "libxmlsec1 could not sign the package" + (errors.isEmpty ? "" : ": " + errors.prefix(3).joined(separator: "; ")))
        }
    }

    private static func configure(_ ctx: UnsafeMutablePointer<xmlSecDSigCtx>, ignoreManifests: Bool) {
        // xmlsec counts a relative URI such as `content.xml` as "remote". Our I/O callbacks are
        // the only ones registered and serve nothing but the package's entries, so allowing
        // it reaches no file and no network.
        ctx.pointee.enabledReferenceUris = xmlSecTransformUriType(
            xmlSecTransformUriTypeSameDocument | xmlSecTransformUriTypeLocal | xmlSecTransformUriTypeRemote)
        if ignoreManifests { ctx.pointee.flags |= UInt32(XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS) }
        let c14ns = [
            xmlSecTransformInclC14NGetKlass(), xmlSecTransformInclC14NWithCommentsGetKlass(),
            xmlSecTransformExclC14NGetKlass(), xmlSecTransformExclC14NWithCommentsGetKlass(),
        ]
        let digests = [
            xmlSecOpenSSLTransformSha1GetKlass(), xmlSecOpenSSLTransformSha256GetKlass(),
            xmlSecOpenSSLTransformSha384GetKlass(), xmlSecOpenSSLTransformSha512GetKlass(),
        ]
        let signatures = [
            xmlSecOpenSSLTransformRsaSha1GetKlass(), xmlSecOpenSSLTransformRsaSha256GetKlass(),
            xmlSecOpenSSLTransformRsaSha384GetKlass(), xmlSecOpenSSLTransformRsaSha512GetKlass(),
            xmlSecOpenSSLTransformEcdsaSha256GetKlass(), xmlSecOpenSSLTransformEcdsaSha384GetKlass(),
            xmlSecOpenSSLTransformEcdsaSha512GetKlass(),
        ]
        for id in c14ns + digests { _ = xmlSecDSigCtxEnableReferenceTransform(ctx, id) }
        if let relationship = XMLSecRuntime.current?.relationshipTransform {
            _ = xmlSecDSigCtxEnableReferenceTransform(ctx, relationship)
        }
        for id in c14ns + signatures { _ = xmlSecDSigCtxEnableSignatureTransform(ctx, id) }
    }

    /// Computes and writes the DigestValue of a `ds:Manifest` reference (OPC parts, with
    /// xmlsec's relationship transform for relationships parts).
    static func digestManifestReference(_ reference: xmlNodePtr) throws(SigningError) {
        guard let ctx = xmlSecDSigCtxCreate(nil) else { throw SigningError("out of memory") }
        defer { xmlSecDSigCtxDestroy(ctx) }
        configure(ctx, ignoreManifests: true)
        ctx.pointee.operation = xmlSecTransformOperationSign
        guard let refCtx = xmlSecDSigReferenceCtxCreate(ctx, xmlSecDSigReferenceOriginManifest) else {
            throw SigningError("out of memory")
        }
        defer { xmlSecDSigReferenceCtxDestroy(refCtx) }
        let result = xmlSecDSigReferenceCtxProcessNode(refCtx, reference)
        let errors = XMLSecRuntime.current?.takeErrors() ?? []
        guard result >= 0 else {
            throw SigningError(
                "libxmlsec1 could not digest \(reference.attribute("URI") ?? "a part")"
                    + (errors.isEmpty ? "" : ": " + errors.prefix(3).joined(separator: "; ")))
        }
    }

    // MARK: Verifying

    /// Registers the `Id` attributes under `node` so `#id` references resolve.
    static func registerIDs(_ doc: XMLTree, under node: xmlNodePtr) {
        let name = UnsafeMutablePointer<xmlChar>.allocate(capacity: 3)
        defer { name.deallocate() }
        name[0] = UInt8(ascii: "I")
        name[1] = UInt8(ascii: "d")
        name[2] = 0
        var ids: [UnsafePointer<xmlChar>?] = [UnsafePointer(name), nil]
        ids.withUnsafeMutableBufferPointer { xmlSecAddIDs(doc.doc, node, $0.baseAddress) }
        _ = XMLSecRuntime.current?.takeErrors()
    }

    /// Checks one `ds:Reference` (a package entry through our I/O callbacks, or an element
    /// of this document): nil when its digest holds, else why not.
    static func checkReference(_ reference: xmlNodePtr, inManifest: Bool = false) -> String? {
        guard let ctx = xmlSecDSigCtxCreate(nil) else { return "out of memory" }
        defer { xmlSecDSigCtxDestroy(ctx) }
        configure(ctx, ignoreManifests: true)
        ctx.pointee.operation = xmlSecTransformOperationVerify
        let origin = inManifest ? xmlSecDSigReferenceOriginManifest : xmlSecDSigReferenceOriginSignedInfo
        guard let refCtx = xmlSecDSigReferenceCtxCreate(ctx, origin) else {
            return "out of memory"
        }
        defer { xmlSecDSigReferenceCtxDestroy(refCtx) }
        let result = xmlSecDSigReferenceCtxProcessNode(refCtx, reference)
        let errors = XMLSecRuntime.current?.takeErrors() ?? []
        if result < 0 {
            return "cannot be checked" + (errors.isEmpty ? "" : " (" + errors.prefix(2).joined(separator: "; ") + ")")
        }
        return refCtx.pointee.status == xmlSecDSigStatusSucceeded ? nil : "digest does not match"
    }

    /// Checks the SignatureValue over the canonical SignedInfo with `key`.
    static func checkSignatureValue(_ doc: XMLTree, signature: xmlNodePtr, key: Key) -> String? {
        guard let signedInfo = signature.child(NS.dsig, "SignedInfo"),
            let value = signature.child(NS.dsig, "SignatureValue"),
            let c14nNode = signedInfo.child(NS.dsig, "CanonicalizationMethod"),
            let methodNode = signedInfo.child(NS.dsig, "SignatureMethod")
        else { return "the signature lacks SignedInfo or SignatureValue" }
        guard let c14nAlg = c14nNode.attribute("Algorithm"), Algorithm.canonicalizations.contains(c14nAlg) else {
            return "unsupported canonicalization method"
        }
        guard let method = methodNode.attribute("Algorithm"), Algorithm.signatureMethods.contains(method) else {
            return "unsupported signature method"
        }
        guard let ctx = xmlSecTransformCtxCreate() else { return "out of memory" }
        defer { xmlSecTransformCtxDestroy(ctx) }
        guard xmlSecTransformCtxNodeRead(ctx, c14nNode, xmlSecTransformUsage(xmlSecTransformUsageC14NMethod)) != nil,
            let transform = xmlSecTransformCtxNodeRead(ctx, methodNode, xmlSecTransformUsage(xmlSecTransformUsageSignatureMethod))
        else {
            return "unsupported algorithm (" + (XMLSecRuntime.current?.takeErrors().first ?? "") + ")"
        }
        transform.pointee.operation = xmlSecTransformOperationVerify
        guard xmlSecTransformSetKey(transform, key) >= 0 else {
            _ = XMLSecRuntime.current?.takeErrors()
            return "the certificate's key does not suit the signature method \(method)"
        }
        guard let nodes = xmlSecNodeSetGetChildren(doc.doc, signedInfo, 1, 0) else { return "out of memory" }
        let executed = xmlSecTransformCtxXmlExecute(ctx, nodes)
        xmlSecNodeSetDestroy(nodes)
        guard executed >= 0 else {
            return "cannot canonicalise SignedInfo (" + (XMLSecRuntime.current?.takeErrors().first ?? "") + ")"
        }
        let verified = xmlSecTransformVerifyNodeContent(transform, value, ctx)
        _ = XMLSecRuntime.current?.takeErrors()
        guard verified >= 0 else { return "the signature value cannot be read" }
        return transform.pointee.status == xmlSecTransformStatusOk ? nil : "the signature value does not match"
    }

    /// Whether the signature's certificates chain to one of `trusted` (checked by xmlsec's
    /// X.509 store at the current time) and the verified certificate carries `signerKey`.
    ///
    /// xmlsec reads a KeyInfo built here from the certificates alone: the signature's own
    /// KeyInfo could also hold a bare KeyValue (a key xmlsec would return unverified) or an
    /// X509IssuerSerial naming a trusted certificate.
    static func checkChain(certificates: [Certificate], trusted: [Certificate], signerKey: Key) -> String? {
        let keyInfoXML =
            "<KeyInfo xmlns=\"\(NS.dsig)\"><X509Data>"
            + certificates.map { "<X509Certificate>\(Base64.encode($0.der))</X509Certificate>" }.joined()
            + "</X509Data></KeyInfo>"
        guard let keyInfoDoc = try? XMLTree.parsing(keyInfoXML, name: "KeyInfo"), let keyInfo = keyInfoDoc.root else {
            return "out of memory"
        }
        guard let manager = xmlSecKeysMngrCreate() else { return "out of memory" }
        defer { xmlSecKeysMngrDestroy(manager) }
        guard xmlSecOpenSSLAppDefaultKeysMngrInit(manager) >= 0 else { return "cannot set up the trust store" }
        for certificate in trusted {
            let loaded = certificate.der.withUnsafeBufferPointer { buffer in
                xmlSecOpenSSLAppKeysMngrCertLoadMemory(
                    manager, buffer.baseAddress, UInt32(buffer.count), xmlSecKeyDataFormatDer,
                    xmlSecKeyDataType(xmlSecKeyDataTypeTrusted))
            }
            if loaded < 0 {
                _ = XMLSecRuntime.current?.takeErrors()
                return "cannot load the trusted certificate \(certificate.subject)"
            }
        }
        guard let info = xmlSecKeyInfoCtxCreate(manager) else { return "out of memory" }
        defer { xmlSecKeyInfoCtxDestroy(info) }
        info.pointee.mode = xmlSecKeyInfoModeRead
        info.pointee.keyReq.keyType = xmlSecKeyDataType(xmlSecKeyDataTypePublic)
        info.pointee.keyReq.keyUsage = xmlSecKeyUsage(xmlSecKeyUsageVerify)
        let key = xmlSecKeysMngrGetKey(keyInfo, info)
        let errors = XMLSecRuntime.current?.takeErrors() ?? []
        guard let key else {
            let detail = errors.first { $0.localizedLowercase.contains("verif") || $0.contains("cert") }
            return "the signer's certificate does not chain to a trusted certificate"
                + (detail.map { " (\($0))" } ?? "")
        }
        defer { xmlSecKeyDestroy(key) }
        guard samePublicKey(key, signerKey) else {
            return "the trusted chain leads to a certificate other than the signer's"
        }
        return nil
    }
}
