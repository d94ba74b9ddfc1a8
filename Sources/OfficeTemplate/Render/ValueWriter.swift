/// Writes a value's text into the XML at a tag's place: escaped, with characters XML cannot
/// hold dropped, and line breaks, tabs and repeated spaces turned into the format's elements.
/// A value can never change the document's structure.
struct ValueWriter {
    let mode: OutputMode
    private let lineBreak: [UInt8]
    private let tab: [UInt8]
    private let space: [UInt8]
    /// docxtpl's `\u{7}` (new paragraph) and `\u{C}` (page break), where the value's run is
    /// directly in its paragraph; nil elsewhere (the characters are left out).
    private var newParagraph: [UInt8]?
    private var pageBreak: [UInt8]?

    init(mode: OutputMode) {
        self.mode = mode
        newParagraph = nil
        pageBreak = nil
        switch mode {
        case .wordRun(let p):
            let reopen = "<\(p):t xml:space=\"preserve\">"
            lineBreak = Array("</\(p):t><\(p):br/>\(reopen)".utf8)
            tab = Array("</\(p):t><\(p):tab/>\(reopen)".utf8)
            space = [32]
        case .wordParagraphs(let p, let paragraphStart, let runStart, let linesAreParagraphs):
            let reopen = "<\(p):t xml:space=\"preserve\">"
            let close = Array("</\(p):t></\(p):r></\(p):p>".utf8)
            let paragraph = close + paragraphStart + runStart + Array(reopen.utf8)
            newParagraph = paragraph
            pageBreak =
                close + paragraphStart + Array("<\(p):r><\(p):br \(p):type=\"page\"/></\(p):r></\(p):p>".utf8) + paragraphStart
                + runStart + Array(reopen.utf8)
            lineBreak = linesAreParagraphs ? paragraph : Array("</\(p):t><\(p):br/>\(reopen)".utf8)
            tab = Array("</\(p):t><\(p):tab/>\(reopen)".utf8)
            space = [32]
        case .odfText(let p):
            lineBreak = Array("<\(p):line-break/>".utf8)
            tab = Array("<\(p):tab/>".utf8)
            space = Array("<\(p):s/>".utf8)
        case .attribute, .urlAttribute:
            lineBreak = []
            tab = []
            space = [32]
        case .plain:
            lineBreak = [10]
            tab = [9]
            space = [32]
        }
    }

    /// What `urlAttribute` writes for characters a URL cannot hold as they are.
    private static let percentEncoded: [UInt8: [UInt8]] = [
        32: Array("%20".utf8), UInt8(ascii: "\""): Array("%22".utf8), UInt8(ascii: "<"): Array("%3C".utf8),
        UInt8(ascii: ">"): Array("%3E".utf8), UInt8(ascii: "\\"): Array("%5C".utf8), UInt8(ascii: "`"): Array("%60".utf8),
    ]

    func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(bytes: $0, to: &out) }  // native strings are already contiguous UTF-8
    }

    private func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let odf: Bool
        if case .odfText = mode { odf = true } else { odf = false }
        // ODF collapses runs of spaces and drops leading ones: every space after a space
        // (or first in the value) is written as <text:s/> so it survives.
        var previousWasSpace = true
        var index = 0
        let count = bytes.count
        let url = mode == .urlAttribute
        while index < count {
            let byte = bytes[index]
            index += 1
            if url, let encoded = Self.percentEncoded[byte] {
                out.append(contentsOf: encoded)
                continue
            }
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: [38, 97, 109, 112, 59])  // &amp;
            case UInt8(ascii: "<"): out.append(contentsOf: [38, 108, 116, 59])  // &lt;
            case UInt8(ascii: ">"): out.append(contentsOf: [38, 103, 116, 59])  // &gt;
            case UInt8(ascii: "\"") where mode == .attribute: out.append(contentsOf: Array("&quot;".utf8))
            case 32:
                if odf && previousWasSpace { out.append(contentsOf: space) } else { out.append(32) }
                previousWasSpace = true
                continue
            case 10: out.append(contentsOf: lineBreak)
            case 13:
                if index < count, bytes[index] == 10 { index += 1 }
                out.append(contentsOf: lineBreak)
            case 9: out.append(contentsOf: tab)
            case 7 where newParagraph != nil: out.append(contentsOf: newParagraph!)
            case 12 where pageBreak != nil: out.append(contentsOf: pageBreak!)
            case 0..<32: break  // control characters XML 1.0 cannot hold
            case 0xEF where index + 1 < count && bytes[index] == 0xBF && (bytes[index + 1] == 0xBE || bytes[index + 1] == 0xBF):
                index += 2  // U+FFFE and U+FFFF are not XML characters
            default: out.append(byte)
            }
            previousWasSpace = false
        }
    }
}
