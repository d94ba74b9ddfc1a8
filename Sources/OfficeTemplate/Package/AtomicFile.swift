import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees either the old file or the whole new one, never a
/// half-written document, even if the program is killed or the disk fills up.
public enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `bytes`.
    ///
    /// The data goes to a unique temporary file in the same folder (`.name.tmp-<pid>-<n>`),
    /// is flushed to disk, then renamed over `path`, and the folder is flushed so the rename
    /// survives a power cut. An existing file's permissions are kept. If `path` is a
    /// symbolic link, the link itself is replaced. The parent folder must exist (see
    /// ``createDirectories(_:)``).
    ///
    /// - Throws: ``FileWriteError`` naming the path and the system's reason. Unless the
    ///   error says otherwise, the earlier file is untouched and no temporary file is left.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let (folder, base) = split(path)
        guard !base.isEmpty, base != ".", base != ".." else {
            throw FileWriteError(path: path, operation: .write, code: EISDIR, reason: "not a file name")
        }
        let (fd, temporary) = try createTemporary(folder: folder, base: base, for: path)
        var isOpen = true
        do {
            var existing = stat()
            if stat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG {
                // The new file replaces the old one, so it takes over its permissions.
                _ = fchmod(fd, existing.st_mode & 0o7777)
            }
            try check(writeAll(fd, bytes), path)
            try check(fsync(fd) == 0, path)
            isOpen = false
            // close can report a delayed write error (NFS, some full disks).
            try check(close(fd) == 0, path)
            try check(rename(temporary, path) == 0, path)
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
        try syncFolder(folder, for: path)
    }

    /// Creates a folder and any missing parents, like `mkdir -p`; existing folders are fine.
    ///
    /// - Throws: ``FileWriteError`` if a component exists but is not a folder, or cannot be
    ///   created.
    public static func createDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o777) == 0 { continue }
            let code = errno
            var info = stat()
            // EEXIST for anything already there; some systems say EACCES/EROFS for an
            // existing folder in a place we may not write, so look before failing.
            if stat(prefix, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFDIR { continue }
                throw FileWriteError(
                    path: prefix, operation: .createFolder, code: ENOTDIR,
                    reason: "a file with that name is in the way")
            }
            throw FileWriteError(
                path: prefix, operation: .createFolder, code: code,
                reason: String(cString: strerror(code)))
        }
    }

    // MARK: - Helpers

    private static let counter = Counter()

    /// Removes the temporary files `write(_:to:)` left in `folder` when its process was killed
    /// (`.NAME.tmp-PID-N` with PID no longer running), and returns how many it removed.
    ///
    /// Only names of that exact pattern are touched, and only those of processes that have
    /// ended, so another program writing into the same folder at the same time loses nothing.
    /// Errors (a folder that is missing or unreadable) are ignored: this is tidying, and the
    /// writes that follow report any real problem.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names {
            guard let pid = temporaryOwner(name), pid != getpid(), !isRunning(pid) else { continue }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// The process id in a temporary name `.NAME.tmp-PID-N`, or nil for any other name.
    static func temporaryOwner(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
            marker.lowerBound > name.index(after: name.startIndex)
        else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0,
            !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII), Int(parts[1]) != nil,
            parts[0].allSatisfy(\.isASCII)
        else { return nil }
        return pid
    }

    /// Whether process `pid` exists (EPERM: it does, owned by someone else).
    private static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// "out/x.docx" -> ("out", "x.docx"); "x.docx" -> (".", "x.docx"); "/x" -> ("/", "x").
    private static func split(_ path: String) -> (folder: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func createTemporary(
        folder: String, base: String, for path: String
    ) throws
        -> (Int32, String)
    {
        // O_EXCL never reuses a name that exists (another writer's temporary, or a leftover
        // from a crash); the counter makes a clash unlikely, the loop makes it harmless.
        for _ in 0..<100 {
            let name = ".\(base).tmp-\(getpid())-\(counter.next())"
            let temporary = folder == "/" ? "/" + name : folder + "/" + name
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, temporary) }
            if errno != EEXIST { break }
        }
        throw failure(path)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += n
            }
            return true
        }
    }

    /// Flushes the folder entry made by the rename. Failing here means the new file is in
    /// place but might not survive a crash, so the error says that rather than "unchanged".
    private static func syncFolder(_ folder: String, for path: String) throws {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }  // e.g. a write-only folder: nothing more we can do
        defer { close(fd) }
        if fsync(fd) != 0 {
            let code = errno
            // Some file systems cannot fsync a folder at all; that is not a failure of ours.
            if code == EINVAL || code == ENOTSUP || code == EROFS { return }
            throw FileWriteError(
                path: path, operation: .flushFolder, code: code,
                reason: String(cString: strerror(code)))
        }
    }

    private static func check(_ ok: Bool, _ path: String) throws {
        if !ok { throw failure(path) }
    }

    /// The error for the call that just failed (reads `errno`).
    private static func failure(_ path: String) -> FileWriteError {
        let code = errno
        return FileWriteError(
            path: path, operation: .write, code: code, reason: String(cString: strerror(code)))
    }
}

/// A failure of ``AtomicFile``; `description` is the sentence for the user.
public struct FileWriteError: Error, CustomStringConvertible, Sendable, Hashable {
    public enum Operation: Sendable, Hashable {
        /// Writing failed; the earlier file, if any, is unchanged.
        case write
        /// The new file is in place but its folder could not be flushed to disk.
        case flushFolder
        /// A folder could not be created.
        case createFolder
    }

    public var path: String
    public var operation: Operation
    /// The `errno` value.
    public var code: Int32
    /// The system's text for `code`, or our own explanation.
    public var reason: String

    public var description: String {
        switch operation {
        case .write:
            return "cannot write \(path): \(reason) (the earlier file, if any, is unchanged)"
        case .flushFolder:
            return "wrote \(path) but could not flush its folder: \(reason) "
                + "(the new file is in place but may not survive a power cut)"
        case .createFolder:
            return "cannot create folder \(path): \(reason)"
        }
    }
}

/// write(2), out of reach of `AtomicFile.write` inside the enum.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// A process-wide counter for temporary names; the lock makes it safe from any thread.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
