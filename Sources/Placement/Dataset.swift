import Foundation
import OfficeTemplate

/// The three kinds of data file, each in its own subfolder of a data folder.
public enum RecordKind: String, Sendable, Hashable, CaseIterable, Codable {
    case school, provider, placement

    /// The subfolder that holds this kind: `schools`, `providers`, `placements`.
    public var folder: String { rawValue + "s" }
}

/// One data file to load, and what it holds.
public struct DatasetFile: Sendable, Hashable {
    public var kind: RecordKind
    /// The file on disk.
    public var path: String
    /// How messages name it; by default the path as given.
    public var displayName: String

    public init(kind: RecordKind, path: String, displayName: String? = nil) {
        self.kind = kind
        self.path = path
        self.displayName = displayName ?? path
    }
}

/// A data file left out of the dataset because of its errors: still known by its file, and by
/// what could be read of it, so that no document that would list it is made without it.
public struct UnloadedRecord: Sendable, Hashable {
    public var kind: RecordKind
    /// The file as messages name it (`placements/PL-2026-002.yaml`).
    public var file: String
    /// Its id, or the file's name without extension when the id could not be read.
    public var id: String
    /// The school and provider it names, when they could be read (placements).
    public var school: String?
    public var provider: String?
}

/// Every school, provider and placement that loaded without errors.
///
/// A file with any loading error is left out, so that rules and documents never see a
/// half-read record; it is listed in `unloaded`, and references to it are not reported again
/// as missing.
public struct Dataset: Sendable {
    public var schools: [School]
    public var providers: [Provider]
    public var placements: [PlacementRecord]
    /// Files left out because of their errors.
    public var unloaded: [UnloadedRecord] = []

    public init(schools: [School] = [], providers: [Provider] = [], placements: [PlacementRecord] = []) {
        self.schools = schools
        self.providers = providers
        self.placements = placements
    }

    public func school(id: String) -> School? { schools.first { $0.id == id } }
    public func provider(id: String) -> Provider? { providers.first { $0.id == id } }
    public func placement(id: String) -> PlacementRecord? { placements.first { $0.id == id } }

    /// The placements at a provider, in load order.
    public func placements(atProvider providerID: String) -> [PlacementRecord] {
        placements.filter { $0.provider == providerID }
    }

    /// Loads `schools/`, `providers/` and `placements/` under `folder` (`.yaml`, `.yml`, `.json`
    /// or `.plist` files, in file-name order, so results are the same on every machine).
    /// Messages name files relative to `folder` (`placements/PL-2025-014.yaml`).
    ///
    /// - Returns: the records that loaded cleanly, and every problem found in any file.
    /// - Throws: `DataError` when `folder` is missing or has none of the three subfolders.
    public static func load(folder: String) throws -> (Dataset, [ValidationIssue]) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw DataError(
                file: folder, line: nil, column: nil,
                message: "cannot load data: there is no such folder", sourceLine: nil)
        }
        var files: [DatasetFile] = []
        var foundAny = false
        for kind in RecordKind.allCases {
            let subfolder = (folder as NSString).appendingPathComponent(kind.folder)
            guard let names = try? manager.contentsOfDirectory(atPath: subfolder) else { continue }
            foundAny = true
            for name in names.sorted() where !name.hasPrefix(".") {
                guard DataFormat(pathExtension: (name as NSString).pathExtension) != nil else { continue }
                files.append(
                    DatasetFile(
                        kind: kind, path: (subfolder as NSString).appendingPathComponent(name),
                        displayName: kind.folder + "/" + name))
            }
        }
        guard foundAny else {
            throw DataError(
                file: folder, line: nil, column: nil,
                message: "is not a data folder: it has no schools/, providers/ or placements/ subfolder",
                sourceLine: nil)
        }
        return load(files: files)
    }

    /// Loads the given files (in the order given), then checks ids are unique and that
    /// placements name a school, a provider and provider sites that exist.
    public static func load(files: [DatasetFile]) -> (Dataset, [ValidationIssue]) {
        var loader = DatasetLoader()
        for file in files { loader.load(file) }
        return loader.finish()
    }
}

/// The state of one `Dataset.load`: records so far, their files, and the ids of files that
/// failed (so a reference to one is not also reported as missing).
private struct DatasetLoader {
    var dataset = Dataset()
    var issues: [ValidationIssue] = []
    var firstFile: [RecordKind: [String: String]] = [:]
    var failedIDs: [RecordKind: Set<String>] = [:]

