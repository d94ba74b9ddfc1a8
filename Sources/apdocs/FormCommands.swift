import ArgumentParser
import Foundation
import OfficeTemplate

struct FieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields",
        abstract: "List the fillable fields of a DOCX or ODT form.",
        discussion: """
            Lists content controls (text, rich text, date, drop-down, check box), legacy form \
            fields and LibreOffice form controls and fields: kind, tag, title, name, current \
            value, choices and where each is. A fill map names a field by its tag, title or name, \
            or by its id (checkbox-2: the second check box), which every field has.

            Examples:
              apdocs fields agreement.docx
              apdocs fields checklist.odt --json
            """)

    @Argument(help: "The form (.docx or .odt).")
    var form: String

    @Flag(help: "Print the fields as JSON on stdout, for scripts.")
    var json = false

    struct Entry: Encodable {
        var key: String
        var id: String
        var kind: String
        var control: String
        var tag: String?
        var title: String?
        var name: String?
        var value: String
        var checked: Bool?
        var choices: [String]?
        var part: String
        var paragraph: Int
        var table: Int?
        var row: Int?
        var cell: Int?

        init(_ field: FormField) {
            key = field.key
            id = field.id
            kind = field.kind.rawValue
            control = field.control
            tag = field.tag
            title = field.title
            name = field.name
            value = field.value
            checked = field.checked
            choices = field.choices
            part = field.part
            paragraph = field.place.paragraph
            table = field.place.table
            row = field.place.row
            cell = field.place.cell
        }
    }

    func run() throws {
        let fields = try report { try FormDocument(contentsOf: form).fields() }
        if json {
            try printJSON(fields.map(Entry.init))
            return
        }
        if fields.isEmpty {
            Terminal.message("\(URL(fileURLWithPath: form).lastPathComponent): no fillable fields")
            return
        }
        for field in fields {
            var line = "\(field.key)\t\(field.kind.rawValue)\t\(field.part), \(field.place)"
            var details: [String] = []
            if field.id != field.key { details.append("id \(field.id)") }
            if let tag = field.tag, tag != field.key { details.append("tag '\(tag)'") }
            if let title = field.title, title != field.key { details.append("title '\(title)'") }
            if let name = field.name, name != field.key { details.append("name '\(name)'") }
            details.append(field.kind == .checkbox ? (field.checked == true ? "ticked" : "not ticked") : "value '\(field.value)'")
            if let choices = field.choices { details.append("choices: \(choices.joined(separator: ", "))") }
            line += "\t" + details.joined(separator: "; ")
            print(line)
        }
    }
}

struct FillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Fill the fields of a DOCX or ODT form from data, through a map.",
        discussion: """
            MAP (YAML or JSON) binds each field, by its tag, title, name or id (see 'apdocs \
            fields'), to a data path, with an optional filter:
              pupil_name: pupil.name
              start: {path: placement.start, filter: date}
              consent: pupil.consent          # a check box: true/false, yes/no
            Fields the map does not name are listed and left as they are. A path the data \
            lacks, a map key that names no field, or a value a field cannot take (a drop-down \
            value not in its list) is an error, and nothing is written. Layout, styles, \
            protection and all other parts of the form are kept as they are.

            Examples:
              apdocs fill agreement.docx placement.yaml --map agreement-map.yaml -o out/agreement.docx
            """)

    @Argument(help: "The form (.docx or .odt).")
    var form: String

    @Argument(help: "The data (.json, .yaml, .yml or .plist).")
    var data: String

    @Option(help: "The map of fields to data paths (.yaml or .json).")
    var map: String

    @Option(name: .shortAndLong, help: "The filled form (same format as FORM).")
    var output: String

    func run() throws {
        let document = try report { try FormDocument(contentsOf: form) }
        guard DocumentFormat(path: output) == document.format else {
            Terminal.error("\(output): the filled form must have the form's extension (.\(document.format.rawValue))")
            throw ExitCode.failure
        }
        let values = try loadData(data)
        let fieldMap = try report { try FormMap(try DataLoader.load(contentsOf: map)) }
        let result = try report { try document.fill(values, map: fieldMap) }
        try write(result.bytes, to: output)
        for field in result.unmapped {
            Terminal.warning(
                "\(document.name): \(field.label) is not in \(URL(fileURLWithPath: map).lastPathComponent); left as it is")
        }
        Terminal.message(
            "\(output): \(result.filled.count) field\(result.filled.count == 1 ? "" : "s") filled, \(result.unmapped.count) left unmapped"
        )
    }
}
