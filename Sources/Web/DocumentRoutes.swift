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
        router.get("/download") { request, context in
            let path = request.uri.queryParameters["path"].map(String.init) ?? ""
            guard let response = try await self.download(path) else {
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
            var state = first.signatureState?.rawValue ?? ""
            if first.sealed { state += state.isEmpty ? "sealed" : ", sealed" }
            return [
                "id": id, "version": first.version, "state": state, "files": files,
                "reasons": first.reasons.joined(separator: "; "),
                "history": history, "hasHistory": !history.isEmpty,
            ]
        }
        var values: [String: Any] = ["documents": documents]
        if let message { values["message"] = message }
        return pages.page("documents", title: "Documents", values, context: context)
    }

    /// Builds what is missing or out of date, waiting for a build already running.
    func build(_ context: WebContext) async throws -> Response {
        let builder = self.builder()
        let user = context.session?.user ?? "?"
        let (_, report, _) = try await offload { try builder.build(wait: true) }
        context.logger.info(
            "build",
            metadata: [
                "user": .string(user), "built": .stringConvertible(report.built.count),
                "held": .stringConvertible(report.held.count),
            ])
        try? AuditLog.append(AuditRecord(time: Date(), actor: user, action: "build", record: "output/"), files: files)
        let summary =
            "\(report.built.count) made, \(report.upToDate) up to date, \(report.held.count) held back, \(report.failed.count) failed"
        return Pages.seeOther("/documents?built=\(urlEncode(summary))")
    }

    /// The file at `path` (relative to the output folder) if the manifest lists it, as the
    /// current file, its PDF or an earlier version, and it resolves inside the output folder.
    func download(_ path: String) async throws -> Response? {
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
        return Response(
            status: .ok,
            headers: [
                .contentType: type,
                .contentDisposition: "attachment; filename=\"\(name.replacingOccurrences(of: "\"", with: ""))\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `folder/relative` with links and `..` resolved, or nil when that leaves `folder`.
    static func resolveInside(_ folder: String, _ relative: String) -> String? {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0") else { return nil }
        let base = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: base + "/" + relative).standardizedFileURL.resolvingSymlinksInPath().path
        return target.hasPrefix(base + "/") ? target : nil
    }
}
