#!/usr/bin/env python3
"""PDF figures for `make bench`.

1. 50 letters to PDF through `apdocs render --each --pdf` (LibreOffice batches split over the idle
   cores, private profiles) against one plain `soffice --convert-to pdf` call over the same files.
2. 1,000 letters (the ODT letter) through `apdocs render --each --pdf`: how many PDFs were made,
   checked by reading each file's header, and the time. Every one must be made (exit 1 otherwise).

    python3 Tests/batch/bench_pdf.py BIN [--letters 1000]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time


def write_records(fixtures, path, count):
    """A YAML list of `count` copies of the letter's data, each with its own id."""
    text = open(os.path.join(fixtures, "data", "letter.yaml")).read()
    with open(path, "w") as f:
        for i in range(count):
            f.write("- id: L%04d\n" % i)
            f.write("".join("  " + line + "\n" for line in text.splitlines()))


def complete_pdfs(folder):
    """The files in `folder` named .pdf that start with %PDF- and carry %%EOF near their end."""
    made = 0
    for name in os.listdir(folder):
        if not name.endswith(".pdf"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            head = f.read(5)
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 1024))
            if head == b"%PDF-" and b"%%EOF" in f.read():
                made += 1
    return made


def fifty(bin_, fixtures, tmp):
    records = os.path.join(tmp, "records50.yaml")
    write_records(fixtures, records, 50)
    template = os.path.join(fixtures, "templates", "letter.docx")
    ours = os.path.join(tmp, "ours")
    os.makedirs(ours)
    start = time.monotonic()
    p = subprocess.run([bin_, "render", template, records, "--each", "-o", os.path.join(ours, "{{ id }}.docx")],
                       capture_output=True, text=True)
    rendered = time.monotonic() - start
    if p.returncode != 0:
        print("pdf: render failed: " + p.stderr[-300:])
        return False
    plain = os.path.join(tmp, "plain")
    shutil.copytree(ours, plain)
    start = time.monotonic()
    p = subprocess.run([bin_, "render", template, records, "--each", "--pdf", "-o", os.path.join(ours, "{{ id }}.docx")],
                       capture_output=True, text=True)
    with_pdf = time.monotonic() - start
    if p.returncode != 0:
        print("pdf: conversion failed: " + p.stderr[-300:])
        return False
    made = complete_pdfs(ours)
    profile = os.path.join(tmp, "profile")
    start = time.monotonic()
    subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf", "--outdir", plain]
                   + sorted(os.path.join(plain, n) for n in os.listdir(plain) if n.endswith(".docx")), capture_output=True)
    soffice = time.monotonic() - start
    plain_made = complete_pdfs(plain)
    print("pdf: 50 letters: apdocs render --each --pdf %.2f s (render %.2f s + conversion %.2f s, %d PDFs); "
          "one plain soffice --convert-to pdf call: %.2f s (%d PDFs)" % (with_pdf, rendered, with_pdf - rendered, made, soffice, plain_made))
    return made == 50


def many(bin_, fixtures, tmp, count):
    records = os.path.join(tmp, "records%d.yaml" % count)
    write_records(fixtures, records, count)
    template = os.path.join(fixtures, "templates", "letter.odt")
    out = os.path.join(tmp, "many")
    start = time.monotonic()
    p = subprocess.run([bin_, "render", template, records, "--each", "--pdf", "-o", os.path.join(out, "{{ id }}.odt")],
                       capture_output=True, text=True)
    seconds = time.monotonic() - start
    made = complete_pdfs(out) if os.path.isdir(out) else 0
    summary = [line for line in p.stderr.splitlines() if not line.startswith("error:")][-1:] or [""]
    failures = [line for line in p.stderr.splitlines() if line.startswith("error:")]
    print("pdf: %d letters: apdocs render --each --pdf made %d PDFs in %.1f s (exit %d; %s)"
          % (count, made, seconds, p.returncode, summary[0]))
    for line in failures[:5]:
        print("  " + line[:300])
    if len(failures) > 5:
        print("  ... and %d more failures" % (len(failures) - 5))
    return made == count and p.returncode == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin")
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args()
    bin_ = os.path.abspath(args.bin)
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    fixtures = os.path.join(repo, "Tests", "Fixtures")
    tmp = tempfile.mkdtemp(prefix="apdocs_bench_pdf_")
    try:
        ok = fifty(bin_, fixtures, tmp)
        ok = many(bin_, fixtures, tmp, args.letters) and ok
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
