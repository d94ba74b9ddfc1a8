import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts .docx and .odt documents to PDF with headless LibreOffice.
///
/// One `soffice` process converts a whole share of the batch (its start-up costs about a second);
/// several run in parallel when the batch is large enough, each with its own private profile
/// folder (never the user's own), created in the work folder and removed afterwards.
///
/// `soffice` exits 0 even when it cannot load a document, so each document's fate is read from
/// LibreOffice's messages and from the PDF it did or did not write. A PDF is moved into place
/// atomically (temporary name, then rename); when a document fails, an older PDF of it is removed,
/// since it no longer matches the document.
public struct PDFConverter: Sendable {
    public let options: PDFOptions

    /// LibreOffice import filter for each supported extension (lower case). Passing it with
    /// `--infilter` stops LibreOffice from importing a broken file as plain text.
    public static let inputFilters: [String: String] = [
        "docx": "MS Word 2007 XML",
        "odt": "writer8",
    ]

    /// PDF export filter options selecting PDF/A-2b (LibreOffice 7.4+ JSON syntax).
    static let pdfATarget = #"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#

    public init(options: PDFOptions = PDFOptions()) {
        self.options = options
    }

    /// The PDF written for `document` into `folder`: its file name with the extension replaced by `.pdf`.
    public static func pdfPath(for document: String, in folder: String) -> String {
        let base = ((document as NSString).lastPathComponent as NSString).deletingPathExtension
        return (folder as NSString).appendingPathComponent(base + ".pdf")
    }

    /// The `soffice` program that will be used, or `PDFExportError.sofficeMissing`.
    public func locateSoffice() throws -> String {
        if let path = options.sofficePath {
            guard Subprocess.isExecutableFile(path) else {
                throw PDFExportError.sofficeMissing(detail: "\(path) is not an executable file")
            }
            return path
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard let found = Subprocess.find("soffice", searchPath: searchPath) else {
            throw PDFExportError.sofficeMissing(detail: "no `soffice` on PATH (\(searchPath))")
        }
        return found
    }

    /// Converts every document to a PDF in `outputFolder` (created if needed).
    public func convert(_ documents: [String], outputFolder: String) throws -> [PDFResult] {
        try convert(documents, outputFolder: { _ in outputFolder })
    }

    /// Converts every document to a PDF in the folder `outputFolder(document)` (created if needed).
    /// Returns one result per document, in order. Throws only when nothing can be converted at all
    /// (LibreOffice missing, work folder unusable); a single document's failure is in its result.
    public func convert(_ documents: [String], outputFolder: (String) -> String) throws -> [PDFResult] {
        if documents.isEmpty { return [] }
        let soffice = try locateSoffice()

        var results = documents.map { PDFResult(source: $0) }
        var jobs: [Job] = []
        var claimed: [String: String] = [:]  // PDF path -> the document writing it
        for (index, document) in documents.enumerated() {
            let source = Self.absolute(document)
            let ext = (source as NSString).pathExtension.lowercased()
            guard let filter = Self.inputFilters[ext] else {
                let found = ext.isEmpty ? "no extension" : "extension .\(ext)"
                results[index].error = "\(document): not a .docx or .odt document (\(found)); cannot convert it to PDF"
                continue
            }
            let pdf = Self.absolute(Self.pdfPath(for: source, in: outputFolder(document)))
            if let other = claimed[pdf] {
                results[index].error =
                    "\(document): its PDF \(pdf) would overwrite the PDF of \(other) in the same batch"
                continue
            }
            claimed[pdf] = document
            if let problem = Self.unusableSource(source) {
                fail(&results[index], "\(document): \(problem)", stalePDF: pdf)
                continue
            }
            jobs.append(Job(index: index, source: source, ext: ext, filter: filter, pdf: pdf))
        }
        if jobs.isEmpty { return results }

        let work = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }

        let plans = plan(jobs)
        let outcomes = OutcomeBox()
        let pdfA = options.pdfA
        let timeouts = (options.timeoutSeconds, options.timeoutPerDocumentSeconds)
        // One thread per process (they mostly wait for soffice), so `processes` is honoured as given.
        let group = DispatchGroup()
        for (worker, runs) in plans.enumerated() {
            let folder = (work as NSString).appendingPathComponent("p\(worker)")
            group.enter()
            let thread = Thread {
                outcomes.merge(
                    Self.runWorker(runs: runs, soffice: soffice, folder: folder, pdfA: pdfA, timeouts: timeouts))
                group.leave()
            }
            thread.start()
        }
        group.wait()

        let found = outcomes.values
        for job in jobs {
            let document = documents[job.index]
            switch found[job.index] {
            case .converted(let raw):
                do {
                    try Self.install(raw, at: job.pdf)
                    results[job.index].pdf = job.pdf
                } catch {
                    fail(&results[job.index], "\(document): cannot write its PDF \(job.pdf): \(error)", stalePDF: job.pdf)
                }
            case .failed(let reason), .unreached(let reason):
                fail(&results[job.index], "\(document): \(reason)", stalePDF: job.pdf)
            case nil:
                fail(&results[job.index], "\(document): LibreOffice did not convert it", stalePDF: job.pdf)
            }
        }
        return results
    }

