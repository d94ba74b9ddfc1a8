#!/usr/bin/env python3
"""Walks the README's workspace commands, in order, with `apdocs` freshly installed by
`make install` into a temporary prefix and run from a folder outside the repository (stdlib only).

    python3 Tests/workspace/readme_walkthrough.py [--make make]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

RESULTS = []


def check(ok, name, detail=""):
    RESULTS.append(bool(ok))
    print(("PASS  " if ok else "FAIL  ") + name + ("" if ok or not detail else "\n      " + detail[-600:]))
    return ok


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    a = argparse.ArgumentParser()
    a.add_argument("--make", default="make")
    args = a.parse_args()
    tmp = tempfile.mkdtemp(prefix="apdocs_walkthrough_")
    try:
        prefix = os.path.join(tmp, "prefix")
        p = subprocess.run([args.make, "-C", repo, "install", "PREFIX=" + prefix, "SWIFT=true"], capture_output=True, text=True)
        check(p.returncode == 0, "make install into a temporary prefix", p.stdout + p.stderr)
        apdocs = os.path.join(prefix, "bin", "apdocs")
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        env = dict(os.environ, PATH=os.path.join(prefix, "bin") + os.pathsep + os.environ.get("PATH", ""))
        env.pop("APDOCS_SHARE", None)

        def run(*words):
            p = subprocess.run([apdocs, *words], cwd=home, capture_output=True, text=True, env=env)
            return p.returncode, p.stdout, p.stderr

        rc, out, err = run("--version")
        check(rc == 0 and out.strip(), "apdocs --version", err)
        rc, out, err = run("init", "ap")
        check(rc == 0 and os.path.isfile(os.path.join(home, "ap", "placements", "PL-2025-014.yaml"))
              and os.path.isfile(os.path.join(home, "ap", "templates", "placement-agreement.docx")),
              "init ap: the installed binary finds its sample data and templates", err)
        rc, out, err = run("init", "ap")
        check(rc == 1 and "is not empty" in err and "NSCocoaErrorDomain" not in err, "init refuses a folder that is not empty", err)
        rc, out, err = run("init", "my-school", "--blank")
        schools = os.listdir(os.path.join(home, "my-school", "schools"))
        check(rc == 0 and schools == ["SCHOOL.yaml"] and os.listdir(os.path.join(home, "my-school", "placements")) == [],
              "init --blank: templates, apdocs.yaml and a skeleton school, no sample pupils", err)
        rc, out, err = run("validate", "my-school")
        check(rc == 3 and "SCH-XXX" in err, "validate of the blank school lists what to fill in (exit 3)", err)

        rc, out, err = run("validate", "ap")
        check(rc == 3 and "[registration] PRV-FFP" in err, "validate ap: the sample's unregistered provider (exit 3)", err)
        rc, out, err = run("build", "ap")
        made = [n for r, d, fs in os.walk(os.path.join(home, "ap", "output")) for n in fs if n.endswith(".docx") and "history" not in r]
        check(rc == 3 and len(made) > 0 and "held back" in err, "build ap: documents made, the provider's letters held back (exit 3)", err)
        rc, out, err = run("build", "ap")
        check(rc == 3 and "[registration] PRV-FFP" in err and "0 files made" in err, "a second build still reports the error", err)
        rc, out, err = run("build", "ap", "--dry-run")
        check(rc == 3 and not any(l.startswith("build ") for l in out.splitlines()), "build --dry-run: nothing to make", out + err)
        rc, out, err = run("status", "ap", "--json")
        status = json.loads(out) if out.strip().startswith("{") else {}
        sign = [t for t in status.get("todo", []) if t["action"] == "sign" and t.get("placement") == "PL-2025-015"]
        check(rc == 3 and status.get("issues") and sign and sign[0]["roles"] == ["provider", "pupil"],
              "status --json: issues, and who still has to sign PL-2025-015", out[-400:] + err)
        check(all(set(i) >= {"severity", "rule", "file", "path", "message"} for i in status.get("issues", [])),
              "each issue has severity, rule, file, path and message")
        rc, out, err = run("record-signature", "ap", "PL-2025-015", "--role", "provider", "--name", "Ms Dee Mendes",
                           "--date", "2025-09-12", "--method", "paper")
        check(rc == 0 and "still to sign: pupil" in err, "record-signature records the provider's signature", err)
        rc, out, err = run("build", "ap", "--json")
        built = [f["path"] for f in json.loads(out)["report"]["built"]] if out.strip() else []
        check("PL-2025-015/placement-agreement.docx" in built, "build makes the agreement with the new signature", err)
        rc, out, err = run("build", "ap", "--reissue", "PL-2025-014", "--json")
        built = json.loads(out)["report"]["built"] if out.strip() else []
        reissued = [f for f in built if f["path"] == "PL-2025-014/placement-agreement.docx"]
        check(reissued and reissued[0]["supersededSigned"], "build --reissue sets the signed agreement aside on purpose", err)
        rc, out, err = run("build", "ap", "--date", "01/10/2025")
        check(rc == 64, "a malformed --date is a usage error (64)", "%d %s" % (rc, err))
        shutil.move(os.path.join(home, "ap"), os.path.join(home, "ap-moved"))
        rc, out, err = run("build", "ap-moved", "--json")
        check(rc == 3 and out.strip() and json.loads(out)["report"]["built"] == [], "a moved workspace rebuilds nothing", err)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = RESULTS.count(False)
    print("%d passed, %d failed" % (len(RESULTS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
