extension PartCompiler {
    /// Moves a block tag's marker out of its run (and span, hyperlink) to the paragraph level,
    /// splitting the run in two around it, so that what a loop repeats or a condition drops is
    /// always whole runs and never leaves an element open.
    func hoist(_ marker: XMLNodePointer, to paragraph: XMLNodePointer) {
        while let parent = marker.parent, parent != paragraph {
            let tail = parent.shallowCopy()
            if format.isRun(parent), let properties = parent.firstChild, properties.isElement, properties.localName == "rPr" {
                tail.appendChild(properties.deepCopy())
            }
            while let sibling = marker.next {
                sibling.unlink()
                tail.appendChild(sibling)
            }
            marker.unlink()
            parent.insertSibling(marker, after: true)
            if hasContent(tail) {
                marker.insertSibling(tail, after: true)
                // The copy declared its namespaces afresh; the ancestors already do.
                tail.removeRedundantNamespaceDeclarations()
            } else {
                tail.remove()
            }
            if !hasContent(parent) { parent.remove() }
        }
    }

    /// Whether an element holds anything beyond its formatting properties.
    func hasContent(_ element: XMLNodePointer) -> Bool {
        element.children.contains { child in
            if child.isText { return !child.contentBytes.isEmpty }
            return !(child.isElement && (child.localName == "rPr" || child.localName == "pPr"))
        }
    }

    /// Checks that all tags of a group act at the same depth and kind of element, so that what
    /// lies between them can be repeated or dropped and leave well-formed XML.
    func checkBalance(_ groups: [BlockGroup], _ tags: [TagOccurrence], markers: [Int: XMLNodePointer]) {
        for group in groups {
            let paths = group.tags.map { markers[$0]?.parent?.elementPath ?? [] }
            guard let first = paths.first, paths.contains(where: { $0 != first }) else { continue }
            let opener = tags[group.tags[0]]
            let mismatch = tags[group.tags[paths.firstIndex(where: { $0 != first })!]]
            report(
                opener.place, tag: opener.source,
                "'\(opener.source)' and '\(mismatch.source)' (\(mismatch.place)) are at different levels of the document (one in a table, a text box or a header and the other not); put both in the same table cell, the same table, or outside tables",
                code: .unbalancedBlock)
        }
    }

    /// Cuts the serialised part at its markers and builds the render tree.
    func buildProgram(xml: [UInt8], tags: [TagOccurrence], modes: [Int: OutputMode]) -> PartProgram? {
        var tokens = MarkerTokens(xml: replacingAttributePlaceholders(xml))
        var program = PartProgram(nodes: [])
        for tag in tags { program.tags[tag.id] = TagReference(source: tag.source, place: tag.place) }
        for (id, reference) in controlReferences { program.tags[id] = reference }
        for (id, marker) in structureMarkers {
            if let origin = marker.origin { program.tags[id] = program.tags[origin] }
        }
        do throws(RearrangedTag) {
            let (nodes, stop) = try parseNodes(&tokens, tags, modes)
            if let stop { throw RearrangedTag(tag: stop) }
            program.nodes = nodes
            return program
        } catch {
            let tag = tags[structureMarkers[error.tag]?.origin ?? error.tag]
            report(
                tag.place, tag: tag.source,
                "'\(tag.source)' ends up out of order once rows, cells and paragraphs are repeated; put it in a paragraph or row of its own",
                code: .misplacedTag)
            return nil
        }
    }

    private struct RearrangedTag: Error { var tag: Int }

    /// `image(width="4cm")`, `image("4cm")`, `image(height="2cm")`.
    private func pictureRequest(_ source: Expression, _ arguments: [FilterArgument]) -> PictureRequest {
        var request = PictureRequest(source: source)
        for (position, argument) in arguments.enumerated() {
            switch argument.label {
            case "height": request.height = argument.value
            case "width": request.width = argument.value
            case nil where position == 0: request.width = argument.value
            default: continue
            }
        }
        return request
    }

