import Foundation
import Hummingbird
import NIOCore
import Placement
import Workspaces

extension WebApp {
    func addSigningRoutes(_ router: Router<WebContext>) {
        router.post("/placements/:id/signing-links") { _, context in
            let id = try context.parameters.require("id")
            guard let role = SignatureRole(rawValue: context.form["role"] ?? ""), let days = Int(context.form["days"] ?? "14"),
                (1...90).contains(days)
            else {
                return self.pages.error(
                    status: .badRequest, message: "Choose who signs, and a validity of 1 to 90 days.", context: context)
            }
            let user = context.session?.user ?? "?"
            let workspace = self.workspace
            let (token, link) = try await self.offload {
                try SigningLinks.create(placement: id, role: role, days: days, by: user, in: workspace)
            }
            try? AuditLog.append(
                AuditRecord(time: Date(), actor: user, action: "create-signing-link", record: id, role: role.rawValue),
                files: self.files)
            context.logger.info("signing link created", metadata: ["placement": .string(id), "link": .string(link.id)])
            let newLink: [String: Any] = [
                "role": Parties.words(role, placement: try? await self.review().dataset.placement(id: id)),
                "expires": UKDate.text(link.expires), "url": self.signingURL(token),
            ]
            return try await self.record(.placement, id: id, context: context, newLink: newLink)
        }
        router.post("/placements/:id/signing-links/:link/revoke") { _, context in
            let id = try context.parameters.require("id")
            let linkID = try context.parameters.require("link")
            let files = self.files
            _ = try await self.offload { try SigningLinks.revoke(id: linkID, files: files) }
            try? AuditLog.append(
                AuditRecord(time: Date(), actor: context.session?.user ?? "?", action: "revoke-signing-link", record: id),
                files: files)
            return Pages.seeOther("/placements/\(urlEncode(id))")
        }
        router.get("/sign/:token") { _, context in
            try await self.signPage(token: context.parameters.require("token"), context: context)
        }
        router.get("/sign/:token/document") { _, context in
            let token = try context.parameters.require("token")
            guard let link = SigningLinks.find(token: token, files: self.files),
                let document = try await self.agreement(link.placement),
                let response = try await self.download(document.path)
            else {
                return self.pages.page("sign-closed", title: "Link not usable", context: context, status: .gone)
            }
            return response
        }
        router.post("/sign/:token") { request, context in
            try await self.sign(
                token: context.parameters.require("token"), userAgent: request.headers[.userAgent] ?? "", context: context)
        }
    }

    /// The URL a signer opens.
    public func signingURL(_ token: String) -> String { options.publicURL + "/sign/" + token }

    /// The current file of a placement's agreement, as signers read it: the PDF where one is
    /// made, else the first format.
    func agreement(_ placement: String) async throws -> (path: String, sha256: String, version: Int, format: String)? {
        let entries = try await manifest().files.filter { $0.placement == placement && $0.kind == .placementAgreement }
        guard let first = entries.first else { return nil }
        if let pdf = entries.compactMap(\.pdf).first { return (pdf.path, pdf.fileSHA256, first.version, "PDF") }
        return (first.path, first.fileSHA256, first.version, first.format.uppercased())
    }

    func signPage(
        token: String, context: WebContext, message: String? = nil, signerName: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        if await signLimiter.isBlocked(context.clientAddress) {
            return pages.error(
                status: .tooManyRequests, message: "Too many attempts from this device. Please wait 15 minutes.", context: context
            )
        }
        guard let link = SigningLinks.find(token: token, files: files) else {
            await signLimiter.recordFailure(context.clientAddress)
            return pages.page("sign-closed", title: "Link not usable", context: context, status: .gone)
        }
        guard let document = try await agreement(link.placement),
            let placement = try await review().dataset.placement(id: link.placement)
        else {
            return pages.error(
                status: .conflict, message: "The agreement is not ready to sign yet. Please try again later or ask the school.",
                context: context)
        }
        let data = try await review().dataset
        var facts: [[String: String]] = [
            ["label": "Pupil", "value": placement.pupil.name],
            ["label": "School", "value": data.school(id: placement.school)?.name ?? placement.school],
            ["label": "Provider", "value": data.provider(id: placement.provider)?.name ?? placement.provider],
            ["label": "Starts", "value": UKDate.text(placement.start)],
        ]
        if let end = placement.plannedEnd { facts.append(["label": "Planned end", "value": UKDate.text(end)]) }
        if !placement.sessions.isEmpty {
            let sessions = placement.sessions.map { "\($0.day.rawValue.capitalized) \($0.start)–\($0.end)" }.joined(
                separator: "; ")
            facts.append(["label": "Sessions", "value": sessions])
        }
        if !placement.aims.isEmpty { facts.append(["label": "Aims", "value": placement.aims.joined(separator: "; ")]) }
        var values: [String: Any] = [
            "token": token, "placement": link.placement, "roleWords": Parties.words(link.role, placement: placement),
            "facts": facts,
            "version": document.version, "format": document.format, "sha256": document.sha256, "signerName": signerName,
        ]
        if let message { values["message"] = message }
        return pages.page("sign", title: "Sign the agreement", values, context: context, status: status)
    }

