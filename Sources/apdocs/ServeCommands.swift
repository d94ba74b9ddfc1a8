import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Web
import Workspaces

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a workspace as a web app: to-do dashboard, records, documents, signing links.",
        discussion: """
            Listens on 127.0.0.1:8080 by default: pupil data is special-category data, so another \
            address is refused unless the app serves HTTPS itself (--tls-cert and --tls-key, \
            PEM files; TLS 1.2 or later) or a TLS proxy on this machine forwards to it \
            (--behind-proxy, which trusts its X-Forwarded-Proto and X-Forwarded-For from \
            loopback only). Add users first with `apdocs user add`.

            Examples:
              apdocs user add alex --role admin ~/ap
              apdocs serve ~/ap
              apdocs serve ~/ap --port 8443 --behind-proxy --public-url https://ap.school.example
              apdocs serve ~/ap --host 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem
            """)

    @Argument(help: "The workspace folder.")
    var workspace: String

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Flag(help: "A TLS-terminating proxy on this machine forwards to the app.")
    var behindProxy = false

    @Option(help: ArgumentHelp("The address people open, for signing links (default http://HOST:PORT).", valueName: "url"))
    var publicURL: String?

    @Option(help: ArgumentHelp("Serve HTTPS: the certificate chain, a PEM file (with --tls-key).", valueName: "pem"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The private key of --tls-cert, an unencrypted PEM file.", valueName: "pem"))
    var tlsKey: String?

    var serveOptions: ServeOptions {
        ServeOptions(
            host: host, port: port, behindProxy: behindProxy, tlsCertificate: tlsCert, tlsKey: tlsKey, publicURL: publicURL)
    }

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together: give both PEM files, or neither")
        }
        if tlsCert != nil && behindProxy {
            throw ValidationError(
                "--behind-proxy is for a TLS proxy in front of the app; with --tls-cert the app does TLS itself")
        }
        try serveOptions.checkExposure()
    }

    func run() throws {
        let opened = try report { try Workspace(root: workspace) }
        let options = serveOptions
        _ = try report { try options.tlsConfiguration() }
        let app = try report { try WebApp(workspace: opened, engineVersion: APDocs.version, options: options) }
        if (try? UserStore.load(WebFiles(workspace: opened)))?.isEmpty ?? true {
            Terminal.warning("this workspace has no users yet; add one with: apdocs user add NAME --role admin \(workspace)")
        }
        if let pinned = app.pinnedIssueDateWarning() { Terminal.warning(pinned) }
        Terminal.message("serving \(workspace) at \(options.publicURL) (Ctrl-C stops)")
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        Task {
            do { try await app.run() } catch { failure = error }
            finished.signal()
        }
        finished.wait()
        if let failure { try report { throw failure } }
    }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the web app's users.", subcommands: [UserAddCommand.self])
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user (or set a user's password and role); the password is read from stdin.",
        discussion: """
            On a terminal the password is asked for twice without echo; otherwise the first line \
            of stdin is the password. Only a bcrypt hash is kept, in WORKSPACE/.apdocs/users.json.

            Examples:
              apdocs user add alex --role admin ~/ap
              printf '%s\\n' "$PASSWORD" | apdocs user add sam ~/ap
            """)

    @Argument(help: "The user name (letters, digits, . _ - @).")
    var name: String

    @Option(help: "admin or staff.")
    var role: UserRole = .staff

    @Argument(help: "The workspace folder.")
    var workspace: String

    func run() throws {
        let opened = try report { try Workspace(root: workspace) }
        let password: String
        if isatty(STDIN_FILENO) != 0 {
            let first = PasswordPrompt.read("Password for \(name): ")
            guard PasswordPrompt.read("Again: ") == first else {
                Terminal.error("the two passwords differ; nothing was changed")
                throw ExitCode.failure
            }
            password = first
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        try report { try UserStore.add(name: name, role: role, password: password, in: opened) }
        Terminal.message("user \(name) (\(role.rawValue)) saved in .apdocs/users.json")
    }
}

extension UserRole: ExpressibleByArgument {}

