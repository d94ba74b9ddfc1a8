import Foundation
import OfficeTemplate
import Placement

/// `apdocs.yaml`: how a workspace builds its documents.
public struct WorkspaceConfig: Codable, Sendable, Equatable {
    /// Formats to produce: docx, odt.
    public var formats: [String] = ["docx", "odt"]
    /// Folder of the templates, relative to the workspace.
    public var templates: String = "templates"
    /// Folder of the generated documents and `manifest.json`.
    public var output: String = "output"
    /// The date letters carry and the rules judge by (YYYY-MM-DD); today when absent.
    public var issueDate: String?
    /// Rule thresholds; a missing one keeps the guidance's default.
    public var settings: RuleSettings = .guidance
    /// Seal each placement agreement with this key once every party who must sign has signed it.
    public var signWith: SignWith?
    /// PDFs (when `formats` has pdf) as PDF/A-2b, for archiving.
    public var pdfA = false

    public struct SignWith: Codable, Sendable, Equatable {
        public var key: String
        public var certificate: String
        public var chain: [String]?
    }

    enum CodingKeys: String, CodingKey {
        case formats, templates, output, settings
        case issueDate = "issue_date"
        case signWith = "sign_with"
        case pdfA = "pdf_a"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = WorkspaceConfig()
        formats = try container.decodeIfPresent([String].self, forKey: .formats) ?? defaults.formats
        templates = try container.decodeIfPresent(String.self, forKey: .templates) ?? defaults.templates
        output = try container.decodeIfPresent(String.self, forKey: .output) ?? defaults.output
        issueDate = try container.decodeIfPresent(String.self, forKey: .issueDate)
        settings = try container.decodeIfPresent(RuleSettings.self, forKey: .settings) ?? .guidance
        signWith = try container.decodeIfPresent(SignWith.self, forKey: .signWith)
        pdfA = try container.decodeIfPresent(Bool.self, forKey: .pdfA) ?? false
    }
}

/// A folder with a school's data (`schools/`, `providers/`, `placements/`), templates, an
/// `apdocs.yaml` and `output/`.
public struct Workspace: Sendable {
    public static let configName = "apdocs.yaml"

    public let root: String
    public var config: WorkspaceConfig

    /// Opens the workspace at `root`; a missing `apdocs.yaml` means the defaults.
    public init(root: String) throws {
        self.root = root
        let path = (root as NSString).appendingPathComponent(Self.configName)
        guard FileManager.default.fileExists(atPath: path) else {
            config = WorkspaceConfig()
            return
        }
        // Read once, by the loader that keeps line numbers (and parses YAML as the data files are).
        let document = try DataLoader.load(contentsOf: path)
        config = try ValueTreeDecoder(fileName: Self.configName, document: document).decode(WorkspaceConfig.self)
        for (index, format) in config.formats.enumerated()
        where DocumentFormat(rawValue: format.lowercased()) == nil && format.lowercased() != "pdf" {
            let line = document.locations["formats[\(index)]"]?.line ?? document.locations["formats"]?.line ?? 1
            throw BatchError(
                "\(Self.configName):\(line): formats: '\(format)' is not a format APDocs makes; the formats are docx, odt and pdf"
            )
        }
    }