    private func parseNodes(
        _ tokens: inout MarkerTokens, _ tags: [TagOccurrence], _ modes: [Int: OutputMode]
    ) throws(RearrangedTag) -> ([RenderNode], stop: Int?) {
        var nodes: [RenderNode] = []
        while let token = tokens.next() {
            switch token {
            case .chunk(let bytes): nodes.append(.chunk(bytes))
            case .marker(let id):
                if case .nodes(let inserted) = structureMarkers[id]?.effect {
                    nodes.append(contentsOf: inserted)
                    continue
                }
                guard let tagKind = kind(of: id, tags) else {
                    if let control = controlNodes[id] { nodes.append(control) }
                    continue
                }
                switch tagKind {
                case .output(.filter(let source, "image", let arguments)):
                    nodes.append(.picture(pictureRequest(source, arguments), modes[id] ?? .plain, tag: id))
                case .output(let expression): nodes.append(.value(expression, modes[id] ?? .plain, tag: id))
                case .comment, .raw, .endraw, .cellExtension: continue
                case .elif, .elseTag, .endif, .endfor, .endfilter, .endmacro, .endset: return (nodes, id)
                case .setBlock(let target):
                    let (body, stop) = try parseNodes(&tokens, tags, modes)
                    guard let stop, case .endset = tags[stop].parsed.kind else { throw RearrangedTag(tag: stop ?? id) }
                    nodes.append(.capture(target: target, body: body, tag: id))
                case .set(let targets, let value):
                    nodes.append(.assign(targets: targets, value: value, tag: id))
                case .filterStart(let name, let arguments):
                    let (body, stop) = try parseNodes(&tokens, tags, modes)
                    guard let stop, case .endfilter = tags[stop].parsed.kind else { throw RearrangedTag(tag: stop ?? id) }
                    nodes.append(.filterBlock(name: name, arguments: arguments, body: body, tag: id))
                case .macroStart(let name, let parameters):
                    let (body, stop) = try parseNodes(&tokens, tags, modes)
                    guard let stop, case .endmacro = tags[stop].parsed.kind else { throw RearrangedTag(tag: stop ?? id) }
                    nodes.append(.macro(name: name, parameters: parameters, body: body, tag: id))
                case .ifStart(let condition):
                    var branches: [ConditionBranch] = []
                    var current = (condition, id)
                    var otherwise: [RenderNode] = []
                    while true {
                        let (body, stop) = try parseNodes(&tokens, tags, modes)
                        branches.append(ConditionBranch(condition: current.0, body: body, tag: current.1))
                        guard let stop else { throw RearrangedTag(tag: id) }
                        if case .elif(let next) = kind(of: stop, tags) {
                            current = (next, stop)
                            continue
                        }
                        if case .elseTag = kind(of: stop, tags) {
                            let (elseBody, end) = try parseNodes(&tokens, tags, modes)
                            guard let end, case .endif = kind(of: end, tags) else { throw RearrangedTag(tag: end ?? stop) }
                            otherwise = elseBody
                            break
                        }
                        guard case .endif = kind(of: stop, tags) else { throw RearrangedTag(tag: stop) }
                        break
                    }
                    nodes.append(.condition(branches: branches, otherwise: otherwise))
                case .forStart(let variables, let sequence, let condition):
                    let (body, stop) = try parseNodes(&tokens, tags, modes)
                    guard let stop else { throw RearrangedTag(tag: id) }
                    var otherwise: [RenderNode] = []
                    if case .elseTag = kind(of: stop, tags) {
                        let (elseBody, end) = try parseNodes(&tokens, tags, modes)
                        guard let end, case .endfor = kind(of: end, tags) else { throw RearrangedTag(tag: end ?? stop) }
                        otherwise = elseBody
                    } else if case .endfor = kind(of: stop, tags) {
                    } else {
                        throw RearrangedTag(tag: stop)
                    }
                    nodes.append(
                        .loop(
                            variables: variables, sequence: sequence, condition: condition, body: body, otherwise: otherwise,
                            tag: id))
                }
            }
        }
        return (nodes, nil)
    }

    /// What the tag or compiler-made block marker with this number does.
    private func kind(of id: Int, _ tags: [TagOccurrence]) -> TagKind? {
        if tags.indices.contains(id) { return tags[id].parsed.kind }
        if case .block(let kind) = structureMarkers[id]?.effect { return kind }
        return nil
    }
}

/// Splits serialised XML at `<?apdocs N?>` markers.
struct MarkerTokens {
    enum Token {
        case chunk([UInt8])
        case marker(Int)
    }

    private let xml: [UInt8]
    private var position = 0
    private static let opening = Array("<?apdocs ".utf8)

    init(xml: [UInt8]) { self.xml = xml }

    mutating func next() -> Token? {
        guard position < xml.count else { return nil }
        if let id = markerAt(position) { return .marker(id) }
        // A literal `<?apdocs` that is not one of our markers is just XML: step over it.
        var scan = matchesOpening(at: position) ? position + 1 : position
        while scan < xml.count {
            if xml[scan] == UInt8(ascii: "<"), scan + 1 < xml.count, xml[scan + 1] == UInt8(ascii: "?"),
                matchesOpening(at: scan)
            {
                break
            }
            scan += 1
        }
        defer { position = scan }
        return .chunk(Array(xml[position..<scan]))
    }

    private func matchesOpening(at index: Int) -> Bool {
        guard index + Self.opening.count <= xml.count else { return false }
        for offset in 0..<Self.opening.count where xml[index + offset] != Self.opening[offset] { return false }
        return true
    }

    /// Reads a marker at `index`, advancing past it.
    private mutating func markerAt(_ index: Int) -> Int? {
        guard matchesOpening(at: index) else { return nil }
        var scan = index + Self.opening.count
        var value = 0
        while scan < xml.count, xml[scan] >= 48, xml[scan] <= 57 {
            value = value * 10 + Int(xml[scan] - 48)
            scan += 1
        }
        guard scan + 1 < xml.count, xml[scan] == UInt8(ascii: "?"), xml[scan + 1] == UInt8(ascii: ">") else { return nil }
        position = scan + 2
        return value
    }
}