/// Reads a line from the terminal with echo off.
enum PasswordPrompt {
    static func read(_ prompt: String) -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}

struct SignLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-link",
        abstract: "Create a single-use link for one party to sign a placement's agreement; prints the URL.",
        discussion: """
            The link carries 128 random bits; the workspace keeps only their SHA-256 hash. It \
            works once, until it expires (14 days by default), and can be revoked on the \
            placement's page in `apdocs serve`.

            Examples:
              apdocs sign-link ~/ap PL-2025-015 --role parent-carer
              apdocs sign-link ~/ap PL-2025-015 --role provider --expires 7 --public-url https://ap.school.example
            """)

    @Argument(help: "The workspace folder.")
    var workspace: String

    @Argument(help: "The placement's id.")
    var placement: String

    @Option(help: "Who signs: school, provider, parent-carer or pupil.")
    var role: SignatureRole

    @Option(help: "Days until the link expires (1 to 90).")
    var expires = SigningLinks.defaultDays

    @Option(help: ArgumentHelp("The address the server is reached at.", valueName: "url"))
    var publicURL = "http://127.0.0.1:8080"

    func run() throws {
        let opened = try report { try Workspace(root: workspace) }
        let user = ProcessInfo.processInfo.environment["USER"] ?? "cli"
        let (token, link) = try report {
            try SigningLinks.create(placement: placement, role: role, days: expires, by: "cli:\(user)", in: opened)
        }
        try? AuditLog.append(
            AuditRecord(
                time: Date(), actor: "cli:\(user)", action: "create-signing-link", record: placement, role: role.rawValue),
            files: WebFiles(workspace: opened))
        Terminal.message(
            "link \(link.id) for the \(role.rawValue) of \(placement), until \(ISODateWriter.dateTime(link.expires))"
        )
        print(publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/sign/" + token)
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import placements from a CSV export of a school MIS or a spreadsheet.",
        discussion: """
            Each row is matched to a placement by its placement id, else by UPN: its values are \
            changed in place in the placement's file (comments and other lines kept); a row with \
            a new placement id creates placements/ID.yaml with what the row gives. Column names \
            common in MIS exports are known (UPN, Legal Surname, Forename, Date of Birth, Year, \
            Looked After, Placement ID, Provider, Start Date, End Date, ...); --map names others \
            (a YAML file: `columns: {"Column name": data.path}`). The preview says, row by row, \
            what would be created or changed, and each row's errors by column; it never prints \
            the values.

            Exit status: 0 imported (or previewed) with no row in error; 3 some rows are in error \
            (the others are imported); 1 a failure.

            Examples:
              apdocs import ~/ap pupils.csv --dry-run
              apdocs import ~/ap export.csv --map sims-map.yaml
            """)

    @Argument(help: "The workspace folder.")
    var workspace: String

    @Argument(help: "The CSV file (UTF-8, comma-separated, a header row).")
    var file: String

    @Option(help: ArgumentHelp("A map file naming the columns the built-in map does not know.", valueName: "yaml"))
    var map: String?

    @Flag(help: "Only say what would be done.")
    var dryRun = false

    func run() throws {
        let opened = try report { try Workspace(root: workspace) }
        let columns = try report { try map.map { try ImportMap.load(path: $0) } ?? .builtIn }
        guard let data = FileManager.default.contents(atPath: file) else {
            Terminal.error("cannot read \(file)")
            throw ExitCode.failure
        }
        let plan = try report { try CSVImport.plan(csv: String(decoding: data, as: UTF8.self), map: columns, workspace: opened) }
        for line in CSVImport.describe(plan) { print(line) }
        if !dryRun {
            let user = ProcessInfo.processInfo.environment["USER"] ?? "cli"
            let written = try report { try CSVImport.apply(plan, workspace: opened, actor: "cli:\(user)") }
            Terminal.message(
                "\(written.count) file\(written.count == 1 ? "" : "s") written; `apdocs status` lists what they still need")
        }
        if plan.rows.contains(where: { $0.action == .error }) { throw ExitStatus.heldBack }
    }
}
