#!/usr/bin/env python3
"""End-to-end tests of `apdocs build` on real workspaces (stdlib only).

    python3 Tests/batch/run_batch_tests.py BIN [--examples DIR] [--templates DIR]

Checks, each printed as PASS/FAIL, then "N passed, M failed"; only what needs two processes
at once (staleness, history, supersession, an unwritable history/ and sealing are tested in
Swift: Tests/WorkspacesTests and Tests/APDocsCLITests):
- two builds at once: the second refuses with a clear message;
- SIGKILL at random moments of a large batch: no partial file, the manifest lists only files
  present with their hashes, and the next build finishes the work.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile

RESULTS = []


def check(ok, name, detail=""):
    RESULTS.append(ok)
    print("%s  %-45s %s" % ("PASS" if ok else "FAIL", name, detail if not ok else ""), flush=True)
    return ok


def run(bin_, args, cwd=None, timeout=600):
    p = subprocess.run([bin_] + args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def manifest(ws):
    with open(os.path.join(ws, "output", "manifest.json")) as f:
        return json.load(f)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def documents_present(ws):
    out = os.path.join(ws, "output")
    found = set()
    for root, dirs, files in os.walk(out):
        if os.path.relpath(root, out).startswith("history"):
            continue
        for name in files:
            if name.endswith((".docx", ".odt")) and not name.startswith("."):
                found.add(os.path.relpath(os.path.join(root, name), out))
    return found


def built_paths(bin_, ws):
    """Builds and returns the paths made, from the JSON report."""
    rc, out, err = run(bin_, ["build", ws, "--json"])
    assert rc in (0, 3), err
    return sorted(f["path"] for f in json.loads(out)["report"]["built"])


def make_workspace(bin_, examples, templates, tmp, name="ws"):
    ws = os.path.join(tmp, name)
    rc, out, err = run(bin_, ["init", ws, "--examples", examples, "--templates", templates])
    assert rc == 0, err
    set_issue_date(ws)
    return ws


def edit(path, old, new, count=1):
    with open(path) as f:
        text = f.read()
    assert old in text, (path, old)
    with open(path, "w") as f:
        f.write(text.replace(old, new, count))


def test_lock(bin_, examples, templates, tmp):
    ws = make_workspace(bin_, examples, templates, tmp, "lock")
    os.makedirs(os.path.join(ws, "output"), exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c",
        "import fcntl, os, sys, time\nf = open(sys.argv[1], 'a+')\nfcntl.flock(f, fcntl.LOCK_EX)\nf.seek(0); f.truncate(); f.write(str(os.getpid())); f.flush()\nprint('locked', flush=True)\ntime.sleep(30)\n",
        os.path.join(ws, "output", ".apdocs.lock")], stdout=subprocess.PIPE, text=True)
    holder.stdout.readline()
    rc, out, err = run(bin_, ["build", ws])
    holder.kill()
    check(rc == 1 and "another apdocs build is running" in err and str(holder.pid) in err, "a second build refuses clearly", err[-300:])


def test_kill(bin_, examples, templates, tmp, copies):
    ws = make_workspace(bin_, examples, templates, tmp, "kill")
    placements = os.path.join(ws, "placements")
    sources = sorted(n for n in os.listdir(placements) if n.endswith(".yaml"))
    made = [0]

    def add_placements(count):
        # New placements only: each attempt has fresh documents to make, so the kill lands mid-way.
        for _ in range(count):
            i = made[0]
            made[0] += 1
            text = open(os.path.join(placements, sources[i % len(sources)])).read()
            new = "PL-K%05d" % i
            text = re.sub(r"^id:\s*\S+", "id: " + new, text, count=1, flags=re.M)
            with open(os.path.join(placements, new + ".yaml"), "w") as f:
                f.write(text)

    random.seed(7)
    kills = 0
    manifests_checked = 0
    for attempt in range(8):
        add_placements(max(copies // 4, 20))
        p = subprocess.Popen([bin_, "build", ws], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.2, 1.5))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        out = os.path.join(ws, "output")
        bad = []
        for path in documents_present(ws):
            try:
                with zipfile.ZipFile(os.path.join(out, path)) as z:
                    if z.testzip() is not None:
                        bad.append(path)
            except Exception:  # noqa: BLE001
                bad.append(path)
        if not check(not bad, "after kill %d: no partial or corrupt file" % attempt, str(bad[:3])):
            break
        if os.path.exists(os.path.join(out, "manifest.json")):
            m = manifest(ws)
            # Every entry names a complete file present. A file regenerated in the moment before
            # the kill may already be the new version while its entry still describes the old one
            # (kept in history/): the manifest is written after the files, and the next build
            # records it (checked below).
            dangling = [f["path"] for f in m["files"] if not os.path.isfile(os.path.join(out, f["path"]))]
            check(not dangling, "after kill %d: every manifest entry names a file present" % attempt, str(dangling[:3]))
            def kept(f):
                old = os.path.join(out, "history", f["path"].replace(".", ".v%d." % f["version"], 1))
                return os.path.isfile(old) and sha(old) == f["fileSHA256"]
            stale = [f["path"] for f in m["files"] if sha(os.path.join(out, f["path"])) != f["fileSHA256"] and not kept(f)]
            check(not stale, "after kill %d: a file whose entry is behind has its recorded version in history/" % attempt, str(stale[:3]))
            manifests_checked += 1
    check(kills > 0 and manifests_checked > 0, "the build was killed mid-way (%d times; %d manifests checked)" % (kills, manifests_checked))
    rc, out, err = run(bin_, ["build", ws])
    check(rc in (0, 3), "the next build finishes the work", err[-300:])
    m = manifest(ws)
    listed = {f["path"] for f in m["files"]}
    check(listed == documents_present(ws), "then the manifest describes exactly the files present")
    check(all(sha(os.path.join(ws, "output", f["path"])) == f["fileSHA256"] for f in m["files"]), "and every hash matches")
    leftovers = [n for r, d, fs in os.walk(os.path.join(ws, "output")) for n in fs if ".tmp-" in n]
    check(not leftovers, "no temporary files are left", str(leftovers[:3]))
    check(built_paths(bin_, ws) == [], "and a further build has nothing to do")


def set_issue_date(ws, date="2025-10-01"):
    path = os.path.join(ws, "apdocs.yaml")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(re.sub(r"^issue_date:.*$", "issue_date: " + date, text, flags=re.M))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    a = argparse.ArgumentParser()
    a.add_argument("bin")
    a.add_argument("--examples", default=os.path.join(repo, "examples"))
    a.add_argument("--templates", default=os.path.join(repo, "templates"))
    a.add_argument("--copies", type=int, default=400)
    args = a.parse_args()
    bin_ = os.path.abspath(args.bin)
    tmp = tempfile.mkdtemp(prefix="apdocs_batch_")
    try:
        # Staleness, history, supersession, an unwritable history/ and sealing are tested in Swift
        # (Tests/WorkspacesTests, Tests/APDocsCLITests); here only what needs two processes at
        # once: two builds at the same time, and SIGKILL at random moments.
        for test in (test_lock,):
            try:
                test(bin_, args.examples, args.templates, tmp)
            except Exception as e:  # noqa: BLE001
                check(False, test.__name__, "%s: %s" % (type(e).__name__, e))
        try:
            test_kill(bin_, args.examples, args.templates, tmp, args.copies)
        except Exception as e:  # noqa: BLE001
            check(False, "test_kill", "%s: %s" % (type(e).__name__, e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = RESULTS.count(False)
    print("%d passed, %d failed" % (len(RESULTS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
