#!/usr/bin/env python3
"""Batch build figures for `make bench` (stdlib only): a full build of N placements, `status`
and a build right after it where nothing changed, and a build after one policy version changed
(signed agreements are left as records; only documents printing the policy are remade).

    python3 Tests/batch/bench_batch.py BIN [--placements 1000]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

from run_batch_tests import set_issue_date  # the script's folder is on the import path


def timed(args):
    started = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True)
    return time.monotonic() - started, p


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    a = argparse.ArgumentParser()
    a.add_argument("bin")
    a.add_argument("--placements", type=int, default=1000)
    args = a.parse_args()
    bin_ = os.path.abspath(args.bin)
    tmp = tempfile.mkdtemp(prefix="apdocs_bench_batch_")
    try:
        ws = os.path.join(tmp, "ws")
        subprocess.run([bin_, "init", ws, "--examples", os.path.join(repo, "examples"), "--templates", os.path.join(repo, "templates")],
                       check=True, capture_output=True)
        set_issue_date(ws)
        placements = os.path.join(ws, "placements")
        sources = sorted(n for n in os.listdir(placements) if n.endswith(".yaml"))
        # Copies of the sample placements at the registered providers, with new ids.
        usable = [s for s in sources if "PRV-FFP" not in open(os.path.join(placements, s)).read()]
        for name in sources:
            os.remove(os.path.join(placements, name))
        for i in range(args.placements):
            text = open(os.path.join(repo, "examples", "placements", usable[i % len(usable)])).read()
            text = re.sub(r"^id:\s*\S+", "id: PL-B%05d" % i, text, count=1, flags=re.M)
            with open(os.path.join(placements, "PL-B%05d.yaml" % i), "w") as f:
                f.write(text)
        full, p = timed([bin_, "build", ws, "--json"])
        report = json.loads(p.stdout)["report"]
        files = len(report["built"])
        print("batch: full build of %d placements: %d files (%s) in %.2f s (%.0f files/s)" % (
            args.placements, files, "docx+odt", full, files / full))
        again, p = timed([bin_, "build", ws, "--json"])
        report = json.loads(p.stdout)["report"]
        print("batch: build right after, nothing changed: %.2f s (%.1f%% of the full build; %d built, %d up to date)" % (
            again, 100 * again / full, len(report["built"]), report["upToDate"]))
        status, p = timed([bin_, "status", ws, "--json"])
        out = json.loads(p.stdout)
        print("batch: status right after: %.2f s (%.1f%% of the full build; %d issues, %d to-dos reported)" % (
            status, 100 * status / full, len(out["issues"]), len(out["todo"])))
        school = os.path.join(ws, "schools", os.listdir(os.path.join(ws, "schools"))[0])
        text = open(school).read().replace('version: "3.1"', 'version: "3.2"', 1)
        open(school, "w").write(text)
        policy, p = timed([bin_, "build", ws, "--json"])
        output = json.loads(p.stdout)
        report = output["report"]
        reissues = sum(1 for t in output["todo"] if t["action"] == "reissue")
        kinds = {}
        for f in report["built"]:
            kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
        print("batch: build after the online-safety policy 3.1 -> 3.2: %.2f s, %d files rebuilt (%s), %d up to date; "
              "%d signed agreements left as records, listed to reissue" % (
            policy, len(report["built"]), ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())), report["upToDate"], reissues))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
