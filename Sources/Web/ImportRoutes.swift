import Foundation
import Hummingbird

extension WebApp {
    func addImportRoutes(_ router: Router<WebContext>) {
        router.get("/import") { request, context in
            var values: [String: Any] = [:]
            if let done = request.uri.queryParameters["done"] { values["message"] = "Imported: \(done)." }
            return self.pages.page("import", title: "Import", values, context: context)
        }
        router.post("/import/preview") { _, context in
            guard let bytes = context.uploads["csv"], !bytes.isEmpty else {
                return self.pages.page(
                    "import", title: "Import", ["error": "Choose a CSV file to upload."], context: context,
                    status: .unprocessableContent)
            }
            return try await self.importPage(csv: String(decoding: bytes, as: UTF8.self), context: context)
        }
        router.post("/import/confirm") { _, context in
            let text = (context.form["csv_text"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            let workspace = self.workspace
            let actor = context.session?.user ?? "?"
            let written = try await self.offload { () -> [String] in
                let plan = try CSVImport.plan(csv: text, workspace: workspace)
                return try CSVImport.apply(plan, workspace: workspace, actor: actor)
            }
            context.logger.info("import", metadata: ["user": .string(actor), "files": .stringConvertible(written.count)])
            return Pages.seeOther("/import?done=\(urlEncode("\(written.count) file\(written.count == 1 ? "" : "s") written"))")
        }
    }

    /// The preview: what each row would do, its errors by column; a button to confirm.
    func importPage(csv: String, context: WebContext) async throws -> Response {
        let text = csv.replacingOccurrences(of: "\r\n", with: "\n")
        let workspace = self.workspace
        let plan: ImportPlan
        do {
            plan = try await offload { try CSVImport.plan(csv: text, workspace: workspace) }
        } catch let error as WebError {
            return pages.page(
                "import", title: "Import", ["error": error.description], context: context, status: .unprocessableContent)
        }
        let rows = plan.rows.map { row -> [String: Any] in
            [
                "row": row.row, "action": row.action.rawValue, "placement": row.placement ?? "",
                "fields": row.fields.joined(separator: ", "),
                "errors": row.errors.joined(separator: "; "), "isError": row.action == .error,
            ]
        }
        let writes = plan.rows.filter { $0.action == .create || $0.action == .update }.count
        return pages.page(
            "import", title: "Import preview",
            [
                "preview": true, "rows": rows, "csv": text, "writesLabel": writes == 1 ? "1 row" : "\(writes) rows",
                "canWrite": writes > 0,
                "ignored": plan.ignoredColumns.joined(separator: ", "), "hasIgnored": !plan.ignoredColumns.isEmpty,
            ], context: context)
    }
}
