import Dispatch
import Foundation
import Placement
import OfficeTemplate
import PackageSigning

/// What `apdocs status` and `apdocs build --dry-run` report for one file.
public struct PlannedFile: Codable, Sendable, Equatable {
    public var id: String
    public var path: String
    public var kind: DocumentKind
    /// "up-to-date", "build" or "held" (errors in the data stop it).
    public var action: String
    public var reasons: [String]
    public var version: Int?
    public var signatureState: String?
    /// A signed or sealed version set aside by a change, if any.
    public var supersededSigned: String?
}

/// What a build did.
public struct BuildReport: Codable, Sendable {
    public var built: [PlannedFile] = []
    public var upToDate = 0
    public var held: [PlannedFile] = []
    public var failed: [FailedFile] = []
    public var seconds = 0.0

    public struct FailedFile: Codable, Sendable {
        public var id: String
        public var path: String
        public var error: String
    }
}

/// Builds a workspace's whole document set: every file that is missing or out of date, and
/// nothing else. A regenerated file's previous version goes to `history/`; a signed or sealed
/// agreement is never overwritten in place without being kept.
public final class BatchBuilder: @unchecked Sendable {
    public let workspace: Workspace
    public let engineVersion: String
    public var issueDateOverride: Date?

    public init(workspace: Workspace, engineVersion: String) {
        self.workspace = workspace
        self.engineVersion = engineVersion
    }

    struct Job {
        var document: PlannedDocument
        var format: DocumentFormat
        var path: String
        var templatePath: String
        var templateHash: String
        var reasons: [String]
        var entry: Manifest.Entry?
        var clearedSignatures: [String: String]
    }

    /// The data, its issues, the plan and, for each file, what to do.
    func prepare() throws -> (issues: [ValidationIssue], jobs: [Job], upToDate: [PlannedFile], held: [PlannedFile], manifest: Manifest) {
        let today = try workspace.issueDate(override: issueDateOverride)
        let (dataset, loadIssues) = try Dataset.load(folder: workspace.root)
        let issues = (loadIssues + Rules.check(dataset, settings: workspace.config.settings, today: today)).sortedForReport()
        let plan = DocumentPlanner.plan(dataset, issues: issues, settings: workspace.config.settings, issueDate: today, today: today)
        let manifest = try Manifest.load(outputFolder: workspace.outputFolder, engineVersion: engineVersion)
        let generator = DocumentGenerator(templatesFolder: workspace.templatesFolder, formats: workspace.formats)
        var templateHashes: [String: String] = [:]
        var jobs: [Job] = []
        var upToDate: [PlannedFile] = []
        for document in plan.documents {
            for format in workspace.formats {
                let templatePath = generator.templatePath(document.kind, format)
                if templateHashes[templatePath] == nil {
                    guard let bytes = FileManager.default.contents(atPath: templatePath) else {
                        throw BatchError("template \(templatePath) is missing; put the \(format.rawValue) template of the \(document.kind.rawValue) there, or remove \(format.rawValue) from formats in \(Workspace.configName)")
                    }
                    templateHashes[templatePath] = Digest.sha256([UInt8](bytes))
                }
                let path = document.relativePath(format: format)
                let entry = manifest.entry(path: path)
                var candidate = document
                var cleared = entry?.clearedSignatures ?? [:]
                (candidate.context, cleared) = Self.clearingSignatures(document.context, where: { role, hash in cleared[role] == hash })
                let fileHash = currentHash(of: path, entry: entry)
                let reads = entry.flatMap { Manifest.loadReads(outputFolder: workspace.outputFolder, file: $0.readsFile) }
                let reasons = Staleness.reasons(candidate, entry: entry, reads: reads, fileHash: fileHash, templateHash: templateHashes[templatePath]!,
                    templateName: (templatePath as NSString).lastPathComponent, engineVersion: engineVersion)
                if !reasons.isEmpty, let entry, entry.signatureState == AgreementState.signed.rawValue || entry.sealed {
                    // A signed agreement is a record: its signatures stay with it, and the new
                    // version waits for the parties to sign again.
                    (candidate.context, cleared) = Self.clearingSignatures(document.context, where: { _, _ in true })
                }
                let state = document.kind == .placementAgreement ? Self.signatureState(document.context) : nil
                if reasons.isEmpty {
                    upToDate.append(PlannedFile(id: document.id, path: path, kind: document.kind, action: "up-to-date", reasons: [],
                        version: entry?.version, signatureState: entry?.signatureState ?? state, supersededSigned: entry?.supersededSigned?.path))
                } else {
                    jobs.append(Job(document: candidate, format: format, path: path, templatePath: templatePath,
                        templateHash: templateHashes[templatePath]!, reasons: reasons, entry: entry, clearedSignatures: cleared))
                }
            }
        }
        let held = plan.blocked.map { blocked in
            PlannedFile(id: blocked.id, path: blocked.id, kind: blocked.kind, action: "held",
                reasons: blocked.reasons.map { "[\($0.rule.rawValue)] \($0.message)" }, version: nil, signatureState: nil, supersededSigned: nil)
        }
        return (issues, jobs, upToDate, held, manifest)
    }

