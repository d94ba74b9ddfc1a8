extension Template {
    /// The template's text as a reader sees it, paragraph by paragraph, with tags as typed and
    /// where each paragraph is, so that a change to a binary template can be reviewed as text.
    /// It takes bytes, not a compiled `Template`: an author needs it most when a template does
    /// not compile.
    ///
    /// Comments and tracked changes are already taken out, as they are from every output.
    public static func inspect(bytes: [UInt8], name: String, limits: PackageLimits = .init()) throws -> String {
        guard let documentFormat = DocumentFormat(path: name) else {
            throw TemplateError(issues: [
                TemplateIssue(code: .notADocument, file: name, message: "is neither a .docx nor an .odt file")
            ])
        }
        let reader = try ZipReader(bytes: bytes, name: name, limits: limits)
        let format = packageAdapter(for: documentFormat)
        var lines: [String] = []
        for part in format.templatedParts(reader.entries.map(\.name)) {
            guard let entry = reader.entry(named: part) else { continue }
            let tree = try XMLTree(parsing: try reader.read(entry), partName: part)
            guard let root = tree.root else { continue }
            format.inspectionCleaner(for: part)?(root)
            let compiler = PartCompiler(file: name, part: part, tree: tree, format: format)
            let paragraphs = compiler.paragraphs(of: root)
            guard paragraphs.contains(where: { !$0.text.isEmpty }) else { continue }
            lines.append("== \(part)")
            for paragraph in paragraphs where !paragraph.text.isEmpty {
                let text = String(decoding: paragraph.text, as: UTF8.self)
                    .replacingAll("\n", with: "\\n").replacingAll("\t", with: "\\t")
                lines.append("\(paragraph.place): \(text)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
