import Foundation

/// Why a value cannot go into a field; the message completes "check box 'x' (...): ".
struct FormValueError: Error {
    var message: String
}

/// The value a field is set to, already checked against the field's kind.
enum FormFieldValue {
    case text(String)
    case checked(Bool)
    /// A date control: the date, and the text to show (nil: the control's own date format).
    case date(Date, shown: String?)
}

extension FormControl {
    /// Turns a data value (with an optional filter already applied for `shown`) into a value for
    /// this field, or explains why it cannot be one.
    func fieldValue(_ value: TemplateValue, shown: String?) throws(FormValueError) -> FormFieldValue {
        switch kind {
        case .checkbox:
            return .checked(try Self.flag(value))
        case .date:
            let date: Date?
            switch value {
            case .date(let d): date = d
            case .string(let s): date = ISODateParser.parse(s)
            default: date = nil
            }
            guard let date else {
                throw FormValueError(message: "\(FilterCall.describe(value)) is not a date; give a date such as 2025-09-01")
            }
            return .date(date, shown: shown)
        case .dropDown:
            let wanted = shown ?? OfficeTemplate.text(of: value)
            guard let choice = choice(for: wanted) else {
                let list = choices.map(\.display).joined(separator: ", ")
                throw FormValueError(message: "'\(wanted)' is not one of its choices: \(list.isEmpty ? "(none)" : list)")
            }
            return .text(choice.display)
        case .text, .richText, .comboBox:
            return .text(shown ?? OfficeTemplate.text(of: value))
        }
    }

    /// The choice whose shown text or value is `text`.
    func choice(for text: String) -> FormChoice? {
        choices.first { $0.display == text } ?? choices.first { $0.value == text }
    }

