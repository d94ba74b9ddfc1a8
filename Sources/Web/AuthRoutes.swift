import Foundation
import Hummingbird

extension WebApp {
    func addAuthRoutes(_ router: Router<WebContext>) {
        router.get("/login") { _, context in
            context.session != nil ? Response.redirect(to: "/") : self.pages.page("login", title: "Log in", context: context)
        }
        router.post("/login") { _, context in try await self.login(context) }
        router.post("/logout") { _, context in
            if let session = context.session { await self.sessions.remove(id: session.id) }
            var response = Pages.seeOther("/login")
            response.setCookie(
                Cookie(
                    name: WebMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: context.isSecure, httpOnly: true,
                    sameSite: .strict))
            return response
        }
    }

    /// Checks the password (off the event loop: bcrypt is slow on purpose), limits failures
    /// per address and per user name, and starts a session with a new id.
    func login(_ context: WebContext) async throws -> Response {
        let name = (context.form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = context.form["password"] ?? ""
        let keys = ["address:" + context.clientAddress, "user:" + name.lowercased()]
        for key in keys where await loginLimiter.isBlocked(key) {
            context.logger.notice(
                "login refused: too many failures", metadata: ["kind": .string(String(key.prefix { $0 != ":" }))])
            return pages.page(
                "login", title: "Log in",
                ["message": "Too many failed attempts. Wait 15 minutes, then try again.", "username": name], context: context,
                status: .tooManyRequests)
        }
        let files = self.files
        let user = try await offload { UserStore.authenticate(name: name, password: password, files: files) }
        guard let user else {
            for key in keys { await loginLimiter.recordFailure(key) }
            return pages.page(
                "login", title: "Log in", ["message": "The user name or password is not right.", "username": name],
                context: context, status: .unauthorized)
        }
        await loginLimiter.reset("user:" + name.lowercased())
        let session = await sessions.create(user: user)
        context.logger.info("logged in", metadata: ["user": .string(user.name)])
        var response = Pages.seeOther("/")
        response.setCookie(
            Cookie(
                name: WebMiddleware.sessionCookie, value: session.id, path: "/", secure: context.isSecure, httpOnly: true,
                sameSite: .strict))
        return response
    }
}