    /// The file's hash: the recorded one when its size and time are as recorded, else read.
    private func currentHash(of path: String, entry: Manifest.Entry?) -> String? {
        let full = (workspace.outputFolder as NSString).appendingPathComponent(path)
        guard let stat = FileStat(full) else { return nil }
        if let entry, entry.fileSize == stat.size, entry.fileModified == stat.modified { return entry.fileSHA256 }
        return FileManager.default.contents(atPath: full).map { Digest.sha256([UInt8]($0)) }
    }

    /// Sizes and times of every input, hashed: data files, apdocs.yaml, templates, plus the
    /// engine version, formats and issue date. Reads no file's content.
    func inputsFingerprint() throws -> String {
        var lines = ["engine \(engineVersion)", "formats \(workspace.formats.map(\.rawValue))",
                     "issue \(try workspace.issueDate(override: issueDateOverride).timeIntervalSince1970)"]
        var folders = RecordKind.allCases.map { workspace.path($0.folder) }
        folders.append(workspace.templatesFolder)
        for folder in folders {
            // Subfolders too: pictures the data names (drawn signatures) live there.
            let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
            for name in names {
                let path = (folder as NSString).appendingPathComponent(name)
                if let stat = FileStat(path) { lines.append("\(path) \(stat.size) \(stat.modified)") }
            }
        }
        let config = workspace.path(Workspace.configName)
        if let stat = FileStat(config) { lines.append("\(config) \(stat.size) \(stat.modified)") }
        return Digest.sha256(Array(lines.joined(separator: "\n").utf8))
    }

    /// When no input changed since a clean build and every file is as recorded: the files.
    private func unchangedSinceLastBuild(_ fingerprint: String) throws -> Manifest? {
        let manifest = try Manifest.load(outputFolder: workspace.outputFolder, engineVersion: engineVersion)
        guard manifest.inputsFingerprint == fingerprint else { return nil }
        for entry in manifest.files {
            guard let stat = FileStat((workspace.outputFolder as NSString).appendingPathComponent(entry.path)),
                stat.size == entry.fileSize, stat.modified == entry.fileModified
            else { return nil }
        }
        return manifest
    }

    private func upToDateFiles(_ manifest: Manifest) -> [PlannedFile] {
        manifest.files.map { entry in
            PlannedFile(id: entry.id, path: entry.path, kind: entry.kind, action: "up-to-date", reasons: [], version: entry.version,
                signatureState: entry.signatureState, supersededSigned: entry.supersededSigned?.path)
        }
    }

    /// What a build would do, without doing it.
    public func status() throws -> (issues: [ValidationIssue], files: [PlannedFile]) {
        if let manifest = try unchangedSinceLastBuild(try inputsFingerprint()) {
            return ([], (upToDateFiles(manifest) + (manifest.held ?? [])).sorted { $0.path < $1.path })
        }
        let prepared = try prepare()
        let pending = prepared.jobs.map { job in
            PlannedFile(id: job.document.id, path: job.path, kind: job.document.kind, action: "build", reasons: willSupersede(job) + job.reasons,
                version: job.entry?.version, signatureState: job.entry?.signatureState, supersededSigned: job.entry?.supersededSigned?.path)
        }
        return (prepared.issues, (pending + prepared.upToDate + prepared.held).sorted { $0.path < $1.path })
    }

