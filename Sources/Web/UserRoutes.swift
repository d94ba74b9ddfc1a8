import Foundation
import Hummingbird

extension WebApp {
    /// Admins manage users; staff see a refusal.
    func addUserRoutes(_ router: Router<WebContext>) {
        router.get("/users") { _, context in try await self.usersPage(context) }
        router.post("/users") { _, context in
            guard context.session?.role == .admin else { return self.refuseNonAdmin(context) }
            let name = (context.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            let role = UserRole(rawValue: context.form["role"] ?? "") ?? .staff
            let password = context.form["password"] ?? ""
            let workspace = self.workspace
            do {
                try await self.offload { try UserStore.add(name: name, role: role, password: password, in: workspace) }
            } catch let error as WebError {
                return try await self.usersPage(context, error: error.description, typedName: name, status: .unprocessableContent)
            }
            try? AuditLog.append(
                AuditRecord(
                    time: Date(), actor: context.session?.user ?? "?", action: "set-user", record: name,
                    fields: ["role", "passwordHash"]), files: self.files)
            return Pages.seeOther("/users")
        }
    }

    func refuseNonAdmin(_ context: WebContext) -> Response {
        pages.error(status: .forbidden, message: "Only an admin manages users.", context: context)
    }

    func usersPage(
        _ context: WebContext, error: String? = nil, typedName: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard context.session?.role == .admin else { return refuseNonAdmin(context) }
        let users = try UserStore.load(files).map {
            ["name": $0.name, "role": $0.role.rawValue, "created": ISO8601DateFormatter().string(from: $0.created)]
        }
        var values: [String: Any] = ["users": users, "typedName": typedName, "roles": UserRole.allCases.map(\.rawValue)]
        if let error { values["error"] = error }
        return pages.page("users", title: "Users", values, context: context, status: status)
    }
}
