extension XMLNamespace {
    static let word2010 = "http://schemas.microsoft.com/office/word/2010/wordml"
    static let odfForm = "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
    static let loext = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
    static let odfFieldmark = "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"
}

/// One item of a drop-down: what it shows and the value it stands for.
struct FormChoice: Sendable, Hashable {
    var display: String
    var value: String
}

/// A fillable control found in a part's XML, with the nodes that hold its state.
struct FormControl {
    enum Shape {
        /// DOCX `w:sdt`; `node` is the `w:sdt`.
        case contentControl
        /// DOCX legacy form field; `node` is the `w:fldChar` that begins it (holding `w:ffData`).
        case legacyField
        /// ODF form control; `node` is the `form:checkbox`/`form:text`/...; `anchors` its `draw:control`s.
        case formControl(anchors: [XMLNodePointer])
        /// ODF `text:drop-down` / `text:text-input`; `node` is the field.
        case textField
        /// LibreOffice's `loext:content-control`.
        case loextContentControl
        /// ODF `field:fieldmark` check box.
        case fieldmark
    }

    var kind: FormFieldKind
    var shape: Shape
    var node: XMLNodePointer
    var tag: String?
    var title: String?
    var name: String?
    var value: String
    var checked: Bool?
    var choices: [FormChoice] = []
    /// DOCX `w:dateFormat`, as Word writes it (`dd/MM/yyyy`).
    var dateFormat: String?

    var controlDescription: String {
        switch shape {
        case .contentControl: return "content control"
        case .legacyField: return "legacy form field"
        case .formControl: return "form control"
        case .textField: return "field"
        case .loextContentControl: return "content control (LibreOffice)"
        case .fieldmark: return "field mark"
        }
    }

    /// Where the control shows in the text (for its paragraph and table cell).
    var anchor: XMLNodePointer {
        if case .formControl(let anchors) = shape, let first = anchors.first { return first }
        return node
    }

    /// The candidates a binding may be written in, in order: tag, title, name.
    var bindingTexts: [String] { [tag, title, name].compactMap { $0 } }
}

/// Finds the fillable controls of one part.
enum FormScanner {
    static func controls(in root: XMLNodePointer, format: DocumentFormat) -> [FormControl] {
        switch format {
        case .docx: return docxControls(root)
        case .odt: return odtControls(root)
        }
    }

    // MARK: DOCX

    private static let w = XMLNamespace.word
    /// Structured document tags that are not fields: tables of contents, citations, groups.
    private static let nonFieldProperties: Set<String> = [
        "docPartObj", "docPartList", "group", "citation", "bibliography", "equation", "picture",
    ]

    private static func docxControls(_ root: XMLNodePointer) -> [FormControl] {
        var result: [FormControl] = []
        for node in root.descendants(where: { $0.is(w, "sdt") || ($0.is(w, "fldChar") && !$0.children(w, "ffData").isEmpty) }) {
            if node.is(w, "sdt") {
                if let control = contentControl(node) { result.append(control) }
            } else if let control = legacyField(node) {
                result.append(control)
            }
        }
        return result
    }

    private static func contentControl(_ sdt: XMLNodePointer) -> FormControl? {
        guard let properties = sdt.children(w, "sdtPr").first else { return nil }
        if properties.children.contains(where: { $0.namespaceURI == w && nonFieldProperties.contains($0.localName) }) {
            return nil
        }
        let content = sdt.children(w, "sdtContent").first
        var control = FormControl(kind: .richText, shape: .contentControl, node: sdt, value: content.map(wordText) ?? "")
        control.tag = properties.children(w, "tag").first?.attribute(w, "val")
        control.title = properties.children(w, "alias").first?.attribute(w, "val")
        if let box = properties.children(XMLNamespace.word2010, "checkbox").first {
            control.kind = .checkbox
            let state = box.children(XMLNamespace.word2010, "checked").first?.attribute(XMLNamespace.word2010, "val")
            control.checked = state.map(isOn) ?? false
            control.value = control.checked! ? "true" : "false"
        } else if let date = properties.children(w, "date").first {
            control.kind = .date
            control.dateFormat = date.children(w, "dateFormat").first?.attribute(w, "val")
        } else if let list = properties.children(w, "dropDownList").first ?? properties.children(w, "comboBox").first {
            control.kind = list.localName == "comboBox" ? .comboBox : .dropDown
            control.choices = list.children(w, "listItem").map { item in
                let value = item.attribute(w, "value") ?? item.attribute(w, "displayText") ?? ""
                return FormChoice(display: item.attribute(w, "displayText") ?? value, value: value)
            }
        } else if !properties.children(w, "text").isEmpty {
            control.kind = .text
        }
        if !properties.children(w, "showingPlcHdr").isEmpty, control.kind != .checkbox { control.value = "" }
        return control
    }

