#!/usr/bin/env python3
"""Builds the render context of each template from the example data (examples/), exactly as
docs/data-model.md's table "What each template sees" describes, derived fields included, so
that every template can be rendered now with `apdocs render TEMPLATE CONTEXT.json`.

    templates/src/make_sample_contexts.py                 # writes templates/src/sample-context/NAME.json
    templates/src/make_sample_contexts.py --all OUTDIR    # also one context per provider / placement

The derivations mirror Sources/Placement (DerivedValues.swift, Rules.swift, CheckCatalogue.swift):
a pupil is full time at a provider when its sessions are more than 18 hours a week or all of
the pupil's education; staleness 12 months; registration threshold 5 pupils (statute), under s463.
Needs PyYAML. Dates are written as YYYY-MM-DD text, as a JSON data file carries them.
"""
import datetime as dt
import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(REPO, "examples")
OUT = os.path.join(HERE, "sample-context")

LETTER_DATE = "2025-11-24"          # the workspace's issue date (apdocs --date)
FULL_TIME_HOURS = 18
STALENESS_MONTHS = 12
REGISTRATION_THRESHOLD = 5
MAX_REVIEW_GAP = 49

# Which example each sample context is built from.
SAMPLES = {
    "online-safety-letter": ("provider", "PRV-NSC"),
    "child-protection-letter": ("provider", "PRV-NSC"),
    "attendance-letter": ("provider", "PRV-NSC"),
    "placement-agreement": ("placement", "PL-2025-016"),
    "commissioning-checklist": ("provider", "PRV-NCC"),
}

