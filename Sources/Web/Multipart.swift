import Foundation

/// A minimal, defensive reader of `multipart/form-data` bodies (RFC 7578): enough for the
/// import page's one file and its fields. Parts without a name are skipped.
enum Multipart {
    struct Part {
        var name: String
        var filename: String?
        var body: [UInt8]
    }

    /// The boundary from a `Content-Type: multipart/form-data; boundary=...` header.
    static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (1...70).contains(value.count) ? value : nil
            }
        }
        return nil
    }

    /// The parts of `body`, at most `limit` of them.
    static func parts(_ body: [UInt8], boundary: String, limit: Int = 20) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index), positions.count <= limit {
            positions.append(found)
            index = found + delimiter.count
        }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var from = start + delimiter.count
            guard from + 2 <= end, body[from] == 0x0D, body[from + 1] == 0x0A else { continue }
            from += 2
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: from), headerEnd < end else { continue }
            let headers = String(decoding: body[from..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            let contentEnd = max(contentStart, end - 2)  // the CRLF before the next delimiter
            guard
                let disposition = headers.split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                }),
                let name = parameter("name", in: String(disposition))
            else { continue }
            parts.append(
                Part(
                    name: name, filename: parameter("filename", in: String(disposition)),
                    body: Array(body[contentStart..<contentEnd])))
        }
        return parts
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