    private static func legacyField(_ begin: XMLNodePointer) -> FormControl? {
        guard let data = begin.children(w, "ffData").first else { return nil }
        var control = FormControl(kind: .text, shape: .legacyField, node: begin, value: "")
        control.name = data.children(w, "name").first?.attribute(w, "val").flatMap { $0.isEmpty ? nil : $0 }
        control.title = (data.children(w, "helpText").first ?? data.children(w, "statusText").first)?.attribute(w, "val")
            .flatMap { $0.isEmpty ? nil : $0 }
        if let box = data.children(w, "checkBox").first {
            control.kind = .checkbox
            let explicit = box.children(w, "checked").first.map { $0.attribute(w, "val").map(isOn) ?? true }
            let initial = box.children(w, "default").first.map { $0.attribute(w, "val").map(isOn) ?? true }
            control.checked = explicit ?? initial ?? false
            control.value = control.checked! ? "true" : "false"
        } else if let list = data.children(w, "ddList").first {
            control.kind = .dropDown
            control.choices = list.children(w, "listEntry").map {
                let value = $0.attribute(w, "val") ?? ""
                return FormChoice(display: value, value: value)
            }
            let index =
                (list.children(w, "result").first ?? list.children(w, "default").first)?.attribute(w, "val").flatMap { Int($0) }
                ?? 0
            control.value = control.choices.indices.contains(index) ? control.choices[index].display : ""
        } else {
            if let type = data.children(w, "textInput").first?.children(w, "type").first?.attribute(w, "val"), type == "date" {
                control.kind = .date
                control.dateFormat = data.children(w, "textInput").first?.children(w, "format").first?.attribute(w, "val")
            }
            control.value = legacyResultRuns(begin).map(wordText).joined()
        }
        return control
    }

    /// The runs showing a legacy field's result: after its `separate` mark, before its `end`.
    static func legacyResultRuns(_ begin: XMLNodePointer) -> [XMLNodePointer] {
        guard let run = begin.parent, run.is(w, "r") else { return [] }
        var runs: [XMLNodePointer] = []
        var depth = 0
        var inResult = false
        var sibling = run.next
        while let current = sibling {
            sibling = current.next
            guard current.is(w, "r") else { continue }
            for mark in current.children(w, "fldChar") {
                switch mark.attribute(w, "fldCharType") {
                case "begin": depth += 1
                case "separate" where depth == 0: inResult = true
                case "end" where depth == 0: return runs
                case "end": depth -= 1
                default: break
                }
            }
            if inResult, current.children(w, "fldChar").isEmpty { runs.append(current) }
        }
        return runs
    }

    /// The run holding a legacy field's `end` mark (or `separate`, if `kind` says so).
    static func legacyMarkRun(_ begin: XMLNodePointer, _ kind: String) -> XMLNodePointer? {
        guard let run = begin.parent, run.is(w, "r") else { return nil }
        var depth = 0
        var sibling = run.next
        while let current = sibling {
            sibling = current.next
            guard current.is(w, "r") else { continue }
            for mark in current.children(w, "fldChar") {
                let type = mark.attribute(w, "fldCharType")
                if type == "begin" { depth += 1 }
                if depth == 0, type == kind { return current }
                if type == "end" { if depth == 0 { return nil } else { depth -= 1 } }
            }
        }
        return nil
    }

