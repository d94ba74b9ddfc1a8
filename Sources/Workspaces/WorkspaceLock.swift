import Foundation
import Placement

/// One build at a time per workspace: an advisory lock on `output/.apdocs.lock`.
///
/// `flock` is released by the kernel when the process ends, even by SIGKILL, so a crashed build
/// never leaves the workspace locked.
public final class WorkspaceLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock, waiting for another build to finish when `wait` is true; otherwise a
    /// clear error names the process holding it.
    public init(outputFolder: String, wait: Bool) throws {
        path = (outputFolder as NSString).appendingPathComponent(".apdocs.lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BatchError(
                "cannot create \(path): \(String(cString: strerror(errno))); check that the output folder is writable")
        }
        if flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            close(descriptor)
            throw BatchError(
                "another apdocs build is running in this workspace (process \(holder)); wait for it to finish, or run with --wait"
            )
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
