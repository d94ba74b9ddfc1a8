/// What a fillable field holds.
public enum FormFieldKind: String, Sendable, Codable, CaseIterable {
    case text
    case richText = "rich-text"
    case date
    case dropDown = "drop-down"
    case comboBox = "combo-box"
    case checkbox
}

/// One fillable field of a DOCX or ODT form, as `apdocs fields` lists it.
///
/// A field is named, for a fill map, by its tag, its title or its name (whichever the map uses),
/// or by its automatic id (`checkbox-2`: the second check box of the document, counting the main
/// part first), which every field has.
public struct FormField: Sendable, Hashable {
    public var kind: FormFieldKind
    /// What kind of control it is in the file: `content control` (DOCX `w:sdt`), `legacy form
    /// field` (DOCX `FORMCHECKBOX`, `FORMTEXT`, `FORMDROPDOWN`), `form control` (ODF
    /// `form:checkbox`, `form:text`, ...), `field` (ODF `text:drop-down`, `text:text-input`),
    /// `content control (LibreOffice)` (`loext:content-control`), `field mark` (ODF `field:fieldmark`).
    public var control: String
    /// DOCX `w:tag`; ODF: the control's "Additional information" (`Tag` property), `loext:tag`.
    public var tag: String?
    /// DOCX `w:alias` (Word's "Title"), legacy help text; ODF `form:title` / help text / alt text.
    public var title: String?
    /// DOCX legacy `w:ffData/w:name`; ODF `form:name`, `text:name`, `text:description`.
    public var name: String?
    /// `kind-N`, numbered by kind in document order.
    public var id: String
    /// The text shown now ("true"/"false" for a check box).
    public var value: String
    public var checked: Bool?
    /// The items of a drop-down or combo box, as shown.
    public var choices: [String]?
    public var part: String
    public var place: TagPlace

    /// The name a fill map should use: the tag, else the title, else the name, else the id.
    public var key: String { tag ?? title ?? name ?? id }

    /// Whether a map key names this field.
    public func isNamed(_ key: String) -> Bool {
        key == tag || key == title || key == name || key == id
    }

    /// "check box", "drop-down", ...
    public var kindName: String {
        switch kind {
        case .text: return "text field"
        case .richText: return "rich-text field"
        case .date: return "date field"
        case .dropDown: return "drop-down"
        case .comboBox: return "combo box"
        case .checkbox: return "check box"
        }
    }

    /// "check box 'consent' (word/document.xml, paragraph 4)"
    public var label: String { "\(kindName) '\(key)' (\(part), \(place))" }
}
