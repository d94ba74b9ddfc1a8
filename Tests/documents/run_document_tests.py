#!/usr/bin/env python3
"""Proof of the AP document set: generates every document of examples/ in both formats, then
checks them with tools that are not ours. Needs PyYAML (Debian python3-yaml) to read examples/.

    python3 Tests/documents/run_document_tests.py BIN [--shared ../shared] [--previews DIR]

- every file passes the ODF 1.3 / OOXML schema oracles (shared/oracles; without shared/ this is
  skipped with one line saying so) and converts with LibreOffice (Tests/tools/lo-pdf.sh);
- the PDF text holds what each document must show (school, provider, cited policy version,
  pupil keys in the attendance letter, the pupil's name in the agreement, every check title);
- letters 1 and 2 hold no pupil data (names, keys, UPNs, dates of birth), the attendance letter
  no names, and no document anywhere holds a child-protection status;
- file names carry ids and document kinds only.
With --previews DIR, page 1 of each document is written there as PNG (pdftoppm).
Ends with "N passed, M failed".
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

RESULTS = []
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def check(ok, name, detail=""):
    RESULTS.append(ok)
    print("%s  %-70s %s" % ("PASS" if ok else "FAIL", name, "" if ok else detail), flush=True)
    return ok


def long_date(day):
    """`2010-03-02` (a date as PyYAML reads it) as the documents write it: `2 March 2010`."""
    return "%d %s %d" % (day.day, MONTHS[day.month - 1], day.year) if day else None


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def read_examples(examples, day):
    """The values the checks look for, read from examples/ as data (not by pattern), so that a
    restyled example cannot leave a check with nothing to check."""
    placements = {}
    folder = os.path.join(examples, "placements")
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".yaml")):
        record = load_yaml(os.path.join(folder, name))
        pupil = record.get("pupil") or {}
        status = str((pupil.get("child_protection") or {}).get("status", "none")).strip()
        placements[record["id"]] = dict(
            provider=record.get("provider"), key=pupil.get("key"), name=pupil.get("name"),
            upn=pupil.get("upn"), dob=long_date(pupil.get("date_of_birth")),
            cp=[] if status.lower() == "none" else [status])
    schools = os.path.join(examples, "schools")
    school = load_yaml(os.path.join(schools, sorted(n for n in os.listdir(schools) if n.endswith(".yaml"))[0]))
    # The version each document cites: the latest one in force on the issue day.
    policy = {}
    for entry in sorted(school.get("policies") or [], key=lambda p: str(p.get("effective", ""))):
        if str(entry.get("effective", "")) <= day:
            policy[entry["id"]] = (entry["title"], str(entry["version"]))
    return placements, school["name"], policy


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


def has(text, *phrases):
    return all(p.lower() in text.lower() for p in phrases)


def legal_checks(f, folder, kind, text):
    """The printed text of issue 12's fixes (review 2026-12), in each format."""
    # A sentence may run across a page break: the running footer then sits inside it.
    text = re.sub(r" ?Placement agreement PL-[\w-]+ · Pupil [\w-]+ · Confidential: contains personal information "
                  r"Page \d+ of \d+ ?", " ", text)
    def need(name, *phrases):
        absent = [p for p in phrases if p.lower() not in text.lower()]
        return check(not absent, name, "missing: %s" % absent)

    check(not re.search(r"local authority with parental responsibility", text, re.I),
          "%s never says a local authority holds parental responsibility outright" % f)
    check(not re.search(r"foster carers? (hold|holds|with) parental responsibility", text, re.I),
          "%s never says foster carers hold parental responsibility" % f)
    if kind == "attendance-letter":
        need("%s asks for a daily confirmation of each session, after each register" % f, "daily confirmation", "morning register", "afternoon register", "every session, every day")
        need("%s asks for an immediate call for any absence" % f, "telephone us immediately about any absence")
        check(not has(text, "weekly summary") and not re.search(r"by \d\d:\d\d on the day", text),
              "%s has no weekly-only summary and no single clock deadline" % f)
        need("%s gives the corrected D wording" % f, "we record D for those sessions and do not enter an absence code")
        need("%s states what makes B and K lawful" % f, "supervised", "section 19 of the Education Act 1996")
    if kind == "child-protection-letter":
        need("%s asks for concerns to be reported immediately" % f, "by telephone immediately")
        need("%s asks to be told before a change of site or subcontracting" % f, "before any change to where our pupils are taught", "subcontracted")
        need("%s says the school may suspend or end a placement" % f, "may suspend or end the placement immediately")
        need("%s: the vetting slip says where applicable and equivalent record" % f, "where applicable", "or an equivalent record", "where it still applies")
        check(not has(text, "on every member of staff and every volunteer"), "%s no longer demands every check of everyone" % f)
        need("%s gives the Prevent route and the FGM reporting duty" % f, "Prevent referral", "section 5B of the Female Genital Mutilation Act 2003")
    if kind == "child-protection-letter":
        need("%s sends referrals to the LA where the child lives" % f, "the local authority where the child lives")
        need("%s is countersigned by the headteacher (C-11)" % f, "Countersigned by the headteacher", "Headteacher,")
    if kind == "attendance-letter":
        need("%s is signed by the senior attendance champion" % f, "senior attendance champion")
    if kind == "online-safety-letter":
        need("%s uses the KCSIE 2026 terms for intimate images" % f, "self-generated intimate images")
        need("%s covers pupils' mobile phones and generative AI tools (E-4)" % f, "Mobile phones:",
             "Please apply the same rule while our pupils are with you", "Generative AI tools:",
             "personal information into an AI tool", "AI-generated or altered image")
        need("%s separates low-level concerns from the LADO route" % f, "low-level concern", "not to the LADO")
    if kind in ("online-safety-letter", "child-protection-letter") and folder == "PRV-NSC":
        need("%s greets the DSL by title and surname" % f, "Dear Ms Shah,")
    if kind == "placement-agreement":
        check(not re.search(r"(Full|Part) time: [\d.]+ hours", text), "%s never prints 'Full time: N hours'" % f)
        need("%s prints hours at the provider and total weekly education" % f, "hours a week at the provider", "hours a week of education in all")
        check(has(text, "daily confirmation of attendance for each session") or has(text, "records attendance and absence for those sessions in its own register"),
              "%s matches the attendance letter's daily confirmation" % f)
        need("%s says what happens if the placement breaks down, and how to complain" % f,
             "If the placement breaks down or ends early", "returns to", "Concerns and complaints")
        need("%s gives the lawful basis for sharing information" % f, "Article 6(1)(e)", "Article 9(2)(g)", "retention")
        need("%s says why the placement is arranged and under what power" % f, "Why:", "Power:")
        if folder == "PL-2025-018":
            check(not has(text, "We review the placement together at least every half-term"),
                  "%s does not promise half-termly reviews its schedule breaks" % f)
        elif folder == "PL-2025-014":
            need("%s promises the half-termly reviews its schedule keeps" % f, "We review the placement together at least every half-term")
        if folder == "PL-2025-016":
            need("%s: the LA arranges under s42, is responsible, and has a signature block" % f, "For the local authority: Northshire County Council", "arranges Callum",
                      "and is responsible for it", "section 42 of the Children and Families Act 2014")
            check(not has(text, "remains responsible for Callum"), "%s does not make the school responsible for the LA's education" % f)
            check(has(text, "The plan was reviewed on 3 July 2025, before the placement starts") and not has(text, "at the plan’s annual review"),
                  "%s records the early EHC review, not the annual review" % f)
        elif folder == "PL-2025-017":
            need("%s records s20, who holds PR, and the LA's and PR holder's signatures" % f, "under section 20 of the Children Act 1989", "the local authority does not hold it",
                      "Foster carers do not hold parental responsibility", "Parent with parental responsibility",
                      "For the local authority: Northshire County Council (virtual school head or social worker)")
        else:
            check(not has(text, "For the local authority:"), "%s has no LA signature block when the LA is not a party" % f)
    if kind == "commissioning-checklist":
        need("%s has the rows the review added (training offer, inspection, insurance, risk assessment, sites, data protection)" % f,
             "Support offered to the provider", "Latest inspection report", "public liability",
             "Risk assessment of the activities", "Each site pupils attend visited", "Data protection: secure e-mail")
        need("%s is signed for the decision and for safeguarding separately" % f,
             "headteacher or commissioning senior leader", "designated safeguarding lead")
    if kind == "commissioning-checklist" and folder == "PRV-NSC":
        need("%s marks the superseded letter and the sites' registration cover" % f,
             "(superseded by 3.1)", "covered by the registration")
        need("%s records the ages and SEN types the registration covers (R-4)" % f,
             "registered for ages 11 to 19", "types of special educational need: SEMH")
    if kind == "commissioning-checklist" and folder == "PRV-FFP":
        need("%s: a failed registration test says do not place, report, tell the home LAs, safeguarding" % f, "do not place any pupil", "unregistered schools route", "home local authorities", "safeguarding concern")
        check(not has(text, "before any pupil is placed"), "%s no longer says 'register before any pupil is placed'" % f)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    a = argparse.ArgumentParser()
    a.add_argument("bin")
    a.add_argument("--shared", default=os.path.join(repo, "..", "shared"))
    a.add_argument("--previews")
    a.add_argument("--date", default="2025-10-01")
    args = a.parse_args()
    bin_ = os.path.abspath(args.bin)
    oracles = os.path.join(os.path.abspath(args.shared), "oracles")
    if not os.path.isdir(oracles):
        print("SKIPPED schema validation of the document set (validate-odf.sh, validate-docx.py): needs "
              "shared/oracles, not found at %s; put shared/ beside the repository or pass --shared DIR "
              "(make test SHARED=DIR)" % oracles, flush=True)
        oracles = None
    lo_pdf = os.path.join(repo, "Tests", "tools", "lo-pdf.sh")
    examples = os.path.join(repo, "examples")
    tmp = tempfile.mkdtemp(prefix="apdocs_documents_")
    try:
        out = os.path.join(tmp, "output")
        p = subprocess.run([bin_, "generate", examples, "--date", args.date, "--output", out,
                            "--templates", os.path.join(repo, "templates")], capture_output=True, text=True)
        check(p.returncode in (0, 3), "generate the examples (0, or 3: documents held back by rule errors)", p.stderr[-500:])
        files = sorted(os.path.relpath(os.path.join(r, n), out) for r, _, ns in os.walk(out) for n in ns)
        check(len(files) >= 20, "documents were written (%d)" % len(files))
        bad_names = [f for f in files if not re.fullmatch(r"(PRV|PL)-[A-Z0-9-]+/[a-z-]+\.(docx|odt)", f)]
        check(not bad_names, "file names carry ids and document kinds only", str(bad_names[:3]))

        placements, school, policy = read_examples(examples, args.date)
        statuses = [cp for pl in placements.values() for cp in pl["cp"]]
        # Without these the privacy checks below would run zero times and pass.
        check(len(placements) >= 2 and all(pl["key"] and pl["name"] and pl["upn"] and pl["dob"]
                                           for pl in placements.values()),
              "every example placement has a pupil key, name, UPN and date of birth (%d)" % len(placements))
        check(bool(statuses), "the examples hold a child-protection status to look for (%d)" % len(statuses))
        missing = {"online-safety", "child-protection", "attendance"} - set(policy)
        check(not missing, "the example school has the policies the letters cite", str(sorted(missing)))

        for f in files if oracles else []:
            path = os.path.join(out, f)
            if f.endswith(".odt"):
                r = subprocess.run([os.path.join(oracles, "validate-odf.sh"), path], capture_output=True, text=True)
            else:
                r = subprocess.run([sys.executable, os.path.join(oracles, "validate-docx.py"), path], capture_output=True, text=True)
            check(r.returncode == 0, "valid: " + f, (r.stdout + r.stderr)[-300:])

        # LibreOffice names each PDF after its document, and names repeat across providers:
        # one conversion per folder and format keeps them apart.
        pdfs = os.path.join(tmp, "pdf")
        texts = {}
        for ext in ("odt", "docx"):
            for d in sorted({os.path.dirname(f) for f in files}):
                batch = [os.path.join(out, f) for f in files if f.endswith("." + ext) and os.path.dirname(f) == d]
                subprocess.run([lo_pdf, os.path.join(pdfs, ext, d)] + batch, capture_output=True, text=True)
        for f in files:
            ext = f.rsplit(".", 1)[1]
            pdf = os.path.join(pdfs, ext, os.path.dirname(f), os.path.basename(f).rsplit(".", 1)[0] + ".pdf")
            if not check(os.path.isfile(pdf), "LibreOffice converts: " + f):
                continue
            r = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True)
            texts[f] = norm(r.stdout)
            if os.path.basename(f).startswith("attendance-letter."):
                info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
                pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
                check(pages is not None and int(pages.group(1)) <= 2,
                      "%s fits on two pages (%s)" % (f, pages.group(1) if pages else "?"))
            # Previews from the ODT, but the checklist from the DOCX: its ODT check boxes are PDF
            # form fields drawn with ZapfDingbats, which poppler cannot draw here.
            kind_of = os.path.basename(f).rsplit(".", 1)[0]
            preview_ext = "docx" if kind_of == "commissioning-checklist" else "odt"
            if args.previews and ext == preview_ext and not os.path.dirname(f).startswith("PRV-NCC"):
                os.makedirs(args.previews, exist_ok=True)
                kind = os.path.basename(f).rsplit(".", 1)[0]
                target = os.path.join(args.previews, kind)
                if not os.path.exists(target + ".png"):
                    subprocess.run(["pdftoppm", "-r", "62", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, target])

        for f, text in texts.items():
            if text is None:
                continue
            folder, kind = os.path.dirname(f), os.path.basename(f).rsplit(".", 1)[0]
            check(school in text, "%s shows the school" % f)
            check("{{" not in text and "{%" not in text, "%s has no tags left" % f)
            shown = [cp for cp in statuses if norm(cp) in text]
            check(not shown and "CPP-" not in text, "%s never shows a child-protection status (%d looked for)"
                  % (f, len(statuses)))
            if kind in ("online-safety-letter", "child-protection-letter", "attendance-letter"):
                pid = {"online-safety-letter": "online-safety", "child-protection-letter": "child-protection",
                       "attendance-letter": "attendance"}[kind]
                title, version = policy.get(pid, ("?", "?"))
                check(title in text and version in text, "%s cites %s %s" % (f, title, version), text[:200])
            if kind in ("online-safety-letter", "child-protection-letter"):
                leaks = [v for pl in placements.values() for v in (pl["name"], pl["key"], pl["upn"], pl["dob"])
                         if v and v in text]
                check(not leaks, "%s carries no pupil data" % f, str(leaks))
            if kind == "attendance-letter":
                mine = [pl for pl in placements.values() if pl["provider"] == folder]
                check(all(pl["key"] in text for pl in mine), "%s lists its placements by pupil key" % f)
                names = [pl["name"] for pl in placements.values() if pl["name"] in text]
                check(not names, "%s carries no pupil names" % f, str(names))
            if kind == "placement-agreement":
                pl = placements[folder]
                check(pl["name"] in text and folder in text, "%s names its pupil and placement" % f)
            if kind == "commissioning-checklist":
                for title in ("Registration status", "Behaviour policy", "Fire risk assessment"):
                    check(title.lower() in text.lower(), "%s lists the check '%s'" % (f, title))
            legal_checks(f, folder, kind, text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = RESULTS.count(False)
    print("%d passed, %d failed" % (len(RESULTS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
