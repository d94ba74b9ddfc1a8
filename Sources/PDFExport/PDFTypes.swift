import Foundation

/// How documents are converted to PDF.
public struct PDFOptions: Sendable, Equatable {
    /// The `soffice` program. `nil`: looked up on `PATH`.
    public var sofficePath: String?
    /// Time allowed to one LibreOffice run for start-up and its first document, in seconds.
    /// A run converting `n` documents may take
    /// `timeoutSeconds + (n - 1) * timeoutPerDocumentSeconds`; then its process group is killed,
    /// the document it was on is blamed, and the ones after it get a fresh process.
    public var timeoutSeconds: Double
    /// Extra time allowed for each further document of a run, in seconds.
    public var timeoutPerDocumentSeconds: Double
    /// At most this many LibreOffice processes at once, each with its own profile and its own share
    /// of the batch; never more than the batch needs (see `minDocumentsPerProcess`).
    /// `nil` (default): one per core that is idle now (sampled for 0.1 s from /proc/stat, at least
    /// one), since a second process only pays for its start-up on a free core.
    public var processes: Int?
    /// A further process is started only when each process gets at least this many documents:
    /// a process costs about a second to start, a small document about 50 ms to convert.
    public var minDocumentsPerProcess: Int
    /// At most this many documents go to one `soffice` invocation; a larger share is converted in
    /// several consecutive runs of the same process slot (same profile). LibreOffice's launcher
    /// passes at most 253 arguments on to `soffice.bin` and silently drops the rest (see
    /// `PDFConverter.maximumDocumentsPerRun`), so a value above that bound is lowered to it.
    public var documentsPerRun: Int
    /// Write PDF/A-2b (archival) instead of plain PDF.
    public var pdfA: Bool
    /// Where the private LibreOffice profiles, staged inputs and raw outputs live while converting
    /// (a fresh sub-folder is created and removed). `nil`: the system temporary folder.
    public var workFolder: String?

    public init(
        sofficePath: String? = nil,
        timeoutSeconds: Double = 120,
        timeoutPerDocumentSeconds: Double = 30,
        processes: Int? = nil,
        minDocumentsPerProcess: Int = 8,
        documentsPerRun: Int = 200,
        pdfA: Bool = false,
        workFolder: String? = nil
    ) {
        self.sofficePath = sofficePath
        self.timeoutSeconds = timeoutSeconds
        self.timeoutPerDocumentSeconds = timeoutPerDocumentSeconds
        self.processes = processes
        self.minDocumentsPerProcess = minDocumentsPerProcess
        self.documentsPerRun = documentsPerRun
        self.pdfA = pdfA
        self.workFolder = workFolder
    }
}

/// The outcome for one document: a PDF, or why there is none.
public struct PDFResult: Sendable, Equatable, CustomStringConvertible {
    /// The document as given to `convert`.
    public var source: String
    /// The PDF written (only when the conversion succeeded).
    public var pdf: String?
    /// Why the document was not converted (names the document).
    public var error: String?
    /// An older PDF of this document that was removed because the conversion failed and it no
    /// longer matches its document.
    public var removedStalePDF: String?
    /// Why the first attempt failed, when the document was tried a second time in a fresh
    /// LibreOffice process (whether or not that second try made the PDF).
    public var firstAttemptError: String?

    public init(
        source: String, pdf: String? = nil, error: String? = nil, removedStalePDF: String? = nil,
        firstAttemptError: String? = nil
    ) {
        self.source = source
        self.pdf = pdf
        self.error = error
        self.removedStalePDF = removedStalePDF
        self.firstAttemptError = firstAttemptError
    }

    public var succeeded: Bool { pdf != nil && error == nil }

    public var description: String {
        if let pdf, error == nil { return "\(source) -> \(pdf)" }
        return error ?? "\(source): not converted"
    }
}

/// How far a batch has got, reported while it converts (see `PDFConverter.convert(_:outputFolder:progress:)`).
public struct PDFProgress: Sendable, Equatable {
    /// PDFs written so far (during a LibreOffice run: the PDFs it has written so far).
    public var made: Int
    /// Documents that have failed so far, including those waiting for their second try.
    public var failed: Int
    /// Documents in the batch that LibreOffice is asked to convert.
    public var total: Int
    /// Documents being tried a second time in a fresh LibreOffice process (0 before that phase).
    public var retrying: Int

    public init(made: Int, failed: Int, total: Int, retrying: Int = 0) {
        self.made = made
        self.failed = failed
        self.total = total
        self.retrying = retrying
    }
}

/// Errors that stop a whole batch (a single document's failure is reported in its `PDFResult`).
public enum PDFExportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// LibreOffice's `soffice` was not found (`detail` says where it was looked for).
    case sofficeMissing(detail: String)
    /// The work folder could not be prepared.
    case workFolder(String)
    /// The `soffice` process could not be started.
    case launchFailed(String)

    public static let installHint =
        "Install LibreOffice to write PDFs: `apt-get install libreoffice-writer-nogui` (Debian/Ubuntu), "
        + "or set the path of `soffice`."

    public var description: String {
        switch self {
        case .sofficeMissing(let detail):
            return "LibreOffice (soffice) is not installed: \(detail). \(Self.installHint)"
        case .workFolder(let message):
            return "Cannot prepare the PDF work folder: \(message)"
        case .launchFailed(let message):
            return "Cannot start LibreOffice: \(message)"
        }
    }

    public var errorDescription: String? { description }
}
