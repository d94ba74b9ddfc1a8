import Dispatch
import Foundation
import OfficeTemplate
import PackageSigning
import Placement

/// What happens, or happened, to one file.
public enum FileAction: String, Codable, Sendable {
    case upToDate = "up-to-date"
    /// A build would make it.
    case build
    /// This build made it.
    case built
    /// Errors in the data hold it back.
    case held
}

/// What `apdocs status` and `apdocs build --dry-run` report for one file.
public struct PlannedFile: Codable, Sendable, Equatable {
    public var id: String
    public var path: String
    public var kind: DocumentKind
    public var action: FileAction
    public var reasons: [String]
    public var version: Int?
    public var signatureState: AgreementState?
    /// A signed or sealed version set aside by a change, if any.
    public var supersededSigned: String?
}

/// What a build did.
public struct BuildReport: Codable, Sendable {
    public var built: [PlannedFile] = []
    public var upToDate = 0
    public var held: [PlannedFile] = []
    public var failed: [FailedFile] = []
    /// Files made, by format (`docx`, `odt`, `pdf`).
    public var madeByFormat: [String: Int] = [:]
    public var seconds = 0.0

    public struct FailedFile: Codable, Sendable {
        public var id: String
        public var path: String
        public var error: String
    }
}

/// A signed agreement left as it is although school-wide inputs changed: a to-do to reissue it
/// on purpose (`apdocs build --reissue ID`) at the next review.
public struct PendingReissue: Codable, Sendable, Equatable {
    public var placement: String
    public var path: String
    public var reasons: [String]
}

/// What `status` reports: the data's issues, each file, and what needs doing.
public struct WorkspaceStatus: Sendable {
    public var issues: [ValidationIssue]
    public var files: [PlannedFile]
    public var reissues: [PendingReissue]
    public var todo: [ToDo]
}

/// Builds a workspace's whole document set: every file that is missing or out of date, and
/// nothing else. A regenerated file's previous version goes to `history/`. A signed agreement is
/// a record: only a change of what its parties agreed (that placement's own data), or a reissue
/// asked for, sets it aside for a new unsigned version; school-wide changes leave it as it is.
public struct BatchBuilder: Sendable {
    public let workspace: Workspace
    public let engineVersion: String
    /// The date letters carry and rules judge by, instead of apdocs.yaml's or today.
    public let issueDateOverride: Date?
    /// Placements whose signed agreements are to be reissued on purpose.
    public let reissue: Set<String>

    public init(workspace: Workspace, engineVersion: String, issueDateOverride: Date? = nil, reissue: Set<String> = []) {
        self.workspace = workspace
        self.engineVersion = engineVersion
        self.issueDateOverride = issueDateOverride
        self.reissue = reissue
    }

    struct Job {
        var document: PlannedDocument
        var format: DocumentFormat
        var path: String
        var templatePath: String
        var templateHash: String
        var reasons: [StaleReason]
        var entry: Manifest.Entry?
        var clearedSignatures: [String: String]
        /// An agreement's signatures as this version prints them; nil for other documents.
        var signatureState: AgreementState?
        /// Whether the previous version is a signed record being set aside.
        var supersedes: Bool
    }

    struct Prepared {
        var review: WorkspaceReview
        var jobs: [Job] = []
        var upToDate: [PlannedFile] = []
        var held: [PlannedFile] = []
        var reissues: [PendingReissue] = []
        /// Per placement: the roles whose signatures its agreement still lacks, and whether
        /// they signed an earlier version that a change set aside.
        var unsignedRoles: [String: (roles: [SignatureRole], again: Bool)] = [:]
        var todo: [ToDo] = []
        var manifest: Manifest
    }