    /// The text a reader sees in WordprocessingML: `w:t`, tabs and breaks.
    static func wordText(_ node: XMLNodePointer) -> String {
        var text = ""
        if node.is(w, "t") {
            return node.children.filter(\.isText).map { String(decoding: $0.contentBytes, as: UTF8.self) }.joined()
        }
        for element in node.descendants(where: { $0.namespaceURI == w && ["t", "tab", "br", "p"].contains($0.localName) }) {
            switch element.localName {
            case "t": text += element.children.filter(\.isText).map { String(decoding: $0.contentBytes, as: UTF8.self) }.joined()
            case "tab": text += "\t"
            case "br": text += "\n"
            default: if !text.isEmpty && element.is(w, "p") { text += "\n" }
            }
        }
        return text
    }

    static func isOn(_ text: String) -> Bool {
        ["1", "true", "on"].contains(text.lowercased())
    }

    // MARK: ODT

    private static let form = XMLNamespace.odfForm
    private static let text = XMLNamespace.odfText
    private static let loext = XMLNamespace.loext
    private static let fieldmark = XMLNamespace.odfFieldmark
    static let formControlNames: Set<String> = ["checkbox", "text", "textarea", "listbox", "combobox", "date"]

    private static func odtControls(_ root: XMLNodePointer) -> [FormControl] {
        // Form controls live in office:forms; they show where a draw:control names them.
        var formControls: [String: XMLNodePointer] = [:]
        var formOrder: [XMLNodePointer] = []
        for forms in root.descendants(where: { $0.is(XMLNamespace.odfOffice, "forms") }) {
            for control in forms.descendants(where: { $0.namespaceURI == form && formControlNames.contains($0.localName) }) {
                formOrder.append(control)
                for id in [control.attribute(form, "id"), control.attribute("http://www.w3.org/XML/1998/namespace", "id")]
                    .compactMap({ $0 })
                {
                    formControls[id] = control
                }
            }
        }
        var result: [FormControl] = []
        var indexOfForm: [XMLNodePointer: Int] = [:]
        for node in root.descendants(where: {
            $0.is(XMLNamespace.odfDraw, "control") || $0.is(text, "drop-down") || $0.is(text, "text-input")
                || $0.is(loext, "content-control") || $0.is(fieldmark, "fieldmark")
        }) {
            if node.is(XMLNamespace.odfDraw, "control") {
                guard let id = node.attribute(XMLNamespace.odfDraw, "control"), let element = formControls[id] else { continue }
                if let index = indexOfForm[element], case .formControl(let anchors) = result[index].shape {
                    result[index].shape = .formControl(anchors: anchors + [node])
                } else if var control = formControl(element) {
                    control.shape = .formControl(anchors: [node])
                    if control.title == nil {
                        control.title =
                            (node.children(XMLNamespace.odfSVG, "title").first ?? node.children(XMLNamespace.odfSVG, "desc").first)
                            .map(odfText).flatMap { $0.isEmpty ? nil : $0 }
                    }
                    indexOfForm[element] = result.count
                    result.append(control)
                }
            } else if node.is(text, "drop-down") {
                var control = FormControl(kind: .dropDown, shape: .textField, node: node, value: odfText(node))
                control.name = node.attribute(text, "name")
                control.choices = node.children(text, "label").map {
                    let value = $0.attribute(text, "value") ?? ""
                    return FormChoice(display: value, value: value)
                }
                result.append(control)
            } else if node.is(text, "text-input") {
                var control = FormControl(kind: .text, shape: .textField, node: node, value: odfText(node))
                control.name = node.attribute(text, "description")
                result.append(control)
            } else if node.is(loext, "content-control") {
                result.append(loextControl(node))
            } else if node.attribute(fieldmark, "type") == "vnd.oasis.opendocument.field.FORMCHECKBOX" {
                var control = FormControl(kind: .checkbox, shape: .fieldmark, node: node, value: "")
                control.name = node.attribute(text, "name").flatMap { $0.hasPrefix("__Fieldmark__") ? nil : $0 }
                let state = node.children(fieldmark, "param").first { $0.attribute(fieldmark, "name") == "Checkbox_Checked" }?
                    .attribute(fieldmark, "value")
                control.checked = state.map(isOn) ?? false
                control.value = control.checked! ? "true" : "false"
                result.append(control)
            }
        }
        for element in formOrder where indexOfForm[element] == nil {
            if let control = formControl(element) { result.append(control) }
        }
        return result
    }