CHECKS = [
    ("registration", "Registration status, and whether the provider should be registered"),
    ("behaviour-policy", "Written behaviour policy, including sanctions for misbehaviour"),
    ("curriculum-plans", "Curriculum plans, schemes of work and assessment procedures"),
    ("safeguarding-arrangements", "Safeguarding and welfare arrangements, with regard to KCSIE and Working Together"),
    ("anti-bullying-policy", "Anti-bullying policy"),
    ("health-and-safety-policy", "Health and safety policy"),
    ("complaints-procedure", "Complaints procedure"),
    ("accommodation", "Quality of accommodation"),
    ("staff-qualifications", "Qualifications and experience of staff"),
    ("first-aid", "Arrangements for administering first aid"),
    ("fire-risk-assessment", "Fire risk assessment and procedures"),
    ("recruitment-and-vetting", "Recruitment and vetting checks for staff and management"),
    ("agency-links", "Working with social care, mental health services, youth offending teams and drug support"),
    ("value-for-money", "Transparent costs and value for money"),
    ("annual-performance-report", "Annual performance report"),
    ("safeguarding-training", "Support offered to the provider's staff to access safeguarding training and information"),
    ("inspection-report", "Latest inspection report (type and date) and any compliance or warning notices"),
    ("insurance", "Employer's and public liability insurance"),
    ("risk-assessment", "Risk assessment of the activities and sites, made with the provider"),
    ("sites-visited", "Each site pupils attend visited by the school"),
    ("data-protection", "Data protection: secure e-mail and handling of pupils' information"),
]
RESULT_TEXT = {"satisfactory": "Satisfactory", "concerns": "Concerns noted", "not-seen": "Not seen"}
LETTERS = {  # kind -> (title, policy id)
    "online-safety-letter": ("Social networking, social media and e-safety", "online-safety"),
    "child-protection-letter": ("Child protection and safeguarding", "child-protection"),
    "attendance-letter": ("Attendance and absence follow-up", "attendance"),
}
BASIS = {  # basis -> (code, text)
    "school": ("B", "Off-site alternative provision arranged by the school"),
    "local-authority": ("K", "Alternative provision arranged by the local authority"),
    "dual-registration": ("D", "Dual registration with the provider"),
}
CODE_MEANING = {
    "B": "attending an approved educational activity off site, approved and supervised by a person authorised by the school",
    "K": "attending education provision arranged by the local authority under its statutory power",
    "D": "dual registered: attending the other school at which the pupil is also a registered pupil",
}
LA_POWER = {
    "s19-ea1996": "section 19 of the Education Act 1996",
    "s42-cfa2014": "section 42 of the Children and Families Act 2014 (the provision in an EHC plan)",
    "s61-cfa2014": "section 61 of the Children and Families Act 2014",
}
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "revd"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def plain(value):
    """YAML values as JSON data: dates to YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return value


def load(kind, ident):
    path = os.path.join(EXAMPLES, kind + "s", ident + ".yaml")
    with open(path, encoding="utf-8") as f:
        return plain(yaml.safe_load(f)), path


def load_all(kind):
    folder = os.path.join(EXAMPLES, kind + "s")
    return [load(kind, n[:-5])[0] for n in sorted(os.listdir(folder)) if n.endswith(".yaml")]


def date(text):
    return dt.date.fromisoformat(text)


def add_months(d, months):
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m, day)
        except ValueError:
            continue


def is_stale(text, today):
    return add_months(date(text), STALENESS_MONTHS) < today


def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def hours_per_week(placement):
    return sum(minutes(s["end"]) - minutes(s["start"]) for s in placement["sessions"]) / 60


def days_text(placement):
    names = sorted({s["day"].capitalize() for s in placement["sessions"]}, key=WEEKDAYS.index)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def hours_text(x):
    return ("%.2f" % x).rstrip("0").rstrip(".")


def salutation(name):
    words = name.split()
    return words[0] + " " + words[-1] if len(words) >= 3 and words[0].lower().strip(".") in TITLES else name


def days_list(days):
    return days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1] if days else ""


def week_sessions(p):
    """The weekday sessions (day, half) with education: provider sessions and school/other days."""
    covered = set()
    for s in p["sessions"]:
        day = s["day"].capitalize()
        if minutes(s["start"]) < 12 * 60:
            covered.add((day, "morning"))
        if minutes(s["end"]) > 13 * 60:
            covered.add((day, "afternoon"))
    provider_only = set(covered)
    for r in p.get("rest_of_week") or []:
        if r["where"] != "home":
            for day in r.get("days", []):
                covered |= {(day.capitalize(), "morning"), (day.capitalize(), "afternoon")}
    week = [(d, h) for d in WEEKDAYS[:5] for h in ("morning", "afternoon")]
    return provider_only, [x for x in week if x not in covered], week


def hours_elsewhere(p):
    return sum(r.get("hours", 0) for r in p.get("rest_of_week") or [] if r["where"] != "home")


def code_basis(p, code):
    if code == "B":
        s = p.get("supervised_by")
        return ("approved and supervised for the school by %s%s" % (s["name"], ", " + s["role"] if s.get("role") else "")
                if s else "supervisor not recorded")
    if code == "K":
        la = p.get("la_arrangement") or {}
        authority = la.get("authority", "the local authority")
        return ("arranged by %s under %s" % (authority, LA_POWER[la["power"]]) if la.get("power")
                else "arranged by %s; power not recorded" % authority)
    return "registered at the provider school, which keeps its own register for these sessions"


def number(x):
    return int(x) if float(x).is_integer() else round(x, 2)


def rel(path, out_dir):
    return os.path.relpath(path, out_dir)


def school_context(out_dir):
    school, path = load("school", "SCH-RVA")
    if "logo" in school:   # resolved to a file path, relative to the context file (RenderOptions.baseDirectory)
        school["logo"] = rel(os.path.join(os.path.dirname(path), school["logo"]), out_dir)
    return school


def policy(school, ident):
    return next(p for p in school["policies"] if p["id"] == ident)


def letter(reference):
    return {"date": LETTER_DATE, "reference": reference}


def derived_placement(p):
    p = json.loads(json.dumps(p))
    p["pupil"].pop("child_protection", None)      # never seen by a template
    code = p.get("attendance_code") or BASIS[p["basis"]][0]
    hours = hours_per_week(p)
    provider_only, missing, week = week_sessions(p)
    p["part_time"] = not all(x in provider_only for x in week)
    p["reduced_timetable_needed"] = bool(missing)
    p["sessions_without_education"] = ", ".join("%s %s" % x for x in missing)
    p["hours_per_week"] = number(hours)
    p["hours_text"] = hours_text(hours)
    p["total_hours_text"] = hours_text(hours + hours_elsewhere(p))
    p["rest_of_week"] = [{"where": r["where"], "days": days_list([d.capitalize() for d in r.get("days", [])]),
                          "hours": r.get("hours", 0), "hours_text": hours_text(r.get("hours", 0)),
                          "description": r.get("description")} for r in p.get("rest_of_week") or []]
    for key in ("aims", "reviews", "signatures"):
        p.setdefault(key, [])
    for key in ("transport", "costs", "outcomes", "curriculum", "arrangement"):
        p.setdefault(key, {})
    points = [date(p["start"])] + sorted(date(r) for r in p["reviews"])
    if p["reviews"] and p.get("planned_end"):
        points.append(date(p["planned_end"]))
    gaps = [(b - a).days for a, b in zip(points, points[1:])] if p["reviews"] else []
    p["reviews_within_limit"] = bool(gaps) and all(g <= MAX_REVIEW_GAP for g in gaps)
    p["review_limit_days"] = MAX_REVIEW_GAP
    p["code_basis"] = code_basis(p, code)
    p["local_authority_party"] = p["basis"] == "local-authority" or bool(p["pupil"].get("looked_after"))
    la = p.get("la_arrangement") or {}
    p["la_power_text"] = LA_POWER.get(la.get("power"))
    pupil = p["pupil"]
    pupil.setdefault("key_workers", [])
    pupil["first_name"] = pupil["name"].split()[0]
    words = {"he": ["he", "him", "his", "is", "needs"], "she": ["she", "her", "her", "is", "needs"]}.get(
        pupil.get("pronoun"), ["they", "them", "their", "are", "need"])
    pupil.update(zip(["they", "them", "their", "are", "need"], words))
    care = pupil.get("care") or {}
    authority = care.get("authority", "the local authority")
    if care.get("legal_status") == "s31-care-order":
        pupil["care_status_text"] = ("is subject to a care order (section 31 of the Children Act 1989). %s shares "
                                     "parental responsibility with the parents (section 33)" % authority)
    elif care.get("legal_status") == "s20-accommodated":
        pupil["care_status_text"] = ("is accommodated by %s under section 20 of the Children Act 1989. Parental "
                                     "responsibility stays with the parents; the local authority does not hold it" % authority)
    for parent in p.get("parents", []):
        pr, delegated = parent.get("parental_responsibility"), parent.get("delegated_authority")
        foster = "foster" in (parent.get("relationship") or "").lower()
        parent["parental_responsibility_text"] = ("Yes" if pr is True else "No (delegated authority)" if delegated is True
                                                  else "No" if pr is False or foster else "Not recorded")
    p["days"] = days_text(p)
    p["attendance_code_meaning"] = CODE_MEANING[code]
    p["basis_text"] = BASIS[p["basis"]][1]
    return p


def registration_test(provider, placements):
    urn = (provider.get("registration") or {}).get("urn") or ""
    kind = provider["kind"]
    if kind == "registered-school":
        return {"required": True, "registered": bool(urn), "law": "s463", "citation": "Education Act 1996 s463",
                "reason": ("it is a registered school (URN %s); the school checks that the registration is open and "
                           "covers each site its pupils attend" % urn) if urn else "it is a school but no URN is recorded"}
    if kind == "fe-college":
        return {"required": False, "registered": bool(urn), "law": "s463", "citation": "Education Act 1996 s463",
                "reason": "it is a further education college, which does not register as a school"}
    ours = [p for p in placements if p["provider"] == provider["id"]
            and (hours_per_week(p) > FULL_TIME_HOURS or hours_elsewhere(p) == 0)]
    declared = provider.get("full_time_pupils")
    total = max((declared or {}).get("total", 0), len(ours))
    ehc = max((declared or {}).get("with_ehc_plan", 0), sum(1 for p in ours if (p["pupil"].get("sen") or {}).get("support") == "ehc-plan"))
    lac = max((declared or {}).get("looked_after", 0), sum(1 for p in ours if p["pupil"].get("looked_after")))
    if total >= REGISTRATION_THRESHOLD:
        required, reason = True, "it has %d full-time pupils of compulsory school age (%d or more)" % (total, REGISTRATION_THRESHOLD)
    elif ehc > 0:
        required, reason = True, "it has a full-time pupil with an EHC plan"
    elif lac > 0:
        required, reason = True, "it has a full-time pupil who is looked after"
    elif declared is None and not ours:
        required, reason = False, "its full-time pupil numbers are not recorded"
    else:
        required, reason = False, ("it has %d full-time pupils of compulsory school age (fewer than %d), "
                                   "none with an EHC plan or looked after" % (total, REGISTRATION_THRESHOLD))
    return {"required": required, "registered": bool(urn), "reason": reason, "law": "s463",
            "citation": "Education Act 1996 s463"}


def provider_context(template, provider_id, out_dir):
    school = school_context(out_dir)
    provider, _ = load("provider", provider_id)
    placements = load_all("placement")
    today = date(LETTER_DATE)
    short = {"online-safety-letter": "OS", "child-protection-letter": "CP", "attendance-letter": "ATT",
             "commissioning-checklist": "CC"}[template]
    for key in ("address", "sites", "checks", "letters_issued"):
        provider.setdefault(key, [])
    for key in ("agency_links", "costs"):
        provider.setdefault(key, {})
    for key in ("dsl", "attendance_contact"):
        if provider.get(key):
            provider[key]["salutation"] = salutation(provider[key]["name"])
    ctx = {"school": school, "provider": provider,
           "letter": letter("%s/AP/%s/%s/%s" % (school["id"].replace("SCH-", ""), provider["id"], short,
                                                 LETTER_DATE[:7]))}
    if template == "online-safety-letter":
        ctx["policy"] = policy(school, "online-safety")
    elif template == "child-protection-letter":
        ctx["policy"] = policy(school, "child-protection")
    elif template == "attendance-letter":
        ctx["policy"] = policy(school, "attendance")
        ctx["placements"] = []
        ctx["local_authority_placements"] = any(p["basis"] == "local-authority" for p in placements
                                                 if p["provider"] == provider["id"])
        for p in placements:
            if p["provider"] != provider["id"]:
                continue
            d = derived_placement(p)
            code = p.get("attendance_code") or BASIS[p["basis"]][0]
            ctx["placements"].append({
                "id": p["id"], "pupil_key": p["pupil"]["key"], "year_group": p["pupil"].get("year_group"),
                "days": d["days"], "sessions": p["sessions"], "start": p["start"],
                "planned_end": p.get("planned_end"), "attendance_code": code,
                "attendance_code_meaning": CODE_MEANING[code], "code_basis": d["code_basis"],
                "local_authority_party": p["basis"] == "local-authority"})
    elif template == "commissioning-checklist":
        recorded = {c["id"]: c for c in provider.get("checks", [])}
        ctx["checks"] = []
        for ident, title in CHECKS:
            c = recorded.get(ident, {})
            result = c.get("result", "not-seen")
            ctx["checks"].append({
                "id": ident, "title": title, "result": result, "result_text": RESULT_TEXT[result],
                "evidence": c.get("evidence"), "date": c.get("date"),
                "stale": is_stale(c["date"], today) if c.get("date") else True})
        test = registration_test(provider, placements)
        ctx["registration_test"] = test
        ctx["letters"] = [{
            "kind": l["kind"], "title": LETTERS[l["kind"]][0],
            "policy_title": policy(school, LETTERS[l["kind"]][1])["title"],
            "policy_version": l["policy_version"], "date": l["date"],
            "superseded": policy(school, LETTERS[l["kind"]][1])["version"] != l["policy_version"],
            "current_version": policy(school, LETTERS[l["kind"]][1])["version"]} for l in provider.get("letters_issued", [])]
        vetting = provider.get("vetting_confirmation")
        ctx["vetting_confirmation"] = vetting
        vetting_ok = bool(vetting) and date(vetting["date"]) <= today
        ctx["approved"] = (not (test["required"] and not test["registered"]) and vetting_ok
                           and all(c["result"] == "satisfactory" for c in ctx["checks"]))
    return ctx


def placement_context(placement_id, out_dir):
    school = school_context(out_dir)
    raw, _ = load("placement", placement_id)
    provider, _ = load("provider", raw["provider"])
    p = derived_placement(raw)
    required = ["school", "provider", "parent-carer", "pupil"] + (["local-authority"] if p["local_authority_party"] else [])
    roles = {s["role"] for s in raw.get("signatures", [])}
    p["agreement_state"] = "draft" if not roles else "signed" if set(required) <= roles else "partly-signed"
    for key in ("address", "sites"):
        provider.setdefault(key, [])
    signature = {}
    for role, key in (("school", "school"), ("provider", "provider"), ("parent-carer", "parent_carer"), ("pupil", "pupil"),
                      ("local-authority", "local_authority")):
        s = next((s for s in raw.get("signatures", []) if s["role"] == role), None)
        signature[key] = ({"name": s["name"], "date": s["date"], "method": s["method"], "signed": True}
                          if s else {"signed": False})
    return {
        "school": school, "provider": provider,
        "letter": letter("%s/AP/%s" % (school["id"].replace("SCH-", ""), raw["id"])),
        "policy": {"online_safety": policy(school, "online-safety"),
                   "child_protection": policy(school, "child-protection"),
                   "attendance": policy(school, "attendance")},
        "placement": p, "pupil": p["pupil"], "parents": p.get("parents", []), "signature": signature,
    }


def write(ctx, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(ctx, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote", os.path.relpath(path, REPO))


def main():
    os.makedirs(OUT, exist_ok=True)
    for template, (kind, ident) in SAMPLES.items():
        ctx = (placement_context(ident, OUT) if kind == "placement" else provider_context(template, ident, OUT))
        write(ctx, os.path.join(OUT, template + ".json"))
    if len(sys.argv) == 3 and sys.argv[1] == "--all":
        out = os.path.abspath(sys.argv[2])
        os.makedirs(out, exist_ok=True)
        for p in load_all("provider"):
            for t in ("online-safety-letter", "child-protection-letter", "attendance-letter", "commissioning-checklist"):
                write(provider_context(t, p["id"], out), os.path.join(out, "%s-%s.json" % (t, p["id"])))
        for p in load_all("placement"):
            write(placement_context(p["id"], out), os.path.join(out, "placement-agreement-%s.json" % p["id"]))


if __name__ == "__main__":
    main()