    /// The data, its issues, the plan and, for each file, what to do. With `checkTemplates`,
    /// each document a build would make is first checked against its template (status and a
    /// dry run say what a build would hold back); a build instead meets the same gaps in its
    /// own render and holds the document then (`holdForMissingData`).
    func prepare(checkTemplates: Bool) throws -> Prepared {
        let today = try workspace.issueDate(override: issueDateOverride)
        let review = try WorkspaceReview.run(workspace, issueDate: today, checkTemplates: false)
        let manifest = try Manifest.load(outputFolder: workspace.outputFolder, engineVersion: engineVersion)
        var prepared = Prepared(review: review, manifest: manifest)
        let generator = DocumentGenerator(templatesFolder: workspace.templatesFolder, formats: workspace.formats)
        var templateHashes: [String: String] = [:]
        for document in review.plan.documents {
            for format in workspace.formats {
                let templatePath = generator.templatePath(document.kind, format)
                if templateHashes[templatePath] == nil {
                    guard let bytes = FileManager.default.contents(atPath: templatePath) else {
                        throw BatchError(
                            "template \(relativeToWorkspace(templatePath)) is missing; put the \(format.rawValue) template of the \(document.kind.title) there, or remove \(format.rawValue) from formats in \(Workspace.configName)"
                        )
                    }
                    templateHashes[templatePath] = Digest.sha256([UInt8](bytes))
                }
                prepare(
                    document, format: format, templatePath: templatePath, templateHash: templateHashes[templatePath]!,
                    into: &prepared)
            }
        }
        if checkTemplates {
            for job in prepared.jobs {
                guard let template = review.templates[job.templatePath] else { continue }
                let missing = WorkspaceReview.missingPaths(template, job.document)
                if !missing.isEmpty { holdForMissingData(job.document.id, paths: missing, in: &prepared) }
            }
        }
        finish(&prepared, today: today)
        return prepared
    }

    /// Holds a document whose template prints fields the data lacks, as the one judge does.
    private func holdForMissingData(_ id: String, paths: [String], in prepared: inout Prepared) {
        prepared.review.hold(id, missingPaths: paths)
        prepared.jobs.removeAll { $0.document.id == id }
    }

    /// What is held back, and the to-do list, once the plan is settled.
    private func finish(_ prepared: inout Prepared, today: Date) {
        prepared.held = prepared.review.plan.blocked.map { blocked in
            PlannedFile(
                id: blocked.id, path: blocked.id, kind: blocked.kind, action: .held,
                reasons: blocked.reasons.map(Self.heldReason), version: nil, signatureState: nil, supersededSigned: nil)
        }
        prepared.todo = ToDoList.make(
            review: prepared.review, unsignedRoles: prepared.unsignedRoles, reissues: prepared.reissues,
            settings: workspace.config.settings, today: today)
    }

    /// "PL-2026-002 has errors: start: should be a date …".
    public static func heldReason(_ issue: ValidationIssue) -> String {
        let who = issue.subject ?? issue.file ?? "the data"
        return "\(who) has errors: \(issue.path.map { $0 + ": " } ?? "")\(issue.message)"
    }

