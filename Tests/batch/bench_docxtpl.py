#!/usr/bin/env python3
"""apdocs against docxtpl, side by side from the command line (issue 14's goals: the 10,000-row
table letter >= 20x faster, the 300-letter batch >= 25x). `make bench` runs it.

The template is docxtpl's own `order` case (shared/conformance/docxtpl, one of the nine core
cases both engines pass): an invoice whose `{%tr for i in items %}` row repeats. docxtpl runs in
the virtual environment `make bench-deps` makes (.build/docxtpl-venv, PyPI's docxtpl), one
process per measurement, as a user would run a script; apdocs is the release binary.
Each figure is the median of RUNS wall-clock runs, each side's output checked (rows, names).

    python3 Tests/batch/bench_docxtpl.py BIN --shared ../shared [--python .build/docxtpl-venv/bin/python]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

DOCXTPL_ONE = """
import json, sys
from docxtpl import DocxTemplate
t = DocxTemplate(sys.argv[1])
t.render(json.load(open(sys.argv[2])))
t.save(sys.argv[3])
"""

DOCXTPL_BATCH = """
import json, os, sys
from docxtpl import DocxTemplate
for record in json.load(open(sys.argv[2])):
    t = DocxTemplate(sys.argv[1])
    t.render(record)
    t.save(os.path.join(sys.argv[3], record["ref"] + ".docx"))
"""

RUNS = 3


def median_run(args):
    times = []
    for _ in range(RUNS):
        started = time.monotonic()
        p = subprocess.run(args, capture_output=True, text=True)
        times.append(time.monotonic() - started)
        if p.returncode != 0:
            sys.exit("failed: %s\n%s%s" % (" ".join(args[:3]), p.stdout[-2000:], p.stderr[-2000:]))
    return sorted(times)[len(times) // 2]


def body(path):
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def record(base, number, rows):
    r = dict(base)
    r["customer_name"] = "Customer %05d" % number
    r["ref"] = "order-%05d" % number
    r["items"] = [{"desc": "Item %05d" % i, "qty": i % 7 + 1, "price": "%d.00" % (i % 50)} for i in range(1, rows + 1)]
    return r


def main():
    a = argparse.ArgumentParser()
    a.add_argument("bin")
    a.add_argument("--shared", default="../shared")
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    a.add_argument("--python", default=os.path.join(repo, ".build", "docxtpl-venv", "bin", "python"))
    args = a.parse_args()
    case = os.path.join(args.shared, "conformance", "docxtpl", "cases", "order")
    if not os.path.isdir(case):
        print("SKIPPED apdocs against docxtpl: needs %s (shared/ beside the repository)" % case)
        return 0
    if subprocess.run([args.python, "-c", "import docxtpl"], capture_output=True).returncode != 0:
        print("SKIPPED apdocs against docxtpl: docxtpl is not in %s (make bench-deps)" % args.python)
        return 0
    bin_ = os.path.abspath(args.bin)
    template = os.path.join(case, "template.docx")
    base = json.load(open(os.path.join(case, "data.json")))
    tmp = tempfile.mkdtemp(prefix="apdocs_bench_docxtpl_")
    try:
        # One letter with a 10,000-row table.
        big = os.path.join(tmp, "big.json")
        json.dump(record(base, 1, 10_000), open(big, "w"))
        ours, theirs = os.path.join(tmp, "ours.docx"), os.path.join(tmp, "theirs.docx")
        apdocs = median_run([bin_, "render", template, big, "-o", ours])
        docxtpl = median_run([args.python, "-c", DOCXTPL_ONE, template, big, theirs])
        for path in (ours, theirs):
            text = body(path)
            if text.count("Item ") != 10_000 or "Item 10000" not in text:
                sys.exit("%s does not hold the 10,000 rows" % path)
        ratio = docxtpl / apdocs
        print("10,000-row table letter, command line: apdocs %.0f ms, docxtpl %.0f ms: %.1fx  [goal >= 20x: %s]"
              % (apdocs * 1000, docxtpl * 1000, ratio, "met" if ratio >= 20 else "MISSED"))

        # 300 letters of 5 rows: apdocs render --each against one docxtpl process.
        records = [record(base, n, 5) for n in range(1, 301)]
        batch = os.path.join(tmp, "batch.json")
        json.dump(records, open(batch, "w"))
        ours_dir, theirs_dir = os.path.join(tmp, "ours"), os.path.join(tmp, "theirs")
        os.makedirs(theirs_dir)
        apdocs = median_run([bin_, "render", template, batch, "--each", "-o", os.path.join(ours_dir, "{{ ref }}.docx")])
        docxtpl = median_run([args.python, "-c", DOCXTPL_BATCH, template, batch, theirs_dir])
        for folder in (ours_dir, theirs_dir):
            names = sorted(os.listdir(folder))
            if len(names) != 300 or "Customer 00300" not in body(os.path.join(folder, "order-00300.docx")):
                sys.exit("%s does not hold the 300 letters" % folder)
        ratio = docxtpl / apdocs
        print("300-letter batch, command line: apdocs %.2f s, docxtpl %.2f s: %.1fx  [goal >= 25x: %s]"
              % (apdocs, docxtpl, ratio, "met" if ratio >= 25 else "MISSED"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
