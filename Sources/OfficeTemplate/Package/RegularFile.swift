import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file only when it is a regular file of bounded size.
///
/// `FileManager.contents(atPath:)` reads a named pipe until its writer closes it (forever,
/// when there is none), `/dev/zero` until memory runs out, and reports every failure as nil,
/// so a message could only guess why. This opens without blocking, looks at what the path is,
/// and says so.
package enum RegularFile {
    /// Why a file could not be read, in words that complete "cannot read …: ".
    package struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        package var reason: String
        package var description: String { reason }
    }

    /// The bytes of the regular file at `path`, at most `maximumSize` of them.
    package static func read(_ path: String, maximumSize: Int) throws(Problem) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Problem(reason: reason(for: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Problem(reason: reason(for: errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Problem(reason: "it is a folder, not a file")
        case S_IFIFO: throw Problem(reason: "it is a named pipe (FIFO), not a regular file")
        case S_IFCHR, S_IFBLK: throw Problem(reason: "it is a device, not a regular file")
        case S_IFSOCK: throw Problem(reason: "it is a socket, not a regular file")
        default: throw Problem(reason: "it is not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= maximumSize else {
            throw Problem(reason: "it is \(size) bytes, more than the limit of \(maximumSize)")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress! + done, size - done)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Problem(reason: reason(for: errno)) }
            if count == 0 { break }  // The file shrank while being read.
            done += count
        }
        return done == size ? bytes : Array(bytes[..<done])
    }

    private static func reason(for code: Int32) -> String {
        switch code {
        case ENOENT: return "there is no such file"
        case ENOTDIR: return "a part of its path is not a folder"
        case EACCES, EPERM: return "permission denied (check its permissions)"
        case EISDIR: return "it is a folder, not a file"
        default: return String(cString: strerror(code))
        }
    }
}

/// read(2), out of reach of the `read` method inside the enum.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
