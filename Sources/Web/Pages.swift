import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders the mustache templates (`Templates`) into responses, inside the common layout.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// `template` rendered with `values`, inside the layout (title, navigation, the CSRF token).
    func page(
        _ template: String, title: String, _ values: [String: Any] = [:], context: WebContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = values
        values["csrf"] = context.csrf
        let body = library.render(values, withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "body": body, "csrf": context.csrf]
        // A page that updates itself (build progress) asks for a refresh after so many seconds.
        if let refresh = values["refresh"] { layout["refresh"] = refresh }
        if let session = context.session {
            layout["user"] = session.user
            layout["isAdmin"] = session.role == .admin
        }
        return Self.html(library.render(layout, withTemplate: "layout") ?? body, status: status)
    }

    func error(status: HTTPResponse.Status, message: String, context: WebContext) -> Response {
        page(
            "error", title: "\(status.code) \(status.reasonPhrase)", ["status": status.code, "message": message],
            context: context, status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// After a POST: back to a page with GET.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// The stylesheet and the signature pad, served by the binary itself (no CDN).
enum StaticAssets {
    static func register(on router: Router<WebContext>) {
        router.get("/static/app.css") { _, _ in asset(Templates.css, type: "text/css; charset=utf-8") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/static/signature-pad.js") { _, _ in asset(Templates.signaturePad, type: "text/javascript; charset=utf-8") }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