    static func roleWords(_ role: SignatureRole) -> String { role.inWords }

    /// Records the signature through `SignatureRecorder`, with an audit record, and uses up
    /// the link. The form is refused (and kept as typed) when the name or consent is missing,
    /// or when the agreement changed since the page was shown.
    func sign(token: String, userAgent: String, context: WebContext) async throws -> Response {
        if await signLimiter.isBlocked(context.clientAddress) {
            return pages.error(
                status: .tooManyRequests, message: "Too many attempts from this device. Please wait 15 minutes.", context: context
            )
        }
        await signLimiter.recordFailure(context.clientAddress)
        let name = (context.form["signer_name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else {
            return try await signPage(
                token: token, context: context, message: "Please type your full name.", status: .unprocessableContent)
        }
        guard context.form["consent"] == "yes" else {
            return try await signPage(
                token: token, context: context, message: "Please tick the box to say you agree.", signerName: name,
                status: .unprocessableContent)
        }
        guard let link = SigningLinks.find(token: token, files: files) else {
            return pages.page("sign-closed", title: "Link not usable", context: context, status: .gone)
        }
        guard let document = try await agreement(link.placement),
            Token.equal(document.sha256, context.form["document_sha256"] ?? "")
        else {
            return try await signPage(
                token: token, context: context,
                message: "The agreement changed since this page was opened. Please read it again, then sign.", signerName: name,
                status: .conflict)
        }
        var png: Data?
        let drawing = context.form["signature"] ?? ""
        if drawing.hasPrefix("data:image/png;base64,") {
            guard drawing.count < 700_000, let bytes = Data(base64Encoded: String(drawing.dropFirst(22))),
                bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
            else {
                return try await signPage(
                    token: token, context: context, message: "The drawn signature could not be read. Clear it and draw it again.",
                    signerName: name, status: .unprocessableContent)
            }
            png = bytes
        }
        let drawn = png
        let workspace = self.workspace
        let files = self.files
        let address = context.clientAddress
        let recorded = try await offload { () -> SigningLink? in
            try SigningLinks.use(token: token, files: files) { link in
                var imagePath: String?
                if let png = drawn {
                    imagePath = NSTemporaryDirectory() + "apdocs-signature-\(UUID().uuidString).png"
                    try png.write(to: URL(fileURLWithPath: imagePath!))
                }
                defer { if let imagePath { try? FileManager.default.removeItem(atPath: imagePath) } }
                let entry = SignatureEntry(
                    role: link.role, name: name, date: IssueDay.today, method: drawn == nil ? .typed : .drawn, image: imagePath)
                let file = try SignatureRecorder.record(entry, placement: link.placement, in: workspace)
                try AuditLog.append(
                    AuditRecord(
                        time: Date(), actor: "signing-link:\(link.id)", action: "sign", record: file, fields: ["signatures"],
                        role: link.role.rawValue, documentSHA256: document.sha256, documentPath: document.path,
                        ipAddress: address, userAgent: String(userAgent.prefix(300))), files: files)
                return link
            }
        }
        guard let recorded else { return pages.page("sign-closed", title: "Link not usable", context: context, status: .gone) }
        context.logger.info(
            "signature recorded",
            metadata: [
                "placement": .string(recorded.placement), "link": .string(recorded.id), "role": .string(recorded.role.rawValue),
            ])
        await buildWhenFullySigned(recorded.placement, context: context)
        return pages.page(
            "signed", title: "Signed", ["roleWords": Self.roleWords(recorded.role), "placement": recorded.placement],
            context: context)
    }

    /// Once every party has signed, the agreement is made again with all the signatures (and
    /// sealed, when `sign_with:` is set), as `apdocs build` would; a failure is logged and left
    /// for the next build.
    func buildWhenFullySigned(_ placement: String, context: WebContext) async {
        guard let record = try? await review().dataset.placement(id: placement),
            record.agreementState == .signed
        else { return }
        let builder = self.builder()
        do {
            let (_, report, _) = try await offload { try builder.build(wait: true) }
            context.logger.info(
                "built after the last signature",
                metadata: ["placement": .string(placement), "built": .stringConvertible(report.built.count)])
        } catch {
            context.logger.error("build after the last signature failed", metadata: ["placement": .string(placement)])
        }
    }
}
