import Dispatch

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
        let state = ProgressState()
        DispatchQueue.concurrentPerform(iterations: records.count) { index in
            var failure: Failure?
            do {
                let document = try template.render(records[index], options: options)
                try AtomicFile.write(document.bytes, to: paths[index])
            } catch let error as TemplateError {
                failure = Failure(index: index, name: paths[index], message: error.description)
            } catch {
                failure = Failure(index: index, name: paths[index], message: "\(error)")
            }
            state.finish(failure, total: records.count, progress: progress)
        }
        return state.failures.sorted { $0.index < $1.index }
    }
}

/// Counts finished documents across threads.
private final class ProgressState: @unchecked Sendable {
    private let lock = DispatchQueue(label: "apdocs.progress")
    private var done = 0
    private(set) var failures: [ParallelRenderer.Failure] = []

    func finish(_ failure: ParallelRenderer.Failure?, total: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        lock.sync {
            done += 1
            if let failure { failures.append(failure) }
            progress?(done, total)
        }
    }
}
