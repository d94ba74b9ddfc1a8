import Foundation
import OfficeTemplate

extension PlacementRecord {
    static func read(_ reader: FieldReader) -> PlacementRecord? {
        let id = reader.text("id", required: true)
        reader.issues.subject = id
        let school = reader.text("school", required: true)
        let provider = reader.text("provider", required: true)
        let pupil = reader.map("pupil", required: true, noun: "a pupil", sensitive: true, Pupil.read)
        let parents = reader.mapList("parents", noun: "a parent or carer", ParentCarer.read) ?? []
        let basis: PlacementBasis? = reader.choice("basis", required: true)
        let code: AttendanceCode? = reader.choice("attendance_code")
        let start = reader.date("start", required: true)
        let plannedEnd = reader.date("planned_end")
        if let start, let plannedEnd, plannedEnd < start {
            reader.issues.report(path: "planned_end", "is before start; check both dates")
        }
        let sessions = reader.mapList("sessions", required: true, noun: "a session", Session.read)
        if sessions?.isEmpty == true, case .list(let items)? = reader.map["sessions"], items.isEmpty {
            reader.issues.report(path: "sessions", "is empty; list the weekly sessions at the provider")
        }
        let restOfWeek = reader.text("rest_of_week")
        // Read only so their types are checked; templates take them from `raw`.
        _ = reader.map("transport", noun: "transport") { t in
            (t.text("arrangement"), t.text("arranged_by"), t.number("cost_per_week"))
        }
        let aims = reader.textList("aims") ?? []
        let pupilVoice = reader.text("pupil_voice")
        let curriculum = reader.map("curriculum", noun: "a curriculum") { c in
            (c.textList("subjects") ?? [], c.text("qualification_route"), c.text("fit_with_school"))
        }
        let outcomes = reader.map("outcomes", noun: "outcomes") { o in
            Outcomes(
                attendance: o.text("attendance"), attitude: o.text("attitude"),
                attainment: o.text("attainment"), behaviour: o.text("behaviour"))
        }
        let reviews = reader.dateList("reviews") ?? []
        _ = reader.text("staff_liaison")
        _ = reader.text("reintegration")
        _ = reader.map("costs", noun: "placement costs") { c in
            (c.number("weekly"), c.text("paid_by"), c.text("notes"))
        }
        let laNotified = reader.date("la_notified")
        let lastChanged = reader.date("last_changed")
        let signatures = reader.mapList("signatures", noun: "a signature", Signature.read) ?? []
        var roles: Set<SignatureRole> = []
        for (index, signature) in signatures.enumerated() where !roles.insert(signature.role).inserted {
            reader.issues.report(
                path: DataPath.appending(index: index, to: "signatures"),
                "is a second '\(signature.role.rawValue)' signature; keep one per role")
        }
        guard let id, let school, let provider, let pupil, let basis, let start, let sessions,
            !sessions.isEmpty
        else { return nil }
        return PlacementRecord(
            id: id, school: school, provider: provider, pupil: pupil, parents: parents,
            basis: basis, attendanceCode: code, start: start, plannedEnd: plannedEnd,
            sessions: sessions, restOfWeek: restOfWeek, aims: aims, pupilVoice: pupilVoice,
            subjects: curriculum?.0 ?? [], qualificationRoute: curriculum?.1, outcomes: outcomes,
            reviews: reviews, laNotified: laNotified, lastChanged: lastChanged, signatures: signatures,
            raw: .map(reader.map), source: reader.issues.source)
    }
}

extension Pupil {
    static func read(_ reader: FieldReader) -> Pupil? {
        let key = reader.text("key", required: true)
        let name = reader.text("name", required: true)
        let yearGroup = reader.int("year_group")
        let dateOfBirth = reader.date("date_of_birth")
        let upn = reader.text("upn")
        let sen = reader.map("sen", noun: "SEN details") { s -> (SENSupport?, String?) in
            (s.choice("support", required: true), s.text("summary"))
        }
        let lookedAfter = reader.bool("looked_after") ?? false
        let medical = reader.text("medical_needs_ref")
        let keyWorkers = reader.mapList("key_workers", noun: "a contact", Contact.read) ?? []
        let protection = reader.map("child_protection", noun: "child-protection details") { c in
            c.text("status")
        }
        guard let key, let name else { return nil }
        return Pupil(
            key: key, name: name, yearGroup: yearGroup, dateOfBirth: dateOfBirth, upn: upn,
            sen: sen?.0 ?? SENSupport.none, senSummary: sen?.1, lookedAfter: lookedAfter,
            medicalNeedsRef: medical, keyWorkers: keyWorkers, childProtectionStatus: protection ?? nil,
            raw: .map(reader.map))
    }
}

extension ParentCarer {
    static func read(_ reader: FieldReader) -> ParentCarer? {
        let name = reader.text("name", required: true)
        let relationship = reader.text("relationship")
        let phone = reader.text("phone")
        let email = reader.text("email")
        let involved = reader.date("involved")
        let agreed = reader.bool("agreed") ?? false
        guard let name else { return nil }
        return ParentCarer(
            name: name, relationship: relationship, phone: phone, email: email,
            involved: involved, agreed: agreed)
    }
}

extension Session {
    static func read(_ reader: FieldReader) -> Session? {
        let day = readDay(reader)
        let start = reader.time("start", required: true)
        let end = reader.time("end", required: true)
        let site = reader.text("site")
        if let start, let end, end <= start {
            reader.issues.report(path: reader.fieldPath("end"), "is not after start; check the session times")
            return nil
        }
        guard let day, let start, let end else { return nil }
        return Session(day: day, start: start, end: end, site: site)
    }

    /// A day name in any case ("tuesday" is fine); a typo gets a suggestion.
    private static func readDay(_ reader: FieldReader) -> Weekday? {
        guard let text = reader.text("day", required: true) else { return nil }
        if let day = Weekday.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) {
            return day
        }
        let names = Weekday.allCases.map(\.rawValue)
        reader.issues.report(
            path: reader.fieldPath("day"),
            "\(reader.sensitive ? "is not" : "is '\(text)', not") a day of the week (Monday to Sunday)\(DidYouMean.suffix(text, among: names))")
        return nil
    }
}

extension Signature {
    static func read(_ reader: FieldReader) -> Signature? {
        let role: SignatureRole? = reader.choice("role", required: true)
        let name = reader.text("name", required: true)
        let date = reader.date("date", required: true)
        let method: SignatureMethod? = reader.choice("method", required: true)
        let image = reader.text("image")
        let source = reader.issues.source
        if method == .drawn, image == nil {
            reader.issues.report(
                path: reader.fieldPath("image"), "is required for a drawn signature; add the picture's path")
        }
        if let image, !FileManager.default.fileExists(atPath: source.resolve(image)) {
            reader.issues.report(
                path: reader.fieldPath("image"),
                "names a file that does not exist; the path is relative to this file's folder")
        }
        guard let role, let name, let date, let method else { return nil }
        return Signature(
            role: role, name: name, date: date, method: method, image: image,
            imagePath: image.map(source.resolve))
    }
}