    private func prepare(
        _ document: PlannedDocument, format: DocumentFormat, templatePath: String, templateHash: String,
        into prepared: inout Prepared
    ) {
        let path = document.relativePath(format: format)
        let entry = prepared.manifest.entry(path: path)
        var candidate = document
        var cleared = entry?.clearedSignatures ?? [:]
        (candidate.context, cleared) = Self.clearingSignatures(document.context, where: { role, hash in cleared[role] == hash })
        let fileHash = currentHash(of: path, entry: entry)
        let reads = entry.flatMap { Manifest.loadReads(outputFolder: workspace.outputFolder, file: $0.readsFile) }
        var reasons = Staleness.reasons(
            candidate, entry: entry, reads: reads, fileHash: fileHash, templateHash: templateHash,
            templateName: (templatePath as NSString).lastPathComponent, engineVersion: engineVersion, dataFolder: workspace.root)
        let record = document.placementID.flatMap(prepared.review.dataset.placement(id:))
        func signatures() -> AgreementSignatures? {
            guard document.kind == .placementAgreement, let record else { return nil }
            return AgreementSignatures(record, cleared: AgreementSignatures.roles(clearedKeys: cleared.keys))
        }
        if let placement = document.placementID, format == workspace.formats.first, let signatures = signatures() {
            prepared.unsignedRoles[placement] = signatures.unsigned
        }
        let isRecord = entry.map { $0.signatureState == .signed || $0.sealed } ?? false
        var supersedes = false
        if isRecord, let placement = document.placementID {
            if reissue.contains(placement) { reasons.append(.reissueRequested) }
            if reasons.contains(where: \.changesAgreedTerms) {
                // What the parties agreed has changed: the signed version is kept and set aside,
                // and the new one waits for the parties to sign again.
                supersedes = true
                (candidate.context, cleared) = Self.clearingSignatures(document.context, where: { _, _ in true })
                if let signatures = signatures() { prepared.unsignedRoles[placement] = signatures.unsigned }
            } else if !reasons.isEmpty, !reasons.contains(where: \.isAboutTheRecord) {
                // School-wide changes never void a signature: the record stays, and the change
                // waits for a reissue on purpose.
                prepared.reissues.append(PendingReissue(placement: placement, path: path, reasons: reasons.map(\.description)))
                reasons = []
            }
        }
        if reasons.isEmpty {
            prepared.upToDate.append(
                PlannedFile(
                    id: document.id, path: path, kind: document.kind, action: .upToDate, reasons: [],
                    version: entry?.version, signatureState: entry?.signatureState ?? signatures()?.state,
                    supersededSigned: entry?.supersededSigned?.path))
        } else {
            prepared.jobs.append(
                Job(
                    document: candidate, format: format, path: path, templatePath: templatePath,
                    templateHash: templateHash, reasons: reasons, entry: entry, clearedSignatures: cleared,
                    signatureState: signatures()?.state, supersedes: supersedes))
        }
    }

    /// The file's hash: the recorded one when its size and time are as recorded, else read.
    private func currentHash(of path: String, entry: Manifest.Entry?) -> String? {
        let full = (workspace.outputFolder as NSString).appendingPathComponent(path)
        guard let stat = FileStat(full) else { return nil }
        if let entry, entry.fileSize == stat.size, entry.fileModified == stat.modified { return entry.fileSHA256 }
        return FileManager.default.contents(atPath: full).map { Digest.sha256([UInt8]($0)) }
    }

    /// Sizes and times of every input, hashed: data files, apdocs.yaml, templates, plus the
    /// engine version, formats, issue date and reissues asked for. Reads no file's content.
    /// Paths are relative to the workspace, so a moved workspace keeps its fingerprint.
    func inputsFingerprint() throws -> String {
        var lines = [
            "engine \(engineVersion)", "formats \(workspace.config.formats)",
            "issue \(try workspace.issueDate(override: issueDateOverride).timeIntervalSince1970)",
            "reissue \(reissue.sorted())",
        ]
        var folders = RecordKind.allCases.map(\.folder)
        folders.append(workspace.config.templates)
        for folder in folders {
            // Subfolders too: pictures the data names (drawn signatures) live there.
            let names = (FileManager.default.enumerator(atPath: workspace.path(folder))?.allObjects as? [String] ?? []).sorted()
            for name in names {
                if let stat = FileStat(workspace.path(folder + "/" + name)) {
                    lines.append("\(folder)/\(name) \(stat.size) \(stat.modified)")
                }
            }
        }
        if let stat = FileStat(workspace.path(Workspace.configName)) {
            lines.append("\(Workspace.configName) \(stat.size) \(stat.modified)")
        }
        return Digest.sha256(Array(lines.joined(separator: "\n").utf8))
    }

    /// When no input changed since a clean build and every file is as recorded: the files.
    private func unchangedSinceLastBuild(_ fingerprint: String) throws -> Manifest? {
        let manifest = try Manifest.load(outputFolder: workspace.outputFolder, engineVersion: engineVersion)
        guard manifest.inputsFingerprint == fingerprint, manifest.issues != nil else { return nil }
        for entry in manifest.files {
            guard let stat = FileStat((workspace.outputFolder as NSString).appendingPathComponent(entry.path)),
                stat.size == entry.fileSize, stat.modified == entry.fileModified
            else { return nil }
        }
        return manifest
    }

