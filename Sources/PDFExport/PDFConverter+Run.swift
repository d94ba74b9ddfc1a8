import Foundation
import Synchronization

/// Running LibreOffice: one process slot's runs, their arguments, and the progress they report.
extension PDFConverter {
    enum Outcome: Sendable, Equatable {
        case converted(rawPDF: String)
        case failed(String)
        /// LibreOffice was killed or crashed before it got to this document.
        case unreached(String)
    }

    /// What every run of a batch shares.
    struct RunSettings: Sendable {
        var soffice: String
        var pdfA: Bool
        /// Start-up and first document; each further document.
        var timeouts: (Double, Double)
    }

    /// Every slot's outcomes, merged as each slot's thread finishes.
    final class OutcomeBox: Sendable {
        private let storage = Mutex<[Int: Outcome]>([:])
        func merge(_ other: [Int: Outcome]) {
            storage.withLock { $0.merge(other) { _, new in new } }
        }
        var values: [Int: Outcome] { storage.withLock { $0 } }
    }

    /// The command line of one run. Its length without documents sets `maximumDocumentsPerRun`.
    static func sofficeArguments(
        profileURL: String, filter: String, pdfA: Bool, outputFolder: String, documents: [String]
    ) -> [String] {
        [
            "-env:UserInstallation=\(profileURL)",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
            "--infilter=\(filter)",
            "--convert-to", pdfA ? pdfATarget : "pdf",
            "--outdir", outputFolder,
        ] + documents
    }

    /// One process slot's share: its runs one after the other, sharing one private profile in
    /// `folder`. Each run is one `soffice` invocation of at most `maximumDocumentsPerRun` documents.
    static func runSlot(runs: [Run], settings: RunSettings, folder: String, tracker: ProgressTracker) -> [Int: Outcome] {
        var outcomes: [Int: Outcome] = [:]
        let fm = FileManager.default
        let profile = (folder as NSString).appendingPathComponent("profile")
        let inputs = (folder as NSString).appendingPathComponent("in")
        do {
            try fm.createDirectory(atPath: profile, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        } catch {
            for run in runs { for job in run.jobs { outcomes[job.index] = .failed("cannot prepare \(folder): \(error)") } }
            tracker.settle(slot: folder, made: 0, failed: runs.reduce(0) { $0 + $1.jobs.count })
            return outcomes
        }
        let profileURL = URL(fileURLWithPath: profile, isDirectory: false).absoluteString
        var number = 0
        for run in runs {
            precondition(run.jobs.count <= maximumDocumentsPerRun, "a run beyond LibreOffice's argument limit")
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
            // When LibreOffice crashes or runs out of time, the document it was on is blamed and the
            // ones after it get a fresh process (the list shrinks every time, so this ends), so one
            // document that hangs does not take the rest of its run down with it.
            while !staged.isEmpty {
                let output = (folder as NSString).appendingPathComponent("out\(number)")
                let log = (folder as NSString).appendingPathComponent("log\(number).txt")
                number += 1
                let arguments = sofficeArguments(
                    profileURL: profileURL, filter: run.filter, pdfA: settings.pdfA, outputFolder: output,
                    documents: staged.map { (inputs as NSString).appendingPathComponent($0.stagedName) })
                let timeout = settings.timeouts.0 + Double(staged.count - 1) * settings.timeouts.1
                let end: SubprocessEnd
                do {
                    try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
                    end = try Subprocess.run(
                        executable: settings.soffice, arguments: arguments, logFile: log, timeout: timeout
                    ) {
                        let names = (try? fm.contentsOfDirectory(atPath: output)) ?? []
                        tracker.live(slot: folder, made: names.filter { $0.hasSuffix(".pdf") }.count)
                    }
                } catch {
                    for job in staged { outcomes[job.index] = .failed("could not start LibreOffice: \(error)") }
                    break
                }
                let text = String(decoding: fm.contents(atPath: log) ?? Data(), as: UTF8.self)
                let found = judge(jobs: staged, log: text, outputFolder: output, end: end)
                outcomes.merge(found) { _, new in new }
                tracker.settle(
                    slot: folder, made: found.values.filter { if case .converted = $0 { true } else { false } }.count, failed: 0)
                let stopped: String?
                if case .timedOut(let seconds) = end {
                    stopped =
                        "LibreOffice did not finish within \(formatSeconds(seconds)) s (timeout) "
                        + "while loading or converting it; its processes were killed"
                } else {
                    stopped = crashDetail(end: end, log: text).map {
                        "LibreOffice crashed (\($0)) while loading or converting it"
                    }
                }
                guard let stopped,
                    let culprit = staged.firstIndex(where: { if case .unreached = found[$0.index] { true } else { false } })
                else { break }
                outcomes[staged[culprit].index] = .failed(stopped)
                staged = staged[(culprit + 1)...].filter {
                    if case .unreached = found[$0.index] { true } else { false }
                }
            }
            let failed = run.jobs.filter { if case .converted = outcomes[$0.index] { false } else { true } }.count
            tracker.settle(slot: folder, made: 0, failed: failed)
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
}

/// Counts the PDFs made across process slots and reports the totals to the caller's `progress`,
/// one call at a time and only when they change.
final class ProgressTracker: Sendable {
    private struct Counts {
        var settledMade = 0
        var settledFailed = 0
        /// PDFs a running `soffice` has written so far, by slot (its folder).
        var live: [String: Int] = [:]
        var retrying = 0
        var last: PDFProgress?
    }

    private let counts = Mutex(Counts())
    private let report: @Sendable (PDFProgress) -> Void
    private let total: Int

    init(total: Int, report: @escaping @Sendable (PDFProgress) -> Void) {
        self.total = total
        self.report = report
    }

    /// A slot's running `soffice` has written `made` PDFs so far.
    func live(slot: String, made: Int) {
        counts.withLock { counts in
            counts.live[slot] = made
            publish(&counts)
        }
    }

    /// A run's outcome is known: `made` PDFs and `failed` documents more; its live count is over.
    /// During the second tries a PDF made is one failure fewer.
    func settle(slot: String, made: Int, failed: Int) {
        counts.withLock { counts in
            counts.live[slot] = nil
            counts.settledMade += made
            if counts.retrying > 0 { counts.settledFailed -= made } else { counts.settledFailed += failed }
            publish(&counts)
        }
    }

    /// The failed documents are about to be tried again.
    func startRetry(_ count: Int) {
        counts.withLock { counts in
            counts.retrying = count
            publish(&counts)
        }
    }

    /// Reports the totals when they changed, under the lock, so reports come one at a time and in order.
    private func publish(_ counts: inout Counts) {
        let now = PDFProgress(
            made: counts.settledMade + counts.live.values.reduce(0, +), failed: counts.settledFailed, total: total,
            retrying: counts.retrying)
        guard now != counts.last else { return }
        counts.last = now
        report(now)
    }
}