    /// A check box's state from data: true/false, yes/no, 1/0, "x"/"", checked/unchecked, on/off.
    static func flag(_ value: TemplateValue) throws(FormValueError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .null: return false
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let string):
            switch string.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "yes", "y", "1", "x", "on", "checked", "ticked": return true
            case "false", "no", "n", "0", "", "off", "unchecked": return false
            default: break
            }
        default: break
        }
        throw FormValueError(message: "\(FilterCall.describe(value)) is not yes or no; give true or false")
    }

    /// Writes `value` into the control's XML.
    func set(_ value: FormFieldValue) {
        switch (shape, value) {
        case (.contentControl, _): setContentControl(value)
        case (.legacyField, _): setLegacyField(value)
        case (.formControl, _): setFormControl(value)
        case (.textField, .text(let text)): setTextField(text)
        case (.loextContentControl, _): setLoextControl(value)
        case (.fieldmark, .checked(let on)):
            for param in node.children(XMLNamespace.odfFieldmark, "param")
            where param.attribute(XMLNamespace.odfFieldmark, "name") == "Checkbox_Checked" {
                setAttribute(param, XMLNamespace.odfFieldmark, "value", on ? "true" : "false")
            }
        default: break
        }
    }

    /// The text a date shows: the given text, or the date in the control's own format.
    func shownDate(_ date: Date, _ shown: String?) -> String {
        if let shown { return shown }
        let pattern = dateFormat.map(Self.unicodePattern) ?? "dd/MM/yyyy"
        return (try? UKFormat.format(date, pattern: pattern)) ?? UKFormat.format(date, fallback: "dd/MM/yyyy")
    }

    /// Word's and LibreOffice's date formats (`dddd, d MMMM yyyy`) as the engine's patterns (`EEEE, d MMMM yyyy`).
    static func unicodePattern(_ word: String) -> String {
        var result = ""
        let characters = Array(word)
        var index = 0
        var quoted = false
        while index < characters.count {
            let character = characters[index]
            if character == "'" || character == "\"" {
                quoted.toggle()
                result.append("'")
                index += 1
                continue
            }
            if quoted {
                result.append(character)
                index += 1
                continue
            }
            var width = 1
            while index + width < characters.count, characters[index + width] == character { width += 1 }
            switch character {
            case "d" where width >= 3, "D" where width >= 3: result += width == 3 ? "EEE" : "EEEE"
            case "D": result += String(repeating: "d", count: width)
            case "Y": result += String(repeating: "y", count: width)
            case "A" where word[word.index(word.startIndex, offsetBy: index)...].hasPrefix("AM/PM"):
                result += "a"
                width = 5
            default: result += String(repeating: character, count: width)
            }
            index += width
        }
        return result
    }

    /// "2025-09-01T00:00:00Z", as Word stores a date control's date.
    // MARK: DOCX

    private var w: String { XMLNamespace.word }

    private func setContentControl(_ value: FormFieldValue) {
        guard let properties = node.children(w, "sdtPr").first else { return }
        let content = node.children(w, "sdtContent").first
        switch value {
        case .checked(let on):
            guard let box = properties.children(XMLNamespace.word2010, "checkbox").first else { return }
            let w14 = XMLNamespace.word2010
            let checked =
                box.children(w14, "checked").first
                ?? {
                    let element = newElement(w14, "checked", near: box, prefix: "w14")
                    if let first = box.firstChild { first.insertSibling(element, after: false) } else { box.appendChild(element) }
                    return element
                }()
            setAttribute(checked, w14, "val", on ? "1" : "0")
            let glyph = Self.glyph(box, checked: on)
            guard let content else { return }
            if let text = content.descendants(where: { $0.is(w, "t") }).first {
                for item in text.children { item.remove() }
                text.appendChild(textNode(glyph))
            } else if let symbol = content.descendants(where: { $0.is(w, "sym") }).first {
                setAttribute(symbol, w, "char", String(glyph.unicodeScalars.first!.value, radix: 16, uppercase: true))
            }
        case .text(let text):
            if let list = properties.children(w, "dropDownList").first ?? properties.children(w, "comboBox").first {
                setAttribute(list, w, "lastValue", choice(for: text)?.value ?? text)
            }
            replaceShownText(properties, content, text)
        case .date(let date, let shown):
            if let element = properties.children(w, "date").first {
                setAttribute(element, w, "fullDate", ISODateWriter.dateTime(date))
            }
            replaceShownText(properties, content, shownDate(date, shown))
        }
    }

    /// ☒/☐ by default, or the glyphs the control names (`w14:checkedState w14:val="2612"`).
    static func glyph(_ box: XMLNodePointer, checked: Bool) -> String {
        let w14 = XMLNamespace.word2010
        let state = box.children(w14, checked ? "checkedState" : "uncheckedState").first?.attribute(w14, "val")
        if let state, let code = UInt32(state, radix: 16), let scalar = Unicode.Scalar(code) { return String(Character(scalar)) }
        return checked ? "\u{2612}" : "\u{2610}"
    }

    /// Replaces what a content control shows by `text`, in the formatting of its first run.
    private func replaceShownText(_ properties: XMLNodePointer, _ content: XMLNodePointer?, _ text: String) {
        guard let content else { return }
        for item in properties.children(w, "showingPlcHdr") { item.remove() }
        // The placeholder's own style (PlaceholderText) is dropped from the copy in `wordRun`.
        let firstRun = content.descendants(where: { $0.is(w, "r") }).first
        // Copied now: the runs that hold them are about to go.
        let runProperties = (firstRun?.children(w, "rPr").first ?? properties.children(w, "rPr").first).map {
            $0.deepCopy()
        }
        defer { runProperties?.freeUnlinked() }
        // Where the runs go: the content itself (inline), or its first paragraph (block, cell).
        let holder: XMLNodePointer
        if let paragraph = content.descendants(where: { $0.is(w, "p") }).first {
            holder = paragraph
            if paragraph.parent == content {
                for child in content.children where child != paragraph { child.remove() }
            }
            for child in paragraph.children where !child.is(w, "pPr") { child.remove() }
        } else {
            holder = content
            for item in content.children { item.remove() }
        }
        // A block-level rich-text control gets one paragraph per line: LibreOffice drops line
        // breaks inside a paragraph of a content control when it opens the document.
        let blockLines = kind == .richText && holder != content && holder.parent == content && text.contains("\n")
        let lines = blockLines ? text.components(separatedBy: "\n") : [text]
        var paragraph = holder
        for (index, line) in lines.enumerated() {
            if index > 0 {
                let next = newElement(w, "p", near: holder, prefix: "w")
                if let paragraphProperties = holder.children(w, "pPr").first {
                    next.appendChild(paragraphProperties.deepCopy())
                }
                paragraph.insertSibling(next, after: true)
                paragraph = next
            }
            let run = wordRun(line, properties: runProperties, near: holder)
            paragraph.appendChild(run)
            paragraph.removeRedundantNamespaceDeclarations()  // the copied properties declared `w` afresh
        }
    }

    private func wordRun(_ text: String, properties: XMLNodePointer?, near: XMLNodePointer) -> XMLNodePointer {
        let run = newElement(w, "r", near: near, prefix: "w")
        if let properties {
            let copy = properties.deepCopy()
            for style in copy.children(w, "rStyle") where style.attribute(w, "val") == "PlaceholderText" { style.remove() }
            run.appendChild(copy)
        }
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if index > 0 { run.appendChild(newElement(w, "br", near: near, prefix: "w")) }
            for (piece, segment) in line.components(separatedBy: "\t").enumerated() {
                if piece > 0 { run.appendChild(newElement(w, "tab", near: near, prefix: "w")) }
                guard !segment.isEmpty else { continue }
                let t = newElement(w, "t", near: near, prefix: "w")
                t.setSpacePreserve()
                t.appendChild(textNode(segment))
                run.appendChild(t)
            }
        }
        return run
    }

    private func setLegacyField(_ value: FormFieldValue) {
        guard let data = node.children(w, "ffData").first else { return }
        switch value {
        case .checked(let on):
            guard let box = data.children(w, "checkBox").first else { return }
            for item in box.children(w, "checked") { item.remove() }
            let checked = newElement(w, "checked", near: box, prefix: "w")
            setAttribute(checked, w, "val", on ? "1" : "0")
            box.appendChild(checked)
        case .text(let text) where kind == .dropDown:
            guard let list = data.children(w, "ddList").first,
                let index = choices.firstIndex(where: { $0.display == text || $0.value == text })
            else { return }
            for item in list.children(w, "result") { item.remove() }
            let result = newElement(w, "result", near: list, prefix: "w")
            setAttribute(result, w, "val", String(index))
            if let first = list.firstChild { first.insertSibling(result, after: false) } else { list.appendChild(result) }
        case .text(let text): setLegacyResult(text)
        case .date(let date, let shown):
            let pattern = dateFormat.flatMap { $0.isEmpty ? nil : $0 }
            setLegacyResult(
                shown ?? pattern.flatMap { try? UKFormat.format(date, pattern: Self.unicodePattern($0)) } ?? shownDate(date, nil))
        }
    }

    private func setLegacyResult(_ text: String) {
        guard let end = FormScanner.legacyMarkRun(node, "end") else { return }
        let old = FormScanner.legacyResultRuns(node)
        let properties = old.first?.children(w, "rPr").first ?? node.parent?.children(w, "rPr").first
        let run = wordRun(text, properties: properties, near: end)
        for run in old { run.remove() }
        if FormScanner.legacyMarkRun(node, "separate") == nil {
            let separate = newElement(w, "r", near: end, prefix: "w")
            let mark = newElement(w, "fldChar", near: end, prefix: "w")
            setAttribute(mark, w, "fldCharType", "separate")
            separate.appendChild(mark)
            end.insertSibling(separate, after: false)
        }
        end.insertSibling(run, after: false)
        run.removeRedundantNamespaceDeclarations()
    }

    // MARK: ODF

    private func setFormControl(_ value: FormFieldValue) {
        let form = XMLNamespace.odfForm
        switch value {
        case .checked(let on): setAttribute(node, form, "current-state", on ? "checked" : "unchecked")
        case .date(let date, _): setAttribute(node, form, "current-value", ISODateWriter.day(date))
        case .text(let text):
            if node.localName == "listbox" {
                let options = node.children(form, "option")
                let index = choices.firstIndex { $0.display == text } ?? choices.firstIndex { $0.value == text }
                for (position, option) in options.enumerated() {
                    if position == index {
                        setAttribute(option, form, "current-selected", "true")
                    } else {
                        option.removeAttribute(form, "current-selected")
                    }
                }
            } else {
                setAttribute(node, form, "current-value", text)
            }
        }
    }

    private func setTextField(_ text: String) {
        if node.is(XMLNamespace.odfText, "drop-down") {
            for label in node.children(XMLNamespace.odfText, "label") {
                if label.attribute(XMLNamespace.odfText, "value") == text {
                    setAttribute(label, XMLNamespace.odfText, "current-selected", "true")
                } else {
                    label.removeAttribute(XMLNamespace.odfText, "current-selected")
                }
            }
            for child in node.children where !child.is(XMLNamespace.odfText, "label") { child.remove() }
        } else {
            for item in node.children { item.remove() }
        }
        appendODFText(text, to: node)
    }

    private func setLoextControl(_ value: FormFieldValue) {
        let loext = XMLNamespace.loext
        node.removeAttribute(loext, "showing-place-holder")
        let shown: String
        switch value {
        case .checked(let on):
            setAttribute(node, loext, "checked", on ? "true" : "false")
            shown =
                (on ? node.attribute(loext, "checked-state") : node.attribute(loext, "unchecked-state"))
                ?? (on ? "\u{2612}" : "\u{2610}")
        case .date(let date, let text):
            setAttribute(node, loext, "current-date", ISODateWriter.dateTime(date))
            shown = shownDate(date, text)
        case .text(let text):
            shown = choice(for: text)?.display ?? text
        }
        // Keep the list items; replace the shown text (inside the first span, if the text is in one).
        var holder = node
        if let span = node.children.first(where: { $0.is(XMLNamespace.odfText, "span") }) { holder = span }
        for child in node.children where !child.is(loext, "list-item") && child != holder { child.remove() }
        if holder != node { for item in holder.children { item.remove() } }
        appendODFText(shown, to: holder)
    }

    private func appendODFText(_ text: String, to element: XMLNodePointer) {
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if index > 0 { element.appendChild(newElement(XMLNamespace.odfText, "line-break", near: element, prefix: "text")) }
            if !line.isEmpty { element.appendChild(textNode(line)) }
        }
    }
}

extension UKFormat {
    static func format(_ date: Date, fallback pattern: String) -> String {
        (try? format(date, pattern: pattern)) ?? longDate(date)
    }
}