    // MARK: - Planning

    struct Job: Sendable {
        var index: Int
        var source: String
        var ext: String
        var filter: String
        var pdf: String
        /// The name LibreOffice sees: plain, unique, so its output name is predictable.
        var stagedName: String { "d\(index).\(ext)" }
        var rawPDFName: String { "d\(index).pdf" }
    }

    /// One `soffice` invocation: documents of one format (`--infilter` applies to all of them).
    struct Run: Sendable {
        var filter: String
        var jobs: [Job]
    }

    /// Splits the jobs between processes: as many as the options allow and the batch pays for,
    /// each a contiguous share of the jobs sorted by format, so it needs one run per format.
    func plan(_ jobs: [Job]) -> [[Run]] {
        let sorted = jobs.sorted { ($0.ext, $0.index) < ($1.ext, $1.index) }
        let perProcess = max(1, options.minDocumentsPerProcess)
        let worthwhile = min(sorted.count / perProcess, sorted.count)
        let processes = worthwhile < 2 ? 1 : (options.processes ?? Self.idleCores())
        let workers = max(1, min(processes, worthwhile))
        var plans: [[Run]] = []
        var start = 0
        for worker in 0..<workers {
            let size = sorted.count / workers + (worker < sorted.count % workers ? 1 : 0)
            var runs: [Run] = []
            for job in sorted[start..<start + size] {
                if runs.last?.filter == job.filter {
                    runs[runs.count - 1].jobs.append(job)
                } else {
                    runs.append(Run(filter: job.filter, jobs: [job]))
                }
            }
            plans.append(runs)
            start += size
        }
        return plans
    }

