import Foundation

/// A native control of a template (check box, content control, ODF field) bound to data by a tag
/// written in its tag, title or name, and how the render writes its state.
///
/// The binding rule: the control's tag (DOCX `w:tag`; LibreOffice's "Additional information"),
/// else its title (DOCX `w:alias`, legacy help text; ODF `form:title`, help text, or the control's
/// alt text), else its name (DOCX legacy `w:ffData/w:name`; ODF `form:name`, `text:name`,
/// `text:description`): the first of these that contains `{{` must be exactly one `{{ expression }}`.
/// A check box is ticked when the expression is true (Jinja's truth: not false, none, 0 or empty).
struct ControlSlot: Sendable {
    enum Output: Sendable {
        /// Writes `on` when the value is true, else `off` (a check box's state or glyph).
        case flag(on: [UInt8], off: [UInt8])
        /// Writes the shown text of the drop-down item whose text or value the value is.
        case choice(items: [FormChoice], mode: OutputMode)
        /// Writes an element start `<w:date` + ` w:fullDate="2025-09-01T00:00:00Z"` + the rest.
        case dateAttribute(head: [UInt8], attribute: String, tail: [UInt8])
        /// An ODF form check box: the `draw:control` here, its `form:checkbox` at `formSlot`.
        case odfCheckbox(ODFCheckbox)
        /// Where the render puts the form controls it made for `formSlot`.
        case formSlot(Int)
    }

    var expression: Expression?
    var output: Output
    /// A second node of the same control (a check box's glyph): its failures are reported once, by the first.
    var quiet = false
}

struct ODFCheckbox: Sendable {
    var anchorHead: [UInt8]
    var anchorAttribute: String
    var anchorTail: [UInt8]
    var controlHead: [UInt8]
    var controlTail: [UInt8]
    var formPrefix: String
    var baseID: String
    var formSlot: Int
}

/// The state of the controls of one part during a render.
struct ControlRenderState {
    /// How many times each ODF form control has been written (for unique ids in loops).
    var copies: [String: Int] = [:]
    var buffers: [Int: [UInt8]] = [:]
    var offsets: [Int: Int] = [:]
}

extension PartCompiler {
    /// Marker numbers of bound controls start here, apart from tags and pictures.
    static let controlBase = 2_000_000
    /// Text put where a value goes while the control's XML is rebuilt, then replaced by a marker.
    private static let sentinel = "\u{E000}apdocs-value\u{E000}"

    /// Finds the template's controls bound to data and puts a marker where the render writes
    /// their state. Runs after the tags' markers are placed, so a bound control works inside
    /// loops (one check box per row) and conditions.
    func bindControls(_ root: XMLNodePointer, _ paragraphs: [ParagraphText]) {
        let controls = FormScanner.controls(in: root, format: format.format)
        let places = FormPlaces(paragraphs: paragraphs, format: format, controls: controls)
        // The copies of all check boxes of one form go in one place, in document order (the tab order).
        var formSlots: [XMLNodePointer: Int] = [:]
        for control in controls {
            let place = places.place(of: control.anchor)
            guard let (source, expression) = binding(of: control, place: place) else { continue }
            let reference = TagReference(source: source, place: place)
            switch (control.shape, control.kind) {
            case (.contentControl, .checkbox): bindWordCheckbox(control, expression, reference)
            case (.legacyField, .checkbox): bindLegacyCheckbox(control, expression, reference)
            case (.formControl(let anchors), .checkbox): bindODFCheckbox(control, anchors, expression, reference, &formSlots)
            case (.contentControl, _), (.legacyField, _), (.textField, _): bindText(control, expression, reference)
            default:
                report(
                    reference.place, tag: source,
                    "'\(source)': a \(control.controlDescription) of this kind (\(control.kind.rawValue)) cannot be filled by a template; use a content control, a check box or a text field",
                    code: .invalidControl)
            }
        }
    }

    /// The control's binding tag and its expression, or nil when it has none; reports a tag that is not one `{{ }}`.
    private func binding(of control: FormControl, place: TagPlace) -> (String, Expression)? {
        guard let text = control.bindingTexts.first(where: { $0.contains("{{") }) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let scan = TagScanner.scan(Array(trimmed.utf8))
        guard scan.problems.isEmpty, scan.tags.count == 1, case .output = scan.tags[0].delimiter,
            scan.tags[0].range == 0..<Array(trimmed.utf8).count
        else {
            report(
                place, tag: text,
                "'\(text)' (a \(control.controlDescription)'s tag, title or name): write exactly one tag, such as {{ check.done }}, and nothing else",
                code: .invalidControl)
            return nil
        }
        do {
            guard case .output(let expression) = try TagParser.parse(trimmed).kind else { return nil }
            return (trimmed, expression)
        } catch {
            report(
                place, tag: trimmed, "'\(trimmed)' (a \(control.controlDescription)'s tag, title or name): \(error.message)",
                code: error.code)
            return nil
        }
    }

