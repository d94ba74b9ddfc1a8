import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The one middleware in front of every route: works out the client address and whether the
/// request is secure, finds the session, refuses what needs a login without one, reads a POST's
/// form and refuses it without the right CSRF token, and adds the security headers to every
/// response, errors included.
struct WebMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let app: WebApp

    static let sessionCookie = "apdocs_session"
    static let csrfCookie = "apdocs_csrf"

    /// The session with this id, as its user now stands: a user removed since logging in has no
    /// session any more, and a changed role applies from the next request (users.json decides,
    /// not what was true at login).
    private func liveSession(id: String) async -> WebSession? {
        guard var session = await app.sessions.session(id: id) else { return nil }
        guard let user = (try? UserStore.load(app.files))?.first(where: { $0.name == session.user }) else {
            await app.sessions.remove(id: id)
            return nil
        }
        session.role = user.role
        return session
    }

    func handle(
        _ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        var response: Response
        var newCSRFCookie: String?
        do {
            identifyClient(request, &context)
            if let id = request.cookies[Self.sessionCookie]?.value, let session = await liveSession(id: id) {
                context.session = session
                context.csrf = session.csrf
            } else if let token = request.cookies[Self.csrfCookie]?.value, token.count >= 32 {
                context.csrf = token
            } else {
                context.csrf = Token.random(bytes: 32)
                newCSRFCookie = context.csrf
            }
            let path = request.uri.path
            if context.session == nil && !Self.isPublic(path) {
                response = Response.redirect(to: "/login", type: .normal)
            } else if request.method == .post {
                let body = try await request.collectBody(upTo: context.maxUploadSize)
                let type = request.headers[.contentType] ?? ""
                if type.hasPrefix("application/x-www-form-urlencoded") {
                    context.form = FormFields(urlEncoded: String(buffer: body))
                } else if let boundary = Multipart.boundary(contentType: type) {
                    for part in Multipart.parts(Array(buffer: body), boundary: boundary) {
                        if part.filename != nil {
                            context.uploads[part.name] = part.body
                        } else {
                            context.form.pairs.append((part.name, String(decoding: part.body, as: UTF8.self)))
                        }
                    }
                }
                if newCSRFCookie != nil || !Token.equal(context.form["csrf"] ?? "", context.csrf) {
                    context.logger.notice(
                        "refused a POST without a valid CSRF token", metadata: ["path": .string(Self.logPath(path))])
                    response = app.pages.error(
                        status: .forbidden, message: "This form has expired. Go back, reload the page and try again.",
                        context: context)
                } else {
                    response = try await next(request, context)
                }
            } else {
                response = try await next(request, context)
            }
        } catch let error as WebError {
            response = app.pages.error(status: .badRequest, message: error.description, context: context)
        } catch let error as HTTPResponseError {
            response = app.pages.error(
                status: error.status,
                message: error.status == .contentTooLarge ? "That upload is too large." : error.status.reasonPhrase,
                context: context)
        } catch {
            context.logger.error(
                "request failed",
                metadata: [
                    "path": .string(Self.logPath(request.uri.path)), "error": .string(String(describing: type(of: error))),
                ])
            response = app.pages.error(
                status: .internalServerError, message: "Something went wrong. The server log has the details.", context: context)
        }
        if let token = newCSRFCookie {
            response.setCookie(
                Cookie(
                    name: Self.csrfCookie, value: token, path: "/", secure: context.isSecure, httpOnly: true, sameSite: .strict))
        }
        Self.addSecurityHeaders(&response)
        return response
    }

    /// Paths open without a login: the login form, signing links and static assets.
    static func isPublic(_ path: String) -> Bool {
        path == "/login" || path.hasPrefix("/sign/") || path.hasPrefix("/static/") || path == "/favicon.ico"
    }

    /// A signing link's token is a secret: logs name the route, not the token.
    static func logPath(_ path: String) -> String { path.hasPrefix("/sign/") ? "/sign/…" : path }

    /// The peer address; behind a trusted proxy on this machine, the address it forwards.
    private func identifyClient(_ request: Request, _ context: inout WebContext) {
        guard app.options.behindProxy, ["127.0.0.1", "::1"].contains(context.clientAddress) else {
            context.isSecure = app.options.tls
            return
        }
        if let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last {
            context.clientAddress = forwarded.trimmingCharacters(in: .whitespaces)
        }
        context.isSecure = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// A PDF shown in the preview page's frame: no script, framed by this app's pages only.
    static let framedPDFPolicy = "default-src 'none'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'"

    static func addSecurityHeaders(_ response: inout Response) {
        let framed = response.headers[.contentSecurityPolicy] == framedPDFPolicy
        response.headers[.contentSecurityPolicy] = framed ? framedPDFPolicy : contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = framed ? "SAMEORIGIN" : "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    }
}
