import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web app's one background build: whether it runs, how far it is, and how the last ended.
actor BuildProgress {
    struct State: Sendable, Codable {
        var running = false
        var done = 0
        var total = 0
        var failed = 0
        /// How the last build ended ("12 made, 3 up to date, ..."), counts only.
        var summary: String?
    }

    private(set) var state = State()

    /// Marks a build as started; false when one is running already.
    func start() -> Bool {
        guard !state.running else { return false }
        state = State(running: true)
        return true
    }

    func update(done: Int, total: Int, failed: Int) {
        guard state.running, done >= state.done else { return }
        state.done = done
        state.total = total
        state.failed = failed
    }

    func finish(_ summary: String) {
        state.running = false
        state.summary = summary
    }

    /// `{"running": true, "done": 3, "total": 12, ...}` for a script that polls.
    func statusResponse() -> Response {
        let data = (try? JSONEncoder.web.encode(state)) ?? Data("{}".utf8)
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
