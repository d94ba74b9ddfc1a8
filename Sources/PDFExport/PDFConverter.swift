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
/// A batch is split between up to one `soffice` process slot per idle core, each with its own
/// private profile folder (never the user's own), created in the work folder and removed
/// afterwards. Each slot converts its share in runs of at most `PDFOptions.documentsPerRun`
/// documents, one `soffice` invocation per run: LibreOffice's launcher silently drops command-line
/// arguments beyond its limit (see `maximumDocumentsPerRun`), which once left every document after
/// the 241st of a run unconverted without a word.
///
/// `soffice` exits 0 even when it cannot load a document, so each document's fate is read from
/// LibreOffice's messages and from the PDF it did or did not write. A document that fails is tried
/// once more, in a fresh process with a fresh profile; if it fails again, its error gives
/// LibreOffice's reason. A PDF is moved into place atomically (temporary name, then rename); when
/// a document fails, an older PDF of it is removed, since it no longer matches the document.
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
        try convert(documents, outputFolder: outputFolder, progress: { _ in })
    }

    /// As `convert(_:outputFolder:)`, calling `progress` (from one thread at a time, counts never
    /// going back except `failed` when a second try succeeds) as PDFs are made.
    public func convert(
        _ documents: [String], outputFolder: (String) -> String,
        progress: @escaping @Sendable (PDFProgress) -> Void
    ) throws -> [PDFResult] {
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
        let tracker = ProgressTracker(total: jobs.count, report: progress)
        let settings = RunSettings(
            soffice: soffice, pdfA: options.pdfA,
            timeouts: (options.timeoutSeconds, options.timeoutPerDocumentSeconds))

        let first = runAll(jobs, settings: settings, work: work, prefix: "p", tracker: tracker)
        // The safety net: whatever LibreOffice did not convert gets one more try in a fresh
        // process with a fresh profile (a crash, a hang, a profile gone bad, a full disk freed since).
        let again = jobs.filter { if case .converted = first[$0.index] { false } else { true } }
        var second: [Int: Outcome] = [:]
        if !again.isEmpty {
            tracker.startRetry(again.count)
            second = runAll(again, settings: settings, work: work, prefix: "retry", tracker: tracker)
        }

        for job in jobs {
            let document = documents[job.index]
            let firstReason = Self.reason(first[job.index])
            let retried = firstReason != nil
            if retried { results[job.index].firstAttemptError = firstReason }
            switch retried ? second[job.index] : first[job.index] {
            case .converted(let raw):
                do {
                    try Self.install(raw, at: job.pdf)
                    results[job.index].pdf = job.pdf
                } catch {
                    fail(&results[job.index], "\(document): cannot write its PDF \(job.pdf): \(error)", stalePDF: job.pdf)
                }
            case let outcome:
                let reason = Self.reason(outcome) ?? "LibreOffice gave no result for it"
                var message = "\(document): \(reason)"
                if let firstReason {
                    message +=
                        firstReason == reason
                        ? " (the same on a second try in a fresh LibreOffice process)"
                        : " (on a second try in a fresh LibreOffice process; the first try: \(firstReason))"
                }
                fail(&results[job.index], message, stalePDF: job.pdf)
            }
        }
        return results
    }

    /// Why an outcome is not a PDF; nil for a PDF. A missing outcome would be a process slot that
    /// lost a document: reported as such rather than trusted.
    static func reason(_ outcome: Outcome?) -> String? {
        switch outcome {
        case .converted: return nil
        case .failed(let reason), .unreached(let reason): return reason
        case nil: return "LibreOffice gave no result for it"
        }
    }

    /// Runs `jobs` over the process slots of `plan(jobs)` in parallel, each slot in its own folder
    /// `work/prefix<n>` (so its own profile), and collects every document's outcome.
    func runAll(
        _ jobs: [Job], settings: RunSettings, work: String, prefix: String, tracker: ProgressTracker
    ) -> [Int: Outcome] {
        let outcomes = OutcomeBox()
        // One thread per slot (they mostly wait for soffice), so `processes` is honoured as given.
        let group = DispatchGroup()
        for (slot, runs) in plan(jobs).enumerated() {
            let folder = (work as NSString).appendingPathComponent("\(prefix)\(slot)")
            group.enter()
            let thread = Thread {
                outcomes.merge(Self.runSlot(runs: runs, settings: settings, folder: folder, tracker: tracker))
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return outcomes.values
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

    /// One `soffice` invocation: documents of one format (`--infilter` applies to all of them),
    /// never more than `maximumDocumentsPerRun`.
    struct Run: Sendable {
        var filter: String
        var jobs: [Job]
    }

    /// The documents one `soffice` invocation may be given. LibreOffice's launcher (`oosplash`)
    /// starts `soffice.bin` through sal's `osl_executeProcess`, which copies at most 253 arguments
    /// (`MAX_ARGS` 255, less the program and the terminating null) and silently drops the rest;
    /// the launcher also appends its own `--splash-pipe=N`. What is left after our fixed
    /// arguments is the bound: 240 documents.
    static let maximumDocumentsPerRun: Int = {
        let passedOn = 253
        let launcherOwn = 1
        let fixed = sofficeArguments(profileURL: "", filter: "", pdfA: false, outputFolder: "", documents: []).count
        return passedOn - launcherOwn - fixed
    }()

    /// Documents per run: as the options ask, within LibreOffice's bound.
    var documentsPerRun: Int { max(1, min(options.documentsPerRun, Self.maximumDocumentsPerRun)) }

    /// Splits the jobs between process slots: as many as the options allow and the batch pays
    /// for, each a contiguous share of the jobs sorted by format, so it needs one run per format;
    /// a share larger than `documentsPerRun` is cut into that many runs of near-equal size.
    func plan(_ jobs: [Job]) -> [[Run]] {
        let sorted = jobs.sorted { ($0.ext, $0.index) < ($1.ext, $1.index) }
        let perProcess = max(1, options.minDocumentsPerProcess)
        let worthwhile = min(sorted.count / perProcess, sorted.count)
        let processes = worthwhile < 2 ? 1 : (options.processes ?? Self.idleCores())
        let slots = max(1, min(processes, worthwhile))
        let perRun = documentsPerRun
        var plans: [[Run]] = []
        var start = 0
        for slot in 0..<slots {
            let size = sorted.count / slots + (slot < sorted.count % slots ? 1 : 0)
            var byFormat: [Run] = []
            for job in sorted[start..<start + size] {
                if byFormat.last?.filter == job.filter {
                    byFormat[byFormat.count - 1].jobs.append(job)
                } else {
                    byFormat.append(Run(filter: job.filter, jobs: [job]))
                }
            }
            var runs: [Run] = []
            for run in byFormat {
                let pieces = (run.jobs.count + perRun - 1) / perRun
                var from = 0
                for piece in 0..<pieces {
                    let count = run.jobs.count / pieces + (piece < run.jobs.count % pieces ? 1 : 0)
                    runs.append(Run(filter: run.filter, jobs: Array(run.jobs[from..<from + count])))
                    from += count
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
        let full =
            path.hasPrefix("/")
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
