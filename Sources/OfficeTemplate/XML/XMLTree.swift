// `package`: PackageSigning parses and serialises its parts with XMLTree.
package import CLibXML2

/// libxml2 must be initialised once before threads use it; a global `let` runs this exactly once.
private let libxmlInitialised: Void = { xmlInitParser() }()

/// A problem found while parsing one XML part of a package.
package struct XMLParseProblem: Sendable, Equatable {
    package var line: Int
    package var column: Int
    package var message: String
}

/// Collects libxml2's structured errors for one parse; reached through the context's `_private`.
private final class ParseErrorSink {
    var problems: [XMLParseProblem] = []
}

/// One parsed XML part. Owns the libxml2 document and frees it in `deinit`.
///
/// Parsing is safe for untrusted templates: no network, no DTD loading, no entity expansion,
/// and no `XML_PARSE_HUGE` (the package layer has already bounded the part's size).
package final class XMLTree {
    package let doc: xmlDocPtr

    /// Parses `bytes`; on failure throws every problem libxml2 reported, in order.
    package init(parsing bytes: [UInt8], partName: String) throws(XMLTreeError) {
        _ = libxmlInitialised
        guard let ctxt = xmlNewParserCtxt() else {
            throw XMLTreeError(part: partName, problems: [.init(line: 0, column: 0, message: "out of memory")])
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let sink = ParseErrorSink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        ctxt.pointee._private = unmanaged.toOpaque()
        ctxt.pointee.sax.pointee.serror = { userData, errorPointer in
            // userData is the parser context (libxml2's default for ctxt->userData).
            guard let userData, let errorPointer else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let raw = context.pointee._private else { return }
            let sink = Unmanaged<ParseErrorSink>.fromOpaque(raw).takeUnretainedValue()
            let error = errorPointer.pointee
            guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            var message = error.message.map { String(cString: $0) } ?? "malformed XML"
            while message.last == "\n" { message.removeLast() }
            sink.problems.append(.init(line: Int(error.line), column: Int(error.int2), message: message))
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                xmlCtxtReadMemory(ctxt, chars, Int32(buffer.count), partName, "UTF-8", options)
            }
        }
        guard let parsed, sink.problems.isEmpty, ctxt.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            let problems =
                sink.problems.isEmpty
                ? [XMLParseProblem(line: 0, column: 0, message: "not well-formed XML")] : sink.problems
            throw XMLTreeError(part: partName, problems: problems)
        }
        if parsed.pointee.intSubset != nil {
            // A DOCTYPE has no place in an office part; refusing it closes the door on entity tricks.
            xmlFreeDoc(parsed)
            throw XMLTreeError(
                part: partName,
                problems: [
                    .init(
                        line: 1, column: 1, message: "a DOCTYPE declaration is not allowed in a document part")
                ])
        }
        doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    package var root: xmlNodePtr? { xmlDocGetRootElement(doc) }

    /// The part as UTF-8 XML with its declaration, unformatted, so output is stable.
    package func serialize() -> [UInt8] {
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(doc, &memory, &size, "UTF-8")
        guard let memory else { return [] }
        defer { apdocs_xmlFree(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }
}

/// A part that is not well-formed XML.
package struct XMLTreeError: Error, Sendable {
    package var part: String
    package var problems: [XMLParseProblem]
}
