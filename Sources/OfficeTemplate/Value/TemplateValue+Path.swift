/// Looking values up by the data paths that renders record (`RenderedDocument.reads`), so a
/// caller can tell whether a document is out of date without rendering it again.
extension TemplateValue {
    /// What a loop over this value depends on: the number of items of a list, the keys of a map.
    public var loopShape: TemplateValue {
        switch self {
        case .list(let items): return .int(items.count)
        case .map(let map): return .list(map.keys.map { .string($0) })
        default: return self
        }
    }

    /// The value at a recorded data path (`placement.sessions[0].day`, `a["odd key"]`), or nil
    /// when the path no longer leads anywhere.
    public func value(atRecordedPath path: String) -> TemplateValue? {
        var current: TemplateValue = self
        var index = path.startIndex
        func readName() -> String {
            let start = index
            while index < path.endIndex, path[index] != ".", path[index] != "[" { index = path.index(after: index) }
            return String(path[start..<index])
        }
        while index < path.endIndex {
            let character = path[index]
            if character == "." {
                index = path.index(after: index)
                continue
            }
            if character == "[" {
                index = path.index(after: index)
                if index < path.endIndex, path[index] == "\"" {
                    // A quoted key, with \" and \\ escapes, as DataPath writes it.
                    var key = ""
                    index = path.index(after: index)
                    while index < path.endIndex, path[index] != "\"" {
                        if path[index] == "\\" { index = path.index(after: index) }
                        guard index < path.endIndex else { return nil }
                        key.append(path[index])
                        index = path.index(after: index)
                    }
                    guard index < path.endIndex else { return nil }
                    index = path.index(after: index)  // closing quote
                    guard index < path.endIndex, path[index] == "]" else { return nil }
                    index = path.index(after: index)
                    guard let next = current[key] else { return nil }
                    current = next
                } else {
                    let start = index
                    while index < path.endIndex, path[index] != "]" { index = path.index(after: index) }
                    guard index < path.endIndex, let position = Int(path[start..<index]) else { return nil }
                    index = path.index(after: index)
                    guard case .list(let items) = current else { return nil }
                    let resolved = position < 0 ? items.count + position : position
                    guard items.indices.contains(resolved) else { return nil }
                    current = items[resolved]
                }
                continue
            }
            guard let next = current[readName()] else { return nil }
            current = next
        }
        return current
    }
}
