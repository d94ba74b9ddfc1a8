import ArgumentParser
import Foundation
import OfficeTemplate
import Placement
import Workspaces

extension SignatureRole: ExpressibleByArgument {}
extension SignatureMethod: ExpressibleByArgument {}

struct RecordSignatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-signature",
        abstract: "Record a party's signature of a placement agreement in the placement's file.",
        discussion: """
            Writes the signature into placements/PLACEMENT.yaml, changing only that signature's \
            line (the rest of the file, comments included, stays as it is); a signature already \
            recorded for the role is replaced. A drawn signature's PNG is copied to \
            placements/signatures/. Then runs the same checks as `apdocs validate` and says who \
            still has to sign. `apdocs build` then makes the agreement with the signature.

            Exit status: 0 recorded, with no errors in that placement's data; 3 recorded, but its \
            data has errors; 1 not recorded; 64 a usage error.

            Examples:
              apdocs record-signature ~/ap PL-2025-015 --role provider --name "Ms Dee Mendes" --date 2025-09-12 --method paper
              apdocs record-signature ~/ap PL-2025-015 --role pupil --name "Aisha Rahman" --date 2025-09-12 --method drawn --image pupil.png
            """)

    @Argument(help: "The workspace folder.")
    var workspace: String

    @Argument(help: "The placement's id (PL-2025-015).")
    var placement: String

    @Option(help: "Who signed: school, provider, parent-carer, pupil or local-authority.")
    var role: SignatureRole

    @Option(help: "The signer's full name, as it is to be printed.")
    var name: String

    @Option(help: ArgumentHelp("The day they signed (YYYY-MM-DD).", valueName: "date"))
    var date: IssueDate

    @Option(help: "How they signed: paper, typed or drawn.")
    var method: SignatureMethod

    @Option(help: ArgumentHelp("For --method drawn: the PNG of the drawn signature.", valueName: "png"))
    var image: String?

    func validate() throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--name is empty; give the signer's full name")
        }
    }

    func run() throws {
        let opened = try report { try Workspace(root: workspace) }
        let entry = SignatureEntry(role: role, name: name, date: date.day, method: method, image: image)
        let file = try report { try SignatureRecorder.record(entry, placement: placement, in: opened) }
        Terminal.message("recorded the \(role.rawValue) signature of \(placement) in \(file)")
        let review = try report { try WorkspaceReview.run(opened, issueDate: try opened.issueDate()) }
        let issues = review.issues.filter { $0.subject == placement || $0.file == file }
        StatusPrinter(json: false, verbose: true).printIssues(issues)
        if let record = review.dataset.placement(id: placement) {
            let missing = record.requiredSignatures.filter { role in !record.signatures.contains { $0.role == role } }
            Terminal.message(
                missing.isEmpty
                    ? "\(placement): every party has signed; run `apdocs build` to make the signed agreement"
                    : "\(placement): still to sign: \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        if issues.containsErrors { throw ExitStatus.heldBack }
    }
}
