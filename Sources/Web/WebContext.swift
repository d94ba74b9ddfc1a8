import Foundation
import Hummingbird
import NIOCore

/// What each request carries through the app: the client's address, the session, and the
/// form fields of a POST (read once by `WebMiddleware`).
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (or the forwarded one, from a trusted local proxy).
    public var clientAddress: String
    public var session: WebSession?
    /// The CSRF token forms of this request carry: the session's, or a cookie's before login.
    public var csrf = ""
    public var form = FormFields()
    /// Files of a multipart POST, by field name.
    public var uploads: [String: [UInt8]] = [:]
    /// Whether the request reached the app over HTTPS (cookies are then Secure).
    public var isSecure = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms are small; a CSV upload is the largest thing posted.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }
}

/// The fields of an `application/x-www-form-urlencoded` body, in order, repeated names kept.
public struct FormFields: Sendable {
    public var pairs: [(String, String)] = []

    public init(pairs: [(String, String)] = []) { self.pairs = pairs }

    /// Parses `a=1&b=two+words`; a malformed escape leaves the value as sent.
    public init(urlEncoded text: String) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            pairs.append((decode(halves[0]), halves.count > 1 ? decode(halves[1]) : ""))
        }
    }

    public subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    public func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }
}

/// Percent-encoding for a query value or path segment.
func urlEncode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

/// Escapes text for HTML element content and attribute values.
func htmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