    private func upToDateFiles(_ manifest: Manifest) -> [PlannedFile] {
        manifest.files.map { entry in
            PlannedFile(
                id: entry.id, path: entry.path, kind: entry.kind, action: .upToDate, reasons: [], version: entry.version,
                signatureState: entry.signatureState, supersededSigned: entry.supersededSigned?.path)
        }
    }

    /// What a build would do, without doing it, and what needs doing. Always the data's
    /// current issues: when no input changed since the last build they are the ones it
    /// recorded, which are still true.
    public func status() throws -> WorkspaceStatus {
        if let manifest = try unchangedSinceLastBuild(try inputsFingerprint()) {
            let files = (upToDateFiles(manifest) + (manifest.held ?? [])).sorted { $0.path < $1.path }
            return WorkspaceStatus(
                issues: manifest.issues ?? [], files: files, reissues: manifest.reissues ?? [], todo: manifest.todo ?? [])
        }
        let prepared = try prepare(checkTemplates: true)
        let pending = prepared.jobs.map { job in
            PlannedFile(
                id: job.document.id, path: job.path, kind: job.document.kind, action: .build,
                reasons: willSupersede(job) + job.reasons.map(\.description),
                version: job.entry?.version, signatureState: job.entry?.signatureState,
                supersededSigned: job.entry?.supersededSigned?.path)
        }
        return WorkspaceStatus(
            issues: prepared.review.issues, files: (pending + prepared.upToDate + prepared.held).sorted { $0.path < $1.path },
            reissues: prepared.reissues, todo: prepared.todo)
    }

    private func willSupersede(_ job: Job) -> [String] {
        guard job.supersedes, let entry = job.entry else { return [] }
        return [
            "signed version \(entry.version) will be kept and marked superseded; the new version waits for the parties to sign again"
        ]
    }

