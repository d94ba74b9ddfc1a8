import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
enum SubprocessEnd: Equatable {
    case exited(Int32)
    case signalled(Int32)
    case timedOut(seconds: Double)
}

/// Runs a program in its own process group with stdin from /dev/null and stdout and stderr both
/// appended to one log file (so their lines keep their order), and kills the whole group on timeout.
/// Foundation's `Process` cannot put the child in a new process group, hence posix_spawn.
/// Nothing is read from the child while it runs (its output goes to a file, not a pipe), so it can
/// never block on a full pipe however much it prints.
enum Subprocess {
    /// Runs the program to its end or its timeout, calling `whileWaiting` about every quarter
    /// second while it runs.
    static func run(
        executable: String, arguments: [String], logFile: String, timeout: Double,
        whileWaiting: () -> Void = {}
    ) throws -> SubprocessEnd {
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        // Own process group (pgid = child pid), so a timeout can kill soffice and everything it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        // Default signal dispositions in the child, whatever the caller ignores.
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { for item in argv { free(item) } }
        var argvNull: [UnsafeMutablePointer<CChar>?] = argv + [nil]

        var pid = pid_t()
        let status = argvNull.withUnsafeMutableBufferPointer { buffer in
            posix_spawn(&pid, executable, &actions, &attributes, buffer.baseAddress!, environ)
        }
        guard status == 0 else {
            throw PDFExportError.launchFailed("\(executable): \(String(cString: strerror(status)))")
        }

        let deadline = Date().addingTimeInterval(timeout)
        var waitStatus: Int32 = 0
        var pause: useconds_t = 5_000
        var nextCall = Date().addingTimeInterval(0.25)
        while true {
            // Look without reaping, so the pid (= the process group id) cannot be reused before the
            // group is cleaned up below.
            var info = siginfo_t()
            let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            if result == 0 && exitedPID(info) == pid { break }
            if result == -1 && errno != EINTR {
                killGroup(pid)
                while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
                return .signalled(SIGKILL)
            }
            if Date() >= deadline {
                killGroup(pid)
                while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
                return .timedOut(seconds: timeout)
            }
            if Date() >= nextCall {
                whileWaiting()
                nextCall = Date().addingTimeInterval(0.25)
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        // soffice's launcher normally takes its children with it; make sure nothing is left behind.
        killGroup(pid)
        while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
        let low = waitStatus & 0x7f
        if low == 0 { return .exited((waitStatus >> 8) & 0xff) }
        return .signalled(low)
    }

    private static func exitedPID(_ info: siginfo_t) -> pid_t {
        #if os(Linux)
        return info._sifields._kill.si_pid
        #else
        return info.si_pid
        #endif
    }

    private static func killGroup(_ pgid: pid_t) {
        kill(-pgid, SIGKILL)
    }

    /// The first executable file named `name` in the colon-separated `searchPath`.
    static func find(_ name: String, searchPath: String) -> String? {
        for folder in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = (String(folder) as NSString).appendingPathComponent(name)
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
        else { return false }
        return access(path, X_OK) == 0
    }
}