    public func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (root as NSString).appendingPathComponent(relative)
    }

    public var outputFolder: String { path(config.output) }
    public var templatesFolder: String { path(config.templates) }

    /// The document formats to make (pdf aside).
    public var formats: [DocumentFormat] { config.formats.compactMap { DocumentFormat(rawValue: $0.lowercased()) } }

    /// Whether PDFs are wanted beside the documents (`formats: [docx, pdf]`).
    public var wantsPDF: Bool { config.formats.contains { $0.lowercased() == "pdf" } }

    /// The issue date: `override` (`--date`), else `apdocs.yaml`'s `issue_date`, else today (midnight UTC).
    public func issueDate(override: Date? = nil) throws -> Date {
        if let override { return override }
        guard let text = config.issueDate else { return IssueDay.today }
        guard let date = IssueDay.parse(text) else {
            throw BatchError("\(Self.configName): issue_date '\(text)' is not a date; write it as YYYY-MM-DD")
        }
        return date
    }

    /// Creates a workspace at `root`: the shipped templates, an `apdocs.yaml`, `output/`, and
    /// either the sample data (`examples`) or, with `blank`, a commented skeleton of one school.
    ///
    /// Everything is first made in a hidden folder beside `root` and moved into place at the end,
    /// so that a failure leaves nothing behind. `root` must be missing or empty, unless `force`
    /// (then files of the same name are replaced; nothing else in it is touched).
    public static func create(
        at root: String, examples: String, templates: String, blank: Bool = false, force: Bool = false
    ) throws {
        let files = FileManager.default
        let target = URL(fileURLWithPath: root).standardizedFileURL.path
        var isFolder: ObjCBool = false
        let exists = files.fileExists(atPath: target, isDirectory: &isFolder)
        if exists && !isFolder.boolValue {
            throw BatchError("\(root) is a file, not a folder; choose a folder for the workspace")
        }
        if exists, !force, let contents = try? files.contentsOfDirectory(atPath: target), !contents.isEmpty {
            throw BatchError("\(root) is not empty; choose a new or empty folder, or add --force to add a workspace to it")
        }
        for (what, folder) in [("templates", templates)] + (blank ? [] : [("sample data", examples)]) {
            guard files.fileExists(atPath: folder) else {
                throw BatchError(
                    "the shipped \(what) are not at \(folder); reinstall APDocs (make install) or pass --\(what == "templates" ? "templates" : "examples") FOLDER"
                )
            }
        }
        let parent = (target as NSString).deletingLastPathComponent
        do {
            try files.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw BatchError("cannot create \(parent): \(FileProblem.describe(error))")
        }
        let staging = (parent as NSString).appendingPathComponent(".apdocs-init-\(UUID().uuidString.prefix(8))")
        do {
            defer { try? files.removeItem(atPath: staging) }
            try fill(staging, examples: examples, templates: templates, blank: blank)
            if !exists {
                try files.moveItem(atPath: staging, toPath: target)
            } else {
                for name in try files.contentsOfDirectory(atPath: staging) {
                    let destination = (target as NSString).appendingPathComponent(name)
                    if files.fileExists(atPath: destination) { try files.removeItem(atPath: destination) }
                    try files.moveItem(atPath: (staging as NSString).appendingPathComponent(name), toPath: destination)
                }
            }
        } catch let error as BatchError {
            throw error
        } catch {
            throw BatchError("cannot create the workspace in \(root): \(FileProblem.describe(error))")
        }
    }

    private static func fill(_ root: String, examples: String, templates: String, blank: Bool) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: root, withIntermediateDirectories: true)
        for kind in RecordKind.allCases {
            let target = (root as NSString).appendingPathComponent(kind.folder)
            if blank {
                try files.createDirectory(atPath: target, withIntermediateDirectories: true)
                continue
            }
            try files.copyItem(atPath: (examples as NSString).appendingPathComponent(kind.folder), toPath: target)
        }
        if blank {
            try AtomicFile.write(
                Array(SchoolSkeleton.text.utf8), to: (root as NSString).appendingPathComponent("schools/SCHOOL.yaml"))
        }
        let templateTarget = (root as NSString).appendingPathComponent("templates")
        try files.createDirectory(atPath: templateTarget, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: templates).sorted()
        where name.hasSuffix(".docx") || name.hasSuffix(".odt") {
            try files.copyItem(
                atPath: (templates as NSString).appendingPathComponent(name),
                toPath: (templateTarget as NSString).appendingPathComponent(name))
        }
        try files.createDirectory(atPath: (root as NSString).appendingPathComponent("output"), withIntermediateDirectories: true)
        let config = """
            # APDocs workspace: `apdocs build` makes every missing or out-of-date document,
            # `apdocs status` says what needs doing.
            formats: [docx, odt]          # add pdf for a PDF beside each document
            templates: templates
            output: output
            \(blank ? "# issue_date: 2026-09-01" : "issue_date: 2025-10-01  ")      # the date new letters carry and the rules judge by; today when absent.
            #                             # A letter keeps the date it was made for: changing this remakes nothing by itself.\(blank ? "" : "\n# The sample data is from autumn 2025: delete the issue_date line to judge it by today's date.")
            # pdf_a: true                 # with pdf in formats: PDF/A-2b for archiving
            # sign_with:                  # seal each agreement once every party has signed
            #   key: keys/school-key.pem
            #   certificate: keys/school-cert.pem
            settings:                     # the guidance's defaults; change any of them
              full_time_hours_per_week: 18
              staleness_months: 12
              maximum_review_gap_days: 49
              registration_warning_hours: 15   # flag placements near the 18-hour indicator
              registration_law: s463      # s92-2026 once the Children's Wellbeing and Schools Act 2026 s43 is in force
              due_within_days: 30         # how far ahead status looks for checks and reviews due
              provider_recheck_days: 30   # a provider's registration and inspection report re-checked within this before each new placement

            """
        try AtomicFile.write(Array(config.utf8), to: (root as NSString).appendingPathComponent(configName))
    }
}

/// Foundation's file errors in plain words ("permission denied", "no such file or folder"),
/// never its raw domain and code.
public enum FileProblem {
    public static func describe(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))).lowercased() }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileWriteFileExists: return "a file of that name already exists"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteVolumeReadOnly: return "the disk is read-only"
        default: return "the file system refused (error \(error.code))"
        }
    }
}
