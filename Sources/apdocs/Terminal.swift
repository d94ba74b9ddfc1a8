import Foundation

/// Where messages go: stderr for everything but the requested output, colour only on a terminal.
enum Terminal {
    static let errorIsTerminal =
        isatty(FileHandle.standardError.fileDescriptor) != 0
        && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        && ProcessInfo.processInfo.environment["TERM"] != "dumb"

    /// Writes one line to stderr.
    static func message(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// An error line: "error: ..." in red on a terminal.
    static func error(_ text: String) {
        message(errorIsTerminal ? "\u{1B}[31merror:\u{1B}[0m \(text)" : "error: \(text)")
    }

    static func warning(_ text: String) {
        message(errorIsTerminal ? "\u{1B}[33mwarning:\u{1B}[0m \(text)" : "warning: \(text)")
    }

    /// Rewrites the current progress line on a terminal; silent otherwise.
    static func progress(_ text: String) {
        guard errorIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    static func endProgress() {
        guard errorIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension Terminal {
    /// A line that already says "error" in its own words: coloured on a terminal.
    static func errorLine(_ text: String) {
        message(errorIsTerminal ? "\u{1B}[31m\(text)\u{1B}[0m" : text)
    }

    static func warningLine(_ text: String) {
        message(errorIsTerminal ? "\u{1B}[33m\(text)\u{1B}[0m" : text)
    }
}