    private func willSupersede(_ job: Job) -> [String] {
        guard let entry = job.entry, entry.signatureState == AgreementState.signed.rawValue || entry.sealed else { return [] }
        return ["signed version \(entry.version) will be kept and marked superseded; the new version is unsigned"]
    }

    /// Builds what is missing or out of date, spreading the work over all cores. A file that
    /// fails does not stop the others (unless `failFast`); the manifest is saved as the work goes
    /// and at the end, always after the files it describes are in place.
    public func build(failFast: Bool = false, wait: Bool = false,
        progress: (@Sendable (_ done: Int, _ total: Int, _ failed: Int) -> Void)? = nil
    ) throws -> (issues: [ValidationIssue], report: BuildReport) {
        let started = Date()
        try AtomicFile.createDirectories(workspace.outputFolder)
        let lock = try WorkspaceLock(outputFolder: workspace.outputFolder, wait: wait)
        defer { withExtendedLifetime(lock) {} }
        removeLeftoverTemporaryFiles()
        let fingerprint = try inputsFingerprint()
        if let manifest = try unchangedSinceLastBuild(fingerprint) {
            let report = BuildReport(built: [], upToDate: manifest.files.count, held: manifest.held ?? [], failed: [], seconds: Date().timeIntervalSince(started))
            return ([], report)
        }
        let prepared = try prepare()
        var report = BuildReport(upToDate: prepared.upToDate.count, held: prepared.held)
        let generator = DocumentGenerator(templatesFolder: workspace.templatesFolder, formats: workspace.formats)
        let templates = try generator.compileTemplates(for: prepared.jobs.map(\.document))
        let state = BuildState(manifest: prepared.manifest, outputFolder: workspace.outputFolder, total: prepared.jobs.count)
        let jobs = prepared.jobs
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let job = jobs[index]
            if failFast && state.failedCount > 0 { return }
            do {
                let rendered = try templates[job.templatePath]!.render(job.document.context,
                    options: RenderOptions(recordReads: true, baseDirectory: job.document.baseDirectory))
                let entry = try self.install(job, rendered)
                state.finished(entry: entry, job: job, progress: progress)
            } catch {
                state.failed(BuildReport.FailedFile(id: job.document.id, path: job.path, error: "\(error)"), progress: progress)
            }
        }
        if workspace.wantsPDF { state.makePDFs(workspace: workspace, format: workspace.formats.first ?? .docx) }
        try state.finish(inputsFingerprint: fingerprint, held: prepared.held)
        report.built = state.built
        report.failed = state.failures.sorted { $0.path < $1.path }
        report.seconds = Date().timeIntervalSince(started)
        return (prepared.issues, report)
    }

    /// Puts a rendered file in place: the previous file first goes to `history/` (a hard link,
    /// so it is never copied half-way), then the new one replaces it atomically.
    private func install(_ job: Job, _ rendered: RenderedDocument) throws -> Manifest.Entry {
        let output = workspace.outputFolder
        let target = (output as NSString).appendingPathComponent(job.path)
        var history = job.entry?.history ?? []
        var superseded = job.entry?.supersededSigned
        let previousVersion = job.entry?.version ?? 0
        if FileManager.default.fileExists(atPath: target) {
            let version = max(previousVersion, (history.map(\.version).max() ?? 0) + 1)
            let historyPath = "history/" + job.path.replacingOccurrences(of: ".\(job.format.rawValue)", with: ".v\(version).\(job.format.rawValue)")
            let historyTarget = (output as NSString).appendingPathComponent(historyPath)
            try AtomicFile.createDirectories((historyTarget as NSString).deletingLastPathComponent)
            if !FileManager.default.fileExists(atPath: historyTarget) {
                guard link(target, historyTarget) == 0 else {
                    throw BatchError("cannot keep the previous version as \(historyPath): \(String(cString: strerror(errno)))")
                }
            }
            let hash = FileManager.default.contents(atPath: historyTarget).map { Digest.sha256([UInt8]($0)) } ?? ""
            let kept = Manifest.HistoryEntry(version: version, path: historyPath, fileSHA256: hash,
                signatureState: job.entry?.signatureState, sealed: job.entry?.sealed ?? false, replacedBecause: job.reasons)
            history.append(kept)
            if let entry = job.entry, entry.signatureState == AgreementState.signed.rawValue || entry.sealed {
                superseded = kept
            }
        }
        // A PDF made from the previous version no longer matches: remove it now, so that even a
        // build stopped before its PDFs are made leaves no stale one.
        try? FileManager.default.removeItem(atPath: (output as NSString).appendingPathComponent(BuildState.pdfPath(job.path)))
        var bytes = rendered.bytes
        let signatureState = job.document.kind == .placementAgreement ? Self.signatureState(job.document.context) : nil
        let sealed = try sealIfSigned(&bytes, job: job, signatureState: signatureState)
        try AtomicFile.createDirectories((target as NSString).deletingLastPathComponent)
        try AtomicFile.write(bytes, to: target)
        let written = FileStat(target)
        var reads: [String: String] = [:]
        for (path, value) in rendered.reads { reads[path] = Digest.shortHash(value) }
        let readsFile = Manifest.readsFile(for: job.path)
        try Manifest.saveReads(reads, outputFolder: output, file: readsFile)
        return Manifest.Entry(
            id: job.document.id, kind: job.document.kind, format: job.format.rawValue, school: job.document.schoolID,
            provider: job.document.providerID, placement: job.document.placementID, path: job.path,
            version: (history.map(\.version).max() ?? 0) + 1, fileSHA256: Digest.sha256(bytes),
            fileSize: written?.size, fileModified: written?.modified,
            template: relativeToWorkspace(job.templatePath), templateSHA256: job.templateHash, engineVersion: engineVersion,
            dataSHA256: Digest.sha256(reads: reads), readsFile: readsFile, policies: job.document.policyVersions,
            signatureState: signatureState, sealed: sealed, history: history, supersededSigned: superseded,
            clearedSignatures: job.clearedSignatures.isEmpty ? nil : job.clearedSignatures, reasons: job.reasons, pdf: nil)
    }

    /// Seals an agreement all four parties have signed, with `sign_with` from apdocs.yaml. The
    /// signing time is the issue date, so the same inputs still give the same bytes.
    private func sealIfSigned(_ bytes: inout [UInt8], job: Job, signatureState: String?) throws -> Bool {
        guard let signWith = workspace.config.signWith, signatureState == AgreementState.signed.rawValue else { return false }
        bytes = try PackageSigner.sign(package: bytes, format: job.format, key: workspace.path(signWith.key),
            certificate: workspace.path(signWith.certificate), chain: (signWith.chain ?? []).map(workspace.path),
            signingTime: try workspace.issueDate(override: issueDateOverride))
        return true
    }

    private func relativeToWorkspace(_ path: String) -> String {
        path.hasPrefix(workspace.root + "/") ? String(path.dropFirst(workspace.root.count + 1)) : path
    }

    /// Temporary files of a build that was killed half-way (AtomicFile's `.NAME.tmp-*`).
    private func removeLeftoverTemporaryFiles() {
        guard let walker = FileManager.default.enumerator(atPath: workspace.outputFolder) else { return }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("."), name.contains(".tmp-") {
                try? FileManager.default.removeItem(atPath: (workspace.outputFolder as NSString).appendingPathComponent(relative))
            }
        }
    }

    // MARK: Signatures

    static func signatureState(_ context: TemplateValue) -> String? {
        guard case .map(let roles)? = context["signature"] else { return nil }
        let signed = roles.pairs.filter { $0.value["signed"] == .bool(true) }.count
        return signed == 0 ? AgreementState.draft.rawValue : signed == roles.count ? AgreementState.signed.rawValue : AgreementState.partlySigned.rawValue
    }

    /// Leaves blank the signatures `shouldClear` picks (role, hash of the signature), returning
    /// the context and the hashes of what was cleared.
    static func clearingSignatures(
        _ context: TemplateValue, where shouldClear: (String, String) -> Bool
    ) -> (TemplateValue, [String: String]) {
        guard case .map(var map) = context, case .map(var roles)? = map["signature"] else { return (context, [:]) }
        var cleared: [String: String] = [:]
        for (role, signature) in roles.pairs where signature["signed"] == .bool(true) {
            let hash = Digest.sha256(signature)
            guard shouldClear(role, hash) else { continue }
            roles[role] = .map(TemplateMap([("signed", false)]))
            cleared[role] = hash
        }
        map["signature"] = .map(roles)
        return (.map(map), cleared)
    }
}
