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
        // Reason and power are read so their types are checked; the agreement prints them.
        let direction =
            reader.map("arrangement", noun: "the arrangement") { a -> OffSiteDirection? in
                _ = (a.text("reason"), a.text("power"))
                return a.map("off_site_direction", noun: "an off-site direction") { d in
                    OffSiteDirection(
                        decided: d.date("decided"), noticeGiven: d.date("notice_given"),
                        noticeToLA: d.date("notice_to_la"), days: d.int("days"),
                        reportTo: d.map("report_to", noun: "a contact", Contact.read))
                }
            } ?? nil
        let start = reader.date("start", required: true)
        let plannedEnd = reader.date("planned_end")
        if let start, let plannedEnd, plannedEnd < start {
            reader.issues.report(path: "planned_end", "is before start; check both dates")
        }
        let sessions = reader.mapList("sessions", required: true, noun: "a session", Session.read)
        if sessions?.isEmpty == true, case .list(let items)? = reader.map["sessions"], items.isEmpty {
            reader.issues.report(path: "sessions", "is empty; list the weekly sessions at the provider")
        }
        let restOfWeek = readRestOfWeek(reader)
        let supervisedBy = reader.map("supervised_by", noun: "a contact", Contact.read)
        let dual =
            reader.map("dual_registration", noun: "dual registration details") { d in
                d.date("admitted", required: true)
            } ?? nil
        let laArrangement = reader.map("la_arrangement", noun: "a local-authority arrangement") { la in
            LAArrangement(
                authority: la.text("authority"), power: la.choice("power"),
                agreedBy: la.map("agreed_by", noun: "a contact", Contact.read), agreed: la.date("agreed"))
        }
        let ehcPlanReview = reader.date("ehc_plan_review")
        let providerRecheck = reader.date("provider_recheck")
        let reduced = reader.map("reduced_timetable", noun: "a reduced timetable") { r in
            ReducedTimetable(
                reason: r.text("reason"), parentAgreed: r.date("parent_agreed"), laTold: r.date("la_told"),
                ends: r.date("ends"), planToFullTime: r.text("plan_to_full_time"))
        }
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
            sessions: sessions, restOfWeek: restOfWeek ?? [], supervisedBy: supervisedBy,
            dualRegistrationAdmitted: dual, laArrangement: laArrangement, ehcPlanReview: ehcPlanReview,
            offSiteDirection: direction, providerRecheck: providerRecheck, reducedTimetable: reduced, aims: aims,
            pupilVoice: pupilVoice,
            subjects: curriculum?.0 ?? [], qualificationRoute: curriculum?.1, outcomes: outcomes,
            reviews: reviews, laNotified: laNotified, lastChanged: lastChanged, signatures: signatures,
            raw: .map(reader.map), source: reader.issues.source)
    }

    /// `rest_of_week`: a list of `{where, days, hours, description}`. Text (the old form) is
    /// refused with a pointer to the new one, since the rules need the hours and days.
    private static func readRestOfWeek(_ reader: FieldReader) -> [RestOfWeekPart]? {
        if case .string? = reader.value("rest_of_week") {
            reader.issues.report(
                path: "rest_of_week",
                "is text, but it is now a list of parts of the week, each {where: school | other-provision | home, days: [...], hours: N, description: ...}; see docs/data-model.md"
            )
            return nil
        }
        return reader.mapList("rest_of_week", noun: "a part of the week") { r -> RestOfWeekPart? in
            let place: RestOfWeekPlace? = r.choice("where", required: true)
            let days = r.textList("days") ?? []
            let hours = r.number("hours")
            let description = r.text("description")
            var weekdays: [Weekday] = []
            for (index, day) in days.enumerated() {
                if let weekday = Weekday.allCases.first(where: { $0.rawValue.lowercased() == day.lowercased() }) {
                    weekdays.append(weekday)
                } else {
                    r.issues.report(
                        path: DataPath.appending(index: index, to: r.fieldPath("days")),
                        "is not a day of the week (Monday to Sunday)")
                }
            }
            if let place, place != .home, hours == nil {
                r.issues.report(
                    path: r.fieldPath("hours"),
                    "is required for education at \(place.rawValue); give the hours a week, so the pupil's total weekly education can be worked out"
                )
            }
            guard let place else { return nil }
            return RestOfWeekPart(
                place: place, days: weekdays, hours: place == .home ? 0 : (hours ?? 0), description: description)
        }
    }
}

extension Pupil {
    static func read(_ reader: FieldReader) -> Pupil? {
        let key = reader.text("key", required: true)
        let name = reader.text("name", required: true)
        let yearGroup = reader.int("year_group")
        let dateOfBirth = reader.date("date_of_birth")
        let upn = reader.text("upn")
        let sen = reader.map("sen", noun: "SEN details") { s -> (SENSupport?, String?, [SENType]) in
            let types = s.list("types") { value, path -> SENType? in
                guard let text = FieldReader.text(value, at: path, reader: s) else { return nil }
                if let type = SENType(rawValue: text.uppercased()) { return type }
                // A placement file: what was typed is never quoted.
                s.issues.report(
                    path: path,
                    "is not one of the DfE's SEN type codes (\(SENType.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return (s.choice("support", required: true), s.text("summary"), types ?? [])
        }
        let pronoun = reader.text("pronoun")
        if let pronoun, !["he", "she", "they"].contains(pronoun) {
            reader.issues.report(path: reader.fieldPath("pronoun"), "is not one of he, she, they")
        }
        let lookedAfter = reader.bool("looked_after") ?? false
        let care = reader.map("care", noun: "care details") { c in
            CareDetails(
                legalStatus: c.choice("legal_status"), authority: c.text("authority"),
                socialWorker: c.map("social_worker", noun: "a contact", Contact.read),
                virtualSchoolHead: c.map("virtual_school_head", noun: "a contact", Contact.read),
                pep: c.date("pep"))
        }
        let medical = reader.text("medical_needs_ref")
        let keyWorkers = reader.mapList("key_workers", noun: "a contact", Contact.read) ?? []
        let protection = reader.map("child_protection", noun: "child-protection details") { c in
            c.text("status")
        }
        guard let key, let name else { return nil }
        return Pupil(
            key: key, name: name, yearGroup: yearGroup, dateOfBirth: dateOfBirth, upn: upn,
            sen: sen?.0 ?? SENSupport.none, senSummary: sen?.1, senTypes: sen?.2 ?? [], lookedAfter: lookedAfter,
            care: care, medicalNeedsRef: medical, keyWorkers: keyWorkers, childProtectionStatus: protection ?? nil,
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
        let responsibility = reader.bool("parental_responsibility")
        let delegated = reader.bool("delegated_authority")
        guard let name else { return nil }
        return ParentCarer(
            name: name, relationship: relationship, phone: phone, email: email,
            involved: involved, agreed: agreed, parentalResponsibility: responsibility,
            delegatedAuthority: delegated)
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
            "\(reader.sensitive ? "is not" : "is '\(text)', not") a day of the week (Monday to Sunday)\(Suggestion.didYouMean(text, among: names))"
        )
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
