import Foundation
import OfficeTemplate
import Placement
import XCTest

@testable import Workspaces

/// Issue 10, findings 5, 6 and 7: init, one judge, what needs doing, recording signatures.
final class WorkspaceSetupTests: XCTestCase {
    private var scratch = ""

    override func setUp() {
        scratch = NSTemporaryDirectory() + "apdocs-setup-" + UUID().uuidString
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private var examples: String { WorkspaceFixture.repository + "/examples" }
    private var templates: String { WorkspaceFixture.repository + "/templates" }

    func testInitRefusesAFolderThatIsNotEmptyUnlessForced() throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try "notes".write(toFile: scratch + "/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Workspace.create(at: scratch, examples: examples, templates: templates)) { error in
            XCTAssertEqual(
                "\(error)", "\(scratch) is not empty; choose a new or empty folder, or add --force to add a workspace to it")
        }
        try Workspace.create(at: scratch, examples: examples, templates: templates, force: true)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch + "/apdocs.yaml"))
        XCTAssertEqual(try String(contentsOfFile: scratch + "/notes.txt", encoding: .utf8), "notes", "nothing else is touched")
    }

    func testInitThatFailsLeavesNothingBehind() throws {
        XCTAssertThrowsError(try Workspace.create(at: scratch + "/ap", examples: examples, templates: scratch + "/no-templates"))
        { error in
            XCTAssertTrue("\(error)".hasPrefix("the shipped templates are not at "), "\(error)")
            XCTAssertFalse("\(error)".contains("NSCocoaErrorDomain"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch + "/ap"))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []
        XCTAssertEqual(leftovers, [], "no staging folder left")
        // The retry works.
        try Workspace.create(at: scratch + "/ap", examples: examples, templates: templates)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch + "/ap/placements/PL-2025-014.yaml"))
    }

    func testBlankWorkspaceHasTheTemplatesAndASkeletonSchoolOnly() throws {
        let fixture = try WorkspaceFixture(blank: true)
        let manager = FileManager.default
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: fixture.root + "/schools"), ["SCHOOL.yaml"])
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: fixture.root + "/providers"), [])
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: fixture.root + "/placements"), [])
        XCTAssertTrue(manager.fileExists(atPath: fixture.root + "/templates/placement-agreement.docx"))
        XCTAssertFalse(try fixture.read("apdocs.yaml").contains("\nissue_date:"), "a blank workspace judges by today")
        let review = try WorkspaceReview.run(try Workspace(root: fixture.root), issueDate: IssueDay.parse("2026-12-06")!)
        XCTAssertEqual(review.dataset.schools.map(\.id), ["SCH-XXX"], "the skeleton loads, and its gaps are rule errors")
        XCTAssertTrue(review.issues.contains { $0.rule == .contacts && $0.path == "dsl" })
    }

    func testAnUnknownFormatIsAnErrorNotDroppedSilently() throws {
        let fixture = try WorkspaceFixture()
        try fixture.edit("apdocs.yaml", "formats: [docx, odt]", "formats: [docx, odf]")
        XCTAssertThrowsError(try Workspace(root: fixture.root)) { error in
            XCTAssertEqual(
                "\(error)", "apdocs.yaml:3: formats: 'odf' is not a format APDocs makes; the formats are docx, odt and pdf")
        }
    }

    /// apdocs.yaml is read once, by the data loader: every problem names the file, line and field.
    func testApdocsYamlProblemsNameTheLineAndField() throws {
        let cases: [(old: String, new: String, message: String)] = [
            (
                "templates: templates", "templates: templates\nformat: [pdf]",
                "apdocs.yaml:5: format: is not a setting APDocs knows; the settings here are formats, issue_date, output, pdf_a, settings, sign_with, templates"
            ),
            (
                "  staleness_months: 12", "  staleness_month: 12",
                "apdocs.yaml:15: settings.staleness_month: is not a setting APDocs knows; the settings here are due_within_days, full_time_hours_per_week, maximum_review_gap_days, provider_recheck_days, registration_law, registration_threshold_pupils, registration_warning_hours, staleness_months"
            ),
            (
                "  staleness_months: 12", "  staleness_months: twelve",
                "apdocs.yaml:15: settings.staleness_months: should be a whole number but is text"
            ),
            (
                "  full_time_hours_per_week: 18", "  full_time_hours_per_week: [18]",
                "apdocs.yaml:14: settings.full_time_hours_per_week: should be a number but is a list"
            ),
            (
                "formats: [docx, odt]", "formats: docx",
                "apdocs.yaml:3: formats: should be a list but is text"
            ),
            (
                "# sign_with:                  #", "sign_with: {key: k.pem}  #",
                "apdocs.yaml:10: sign_with.certificate: is required but missing; add it"
            ),
            (
                "  due_within_days: 30", "  due_within_days: 30\n  registration_threshold_pupils: 4",
                "apdocs.yaml:20: settings.registration_threshold_pupils: is set by law (five pupils) and cannot be changed; remove registration_threshold_pupils from the settings"
            ),
        ]
        for (old, new, message) in cases {
            let fixture = try WorkspaceFixture()
            try fixture.edit("apdocs.yaml", old, new)
            XCTAssertThrowsError(try Workspace(root: fixture.root), new) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testApdocsYamlValuesAreReadAsWritten() throws {
        let fixture = try WorkspaceFixture()
        try fixture.edit("apdocs.yaml", "  staleness_months: 12", "  staleness_months: 6")
        try fixture.edit("apdocs.yaml", "registration_law: s463", "registration_law: s92-2026")
        try fixture.edit("apdocs.yaml", "# pdf_a: true ", "pdf_a: true   ")
        let config = try Workspace(root: fixture.root).config
        XCTAssertEqual(config.issueDate, "2025-10-01", "an unquoted YAML date is the day as written")
        XCTAssertEqual(config.settings.stalenessMonths, 6)
        XCTAssertEqual(config.settings.registrationLaw, .s92of2026)
        XCTAssertEqual(config.settings.fullTimeHoursPerWeek, 18)
        XCTAssertEqual(config.formats, ["docx", "odt"])
        XCTAssertTrue(config.pdfA)
        XCTAssertNil(config.signWith)
    }

    /// Finding 6: validate, status and build are one judge: the same issues, the same held.
    func testValidateStatusAndBuildAgree() throws {
        let fixture = try WorkspaceFixture()
        let workspace = try Workspace(root: fixture.root)
        let review = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate())
        let status = try fixture.builder().status()
        let (issues, report, _) = try fixture.build()
        XCTAssertEqual(review.issues, status.issues)
        XCTAssertEqual(review.issues, issues)
        XCTAssertEqual(Set(review.plan.blocked.map(\.id)), Set(report.held.map(\.id)))
        XCTAssertEqual(report.failed.count, 0, "nothing that validate passes fails at build")
    }

    /// A field a template prints that the data lacks is a data problem naming the record's
    /// file and field, not a template tag to edit.
    func testAMissingFieldIsReportedAsAGapInTheData() throws {
        let fixture = try WorkspaceFixture()
        let workspace = try Workspace(root: fixture.root)
        let review = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate())
        let document = try XCTUnwrap(review.plan.documents.first { $0.placementID == "PL-2025-015" })
        let issue = WorkspaceReview.missingField("pupil.key_workers[0].phone", document: document, dataset: review.dataset)
        let line = try fixture.line(of: "  key_workers:", in: "placements/PL-2025-015.yaml") + 1
        XCTAssertEqual(
            issue.description,
            "placements/PL-2025-015.yaml:\(line): error [data] PL-2025-015 pupil.key_workers[0].phone: is missing, and the placement agreement prints it; add it"
        )
        let schoolIssue = WorkspaceReview.missingField("school.website", document: document, dataset: review.dataset)
        XCTAssertEqual(schoolIssue.file, "schools/SCH-RVA.yaml")
        XCTAssertEqual(schoolIssue.path, "website")
    }

    /// A template that prints a field the data lacks (an author added `{{ school.motto }}` in
    /// Word): validate, status and build all report it against the school's file and hold the
    /// letters back.
    func testAFieldATemplatePrintsIsFoundByValidateStatusAndBuild() throws {
        let fixture = try WorkspaceFixture()
        try fixture.editTemplate("online-safety-letter.docx", "{{ school.name }}", "{{ school.name }} {{ school.motto }}")
        let workspace = try Workspace(root: fixture.root)
        let review = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate())
        let expected = "schools/SCH-RVA.yaml:1: error [data] SCH-RVA motto: is missing, and the e-safety letter prints it; add it"
        XCTAssertTrue(review.issues.map(\.description).contains(expected), "\(review.issues.map(\.description))")
        let status = try fixture.builder().status()
        XCTAssertTrue(status.issues.map(\.description).contains(expected))
        XCTAssertEqual(status.files.first { $0.id == "PRV-NSC/online-safety-letter" }?.action, .held)
        let (issues, report, _) = try fixture.build()
        XCTAssertTrue(issues.map(\.description).contains(expected))
        XCTAssertEqual(report.failed.count, 0, "a gap in the data is not a failed document")
        XCTAssertTrue(report.held.contains { $0.id == "PRV-NSC/online-safety-letter" })
        XCTAssertNil(fixture.output("PRV-NSC/online-safety-letter.docx"))
        XCTAssertEqual(Set(review.plan.blocked.map(\.id)), Set(report.held.map(\.id)))
        let second = try fixture.build()
        XCTAssertTrue(second.issues.map(\.description).contains(expected), "and on the next run too")
    }

    /// Finding 7: status says who still has to sign, letters to send, checks and reviews due.
    func testToDoListsSignaturesLettersChecksAndReviews() throws {
        let fixture = try WorkspaceFixture()
        try fixture.edit("apdocs.yaml", "due_within_days: 30", "due_within_days: 21")
        let status = try fixture.builder().status()
        let sign = try XCTUnwrap(status.todo.first { $0.action == .sign && $0.placement == "PL-2025-015" })
        XCTAssertEqual(sign.roles, [.provider, .pupil])
        XCTAssertEqual(sign.message, "PL-2025-015: the agreement still needs the signatures of the provider and the pupil")
        XCTAssertFalse(status.todo.contains { $0.action == .sign && $0.placement == "PL-2025-014" }, "fully signed")
        // Reviews within 21 days of 2025-10-01: PL-2025-014's on 2025-10-14 and the three on 2025-10-21.
        let reviews = status.todo.filter { $0.action == .review }
        XCTAssertTrue(reviews.contains { $0.placement == "PL-2025-014" && $0.due == "2025-10-14" })
        XCTAssertTrue(reviews.allSatisfy { ($0.due ?? "") >= "2025-10-01" && ($0.due ?? "") <= "2025-10-22" })
        XCTAssertTrue(status.todo.contains { $0.action == .fixData && $0.provider == "PRV-FFP" })
        XCTAssertTrue(status.todo.allSatisfy { !$0.message.contains("Aisha") && !$0.message.contains("Rahman") })
    }

    func testRecordSignatureAddsOneLineAndKeepsComments() throws {
        let fixture = try WorkspaceFixture()
        let workspace = try Workspace(root: fixture.root)
        let before = try fixture.read("placements/PL-2025-015.yaml")
        let png = fixture.root + "/placements/signatures/PL-2025-015-parent-carer.png"
        try SignatureRecorder.record(
            SignatureEntry(
                role: .pupil, name: "Aisha \"Ash\" R", date: IssueDay.parse("2025-09-12")!, method: .drawn, image: png),
            placement: "PL-2025-015", in: workspace)
        let after = try fixture.read("placements/PL-2025-015.yaml")
        let added = after.components(separatedBy: "\n").filter { !before.components(separatedBy: "\n").contains($0) }
        XCTAssertEqual(
            added,
            [
                "  - {role: pupil, name: \"Aisha \\\"Ash\\\" R\", date: 2025-09-12, method: drawn, image: signatures/PL-2025-015-pupil.png}"
            ])
        XCTAssertTrue(after.hasPrefix("# Part-time placement"), "comments kept")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.root + "/placements/signatures/PL-2025-015-pupil.png"))
        let review = try WorkspaceReview.run(workspace, issueDate: try workspace.issueDate())
        let record = try XCTUnwrap(review.dataset.placement(id: "PL-2025-015"))
        XCTAssertEqual(record.signature(.pupil)?.name, "Aisha \"Ash\" R", "the name reads back exactly")
    }

    func testRecordSignatureRefusesADrawnSignatureWithoutAPicture() throws {
        let fixture = try WorkspaceFixture()
        XCTAssertThrowsError(
            try SignatureRecorder.record(
                SignatureEntry(role: .pupil, name: "X", date: IssueDay.parse("2025-09-12")!, method: .drawn),
                placement: "PL-2025-015",
                in: try Workspace(root: fixture.root))
        ) { error in
            XCTAssertEqual("\(error)", "a drawn signature needs --image with the PNG of the signature")
        }
    }
}
