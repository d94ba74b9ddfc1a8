import Foundation
import OfficeTemplate
import PDFExport
import Placement

/// The manifest and the results, shared by the worker threads.
final class BuildState: @unchecked Sendable {
    private let lock = NSLock()
    private var manifest: Manifest
    private let outputFolder: String
    private let total: Int
    private var done = 0
    private var lastSave = Date()
    private var unsaved = 0
    private(set) var built: [PlannedFile] = []
    private(set) var failures: [BuildReport.FailedFile] = []
    /// Files made, by format (pdf included).
    private(set) var madeByFormat: [String: Int] = [:]

    init(manifest: Manifest, outputFolder: String, total: Int) {
        self.manifest = manifest
        self.outputFolder = outputFolder
        self.total = total
    }

    var failedCount: Int { lock.withLock { failures.count } }

    func finished(entry: Manifest.Entry, job: BatchBuilder.Job, progress: (@Sendable (Int, Int, Int) -> Void)?) {
        lock.lock()
        manifest.files.removeAll { $0.path == entry.path }
        manifest.files.append(entry)
        madeByFormat[entry.format, default: 0] += 1
        built.append(
            PlannedFile(
                id: entry.id, path: entry.path, kind: entry.kind, action: .built, reasons: job.reasons.map(\.description),
                version: entry.version, signatureState: entry.signatureState, supersededSigned: entry.supersededSigned?.path))
        done += 1
        unsaved += 1
        let counts = (done, total, failures.count)
        // Saving the whole manifest costs time: do it every second or 1,000 files, not every file.
        // The first save comes early, so that an interrupted first build is recorded too.
        if unsaved >= 1_000 || Date().timeIntervalSince(lastSave) > 1 || (!savedOnce && unsaved >= 20) { try? saveLocked() }
        lock.unlock()
        progress?(counts.0, counts.1, counts.2)
    }

    /// Documents whose render met fields the data lacks, with the data paths.
    private(set) var missingDataByDocument: [String: [String]] = [:]
    private var missingJobs = 0

    func missingData(_ job: BatchBuilder.Job, paths: [String], progress: (@Sendable (Int, Int, Int) -> Void)?) {
        lock.lock()
        missingDataByDocument[job.document.id, default: []] += paths
        missingJobs += 1
        done += 1
        let counts = (done, total, failures.count)
        lock.unlock()
        progress?(counts.0, counts.1, counts.2)
    }

    func failed(_ failure: BuildReport.FailedFile, progress: (@Sendable (Int, Int, Int) -> Void)?) {
        lock.lock()
        failures.append(failure)
        done += 1
        let counts = (done, total, failures.count)
        lock.unlock()
        progress?(counts.0, counts.1, counts.2)
    }

    /// PDFs beside the documents of one format, through LibreOffice in one batch: for each
    /// document whose PDF is missing or was made from other bytes. A failure removes the stale
    /// PDF and is reported by document.
    func makePDFs(workspace: Workspace, format: DocumentFormat) {
        lock.lock()
        let wanted = manifest.files.filter { entry in
            guard entry.format == format.rawValue else { return false }
            let pdf = (outputFolder as NSString).appendingPathComponent(Self.pdfPath(entry.path))
            return entry.pdf?.sourceSHA256 != entry.fileSHA256 || !FileManager.default.fileExists(atPath: pdf)
        }
        lock.unlock()
        guard !wanted.isEmpty else { return }
        let converter = PDFConverter(options: PDFOptions(pdfA: workspace.config.pdfA))
        let sources = wanted.map { (outputFolder as NSString).appendingPathComponent($0.path) }
        let results: [PDFResult]
        do {
            results = try converter.convert(sources) { ($0 as NSString).deletingLastPathComponent }
        } catch {
            lock.withLock {
                for entry in wanted { failures.append(.init(id: entry.id, path: Self.pdfPath(entry.path), error: "\(error)")) }
            }
            return
        }
        lock.withLock {
            for (entry, result) in zip(wanted, results) {
                guard let index = manifest.files.firstIndex(where: { $0.path == entry.path }) else { continue }
                if let pdf = result.pdf, result.error == nil, let data = FileManager.default.contents(atPath: pdf) {
                    manifest.files[index].pdf = Manifest.PDFRecord(
                        path: Self.pdfPath(entry.path), fileSHA256: Digest.sha256([UInt8](data)), sourceSHA256: entry.fileSHA256)
                    madeByFormat["pdf", default: 0] += 1
                } else {
                    manifest.files[index].pdf = nil
                    failures.append(.init(id: entry.id, path: Self.pdfPath(entry.path), error: result.error ?? "no PDF was made"))
                }
            }
        }
    }

    static func pdfPath(_ path: String) -> String {
        (path as NSString).deletingPathExtension + ".pdf"
    }

    /// The last save: with the inputs' fingerprint only when every file was made.
    func finish(
        inputsFingerprint: String, held: [PlannedFile], issues: [ValidationIssue], reissues: [PendingReissue], todo: [ToDo]
    ) throws {
        lock.lock()
        defer { lock.unlock() }
        manifest.inputsFingerprint = failures.isEmpty && built.count + missingJobs == total ? inputsFingerprint : nil
        manifest.held = held
        manifest.issues = issues
        manifest.reissues = reissues
        manifest.todo = todo
        try saveLocked()
    }

    private var savedOnce = false

    private func saveLocked() throws {
        try manifest.save(outputFolder: outputFolder)
        savedOnce = true
        unsaved = 0
        lastSave = Date()
    }
}

/// A file's size and modification time, from `stat` (no content read).
struct FileStat: Equatable {
    var size: Int
    var modified: Double

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int(info.st_size)
        modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
