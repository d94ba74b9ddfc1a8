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
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = RESULTS.count(False)
    print("%d passed, %d failed" % (len(RESULTS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