    /// The number of cores idle now (at least 1): the idle share of CPU time over 0.1 s, from
    /// /proc/stat. Without /proc/stat: the number of cores.
    static func idleCores() -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        func sample() -> (idle: Double, total: Double)? {
            guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
                let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
            else { return nil }
            let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
            guard fields.count >= 5 else { return nil }
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            return (fields[3] + fields[4], fields.prefix(8).reduce(0, +))
        }
        guard let first = sample() else { return cores }
        usleep(100_000)
        guard let second = sample(), second.total > first.total else { return cores }
        let idleShare = (second.idle - first.idle) / (second.total - first.total)
        return max(1, min(cores, Int((idleShare * Double(cores)).rounded())))
    }

    // MARK: - Running LibreOffice

    enum Outcome: Sendable, Equatable {
        case converted(rawPDF: String)
        case failed(String)
        /// LibreOffice was killed or crashed before it got to this document.
        case unreached(String)
    }

    final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Int: Outcome] = [:]
        func merge(_ other: [Int: Outcome]) {
            lock.lock()
            storage.merge(other) { _, new in new }
            lock.unlock()
        }
        var values: [Int: Outcome] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }

    /// One process's share: its runs one after the other, sharing one private profile.
    static func runWorker(
        runs: [Run], soffice: String, folder: String, pdfA: Bool, timeouts: (Double, Double)
    ) -> [Int: Outcome] {
        var outcomes: [Int: Outcome] = [:]
        let fm = FileManager.default
        let profile = (folder as NSString).appendingPathComponent("profile")
        let inputs = (folder as NSString).appendingPathComponent("in")
        do {
            try fm.createDirectory(atPath: profile, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        } catch {
            for run in runs { for job in run.jobs { outcomes[job.index] = .failed("cannot prepare \(folder): \(error)") } }
            return outcomes
        }
        let profileURL = URL(fileURLWithPath: profile, isDirectory: false).absoluteString
        var number = 0
        for run in runs {
            var staged: [Job] = []
            for job in run.jobs {
                let path = (inputs as NSString).appendingPathComponent(job.stagedName)
                do {
                    try stage(job.source, at: path)
                    staged.append(job)
                } catch {
                    outcomes[job.index] = .failed("cannot read it: \(error)")
                }
            }
            // When LibreOffice crashes, the document it was on is blamed and the ones after it get
            // a fresh process (the list shrinks every time, so this ends).
            while !staged.isEmpty {
                let output = (folder as NSString).appendingPathComponent("out\(number)")
                let log = (folder as NSString).appendingPathComponent("log\(number).txt")
                number += 1
                let arguments =
                    [
                        "-env:UserInstallation=\(profileURL)",
                        "--headless", "--invisible", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
                        "--infilter=\(run.filter)",
                        "--convert-to", pdfA ? pdfATarget : "pdf",
                        "--outdir", output,
                    ] + staged.map { (inputs as NSString).appendingPathComponent($0.stagedName) }
                let timeout = timeouts.0 + Double(staged.count - 1) * timeouts.1
                let end: SubprocessEnd
                do {
                    try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
                    end = try Subprocess.run(executable: soffice, arguments: arguments, logFile: log, timeout: timeout)
                } catch {
                    for job in staged { outcomes[job.index] = .failed("could not start LibreOffice: \(error)") }
                    break
                }
                let text = String(decoding: fm.contents(atPath: log) ?? Data(), as: UTF8.self)
                let found = judge(jobs: staged, log: text, outputFolder: output, end: end)
                outcomes.merge(found) { _, new in new }
                guard let crash = crashDetail(end: end, log: text),
                    let culprit = staged.firstIndex(where: { if case .unreached = found[$0.index] { true } else { false } })
                else { break }
                outcomes[staged[culprit].index] = .failed(
                    "LibreOffice crashed (\(crash)) while loading or converting it")
                staged = staged[(culprit + 1)...].filter {
                    if case .unreached = found[$0.index] { true } else { false }
                }
            }
        }
        return outcomes
    }

    /// Links (or, failing that, copies) the document into the staging folder under a plain name.
    static func stage(_ source: String, at path: String) throws {
        let fm = FileManager.default
        do {
            try fm.createSymbolicLink(atPath: path, withDestinationPath: source)
        } catch {
            try fm.copyItem(atPath: source, toPath: path)
        }
    }

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
                    var reason = sawConvert[k]
                        ? "LibreOffice reported converting it but wrote no complete PDF"
                        : "LibreOffice did not convert it"
                    if !otherLines.isEmpty {
                        reason += "; LibreOffice said: " + otherLines.prefix(3).joined(separator: " | ")
                    }
                    outcomes[job.index] = .failed(reason)
                }
            }
        }
        return outcomes
    }

    // MARK: - Files

    /// Why the document cannot be converted before even asking LibreOffice, or nil.
    static func unusableSource(_ path: String) -> String? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return "document not found" }
        if isDirectory.boolValue { return "is a folder, not a document" }
        guard fm.isReadableFile(atPath: path) else { return "document not readable" }
        // LibreOffice turns an empty file into a blank page instead of failing.
        if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.int64Value == 0 {
            return "the file is empty (0 bytes)"
        }
        return nil
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

    /// Copies `raw` beside `destination` under a temporary name, then renames it into place, so
    /// a reader never sees a half-written PDF.
    static func install(_ raw: String, at destination: String) throws {
        let fm = FileManager.default
        let folder = (destination as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = (destination as NSString).lastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        do {
            try fm.copyItem(atPath: raw, toPath: temporary)
            guard rename(temporary, destination) == 0 else {
                throw PDFExportError.workFolder("rename to \(destination): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Records the failure and removes an older PDF of the document, which no longer matches it.
    func fail(_ result: inout PDFResult, _ message: String, stalePDF: String) {
        result.pdf = nil
        var message = message
        if FileManager.default.fileExists(atPath: stalePDF) {
            do {
                try FileManager.default.removeItem(atPath: stalePDF)
                result.removedStalePDF = stalePDF
                message += "; removed the older \(stalePDF), which no longer matches its document"
            } catch {
                message += "; could not remove the older \(stalePDF), which no longer matches its document: \(error)"
            }
        }
        result.error = message
    }

    func makeWorkFolder() throws -> String {
        let base = options.workFolder ?? NSTemporaryDirectory()
        let folder = (Self.absolute(base) as NSString).appendingPathComponent("apdocs-pdf-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PDFExportError.workFolder("\(folder): \(error)")
        }
        return folder
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/")
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
