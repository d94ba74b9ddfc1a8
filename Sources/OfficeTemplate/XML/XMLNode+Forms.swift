internal import CLibXML2

/// The name the rest of the engine gives a libxml2 node. Non-owning: the node belongs to its
/// `XMLTree`, which must outlive every pointer taken from it. Files outside `XML/` name nodes
/// by this alias and reach libxml2 only through the helpers in `XML/`, so they need not import it.
typealias XMLNodePointer = xmlNodePtr

/// The libxml2 calls that filling and binding form controls, cleaning revision history and
/// marking pictures make, kept here so those files name what they do rather than calling C.
extension UnsafeMutablePointer where Pointee == xmlNode {
    /// Frees this node and its subtree; it must not be linked into a tree (a `deepCopy`, say).
    func freeUnlinked() { xmlFreeNode(self) }

    /// Sets `xml:space="preserve"`, so that readers keep the spaces at the edges of the text.
    func setSpacePreserve() { xmlNodeSetSpacePreserve(self, 1) }

    /// Sets an attribute that has no namespace (`name="..."`).
    func setAttribute(_ local: String, _ value: String) { xmlSetProp(self, local, value) }

    /// The value of an attribute that has no namespace, if present.
    func attribute(named local: String) -> String? {
        guard let value = xmlGetNoNsProp(self, local) else { return nil }
        defer { apdocs_xmlFree(value) }
        return String(cString: value)
    }

    /// Removes an attribute whose namespace is the one bound to `prefix` here (`xml:id`).
    func removeAttribute(prefix: String, _ local: String) {
        xmlUnsetNsProp(self, xmlSearchNs(pointee.doc, self, prefix), local)
    }

    /// Removes every attribute whose local name satisfies `predicate`, in any namespace.
    func removeAttributes(where predicate: (String) -> Bool) {
        var attribute = pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let name = current.pointee.name, predicate(String(cString: name)) else { continue }
            xmlRemoveProp(current)
        }
    }
}

/// A new, unlinked text node holding `text` (escaped by the serialiser).
func textNode(_ text: String) -> XMLNodePointer {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { xmlNewTextLen($0.baseAddress, Int32($0.count))! }
}

/// A new element in `namespace`, using the prefix in scope at `near` (declared there if none is).
func newElement(_ namespace: String, _ local: String, near: XMLNodePointer, prefix fallback: String) -> XMLNodePointer {
    let doc = near.pointee.doc
    var ns = xmlSearchNsByHref(doc, near, namespace)
    let element = xmlNewDocNode(doc, nil, local, nil)!
    if ns == nil, let root = xmlDocGetRootElement(doc) { ns = xmlNewNs(root, namespace, fallback) }
    xmlSetNs(element, ns)
    return element
}

/// Sets an attribute in `namespace`, declaring the namespace on the root if it is not in scope.
func setAttribute(_ element: XMLNodePointer, _ namespace: String, _ local: String, _ value: String) {
    var ns = xmlSearchNsByHref(element.pointee.doc, element, namespace)
    if ns == nil, let own = element.pointee.ns, xmlStrEqual(own.pointee.href, namespace) != 0 { ns = own }
    if ns == nil, let root = xmlDocGetRootElement(element.pointee.doc) {
        let prefix = namespace == XMLNamespace.word2010 ? "w14" : "apdocsns"
        ns = xmlNewNs(root, namespace, prefix)
    }
    xmlSetNsProp(element, ns, local, value)
}

/// An element serialised on its own (namespace prefixes as in the document).
func dump(_ node: XMLNodePointer) -> [UInt8] {
    guard let buffer = xmlBufferCreate() else { return [] }
    defer { xmlBufferFree(buffer) }
    xmlNodeDump(buffer, node.pointee.doc, node, 0, 0)
    guard let content = xmlBufferContent(buffer) else { return [] }
    return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
}
