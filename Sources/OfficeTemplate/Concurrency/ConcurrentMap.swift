import Dispatch
import Synchronization

/// Runs `body` for every index in `0..<count` on all cores and returns the results in index
/// order: the one way the engine and the batch spread renders over threads.
///
/// `finished` sees each result as it comes in, with how many are done so far, one call at a
/// time (under the lock that stores the results), so a progress line or a tally it keeps is
/// never out of step with the count.
package func concurrentMap<T: Sendable>(
    _ count: Int, _ body: @Sendable (Int) -> T, finished: @Sendable (_ result: T, _ done: Int) -> Void = { _, _ in }
) -> [T] {
    let state = Mutex<(results: [T?], done: Int)>((Array(repeating: nil, count: count), 0))
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let result = body(index)
        state.withLock { state in
            state.results[index] = result
            state.done += 1
            finished(result, state.done)
        }
    }
    return state.withLock { state in state.results.map { $0! } }
}
