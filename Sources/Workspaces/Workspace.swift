import Foundation
import Placement
import OfficeTemplate
import Yams

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
    /// Seal each placement agreement with this key once all four parties have signed it.
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

    static let allowedKeys: Set<String> = ["formats", "templates", "output", "issue_date", "settings", "sign_with", "pdf_a"]
}

/// A folder with a school's data (`schools/`, `providers/`, `placements/`), templates, an
/// `apdocs.yaml` and `output/`.
public struct Workspace: Sendable {
    public static let configName = "apdocs.yaml"

    public let root: String
    public let config: WorkspaceConfig

    /// Opens the workspace at `root`; a missing `apdocs.yaml` means the defaults.
    public init(root: String) throws {
        self.root = root
        let path = (root as NSString).appendingPathComponent(Self.configName)
        guard FileManager.default.fileExists(atPath: path) else {
            config = WorkspaceConfig()
            return
        }
        let document = try DataLoader.load(contentsOf: path)
        if case .map(let map) = document.value {
            for key in map.keys where !WorkspaceConfig.allowedKeys.contains(key) {
                let line = document.locations[key]?.line ?? 1
                throw BatchError("\(Self.configName):\(line): unknown setting '\(key)'; the settings are \(WorkspaceConfig.allowedKeys.sorted().joined(separator: ", "))")
            }
        }
        do {
            config = try YAMLDecoder().decode(WorkspaceConfig.self, from: String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self))
        } catch {
            throw BatchError("\(Self.configName): \(error)")
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

    /// The issue date: from `apdocs.yaml`, else `override`, else today (midnight UTC).
    public func issueDate(override: Date? = nil) throws -> Date {
        if let override { return override }
        guard let text = config.issueDate else { return IssueDay.today }
        guard let date = IssueDay.parse(text) else {
            throw BatchError("\(Self.configName): issue_date '\(text)' is not a date; write it as YYYY-MM-DD")
        }
        return date
    }

    /// Creates a workspace at `root` from the sample data and the shipped templates.
    public static func create(at root: String, examples: String, templates: String) throws {
        let files = FileManager.default
        if files.fileExists(atPath: (root as NSString).appendingPathComponent(configName)) {
            throw BatchError("\(root) already holds a workspace (\(configName)); choose an empty folder")
        }
        try files.createDirectory(atPath: root, withIntermediateDirectories: true)
        for kind in RecordKind.allCases {
            let source = (examples as NSString).appendingPathComponent(kind.folder)
            let target = (root as NSString).appendingPathComponent(kind.folder)
            try files.createDirectory(atPath: target, withIntermediateDirectories: true)
            for name in try files.contentsOfDirectory(atPath: source).sorted() {
                try files.copyItem(atPath: (source as NSString).appendingPathComponent(name), toPath: (target as NSString).appendingPathComponent(name))
            }
        }
        let templateTarget = (root as NSString).appendingPathComponent("templates")
        try files.createDirectory(atPath: templateTarget, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: templates).sorted() where name.hasSuffix(".docx") || name.hasSuffix(".odt") {
            try files.copyItem(atPath: (templates as NSString).appendingPathComponent(name), toPath: (templateTarget as NSString).appendingPathComponent(name))
        }
        try files.createDirectory(atPath: (root as NSString).appendingPathComponent("output"), withIntermediateDirectories: true)
        let config = """
            # APDocs workspace: `apdocs build` makes every missing or out-of-date document.
            formats: [docx, odt]
            templates: templates
            output: output
            issue_date: \(IssueDay.text(IssueDay.today))   # the date letters carry; change it when you issue new letters
            # pdf_a: true                 # with pdf in formats: PDF/A-2b for archiving
            # sign_with:                  # seal each agreement once all four parties have signed
            #   key: keys/school-key.pem
            #   certificate: keys/school-cert.pem
            settings:                     # the guidance's defaults; change any of them
              full_time_hours_per_week: 18
              staleness_months: 12
              maximum_review_gap_days: 49
              registration_threshold_pupils: 5

            """
        try AtomicFile.write(Array(config.utf8), to: (root as NSString).appendingPathComponent(configName))
    }
}