    private static func formControl(_ element: XMLNodePointer) -> FormControl? {
        var control = FormControl(kind: .text, shape: .formControl(anchors: []), node: element, value: "")
        control.name = element.attribute(form, "name")
        control.title = element.attribute(form, "title") ?? formProperty(element, "HelpText")
        control.tag = formProperty(element, "Tag")
        switch element.localName {
        case "checkbox":
            control.kind = .checkbox
            let state = element.attribute(form, "current-state") ?? element.attribute(form, "state") ?? "unchecked"
            control.checked = state == "checked"
            control.value = control.checked! ? "true" : "false"
        case "listbox":
            control.kind = .dropDown
            let options = element.children(form, "option")
            control.choices = options.map {
                let label = $0.attribute(form, "label") ?? ""
                return FormChoice(display: label, value: $0.attribute(form, "value") ?? label)
            }
            let selected =
                options.firstIndex { $0.attribute(form, "current-selected") == "true" }
                ?? options.firstIndex { $0.attribute(form, "selected") == "true" }
            control.value = selected.map { control.choices[$0].display } ?? ""
        case "combobox":
            control.kind = .comboBox
            control.choices = element.children(form, "item").map {
                let label = $0.attribute(form, "label") ?? ""
                return FormChoice(display: label, value: label)
            }
            control.value = element.attribute(form, "current-value") ?? element.attribute(form, "value") ?? ""
        case "date":
            control.kind = .date
            control.value = element.attribute(form, "current-value") ?? element.attribute(form, "value") ?? ""
        default:
            control.value = element.attribute(form, "current-value") ?? element.attribute(form, "value") ?? ""
        }
        return control
    }

    /// A generic `form:property` of a control (LibreOffice keeps "Tag" and "HelpText" there).
    static func formProperty(_ element: XMLNodePointer, _ name: String) -> String? {
        for properties in element.children(form, "properties") {
            for property in properties.children(form, "property") where property.attribute(form, "property-name") == name {
                return property.attribute(XMLNamespace.odfOffice, "string-value").flatMap { $0.isEmpty ? nil : $0 }
            }
        }
        return nil
    }

    private static func loextControl(_ node: XMLNodePointer) -> FormControl {
        var control = FormControl(kind: .richText, shape: .loextContentControl, node: node, value: odfText(node))
        control.tag = node.attribute(loext, "tag").flatMap { $0.isEmpty ? nil : $0 }
        control.title = node.attribute(loext, "alias").flatMap { $0.isEmpty ? nil : $0 }
        let items = node.children(loext, "list-item")
        if node.attribute(loext, "checkbox") == "true" {
            control.kind = .checkbox
            control.checked = node.attribute(loext, "checked") == "true"
            control.value = control.checked! ? "true" : "false"
        } else if node.attribute(loext, "date") == "true" {
            control.kind = .date
            control.dateFormat = node.attribute(loext, "date-format")
        } else if node.attribute(loext, "combobox") == "true" || node.attribute(loext, "dropdown") == "true" || !items.isEmpty {
            control.kind = node.attribute(loext, "combobox") == "true" ? .comboBox : .dropDown
            control.choices = items.map {
                let value = $0.attribute(loext, "value") ?? $0.attribute(loext, "display-text") ?? ""
                return FormChoice(display: $0.attribute(loext, "display-text") ?? value, value: value)
            }
        } else if node.attribute(loext, "plain-text") == "true" {
            control.kind = .text
        }
        if node.attribute(loext, "showing-place-holder") == "true", control.kind != .checkbox { control.value = "" }
        return control
    }

    /// The text a reader sees in ODF: text nodes, `text:s`, tabs and line breaks.
    static func odfText(_ node: XMLNodePointer) -> String {
        var result = ""
        func walk(_ node: XMLNodePointer) {
            for child in node.children {
                if child.isText {
                    result += String(decoding: child.contentBytes, as: UTF8.self)
                    continue
                }
                guard child.isElement else { continue }
                if child.is(text, "s") {
                    result += String(repeating: " ", count: child.attribute(text, "c").flatMap { Int($0) } ?? 1)
                } else if child.is(text, "tab") {
                    result += "\t"
                } else if child.is(text, "line-break") {
                    result += "\n"
                } else if child.namespaceURI == loext && child.localName == "list-item" {
                    continue
                } else {
                    walk(child)
                }
            }
        }
        walk(node)
        return result
    }
}
