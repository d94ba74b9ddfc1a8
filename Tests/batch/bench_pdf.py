#!/usr/bin/env python3
"""PDF figures for `make bench`: 50 letters to PDF through `apdocs render --each --pdf` (one
LibreOffice batch, split over the idle cores, private profiles) against one plain
`soffice --convert-to pdf` call over the same 50 files.

    python3 Tests/batch/bench_pdf.py BIN
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    bin_ = os.path.abspath(sys.argv[1])
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    fixtures = os.path.join(repo, "Tests", "Fixtures")
    tmp = tempfile.mkdtemp(prefix="apdocs_bench_pdf_")
    try:
        # 50 records from the letter's data, each with its own id.
        letter = os.path.join(fixtures, "data", "letter.yaml")
        records = os.path.join(tmp, "records.json")
        # A YAML list of 50 copies of the letter's data, each with its own id.
        text = open(letter).read()
        with open(os.path.join(tmp, "records.yaml"), "w") as f:
            for i in range(50):
                f.write("- id: L%02d\n" % i)
                f.write("".join("  " + line + "\n" for line in text.splitlines()))
        template = os.path.join(fixtures, "templates", "letter.docx")
        ours = os.path.join(tmp, "ours")
        os.makedirs(ours)
        start = time.monotonic()
        p = subprocess.run([bin_, "render", template, os.path.join(tmp, "records.yaml"), "--each", "-o", os.path.join(ours, "{{ id }}.docx")],
                           capture_output=True, text=True)
        rendered = time.monotonic() - start
        if p.returncode != 0:
            print("pdf: render failed: " + p.stderr[-300:])
            return 1
        plain = os.path.join(tmp, "plain")
        shutil.copytree(ours, plain)
        start = time.monotonic()
        p = subprocess.run([bin_, "render", template, os.path.join(tmp, "records.yaml"), "--each", "--pdf", "-o", os.path.join(ours, "{{ id }}.docx")],
                           capture_output=True, text=True)
        with_pdf = time.monotonic() - start
        if p.returncode != 0:
            print("pdf: conversion failed: " + p.stderr[-300:])
            return 1
        made = len([n for n in os.listdir(ours) if n.endswith(".pdf")])
        profile = os.path.join(tmp, "profile")
        start = time.monotonic()
        subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf", "--outdir", plain]
                       + sorted(os.path.join(plain, n) for n in os.listdir(plain) if n.endswith(".docx")), capture_output=True)
        soffice = time.monotonic() - start
        plain_made = len([n for n in os.listdir(plain) if n.endswith(".pdf")])
        print("pdf: 50 letters: apdocs render --each --pdf %.2f s (render %.2f s + conversion %.2f s, %d PDFs); "
              "one plain soffice --convert-to pdf call: %.2f s (%d PDFs)" % (with_pdf, rendered, with_pdf - rendered, made, soffice, plain_made))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