    private func addControl(_ slot: ControlSlot, _ reference: TagReference, replacing node: XMLNodePointer) {
        let marker = newMarker(slot, reference)
        node.insertSibling(marker, after: false)
        node.remove()
    }

    private func newMarker(_ slot: ControlSlot, _ reference: TagReference) -> XMLNodePointer {
        let id = Self.controlBase + controlNodes.count
        controlNodes[id] = .control(slot, tag: id)
        controlReferences[id] = reference
        return tree.newProcessingInstruction("apdocs", "\(id)")
    }

    /// Removes the tag, title or name that held the binding, so the document does not show it.
    private func clearBinding(_ control: FormControl, _ source: String) {
        let w = XMLNamespace.word
        switch control.shape {
        case .contentControl:
            guard let properties = control.node.children(w, "sdtPr").first else { return }
            for element in properties.children
            where (element.is(w, "tag") || element.is(w, "alias"))
                && element.attribute(w, "val")?.trimmingCharacters(in: .whitespacesAndNewlines) == source
            {
                element.remove()
            }
            // Copies made by loops would share an id.
            for item in properties.children(w, "id") { item.remove() }
        case .legacyField:
            guard let data = control.node.children(w, "ffData").first else { return }
            for element in data.children
            where element.namespaceURI == w && ["name", "helpText", "statusText"].contains(element.localName)
                && element.attribute(w, "val")?.trimmingCharacters(in: .whitespacesAndNewlines) == source
            {
                if element.localName == "name" { setAttribute(element, w, "val", "") } else { element.remove() }
            }
        case .textField:
            if control.node.is(XMLNamespace.odfText, "text-input") {
                control.node.removeAttribute(XMLNamespace.odfText, "description")
            } else if control.node.attribute(XMLNamespace.odfText, "name")?.trimmingCharacters(in: .whitespacesAndNewlines)
                == source
            {
                setAttribute(control.node, XMLNamespace.odfText, "name", "")
            }
        default: break
        }
    }

    // MARK: Check boxes

    private func bindWordCheckbox(_ control: FormControl, _ expression: Expression, _ reference: TagReference) {
        let w14 = XMLNamespace.word2010
        guard let properties = control.node.children(XMLNamespace.word, "sdtPr").first,
            let box = properties.children(w14, "checkbox").first
        else { return }
        clearBinding(control, reference.source)
        let p14 = prefix(of: w14, at: box, fallback: "w14")
        let state =
            box.children(w14, "checked").first
            ?? {
                let element = newElement(w14, "checked", near: box, prefix: "w14")
                if let first = box.firstChild { first.insertSibling(element, after: false) } else { box.appendChild(element) }
                return element
            }()
        addControl(
            ControlSlot(
                expression: expression,
                output: .flag(
                    on: Array("<\(p14):checked \(p14):val=\"1\"/>".utf8), off: Array("<\(p14):checked \(p14):val=\"0\"/>".utf8))),
            reference, replacing: state)
        guard let content = control.node.children(XMLNamespace.word, "sdtContent").first else { return }
        let on = FormControl.glyph(box, checked: true)
        let off = FormControl.glyph(box, checked: false)
        if let text = content.descendants(where: { $0.is(XMLNamespace.word, "t") }).first {
            for item in text.children { item.remove() }
            text.appendChild(
                newMarker(
                    ControlSlot(expression: expression, output: .flag(on: Array(on.utf8), off: Array(off.utf8)), quiet: true),
                    reference))
        }
    }

    private func bindLegacyCheckbox(_ control: FormControl, _ expression: Expression, _ reference: TagReference) {
        let w = XMLNamespace.word
        guard let box = control.node.children(w, "ffData").first?.children(w, "checkBox").first else { return }
        clearBinding(control, reference.source)
        for item in box.children(w, "checked") { item.remove() }
        let p = prefix(of: w, at: box, fallback: "w")
        box.appendChild(
            newMarker(
                ControlSlot(
                    expression: expression,
                    output: .flag(
                        on: Array("<\(p):checked \(p):val=\"1\"/>".utf8), off: Array("<\(p):checked \(p):val=\"0\"/>".utf8))),
                reference))
    }

