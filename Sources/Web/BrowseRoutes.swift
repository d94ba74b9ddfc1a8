import Foundation
import Hummingbird
import OfficeTemplate
import Placement
import Workspaces

extension WebApp {
    func addBrowseRoutes(_ router: Router<WebContext>) {
        router.get("/") { _, context in try await self.dashboard(context) }
        for kind in RecordKind.allCases {
            router.get("/\(kind.folder)") { _, context in try await self.list(kind, context) }
            router.get("/\(kind.folder)/:id") { request, context in
                try await self.record(
                    kind, id: context.parameters.require("id"), context: context,
                    saved: request.uri.queryParameters["saved"] != nil)
            }
        }
    }

    /// The same to-do list as `apdocs status`, grouped in the order a school works through it.
    func dashboard(_ context: WebContext) async throws -> Response {
        let status = try await status()
        let headings: [(ToDo.Action, String)] = [
            (.fixData, "Fix the data"), (.sign, "Collect signatures"), (.reissue, "Reissue at the next review"),
            (.sendLetter, "Send letters"), (.recheck, "Check providers again"), (.review, "Reviews due"),
        ]
        var groups: [[String: Any]] = []
        for (action, heading) in headings {
            let items = status.todo.filter { $0.action == action }
            guard !items.isEmpty else { continue }
            groups.append([
                "heading": heading, "count": items.count,
                "items": items.map { item -> [String: Any] in
                    var row: [String: Any] = ["message": item.message, "link": Self.link(for: item)]
                    if let due = item.due { row["due"] = UKDate.text(iso: due) }
                    return row
                },
            ])
        }
        let errors = status.issues.filter { $0.severity == .error }.map { issue -> [String: Any] in
            [
                "where": (issue.file ?? "apdocs.yaml") + (issue.line.map { ":\($0)" } ?? "")
                    + (issue.path.map { " (\($0))" } ?? ""),
                "message": issue.message, "link": Self.link(file: issue.file, subject: issue.subject),
            ]
        }
        let counts = Dictionary(grouping: status.files, by: \.action).mapValues(\.count)
        var values: [String: Any] = [:]
        // Set only when there is one: an empty string still opens a mustache section.
        if let pinned = pinnedIssueDateWarning() { values["pinned"] = pinned }
        return pages.page(
            "dashboard", title: "To do",
            values.merging([
                "groups": groups, "errors": errors, "hasErrors": !errors.isEmpty,
                "warningCount": status.issues.filter { $0.severity == .warning }.count,
                "toBuild": counts[.build] ?? 0, "upToDate": counts[.upToDate] ?? 0, "held": counts[.held] ?? 0,
            ]) { first, _ in first }, context: context)
    }

    static func link(for item: ToDo) -> String {
        if let placement = item.placement { return "/placements/\(urlEncode(placement))" }
        if let provider = item.provider { return "/providers/\(urlEncode(provider))" }
        return item.action == .fixData ? "/schools" : "/documents"
    }

    /// Where an issue is fixed: the record its file holds.
    static func link(file: String?, subject: String?) -> String {
        guard let file, let kind = RecordKind.allCases.first(where: { file.hasPrefix($0.folder + "/") }) else { return "/" }
        guard let subject else { return "/\(kind.folder)" }
        return "/\(kind.folder)/\(urlEncode(subject))"
    }

    func list(_ kind: RecordKind, _ context: WebContext) async throws -> Response {
        let data = try await review().dataset
        let columns: [String]
        var rows: [[String: Any]] = []
        func row(_ id: String, _ cells: [String]) {
            rows.append(["id": id, "link": "/\(kind.folder)/\(urlEncode(id))", "cells": cells])
        }
        switch kind {
        case .placement:
            columns = ["Placement", "Pupil key", "Provider", "Start", "Planned end", "Signed by"]
            for p in data.placements {
                row(
                    p.id,
                    [
                        p.pupil.key, p.provider, UKDate.text(p.start), p.plannedEnd.map { UKDate.text($0) } ?? "",
                        p.signatures.map { Parties.label($0.role, placement: p) }.joined(separator: ", "),
                    ])
            }
        case .provider:
            columns = ["Provider", "Name", "Kind", "Placements"]
            for p in data.providers { row(p.id, [p.name, p.kind.rawValue, String(data.placements(atProvider: p.id).count)]) }
        case .school:
            columns = ["School", "Name", "URN"]
            for s in data.schools { row(s.id, [s.name, s.urn]) }
        }
        let title = RecordView.label(kind.folder)
        return pages.page(
            "list", title: title,
            ["heading": title, "columns": columns, "rows": rows, "folder": kind.folder, "noun": kind.rawValue], context: context)
    }

    func record(
        _ kind: RecordKind, id: String, context: WebContext, newLink: [String: Any]? = nil, saved: Bool = false
    ) async throws -> Response {
        let review = try await review()
        let found: (raw: TemplateValue, source: RecordSource)?
        switch kind {
        case .placement: found = review.dataset.placement(id: id).map { ($0.raw, $0.source) }
        case .provider: found = review.dataset.provider(id: id).map { ($0.raw, $0.source) }
        case .school: found = review.dataset.school(id: id).map { ($0.raw, $0.source) }
        }
        guard let found else {
            return pages.error(status: .notFound, message: "There is no \(kind.rawValue) \(id).", context: context)
        }
        let issues = review.issues.filter { $0.file == found.source.file || ($0.subject == id && $0.file == nil) }.map {
            issue -> [String: Any] in
            [
                "severity": issue.severity.rawValue, "path": issue.path ?? "", "line": issue.line.map(String.init) ?? "–",
                "message": issue.message,
            ]
        }
        var values: [String: Any] = [
            "id": id, "folder": kind.folder, "folderTitle": RecordView.label(kind.folder), "file": found.source.file,
            "issues": issues, "hasIssues": !issues.isEmpty, "saved": saved, "details": RecordView.html(found.raw),
        ]
        if kind == .placement, let placement = review.dataset.placement(id: id) {
            values["isPlacement"] = true
            values["signatures"] = placement.signatures.map {
                [
                    "role": Parties.label($0.role, placement: placement), "date": UKDate.text($0.date),
                    "method": $0.method.rawValue,
                ]
            }
            let still = placement.requiredSignatures.filter { role in !placement.signatures.contains { $0.role == role } }.map {
                Parties.words($0, placement: placement)
            }
            values["stillToSign"] = still.joined(separator: "; ")
            values["hasStillToSign"] = !still.isEmpty
            values["roles"] = placement.requiredSignatures.map {
                ["value": $0.rawValue, "label": Parties.label($0, placement: placement)]
            }
            let links = ((try? SigningLinks.load(files)) ?? []).filter { $0.placement == id }.reversed().map {
                link -> [String: Any] in
                [
                    "id": link.id, "placement": id, "role": Parties.label(link.role, placement: placement),
                    "expires": UKDate.text(link.expires),
                    "state": link.state, "open": link.isUsable(),
                ]
            }
            values["links"] = Array(links)
            values["hasLinks"] = !links.isEmpty
            if let newLink { values["newLink"] = newLink }
        }
        return pages.page("record", title: id, values, context: context)
    }
}
