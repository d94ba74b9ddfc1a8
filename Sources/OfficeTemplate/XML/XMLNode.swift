// `package`: PackageSigning walks its parts with these node helpers.
package import CLibXML2

/// Namespaces of the two formats, by URI (prefixes vary between writers).
package enum XMLNamespace {
    package static let word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    package static let odfText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    package static let odfTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    package static let odfOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    package static let odfDraw = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
    package static let odfMeta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
    package static let dublinCore = "http://purl.org/dc/elements/1.1/"
    package static let dcTerms = "http://purl.org/dc/terms/"
    package static let coreProperties = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    package static let extendedProperties = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    package static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    package static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
    package static let odfManifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    package static let libreOffice = "http://openoffice.org/2009/office"
}

/// An element's name qualified by its namespace URI.
struct QName: Hashable, Sendable {
    var namespace: String
    var local: String
    init(_ namespace: String, _ local: String) {
        self.namespace = namespace
        self.local = local
    }
}

/// Small, allocation-light helpers over libxml2 nodes. Nodes stay owned by their document.
extension UnsafeMutablePointer where Pointee == xmlNode {
    package var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE }

    package var localName: String { pointee.name.map { String(cString: $0) } ?? "" }
    package var namespaceURI: String? { pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// True when this is an element with that namespace URI and local name.
    package func `is`(_ namespace: String, _ local: String) -> Bool {
        guard isElement, let name = pointee.name, let ns = pointee.ns?.pointee.href else { return false }
        return xmlStrEqual(name, local) != 0 && xmlStrEqual(ns, namespace) != 0
    }

    var qname: QName? {
        guard isElement, let ns = namespaceURI else { return nil }
        return QName(ns, localName)
    }

    var parent: xmlNodePtr? { pointee.parent }
    var firstChild: xmlNodePtr? { pointee.children }
    var next: xmlNodePtr? { pointee.next }

    /// The node's direct children (a snapshot, safe to unlink while iterating).
    package var children: [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = pointee.children
        while let node = child {
            result.append(node)
            child = node.pointee.next
        }
        return result
    }

    /// Element children with that name.
    package func children(_ namespace: String, _ local: String) -> [xmlNodePtr] {
        children.filter { $0.is(namespace, local) }
    }

    /// The nearest ancestor (not self) matching the predicate.
    func ancestor(where predicate: (xmlNodePtr) -> Bool) -> xmlNodePtr? {
        var node = pointee.parent
        while let current = node, current.pointee.type == XML_ELEMENT_NODE {
            if predicate(current) { return current }
            node = current.pointee.parent
        }
        return nil
    }

    /// Text of a text node, as UTF-8 bytes.
    var contentBytes: [UInt8] {
        guard let content = pointee.content else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
    }

    /// Replaces a text node's content; libxml2 escapes it on output.
    func setTextContent(_ bytes: [UInt8]) {
        var terminated = bytes
        terminated.append(0)
        xmlNodeSetContentLen(self, terminated, Int32(bytes.count))
    }

    package func attribute(_ namespace: String, _ local: String) -> String? {
        guard let value = xmlGetNsProp(self, local, namespace) else { return nil }
        defer { apdocs_xmlFree(value) }
        return String(cString: value)
    }

    /// Detaches and frees this node and its subtree.
    func remove() {
        xmlUnlinkNode(self)
        xmlFreeNode(self)
    }

    /// Replaces this element by its children (accepting a tracked insertion, say).
    func unwrap() {
        for child in children {
            xmlUnlinkNode(child)
            xmlAddPrevSibling(self, child)
        }
        remove()
    }

    /// All element descendants in document order (pre-order).
    package func descendants(where predicate: (xmlNodePtr) -> Bool) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        func walk(_ node: xmlNodePtr) {
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    if predicate(current) { result.append(current) }
                    walk(current)
                }
                child = current.pointee.next
            }
        }
        walk(self)
        return result
    }

    /// The element-name path from the root, used to check that two places in a part are at the
    /// same depth and kind (so that repeating what lies between them gives well-formed XML).
    var elementPath: [QName] {
        var path: [QName] = []
        var node: xmlNodePtr? = self
        while let current = node, current.pointee.type == XML_ELEMENT_NODE {
            path.append(current.qname ?? QName("", current.localName))
            node = current.pointee.parent
        }
        return path.reversed()
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// Links `node` (not yet in a tree) right before or after this one.
    ///
    /// libxml2's `xmlAddPrevSibling` merges adjacent text nodes, which would swallow the text
    /// pieces the compiler cuts around markers; this links the node as it is.
    func insertSibling(_ node: xmlNodePtr, after: Bool) {
        node.pointee.parent = pointee.parent
        node.pointee.doc = pointee.doc
        if after {
            node.pointee.prev = self
            node.pointee.next = pointee.next
            if let following = pointee.next { following.pointee.prev = node } else { pointee.parent?.pointee.last = node }
            pointee.next = node
        } else {
            node.pointee.next = self
            node.pointee.prev = pointee.prev
            if let previous = pointee.prev { previous.pointee.next = node } else { pointee.parent?.pointee.children = node }
            pointee.prev = node
        }
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// Appends an unlinked node as the last child, without merging text nodes (see `insertSibling`).
    func appendChild(_ node: xmlNodePtr) {
        if let last = pointee.last {
            last.insertSibling(node, after: true)
        } else {
            node.pointee.parent = self
            node.pointee.doc = pointee.doc
            node.pointee.prev = nil
            node.pointee.next = nil
            pointee.children = node
            pointee.last = node
        }
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// A new, unlinked element of this node's document in namespace `href`, using the prefix
    /// declared for it here; nil when no prefix is in scope.
    func newElement(_ local: String, namespace href: String) -> xmlNodePtr? {
        guard let ns = xmlSearchNsByHref(pointee.doc, self, href) else { return nil }
        return xmlNewDocNode(pointee.doc, ns, local, nil)
    }

    /// Sets an attribute in `namespace` (declared here or above).
    func setAttribute(_ namespace: String, _ local: String, _ value: String) {
        xmlSetNsProp(self, xmlSearchNsByHref(pointee.doc, self, namespace), local, value)
    }

    /// Removes an attribute in `namespace`, if present.
    func removeAttribute(_ namespace: String, _ local: String) {
        xmlUnsetNsProp(self, xmlSearchNsByHref(pointee.doc, self, namespace), local)
    }

    /// Links an unlinked node as the first child, without merging text nodes.
    func prependChild(_ node: xmlNodePtr) {
        if let first = pointee.children { first.insertSibling(node, after: false) } else { appendChild(node) }
    }

    /// A new, unlinked `<?target data?>` processing instruction of this node's document.
    func newProcessingInstruction(_ target: String, _ data: String) -> xmlNodePtr {
        xmlNewDocPI(pointee.doc, target, data)!
    }
}

extension XMLNamespace {
    package static let wordDrawing = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    package static let drawingML = "http://schemas.openxmlformats.org/drawingml/2006/main"
    package static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package static let odfSVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
    package static let xlink = "http://www.w3.org/1999/xlink"
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, for the files that use libxml2).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
