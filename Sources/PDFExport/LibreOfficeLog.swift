import Foundation

/// Reading what a LibreOffice run left behind: its log and its PDFs.
extension PDFConverter {
    /// Decides each document's fate from LibreOffice's log (stdout and stderr interleaved, in order)
    /// and the PDFs in `outputFolder`.
    ///
    /// LibreOffice handles the documents in command-line order and prints, per document, either
    /// `convert IN -> OUT using filter : ...` (after loading it, before exporting it) or, when it
    /// cannot load it, `Error: source file could not be loaded` (which does not name the document).
    /// An error printed after a document's `convert` line belongs to that document if its PDF is
    /// missing or incomplete (export failed), otherwise to the next document without a `convert` line.
    /// A PDF counts only if it is complete (`%PDF-` ... `%%EOF`), since a killed run may leave half
    /// of one.
    static func judge(jobs: [Job], log: String, outputFolder: String, end: SubprocessEnd) -> [Int: Outcome] {
        let position = Dictionary(uniqueKeysWithValues: jobs.enumerated().map { ($1.stagedName, $0) })
        let rawPDF = jobs.map { (outputFolder as NSString).appendingPathComponent($0.rawPDFName) }
        let pdfComplete = rawPDF.map(isCompletePDF)

        var sawConvert = Array(repeating: false, count: jobs.count)
        var loadErrors: [[String]] = Array(repeating: [], count: jobs.count)
        var exportErrors: [[String]] = Array(repeating: [], count: jobs.count)
        var pending: [String] = []
        var next = 0  // the first document LibreOffice has not printed a `convert` line for
        var current: Int?  // the last document with a `convert` line
        var otherLines: [String] = []

        /// Gives the errors printed since the last `convert` line to the documents skipped before `limit`.
        func assignPending(upTo limit: Int) {
            let skipped = Array(next..<limit)
            guard !skipped.isEmpty, !pending.isEmpty else { return }
            if pending.count == skipped.count {
                for (k, job) in skipped.enumerated() { loadErrors[job].append(pending[k]) }
            } else {
                for job in skipped { loadErrors[job].append(contentsOf: pending) }
            }
            pending.removeAll()
        }

        /// The document a `convert IN -> OUT` line is about (found by its staged file name).
        func convertedDocument(_ line: String) -> Int? {
            var searchStart = line.startIndex
            while let arrow = line.range(of: " -> ", range: searchStart..<line.endIndex) {
                let input = String(line[line.index(line.startIndex, offsetBy: 8)..<arrow.lowerBound])
                if let k = position[(input as NSString).lastPathComponent] { return k }
                searchStart = arrow.upperBound
            }
            return nil
        }

        for rawLine in log.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("convert "), let k = convertedDocument(line), k >= next {
                assignPending(upTo: k)
                sawConvert[k] = true
                current = k
                next = k + 1
            } else if line.hasPrefix("Error:") {
                let message = line.dropFirst("Error:".count).trimmingCharacters(in: .whitespaces)
                if let c = current, !pdfComplete[c], exportErrors[c].isEmpty, pending.isEmpty {
                    exportErrors[c].append(message)
                } else {
                    pending.append(message)
                }
            } else if !line.isEmpty, !line.contains("javaldx") {
                otherLines.append(line)
            }
        }
        let crash = crashDetail(end: end, log: log)
        if end == .exited(0) {
            assignPending(upTo: jobs.count)
        } else {
            // Killed or crashed: each error since the last `convert` line is a document it went past.
            assignPending(upTo: min(next + pending.count, jobs.count))
        }

        var outcomes: [Int: Outcome] = [:]
        for (k, job) in jobs.enumerated() {
            if pdfComplete[k], sawConvert[k], exportErrors[k].isEmpty {
                outcomes[job.index] = .converted(rawPDF: rawPDF[k])
            } else if let load = loadErrors[k].first {
                var reason = "LibreOffice could not load it: " + lowercasedFirst(load)
                if loadErrors[k].count > 1 {
                    reason += " (LibreOffice printed \(loadErrors[k].count) errors for the documents around it)"
                }
                outcomes[job.index] = .failed(reason)
            } else if let export = exportErrors[k].first {
                outcomes[job.index] = .failed("LibreOffice could not export it to PDF: " + export)
            } else {
                if case .timedOut(let seconds) = end {
                    outcomes[job.index] = .unreached(
                        "LibreOffice did not finish within \(formatSeconds(seconds)) s (timeout); "
                            + "its processes were killed before this document was converted")
                } else if let crash {
                    outcomes[job.index] = .unreached(
                        "LibreOffice stopped unexpectedly (\(crash)) before this document was converted")
                } else {
                    // Not expected any more (runs stay within the launcher's argument limit);
                    // if it happens, say what LibreOffice did with the rest of its run.
                    let handled = jobs.indices.filter { sawConvert[$0] || !loadErrors[$0].isEmpty }.count
                    var reason =
                        sawConvert[k]
                        ? "LibreOffice reported converting it but wrote no complete PDF"
                        : "LibreOffice ended normally without converting it or saying why "
                            + "(it answered for \(handled) of the \(jobs.count) documents of that run)"
                    if !otherLines.isEmpty {
                        reason += "; LibreOffice said: " + otherLines.prefix(3).joined(separator: " | ")
                    }
                    outcomes[job.index] = .failed(reason)
                }
            }
        }
        return outcomes
    }

    /// How LibreOffice crashed, or nil if it ended normally (or was killed on timeout). soffice
    /// exits 0 even when documents fail; a crash of soffice.bin shows as a non-zero exit status of
    /// its launcher (134 after "Fatal exception: Signal 6") or as a signal.
    static func crashDetail(end: SubprocessEnd, log: String) -> String? {
        var detail: String
        switch end {
        case .exited(0), .timedOut: return nil
        case .exited(let status): detail = "exit status \(status)"
        case .signalled(let signal): detail = "signal \(signal)"
        }
        if let fatal = log.split(whereSeparator: \.isNewline).first(where: { $0.contains("Fatal exception") }) {
            detail += ": " + fatal.trimmingCharacters(in: .whitespaces)
        }
        return detail
    }

    /// Starts with `%PDF-` and has the `%%EOF` marker near its end.
    static func isCompletePDF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard (try? handle.read(upToCount: 5)) == Data("%PDF-".utf8),
            let size = try? handle.seekToEnd()
        else { return false }
        try? handle.seek(toOffset: size > 1024 ? size - 1024 : 0)
        let tail = (try? handle.readToEnd()) ?? Data()
        return tail.range(of: Data("%%EOF".utf8)) != nil
    }
}