    private func bindODFCheckbox(
        _ control: FormControl, _ anchors: [XMLNodePointer], _ expression: Expression, _ reference: TagReference,
        _ formSlots: inout [XMLNodePointer: Int]
    ) {
        let form = XMLNamespace.odfForm
        let draw = XMLNamespace.odfDraw
        let element = control.node
        let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
        let baseID = element.attribute(xmlNamespace, "id") ?? element.attribute(form, "id") ?? "apdocs-control"
        // The form control, without its id, state and binding: written once per copy at render.
        for attribute in ["id", "current-state", "title"] { element.removeAttribute(form, attribute) }
        element.removeAttribute(prefix: "xml", "id")
        if element.attribute(form, "name")?.trimmingCharacters(in: .whitespacesAndNewlines) == reference.source {
            setAttribute(element, form, "name", "Check box")
        }
        for properties in element.children(form, "properties") {
            for property in properties.children(form, "property")
            where ["Tag", "HelpText"].contains(property.attribute(form, "property-name") ?? "")
                && property.attribute(XMLNamespace.odfOffice, "string-value")?.trimmingCharacters(in: .whitespacesAndNewlines)
                    == reference.source
            {
                property.remove()
            }
            if properties.children.allSatisfy({ !$0.isElement }) { properties.remove() }
        }
        let formPrefix = prefix(of: form, at: element, fallback: "form")
        let (controlHead, controlTail) = splitStartTag(dump(element))
        let slot: Int
        if let form = element.parent, let shared = formSlots[form] {
            slot = shared
            element.remove()
        } else {
            slot = Self.controlBase + controlNodes.count
            if let form = element.parent { formSlots[form] = slot }
            addControl(ControlSlot(expression: nil, output: .formSlot(slot)), reference, replacing: element)
        }
        for anchor in anchors {
            anchor.removeAttribute(draw, "control")
            anchor.removeAttribute(draw, "name")
            for label in anchor.children
            where (label.is(XMLNamespace.odfSVG, "title") || label.is(XMLNamespace.odfSVG, "desc"))
                && FormScanner.odfText(label).trimmingCharacters(in: .whitespacesAndNewlines) == reference.source
            {
                label.remove()
            }
            let (anchorHead, anchorTail) = splitStartTag(dump(anchor))
            let checkbox = ODFCheckbox(
                anchorHead: anchorHead, anchorAttribute: "\(prefix(of: draw, at: anchor, fallback: "draw")):control",
                anchorTail: anchorTail,
                controlHead: controlHead, controlTail: controlTail, formPrefix: formPrefix, baseID: baseID, formSlot: slot)
            addControl(ControlSlot(expression: expression, output: .odfCheckbox(checkbox)), reference, replacing: anchor)
        }
    }

    // MARK: Text, dates, drop-downs

    private func bindText(_ control: FormControl, _ expression: Expression, _ reference: TagReference) {
        clearBinding(control, reference.source)
        let w = XMLNamespace.word
        var dateElement: XMLNodePointer?
        switch control.kind {
        case .date:
            control.set(.date(Date(timeIntervalSince1970: 0), shown: Self.sentinel))
            dateElement = control.node.children(w, "sdtPr").first?.children(w, "date").first
        default:
            control.set(.text(Self.sentinel))
        }
        if let list = control.node.children(w, "sdtPr").first.flatMap({
            $0.children(w, "dropDownList").first ?? $0.children(w, "comboBox").first
        }) {
            list.removeAttribute(w, "lastValue")
        }
        // The sentinel's text node becomes the marker.
        var scope = control.node
        if case .legacyField = control.shape { scope = control.node.parent?.parent ?? control.node }
        guard let holder = textNodes(under: scope).first(where: { $0.contentBytes == Array(Self.sentinel.utf8) }) else { return }
        var mode = format.outputMode(for: holder)
        format.prepareForValues(holder)
        if case .wordParagraphs(let p, _, _, _) = mode, control.kind == .richText, let text = holder.parent,
            let run = text.parent,
            run.is(w, "r"), let paragraph = run.parent, paragraph.is(w, "p"), paragraph.parent?.is(w, "sdtContent") == true
        {
            // A block-level rich-text control: one paragraph per line, as `fill` writes it.
            let paragraphStart = Array("<\(p):p>".utf8) + (paragraph.children(w, "pPr").first.map(dump) ?? [])
            let runStart = Array("<\(p):r>".utf8) + (run.children(w, "rPr").first.map(dump) ?? [])
            mode = .wordParagraphs(prefix: p, paragraphStart: paragraphStart, runStart: runStart, linesAreParagraphs: true)
        }
        let slot: ControlSlot
        switch control.kind {
        case .dropDown:
            slot = ControlSlot(expression: expression, output: .choice(items: control.choices, mode: mode))
            let marker = newMarker(slot, reference)
            holder.insertSibling(marker, after: false)
            holder.remove()
        case .date:
            let pattern = control.dateFormat.map(FormControl.unicodePattern) ?? "dd/MM/yyyy"
            let shown = Expression.filter(expression, name: "date", arguments: [FilterArgument(.literal(.string(pattern)))])
            let id = Self.controlBase + controlNodes.count
            controlNodes[id] = .value(shown, mode, tag: id)
            controlReferences[id] = reference
            holder.insertSibling(tree.newProcessingInstruction("apdocs", "\(id)"), after: false)
            holder.remove()
            if let dateElement {
                dateElement.removeAttribute(w, "fullDate")
                let (head, tail) = splitStartTag(dump(dateElement))
                addControl(
                    ControlSlot(
                        expression: expression,
                        output: .dateAttribute(
                            head: head, attribute: "\(prefix(of: w, at: dateElement, fallback: "w")):fullDate", tail: tail),
                        quiet: true), reference, replacing: dateElement)
            }
        default:
            let id = Self.controlBase + controlNodes.count
            controlNodes[id] = .value(expression, mode, tag: id)
            controlReferences[id] = reference
            holder.insertSibling(tree.newProcessingInstruction("apdocs", "\(id)"), after: false)
            holder.remove()
        }
    }

