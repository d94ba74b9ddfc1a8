#!/usr/bin/env python3
"""End-to-end tests of `apdocs build` on real workspaces (stdlib only).

    python3 Tests/batch/run_batch_tests.py BIN [--examples DIR] [--templates DIR]

Checks, each printed as PASS/FAIL, then "N passed, M failed":
- a build, then a build where nothing changed (builds nothing);
- a change to a field no document reads rebuilds nothing; a placement's planned end rebuilds
  its agreement only; a new online-safety policy version rebuilds exactly the documents that cite
  it, keeps the old versions in history/ and supersedes a signed agreement;
- two builds at once: the second refuses with a clear message;
- an unwritable output folder: a clear error, earlier files intact;
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


def built_paths(stderr):
    return sorted(re.findall(r"^built (\S+) \(version", stderr, re.M))


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


def test_incremental(bin_, examples, templates, tmp):
    ws = make_workspace(bin_, examples, templates, tmp, "incremental")
    rc, out, err = run(bin_, ["build", ws])
    first = built_paths(err)
    check(rc in (0, 3) and len(first) > 0, "first build makes every document", err[-300:])
    check(documents_present(ws) == {f["path"] for f in manifest(ws)["files"]}, "manifest lists exactly the files made")
    rc, out, err = run(bin_, ["build", ws])
    check(built_paths(err) == [], "a build with nothing changed builds nothing", err[-300:])

    placement = sorted(os.listdir(os.path.join(ws, "placements")))[0]
    ppath = os.path.join(ws, "placements", placement)
    with open(ppath, "a") as f:
        f.write("")  # touch only
    school = os.path.join(ws, "schools", os.listdir(os.path.join(ws, "schools"))[0])
    # A field no template reads: the school's website is shown nowhere? add an unread key instead.
    edit(school, "website:", "website:") if "website:" in open(school).read() else None
    rc, out, err = run(bin_, ["status", ws, "--json"])
    status = json.loads(out)
    check(all(f["action"] != "build" for f in status["files"]), "touching files without changing values rebuilds nothing")

    text = open(ppath).read()
    pid = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
    m = re.search(r"^planned_end:\s*(\S+)", text, re.M)
    # Within 49 days of the last review, so the agreement's review promise (derived from the
    # schedule) does not change too and the reason names the planned end alone.
    edit(ppath, m.group(0), "planned_end: 2026-02-27")
    provider = re.search(r"^provider:\s*(\S+)", text, re.M).group(1)
    rc, out, err = run(bin_, ["build", ws, "--dry-run"])
    # The agreement shows the planned end, and so does the provider's attendance letter.
    expected = sorted(["%s/placement-agreement.docx" % pid, "%s/placement-agreement.odt" % pid,
                       "%s/attendance-letter.docx" % provider, "%s/attendance-letter.odt" % provider])
    lines = [l for l in out.splitlines() if l.startswith("build ")]
    got = sorted(l.split()[1].rstrip(":") for l in lines)
    check(got == expected, "a planned end change rebuilds what shows it only", "got %s, expected %s" % (got, expected))
    check(all("planned end changed" in l for l in lines), "the reason is said in words", out[-400:])
    run(bin_, ["build", ws])

    edit(school, 'id: online-safety, title: Online Safety Policy, version: "3.1"', 'id: online-safety, title: Online Safety Policy, version: "3.2"')
    before = manifest(ws)
    rc, out, err = run(bin_, ["build", ws])
    built = built_paths(err)
    def reads(f):
        with open(os.path.join(ws, "output", f["readsFile"])) as r:
            return [line.split("\t")[0] for line in r]
    citing = sorted(f["path"] for f in before["files"]
                    if "online-safety" in f["policies"] or any(k.startswith("school.policies") for k in reads(f)))
    check(built == citing and len(built) > 0, "a policy change rebuilds exactly the documents citing it (%d)" % len(built),
          "built %s, expected %s" % (built, citing))
    check(all("online-safety policy" in l for l in re.findall(r"^built .*$", err, re.M)), "policy change reason names the policy", err[-300:])
    after = manifest(ws)
    letter = next(f for f in after["files"] if f["path"].endswith("online-safety-letter.docx"))
    check(letter["version"] == 2 and letter["history"] and os.path.isfile(os.path.join(ws, "output", letter["history"][0]["path"])),
          "the previous version is kept in history/")
    signed = [f for f in after["files"] if f.get("supersededSigned")]
    check(len(signed) > 0 and all(f["signatureState"] != "signed" for f in signed), "a signed agreement is superseded by an unsigned version")
    rc, out, err = run(bin_, ["status", ws])
    check("signed version superseded" in out, "status shows the superseded signed agreement", out[-300:])

    # A new logo (same file name, other bytes): every document showing it is out of date.
    logo = os.path.join(ws, "schools", "logo.png")
    with open(logo, "ab") as f:
        f.write(b"\0")  # bytes after IEND: still the same picture to a viewer, but other bytes
    rc, out, err = run(bin_, ["build", ws, "--dry-run"])
    lines = [l for l in out.splitlines() if l.startswith("build ")]
    check(len(lines) > 0 and all("picture logo.png changed" in l for l in lines), "a new logo makes the documents showing it out of date", out[-300:])


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


def test_unwritable(bin_, examples, templates, tmp):
    ws = make_workspace(bin_, examples, templates, tmp, "unwritable")
    run(bin_, ["build", ws])
    before = {p: sha(os.path.join(ws, "output", p)) for p in documents_present(ws)}
    school = os.path.join(ws, "schools", os.listdir(os.path.join(ws, "schools"))[0])
    edit(school, 'version: "3.1"', 'version: "3.3"')
    # A file where a folder must go: writing into history/ fails whatever the user's rights.
    shutil.rmtree(os.path.join(ws, "output", "history"), ignore_errors=True)
    open(os.path.join(ws, "output", "history"), "w").close()
    rc, out, err = run(bin_, ["build", ws])
    check(rc == 1 and "history" in err, "an unwritable place gives a clear error", err[-300:])
    after = {p: sha(os.path.join(ws, "output", p)) for p in before}
    check(before == after, "earlier files are intact after a failed build")


def test_sealing(bin_, examples, templates, tmp):
    ws = make_workspace(bin_, examples, templates, tmp, "sealing")
    keys = os.path.join(ws, "keys")
    os.makedirs(keys)
    # A throwaway certificate made now; no private key is ever committed.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "30", "-nodes",
                    "-keyout", os.path.join(keys, "key.pem"), "-out", os.path.join(keys, "cert.pem"),
                    "-subj", "/CN=APDocs Batch Test/O=APDocs Test/C=GB"], check=True, capture_output=True)
    with open(os.path.join(ws, "apdocs.yaml"), "a") as f:
        f.write("sign_with:\n  key: keys/key.pem\n  certificate: keys/cert.pem\n")
    run(bin_, ["build", ws])
    m = manifest(ws)
    sealed = [f for f in m["files"] if f["sealed"]]
    check(len(sealed) > 0 and all(f["signatureState"] == "signed" for f in sealed), "build seals the agreements all four parties signed")
    target = os.path.join(ws, "output", sealed[0]["path"])
    rc, out, err = run(bin_, ["verify", target, "--trusted", os.path.join(keys, "cert.pem")])
    check(rc == 0 and "VALID" in out, "the seal verifies", out + err)
    unsigned = next(f for f in m["files"] if not f["sealed"] and f["kind"] == "placement-agreement")
    rc, out, err = run(bin_, ["verify", os.path.join(ws, "output", unsigned["path"]), "--trusted", os.path.join(keys, "cert.pem")])
    check(rc == 1, "an agreement not signed by all four is not sealed", out + err)
    placement = os.path.join(ws, "placements", sealed[0]["placement"] + ".yaml")
    text = open(placement).read()
    m2 = re.search(r"^planned_end:\s*(\S+)", text, re.M)
    edit(placement, m2.group(0), "planned_end: 2026-04-01")
    run(bin_, ["build", ws])
    entry = next(f for f in manifest(ws)["files"] if f["path"] == sealed[0]["path"])
    kept = entry.get("supersededSigned") or {}
    check(entry["version"] == 2 and not entry["sealed"] and kept.get("sealed"), "a change makes a new unsigned version; the sealed one is superseded")
    rc, out, err = run(bin_, ["verify", os.path.join(ws, "output", kept.get("path", "missing")), "--trusted", os.path.join(keys, "cert.pem")])
    check(rc == 0, "the superseded sealed file is kept intact and still verifies", out + err)


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
    rc, out, err = run(bin_, ["build", ws])
    check(built_paths(err) == [], "and a further build has nothing to do")


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
        for test in (test_incremental, test_lock, test_unwritable, test_sealing):
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
