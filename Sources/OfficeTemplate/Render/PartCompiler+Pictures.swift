extension PartCompiler {
    /// Marker numbers of picture slots start here, apart from the tags' numbers.
    static let pictureSlotBase = 1_000_000

    /// Finds template pictures whose alt text (description or title) or name is a tag such as
    /// `{{ school.logo }}`, points each at a name the render will fill, and clears the tag.
    /// Word shows the name in the Selection pane and LibreOffice in Picture > Options > Name;
    /// some authors find it there more easily than the alt text.
    func pictureSlots(_ root: XMLNodePointer, _ paragraphs: [ParagraphText]) -> [(slot: PictureSlot, reference: TagReference)] {
        var slots: [(slot: PictureSlot, reference: TagReference)] = []
        let paragraphNumber = Dictionary(paragraphs.enumerated().map { ($1.node, $0) }, uniquingKeysWith: { first, _ in first })
        func place(of node: XMLNodePointer) -> TagPlace {
            guard let paragraph = node.ancestor(where: format.isParagraph), let index = paragraphNumber[paragraph] else {
                return TagPlace(paragraph: 0)
            }
            return paragraphs[index].place.quoting(around: node, in: paragraph, format: format)
        }
        func parse(_ text: String, at node: XMLNodePointer) -> Expression? {
            let scan = TagScanner.scan(Array(text.utf8))
            guard scan.problems.isEmpty, scan.tags.count == 1, case .output = scan.tags[0].delimiter else { return nil }
            let source = String(decoding: Array(text.utf8)[scan.tags[0].range], as: UTF8.self)
            do {
                let parsed = try TagParser.parse(source)
                guard case .output(let expression) = parsed.kind else { return nil }
                if case .filter(let inner, "image", _) = expression { return inner }
                return expression
            } catch {
                report(place(of: node), tag: source, "'\(source)' (a picture's alt text): \(error.message)", code: error.code)
                return nil
            }
        }
        let number = { Self.pictureSlotBase + slots.count }

        switch format.format {
        case .docx:
            for properties in root.descendants(where: { $0.is(XMLNamespace.wordDrawing, "docPr") }) {
                for attribute in ["descr", "title", "name"] {
                    guard let text = HistoryCleaner.plainAttribute(properties, attribute), text.contains("{{"),
                        let expression = parse(text, at: properties),
                        let blip = properties.parent?.descendants(where: { $0.is(XMLNamespace.drawingML, "blip") }).first
                    else { continue }
                    let id = "rIdApdocsPicture\(slots.count + 1)"
                    let original = blip.attribute(XMLNamespace.officeRelationships, "embed")
                    blip.setAttribute(XMLNamespace.officeRelationships, "embed", id)
                    // A drawing must keep a name; the tag must not show in the document.
                    properties.setAttribute(attribute, attribute == "name" ? "Picture \(slots.count + 1)" : "")
                    let tag = number()
                    slots.append(
                        (
                            PictureSlot(source: expression, target: .relationship(id: id, original: original), tag: tag),
                            TagReference(source: text, place: place(of: properties))
                        ))
                    break
                }
            }
        case .odt:
            for frame in root.descendants(where: { $0.is(XMLNamespace.odfDraw, "frame") }) {
                let labels = frame.children.filter { $0.is(XMLNamespace.odfSVG, "title") || $0.is(XMLNamespace.odfSVG, "desc") }
                guard let image = frame.children(XMLNamespace.odfDraw, "image").first,
                    let original = image.attribute(XMLNamespace.xlink, "href")
                else { continue }
                // The alt text's title and description, then the frame's name (nil: the attribute).
                let texts: [(label: XMLNodePointer?, text: String)] =
                    labels.map { label in
                        (label, label.children.filter(\.isText).map { String(decoding: $0.contentBytes, as: UTF8.self) }.joined())
                    } + [(nil, frame.attribute(XMLNamespace.odfDraw, "name") ?? "")]
                for (label, text) in texts {
                    guard text.contains("{{"), let expression = parse(text, at: frame) else { continue }
                    let stem = part.split(separator: ".").first.map(String.init) ?? "part"
                    let name = "Pictures/apdocs-\(stem)-picture-\(slots.count + 1)"
                    image.setAttribute(XMLNamespace.xlink, "href", name)
                    if let label {
                        label.remove()
                    } else {
                        frame.removeAttribute(XMLNamespace.odfDraw, "name")
                    }
                    let tag = number()
                    slots.append(
                        (
                            PictureSlot(source: expression, target: .file(name: name, original: original), tag: tag),
                            TagReference(source: text, place: place(of: frame))
                        ))
                    break
                }
            }
        }
        return slots
    }
}