    private func textNodes(under node: XMLNodePointer) -> [XMLNodePointer] {
        var result: [XMLNodePointer] = []
        func walk(_ node: XMLNodePointer) {
            for child in node.children {
                if child.isText { result.append(child) } else if child.isElement { walk(child) }
            }
        }
        walk(node)
        return result
    }
}

/// `<w:date w:x="1">...` as `<w:date` and ` w:x="1">...`, to write an attribute between them.
func splitStartTag(_ xml: [UInt8]) -> (head: [UInt8], tail: [UInt8]) {
    var index = 1
    while index < xml.count, ![32, 9, 10, 13, UInt8(ascii: "/"), UInt8(ascii: ">")].contains(xml[index]) { index += 1 }
    return (Array(xml[..<index]), Array(xml[index...]))
}

extension PartRenderer {
    mutating func renderControl(_ slot: ControlSlot, tag: Int) {
        switch slot.output {
        case .formSlot(let id):
            controlState.offsets[id] = output.count
            return
        default: break
        }
        guard let expression = slot.expression else { return }
        let result: TemplateValue?
        if slot.quiet {
            result = try? OfficeTemplate.evaluate(expression, in: scope)
        } else {
            result = evaluate(expression, tag: tag)
        }
        guard let value = result else {
            // Keep the element whole: a date control without its stored date.
            if case .dateAttribute(let head, _, let tail) = slot.output { output += head + tail }
            return
        }
        switch slot.output {
        case .flag(let on, let off):
            output.append(contentsOf: isTruthy(value) ? on : off)
        case .choice(let items, let mode):
            let wanted = text(of: value)
            guard let item = items.first(where: { $0.display == wanted }) ?? items.first(where: { $0.value == wanted }) else {
                let list = items.map(\.display).joined(separator: ", ")
                failures.append(
                    Failure(
                        tag: tag, message: "the value is not one of the drop-down's choices: \(list.isEmpty ? "(none)" : list)",
                        code: .invalidControl)
                )
                return
            }
            ValueWriter(mode: mode).append(item.display, to: &output)
        case .dateAttribute(let head, let attribute, let tail):
            output.append(contentsOf: head)
            switch value {
            case .date(let date):
                output.append(contentsOf: Array(" \(attribute)=\"\(ISODateWriter.dateTime(date))\"".utf8))
            case .string(let string) where ISODateParser.parse(string) != nil:
                output.append(
                    contentsOf: Array(" \(attribute)=\"\(ISODateWriter.dateTime(ISODateParser.parse(string)!))\"".utf8))
            default: break  // the shown text's `date` filter reports what is wrong
            }
            output.append(contentsOf: tail)
        case .odfCheckbox(let box):
            let copy = controlState.copies[box.baseID, default: 0] + 1
            controlState.copies[box.baseID] = copy
            let id = copy == 1 ? box.baseID : "\(box.baseID)-\(copy)"
            output.append(contentsOf: box.anchorHead)
            output.append(contentsOf: Array(" \(box.anchorAttribute)=\"\(id)\"".utf8))
            output.append(contentsOf: box.anchorTail)
            var control = box.controlHead
            let state = isTruthy(value) ? "checked" : "unchecked"
            control += Array(" xml:id=\"\(id)\" \(box.formPrefix):id=\"\(id)\" \(box.formPrefix):current-state=\"\(state)\"".utf8)
            control += box.controlTail
            controlState.buffers[box.formSlot, default: []] += control
        case .formSlot: break
        }
    }

    /// Puts the form controls made during the render where their form holds them.
    mutating func finishControls() {
        for (slot, offset) in controlState.offsets.sorted(by: { ($0.value, $0.key) > ($1.value, $1.key) }) {
            guard let bytes = controlState.buffers[slot] else { continue }
            output.insert(contentsOf: bytes, at: offset)
        }
    }
}
