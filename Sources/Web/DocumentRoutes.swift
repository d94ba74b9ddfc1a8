import Foundation
import Hummingbird
import NIOCore
import Workspaces

extension WebApp {
    func addDocumentRoutes(_ router: Router<WebContext>) {
        router.get("/documents") { request, context in
            try await self.documents(context, message: request.uri.queryParameters["built"].map { "Build finished: \($0)." })
        }
        router.post("/documents/build") { _, context in try await self.build(context) }
        router.get("/documents/build") { _, context in try await self.buildProgressPage(context) }
        router.get("/documents/build/status") { _, _ in await self.buildProgress.statusResponse() }
        router.get("/documents/preview") { request, context in
            try await self.preview(request.uri.queryParameters["path"].map(String.init) ?? "", context: context)
        }
        router.get("/download") { request, context in
            let path = request.uri.queryParameters["path"].map(String.init) ?? ""
            let inline = request.uri.queryParameters["inline"] != nil
            guard let response = try await self.download(path, inline: inline) else {
                context.logger.notice("download refused", metadata: ["reason": "not a listed output file"])
                return self.pages.error(status: .notFound, message: "There is no such document.", context: context)
            }
            return response
        }
    }

    func manifest() async throws -> Manifest {
        let workspace = self.workspace
        let version = engineVersion
        return try await offload { try Manifest.load(outputFolder: workspace.outputFolder, engineVersion: version) }
    }

    /// Each document once, its formats side by side, with its history.
    func documents(_ context: WebContext, message: String? = nil) async throws -> Response {
        let manifest = try await manifest()
        var order: [String] = []
        var byID: [String: [Manifest.Entry]] = [:]
        for entry in manifest.files {
            if byID[entry.id] == nil { order.append(entry.id) }
            byID[entry.id, default: []].append(entry)
        }
        let documents = order.map { id -> [String: Any] in
            let entries = byID[id]!
            let first = entries[0]
            var files = entries.map { ["format": $0.format.uppercased(), "query": urlEncode($0.path)] }
            files += entries.compactMap(\.pdf).prefix(1).map { ["format": "PDF", "query": urlEncode($0.path)] }
            let history = first.history.map { old -> [String: Any] in
                ["version": old.version, "query": urlEncode(old.path), "because": old.replacedBecause.joined(separator: "; ")]
            }
            // In words for staff ("partly signed"); the manifest keeps the id ("partly-signed").
            var state = first.signatureState?.rawValue.replacingOccurrences(of: "-", with: " ") ?? ""
            if first.sealed { state += state.isEmpty ? "sealed" : ", sealed" }
            return [
                "id": id, "query": urlEncode(first.path), "version": first.version, "state": state, "files": files,
                "reasons": first.reasons.joined(separator: "; "),
                "history": history, "hasHistory": !history.isEmpty,
            ]
        }
        var values: [String: Any] = ["documents": documents]
        if let message { values["message"] = message }
        return pages.page("documents", title: "Documents", values, context: context)
    }

    /// Starts a build of what is missing or out of date in the background (one at a time; a
    /// press while one runs just shows its progress) and sends the browser to the progress page.
    func build(_ context: WebContext) async throws -> Response {
        let user = context.session?.user ?? "?"
        guard await buildProgress.start() else { return Pages.seeOther("/documents/build") }
        let builder = self.builder()
        let progress = buildProgress
        let logger = context.logger
        let files = self.files
        Task.detached {
            do {
                let (_, report, _) = try builder.build(wait: true) { done, total, failed in
                    Task { await progress.update(done: done, total: total, failed: failed) }
                }
                logger.info(
                    "build",
                    metadata: [
                        "user": .string(user), "built": .stringConvertible(report.built.count),
                        "held": .stringConvertible(report.held.count),
                    ])
                try? AuditLog.append(AuditRecord(time: Date(), actor: user, action: "build", record: "output/"), files: files)
                await progress.finish(
                    "\(report.built.count) made, \(report.upToDate) up to date, \(report.held.count) held back, \(report.failed.count) failed"
                )
            } catch {
                logger.error("build failed", metadata: ["error": .string(String(describing: type(of: error)))])
                await progress.finish("the build stopped with an error; the server log has the details")
            }
        }
        return Pages.seeOther("/documents/build")
    }

    /// While a build runs: how far it is, refreshed every second by the page itself (a meta
    /// refresh: no script needed). When it has finished: on to the documents with the summary.
    func buildProgressPage(_ context: WebContext) async throws -> Response {
        let state = await buildProgress.state
        guard state.running else {
            guard let summary = state.summary else { return Pages.seeOther("/documents") }
            return Pages.seeOther("/documents?built=\(urlEncode(summary))")
        }
        return pages.page(
            "build-progress", title: "Building",
            [
                "done": state.done, "total": max(state.total, 1), "known": state.total > 0, "failed": state.failed,
                "refresh": 1,
            ],
            context: context)
    }

    /// A document in the page: its PDF in a frame (served inline, framed by this app only).
    func preview(_ path: String, context: WebContext) async throws -> Response {
        let manifest = try await manifest()
        guard let entry = manifest.files.first(where: { $0.path == path || $0.pdf?.path == path }) else {
            return pages.error(status: .notFound, message: "There is no such document.", context: context)
        }
        var values: [String: Any] = ["id": entry.id, "version": entry.version, "query": urlEncode(entry.path)]
        if let pdf = entry.pdf { values["pdfQuery"] = urlEncode(pdf.path) }
        return pages.page("preview", title: "Preview \(entry.id)", values, context: context)
    }

    /// The file at `path` (relative to the output folder) if the manifest lists it, as the
    /// current file, its PDF or an earlier version, and it resolves inside the output folder.
    func download(_ path: String, inline: Bool = false) async throws -> Response? {
        let manifest = try await manifest()
        let listed = manifest.files.contains { entry in
            entry.path == path || entry.pdf?.path == path || entry.history.contains { $0.path == path }
                || entry.supersededSigned?.path == path
        }
        guard listed, let file = Self.resolveInside(workspace.outputFolder, path) else { return nil }
        let data = try await offload { FileManager.default.contents(atPath: file) }
        guard let data else { return nil }
        let name = (path as NSString).lastPathComponent
        let types = [
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "odt": "application/vnd.oasis.opendocument.text", "pdf": "application/pdf",
        ]
        let type = types[(name as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        let shownInline = inline && type == "application/pdf"
        var response = Response(
            status: .ok,
            headers: [
                .contentType: type,
                .contentDisposition:
                    "\(shownInline ? "inline" : "attachment"); filename=\"\(name.replacingOccurrences(of: "\"", with: ""))\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        // The preview page frames the PDF: this response alone may be framed, by this app only.
        if shownInline { response.headers[.contentSecurityPolicy] = WebMiddleware.framedPDFPolicy }
        return response
    }

    /// `folder/relative` with links and `..` resolved, or nil when that leaves `folder`.
    static func resolveInside(_ folder: String, _ relative: String) -> String? {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0") else { return nil }
        let base = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: base + "/" + relative).standardizedFileURL.resolvingSymlinksInPath().path
        return target.hasPrefix(base + "/") ? target : nil
    }
}