    /// Builds what is missing or out of date, spreading the work over all cores. A file that
    /// fails does not stop the others (unless `failFast`); the manifest is saved as the work goes
    /// and at the end, always after the files it describes are in place.
    public func build(
        failFast: Bool = false, wait: Bool = false,
        progress: (@Sendable (_ done: Int, _ total: Int, _ failed: Int) -> Void)? = nil
    ) throws -> (issues: [ValidationIssue], report: BuildReport, todo: [ToDo]) {
        let started = Date()
        try AtomicFile.createDirectories(workspace.outputFolder)
        let lock = try WorkspaceLock(outputFolder: workspace.outputFolder, wait: wait)
        defer { withExtendedLifetime(lock) {} }
        removeLeftoverTemporaryFiles()
        let fingerprint = try inputsFingerprint()
        if let manifest = try unchangedSinceLastBuild(fingerprint) {
            let report = BuildReport(
                built: [], upToDate: manifest.files.count, held: manifest.held ?? [], failed: [],
                seconds: Date().timeIntervalSince(started))
            return (manifest.issues ?? [], report, manifest.todo ?? [])
        }
        var prepared = try prepare(checkTemplates: false)
        let templates = prepared.review.templates
        let state = BuildState(manifest: prepared.manifest, outputFolder: workspace.outputFolder, total: prepared.jobs.count)
        let jobs = prepared.jobs
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let job = jobs[index]
            if failFast && state.failedCount > 0 { return }
            do {
                let rendered = try templates[job.templatePath]!.render(
                    job.document.context,
                    options: RenderOptions(recordReads: true, baseDirectory: job.document.baseDirectory))
                let entry = try self.install(job, rendered)
                state.finished(entry: entry, job: job, progress: progress)
            } catch let error as TemplateError where error.issues.allSatisfy({ $0.missingDataPath != nil }) {
                // The data lacks a field the template prints: a gap in the data, held back
                // and reported as one, never a half-made document.
                state.missingData(job, paths: error.issues.compactMap(\.missingDataPath), progress: progress)
            } catch {
                state.failed(BuildReport.FailedFile(id: job.document.id, path: job.path, error: "\(error)"), progress: progress)
            }
        }
        for (id, paths) in state.missingDataByDocument.sorted(by: { $0.key < $1.key }) {
            holdForMissingData(id, paths: paths, in: &prepared)
        }
        if !state.missingDataByDocument.isEmpty { finish(&prepared, today: try workspace.issueDate(override: issueDateOverride)) }
        var report = BuildReport(upToDate: prepared.upToDate.count, held: prepared.held)
        if workspace.wantsPDF { state.makePDFs(workspace: workspace, format: workspace.formats.first ?? .docx) }
        try state.finish(
            inputsFingerprint: fingerprint, held: prepared.held, issues: prepared.review.issues, reissues: prepared.reissues,
            todo: prepared.todo)
        report.built = state.built
        report.failed = state.failures.sorted { $0.path < $1.path }
        report.madeByFormat = state.madeByFormat
        report.seconds = Date().timeIntervalSince(started)
        return (prepared.review.issues, report, prepared.todo)
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
            let historyPath =
                "history/"
                + job.path.replacingOccurrences(of: ".\(job.format.rawValue)", with: ".v\(version).\(job.format.rawValue)")
            let historyTarget = (output as NSString).appendingPathComponent(historyPath)
            try AtomicFile.createDirectories((historyTarget as NSString).deletingLastPathComponent)
            if !FileManager.default.fileExists(atPath: historyTarget) {
                guard link(target, historyTarget) == 0 else {
                    throw BatchError("cannot keep the previous version as \(historyPath): \(String(cString: strerror(errno)))")
                }
            }
            let hash = FileManager.default.contents(atPath: historyTarget).map { Digest.sha256([UInt8]($0)) } ?? ""
            let kept = Manifest.HistoryEntry(
                version: version, path: historyPath, fileSHA256: hash,
                signatureState: job.entry?.signatureState, sealed: job.entry?.sealed ?? false,
                replacedBecause: job.reasons.map(\.description))
            history.append(kept)
            if job.supersedes { superseded = kept }
        }
        // A PDF made from the previous version no longer matches: remove it now, so that even a
        // build stopped before its PDFs are made leaves no stale one.
        try? FileManager.default.removeItem(atPath: (output as NSString).appendingPathComponent(BuildState.pdfPath(job.path)))
        var bytes = rendered.bytes
        let signatureState = job.signatureState
        let sealed = try sealIfSigned(&bytes, job: job, signatureState: signatureState)
        try AtomicFile.createDirectories((target as NSString).deletingLastPathComponent)
        try AtomicFile.write(bytes, to: target)
        let written = FileStat(target)
        let reads = ReadRecord(rendered: rendered)
        let readsFile = Manifest.readsFile(for: job.path)
        try Manifest.saveReads(reads, outputFolder: output, file: readsFile)
        return Manifest.Entry(
            id: job.document.id, kind: job.document.kind, format: job.format.rawValue, school: job.document.schoolID,
            provider: job.document.providerID, placement: job.document.placementID, path: job.path,
            version: (history.map(\.version).max() ?? 0) + 1, fileSHA256: Digest.sha256(bytes),
            fileSize: written?.size, fileModified: written?.modified,
            template: relativeToWorkspace(job.templatePath), templateSHA256: job.templateHash, engineVersion: engineVersion,
            dataSHA256: reads.dataSHA256, readsFile: readsFile, policies: reads.policyVersions(in: job.document.context),
            signatureState: signatureState, sealed: sealed, history: history, supersededSigned: superseded,
            clearedSignatures: job.clearedSignatures.isEmpty ? nil : job.clearedSignatures,
            reasons: job.reasons.map(\.description), pdf: nil)
    }

    /// Seals an agreement every party who must sign has signed, with `sign_with` from apdocs.yaml. The
    /// signing time is the issue date, so the same inputs still give the same bytes.
    private func sealIfSigned(_ bytes: inout [UInt8], job: Job, signatureState: AgreementState?) throws -> Bool {
        guard let signWith = workspace.config.signWith, signatureState == .signed else { return false }
        bytes = try PackageSigner.sign(
            package: bytes, format: job.format, key: workspace.path(signWith.key),
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
