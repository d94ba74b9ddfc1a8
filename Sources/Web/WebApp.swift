import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL
import Placement
import Workspaces

/// How `apdocs serve` listens.
public struct ServeOptions: Sendable {
    public var host: String
    public var port: Int
    /// A TLS-terminating proxy on this machine forwards to the app: trust its
    /// X-Forwarded-Proto and X-Forwarded-For, from loopback peers only.
    public var behindProxy: Bool
    /// TLS in the app itself: PEM files of the certificate chain and the private key.
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var tls: Bool { tlsCertificate != nil && tlsKey != nil }
    /// The address printed in signing links (`http://127.0.0.1:8080`).
    public var publicURL: String

    public init(
        host: String = "127.0.0.1", port: Int = 8080, behindProxy: Bool = false, tlsCertificate: String? = nil,
        tlsKey: String? = nil, publicURL: String? = nil
    ) {
        self.host = host
        self.port = port
        self.behindProxy = behindProxy
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        let scheme = tlsCertificate != nil && tlsKey != nil ? "https" : "http"
        self.publicURL = publicURL ?? "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The server's TLS settings from the PEM files: TLS 1.2 at least.
    public func tlsConfiguration() throws -> TLSConfiguration? {
        guard let tlsCertificate, let tlsKey else { return nil }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(tlsCertificate)
        } catch {
            throw WebError("--tls-cert: cannot read a PEM certificate chain from \(tlsCertificate)")
        }
        do {
            key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
        } catch {
            throw WebError(
                "--tls-key: cannot read a PEM private key from \(tlsKey) (an encrypted key needs its passphrase removed)")
        }
        guard !chain.isEmpty else { throw WebError("--tls-cert: \(tlsCertificate) holds no certificate") }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// Pupil data is special-category data: the app listens on this machine only, unless
    /// traffic is encrypted (TLS, or a proxy that does it).
    public func checkExposure() throws {
        let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost"
        if !loopback && !tls && !behindProxy {
            throw WebError(
                "--host \(host) would serve pupil data unencrypted to the network; give --tls-cert and --tls-key, or listen on 127.0.0.1 behind a TLS proxy and pass --behind-proxy, or keep the default host"
            )
        }
    }
}

/// The web app over one workspace: its stores, its pages and its routes.
public final class WebApp: Sendable {
    public let workspace: Workspace
    public let files: WebFiles
    public let engineVersion: String
    public let options: ServeOptions
    let sessions: SessionStore
    /// Ten failed logins per address and user name in 15 minutes, then a pause.
    let loginLimiter = RateLimiter(limit: 10, window: 900)
    /// Signing pages: 30 failed or finished submissions per address in 15 minutes.
    let signLimiter = RateLimiter(limit: 30, window: 900)
    let pages: Pages
    let snapshots = Snapshots()
    let buildProgress = BuildProgress()

    public init(workspace: Workspace, engineVersion: String, options: ServeOptions = ServeOptions()) throws {
        self.workspace = workspace
        self.files = WebFiles(workspace: workspace)
        self.sessions = SessionStore(files: WebFiles(workspace: workspace))
        self.engineVersion = engineVersion
        self.options = options
        self.pages = try Pages()
    }

    /// The router with every route behind `WebMiddleware`.
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: WebMiddleware(app: self))
        StaticAssets.register(on: router)
        addAuthRoutes(router)
        addBrowseRoutes(router)
        addDocumentRoutes(router)
        addEditRoutes(router)
        addImportRoutes(router)
        addUserRoutes(router)
        addSigningRoutes(router)
        return router
    }

    /// The application, ready to run or to test.
    public func application(logger: Logger? = nil) throws -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "apdocs.serve")
        if logger == nil { log.logLevel = .info }
        let configuration = ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: nil)
        if let tls = try options.tlsConfiguration() {
            return Application(
                router: router(), server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration, logger: log)
        }
        return Application(router: router(), configuration: configuration, logger: log)
    }

    /// Serves until interrupted.
    public func run() async throws {
        try options.checkExposure()
        try await application().runService()
    }

    /// Runs blocking work (file locks, builds, bcrypt) off the server's event loops.
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The workspace's data and issues as of now.
    func review() async throws -> WorkspaceReview {
        let workspace = self.workspace
        let key = try await offload { Snapshots.key(workspace) }
        return try await snapshots.review(key: key) { [self] in
            try await offload { try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate(), checkTemplates: false) }
        }
    }

    /// What `apdocs status` reports, as of the workspace's current files.
    func status() async throws -> WorkspaceStatus {
        let workspace = self.workspace
        let builder = self.builder()
        let key = try await offload { Snapshots.key(workspace) }
        return try await snapshots.status(key: key) { [self] in try await offload { try builder.status() } }
    }

    /// When `apdocs.yaml` pins an issue date before today (the sample workspace does, so that
    /// its autumn-2025 data reads the same every day), the checks judge as of that day, and a
    /// signature made through a link today reads as dated in the future. The rule stays as it
    /// is (output must not depend on the clock); the app says so, once at start and on the
    /// dashboard, with the fix: delete the line to judge by today.
    public func pinnedIssueDateWarning() -> String? {
        guard workspace.config.issueDate != nil, let pinned = try? workspace.issueDate(), pinned < IssueDay.today else {
            return nil
        }
        return
            "apdocs.yaml pins issue_date to \(UKDate.text(pinned)): the checks judge the data as of that day, so a signature made today reads as dated in the future. For live signing, delete the issue_date line to judge by today."
    }

    func builder() -> BatchBuilder { BatchBuilder(workspace: workspace, engineVersion: engineVersion) }
}