    mutating func load(_ file: DatasetFile) {
        // Until the file says otherwise its id is taken to be its name (files are named by id),
        // so that a placement naming a school whose file cannot be read is not told it is missing.
        let stem = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let document: DataDocument
        do {
            document = try DataLoader.load(contentsOf: file.path)
        } catch let error as DataError {
            issues.append(
                ValidationIssue(
                    severity: .error, rule: .data, subject: nil, path: nil, file: file.displayName,
                    line: error.line, message: error.message))
            leaveOut(file, id: stem, root: nil)
            return
        } catch {
            issues.append(
                ValidationIssue(
                    severity: .error, rule: .data, subject: nil, path: nil, file: file.displayName,
                    line: nil, message: "cannot load data: \(error)"))
            leaveOut(file, id: stem, root: nil)
            return
        }
        let collector = IssueCollector(
            source: RecordSource(file: file.displayName, path: file.path, locations: document.locations))
        guard case .map(let root) = document.value else {
            collector.report(
                path: nil, "should be a map of fields (key: value lines) but is \(document.value.kindDescription)")
            issues += collector.issues
            leaveOut(file, id: stem, root: nil)
            return
        }
        // A placement file holds a pupil's personal data, and a value typed into the wrong field
        // could be any of it: its messages never quote what was written.
        let reader = FieldReader(
            issues: collector, path: "", map: root, noun: "a \(file.kind.rawValue)",
            sensitive: file.kind == .placement)
        var record: Any?
        switch file.kind {
        case .school: record = School.read(reader)
        case .provider: record = Provider.read(reader)
        case .placement: record = PlacementRecord.read(reader)
        }
        reader.finish()
        let id = collector.subject
        if let id, let earlier = firstFile[file.kind]?[id] {
            collector.report(
                path: "id", "is also the id of \(earlier); each \(file.kind.rawValue) needs its own id")
        }
        issues += collector.issues
        guard let id else {
            leaveOut(file, id: stem, root: root)
            return
        }
        if collector.hasErrors {
            leaveOut(file, id: id, root: root)
            return
        }
        firstFile[file.kind, default: [:]][id] = file.displayName
        switch record {
        case let school as School: dataset.schools.append(school)
        case let provider as Provider: dataset.providers.append(provider)
        case let placement as PlacementRecord: dataset.placements.append(placement)
        default: break
        }
    }

    /// Records a file left out, with the school and provider it names when they can be read.
    private mutating func leaveOut(_ file: DatasetFile, id: String, root: TemplateMap?) {
        failedIDs[file.kind, default: []].insert(id)
        func reference(_ key: String) -> String? {
            if case .string(let text)? = root?[key] { return text }
            return nil
        }
        dataset.unloaded.append(
            UnloadedRecord(
                kind: file.kind, file: file.displayName, id: id, school: reference("school"), provider: reference("provider")))
    }

    /// Checks references, leaving out placements whose school or provider is missing.
    mutating func finish() -> (Dataset, [ValidationIssue]) {
        var leftOut: [UnloadedRecord] = []
        dataset.placements = dataset.placements.filter { placement in
            let collector = IssueCollector(source: placement.source)
            collector.subject = placement.id
            let schoolOK = check(placement.school, kind: .school, path: "school", collector)
            let providerOK = check(placement.provider, kind: .provider, path: "provider", collector)
            if let provider = dataset.provider(id: placement.provider) {
                checkSites(placement, provider, collector)
            }
            issues += collector.issues
            let kept = schoolOK && providerOK && !collector.hasErrors
            if !kept {
                leftOut.append(
                    UnloadedRecord(
                        kind: .placement, file: placement.source.file, id: placement.id, school: placement.school,
                        provider: placement.provider))
            }
            return kept
        }
        dataset.unloaded += leftOut
        return (dataset, issues)
    }

    private func check(_ id: String, kind: RecordKind, path: String, _ collector: IssueCollector) -> Bool {
        let known = (firstFile[kind].map { Array($0.keys) } ?? []).sorted()
        if known.contains(id) { return true }
        if failedIDs[kind]?.contains(id) == true { return false }  // Its own errors say why.
        // The id is not quoted: placement files are sensitive (see `FieldReader.sensitive`).
        let suggestion = Suggestion.didYouMean(id, among: known)
        let existing = known.isEmpty ? "there are none yet" : "the \(kind.folder) are \(known.joined(separator: ", "))"
        let advice = suggestion.isEmpty ? "; correct the id or add the \(kind.rawValue)'s file to \(kind.folder)/" : suggestion
        collector.report(path: path, "names a \(kind.rawValue) that is not in the data (\(existing))\(advice)")
        return false
    }

    private func checkSites(_ placement: PlacementRecord, _ provider: Provider, _ collector: IssueCollector) {
        let siteIDs = provider.sites.map(\.id)
        for (index, session) in placement.sessions.enumerated() {
            guard let site = session.site, !siteIDs.contains(site) else { continue }
            let listed = siteIDs.isEmpty ? "lists no sites" : "lists \(siteIDs.joined(separator: ", "))"
            collector.report(
                path: "sessions[\(index)].site",
                "names a site that provider \(provider.id) does not have (it \(listed))\(Suggestion.didYouMean(site, among: siteIDs))"
            )
        }
    }
}
