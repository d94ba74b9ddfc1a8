internal import CLibXML2

/// The libxml2 calls the compiler makes to cut and mark up a part, kept here beside the other
/// node helpers so the compiler names what it does rather than calling libxml2 itself.
extension UnsafeMutablePointer where Pointee == xmlNode {
    /// A copy of this element with its attributes but no children, not yet linked anywhere.
    func shallowCopy() -> xmlNodePtr { xmlDocCopyNode(self, pointee.doc, 2)! }

    /// A copy of this node and its whole subtree, not yet linked anywhere.
    func deepCopy() -> xmlNodePtr { xmlDocCopyNode(self, pointee.doc, 1)! }

    /// Takes this node out of its tree, keeping it (and its subtree) to be linked elsewhere.
    func unlink() { xmlUnlinkNode(self) }

    /// Drops namespace declarations on this subtree that its ancestors already make (a copy
    /// declares its namespaces afresh).
    func removeRedundantNamespaceDeclarations() {
        xmlDOMWrapReconcileNamespaces(nil, self, 1)  // 1: XML_DOM_RECONNS_REMOVEREDUND (not in the public header)
    }
}

extension XMLTree {
    /// A processing instruction `<?name content?>` of this document, not yet linked anywhere.
    func newProcessingInstruction(_ name: String, _ content: String) -> xmlNodePtr {
        xmlNewDocPI(doc, name, content)!
    }

    /// A text node holding `bytes` (UTF-8, not escaped: the serialiser escapes), not yet linked.
    static func newText(_ bytes: [UInt8]) -> xmlNodePtr {
        bytes.withUnsafeBufferPointer { buffer in
            xmlNewTextLen(buffer.baseAddress, Int32(buffer.count))!
        }
    }
}

/// The namespace prefix in scope for `href` at `node` ("w", "text"), for writing markup at render.
func prefix(of href: String, at node: xmlNodePtr, fallback: String) -> String {
    guard let ns = xmlSearchNsByHref(node.pointee.doc, node, href) else { return fallback }
    guard let prefix = ns.pointee.prefix else { return fallback }
    return String(cString: prefix)
}
