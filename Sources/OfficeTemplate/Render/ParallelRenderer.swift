/// Renders one template for many records on all cores, writing each document atomically.
public struct ParallelRenderer: Sendable {
    public struct Failure: Sendable {
        public var index: Int
        public var name: String
        public var message: String
    }

    public let template: Template
    public let options: RenderOptions

    public init(template: Template, options: RenderOptions = .init()) {
        self.template = template
        self.options = options
    }

    /// Renders `records[i]` to `paths[i]`. A record that fails does not stop the others;
    /// the failures are returned in record order. `progress` is called from one thread at a time.
    public func render(
        _ records: [TemplateValue], to paths: [String],
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> [Failure] {
        let failures = concurrentMap(records.count) { index -> Failure? in
            do {
                let document = try template.render(records[index], options: options)
                try AtomicFile.write(document.bytes, to: paths[index])
                return nil
            } catch let error as TemplateError {
                return Failure(index: index, name: paths[index], message: error.description)
            } catch {
                return Failure(index: index, name: paths[index], message: "\(error)")
            }
        } finished: { _, done in
            progress?(done, records.count)
        }
        return failures.compactMap { $0 }
    }
}
