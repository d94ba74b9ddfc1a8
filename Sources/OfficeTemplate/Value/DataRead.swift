/// One thing a render read from its data (`RenderedDocument.reads`): the value at a data path,
/// or only the shape of the list or map a loop walked there. A caller compares what the data
/// holds now against what was read, to tell whether a document is out of date without
/// rendering it again.
public enum DataRead: Hashable, Sendable {
    /// The value at a data path (`placement.sessions[0].day`, `a["odd key"]`).
    case value(path: String)
    /// What a loop over the list or map at a data path depends on: how many items, which keys
    /// (`TemplateValue.loopShape`), not every item's content, which is read item by item.
    case shape(path: String)

    /// The data path read.
    public var path: String {
        switch self {
        case .value(let path), .shape(let path): return path
        }
    }

    /// Whether this is a loop's shape.
    public var isShape: Bool {
        if case .shape = self { return true }
        return false
    }
}

extension TemplateValue {
    /// What `read` reads in this value now: the value at its path, or that value's loop shape;
    /// nil when the path no longer leads anywhere.
    public func value(of read: DataRead) -> TemplateValue? {
        switch read {
        case .value(let path): return value(atRecordedPath: path)
        case .shape(let path): return value(atRecordedPath: path)?.loopShape
        }
    }
}
