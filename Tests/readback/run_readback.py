#!/usr/bin/env python3
"""run_readback.py BIN [options]  --  read-back checks of `apdocs render` on the fixtures.

For every template in Tests/Fixtures/templates/ (NAME.odt, NAME.docx, NAME.lo.docx, ...) with its
data Tests/Fixtures/data/NAME.{json,yaml,yml} and expectations Tests/Fixtures/expect/NAME.txt:

    BIN render TEMPLATE DATA -o OUT          (twice, into two directories)

then one line per check:
    render          exit status 0 and an output file
    deterministic   the two renders are byte-identical
    valid           oracles: validate-odf.sh (strict ODF 1.3) / validate-docx.py (ISO 29500 XSDs);
                    needs shared/oracles, skipped with one line saying so when it is not there
    private         no comments, no tracked changes, no template author (AUTHOR below) in any part,
                    no rsid list in word/settings.xml
    rows            (if the expect file has "@rows") row counts of the body tables
    pdf             Tests/tools/lo-pdf.sh (LibreOffice) produced a PDF -- one call per format
    text            `pdftotext -layout` of the PDF meets every expectation line
and finally exactly "N passed, M failed".  Exit status 1 if anything failed, 2 on usage errors.

Expectation lines (Tests/Fixtures/expect/NAME.txt); whitespace runs are collapsed to one space and
bidi control characters removed on both sides before comparing:
    +text        must appear in the PDF text
    -text        must not appear
    =N text      must appear exactly N times
    >text        must appear after the match of the previous ">" line (order check)
    @rows N ...  the tables of the main body have these row counts, in document order
    @images N    the PDF LibreOffice makes of the output holds N pictures (poppler's pdfimages)
    # ...        comment

Data strings equal to "__READBACK_GENERATES_1MB__" are replaced: the main render gets a short
"BIGSTART ... BIGEND" value; an extra variant NAME.1mb.EXT gets a generated 1 MB value and is checked
without LibreOffice (render, deterministic, valid, private, and the whole value is in the XML text);
LibreOffice needs minutes to lay out a 1 MB paragraph.

Options:
  -k SUBSTR     only templates whose file name contains SUBSTR (repeatable)
  --keep DIR    write outputs and PDFs under DIR (default: a temporary directory, removed)
  --shared DIR  the shared/ directory (default: $SHARED or REPO/../shared)
  --timeout S   per-render timeout (default 180)
  --self-test   prove the harness can fail: run it against fake engines (copy the template,
                write garbage, exit 1, nondeterministic) and check that it reports what it should;
                then prove it can pass: reference_render.py (a throwaway Jinja2 engine, run only
                if jinja2, lxml and PyYAML are importable) must pass every check.  BIN not needed.

BIN is an executable path, or (if no such file exists) a command line like "swift run apdocs".
Standard library only (the checks need their own tools: xmllint, unzip, lxml, soffice, pdftotext).
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, "Tests", "Fixtures")
LO_PDF = os.path.join(REPO, "Tests", "tools", "lo-pdf.sh")
AUTHOR = "Jane Author"
BIG_MARK = "__READBACK_GENERATES_1MB__"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def norm(s):
    """Collapse whitespace, drop bidi controls; U+F0B7 (a Symbol-font bullet, as in bullets that went
    through LibreOffice's DOCX export) counts as a bullet."""
    return " ".join(BIDI.sub("", s).replace("\uf0b7", "\u2022").split())


def big_value(size=1_000_000):
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()
    out, n, i = ["BIGSTART"], 9, 0
    while n < size:
        w = "%s%d" % (words[i % len(words)], i % 97)   # varied so a truncation shows
        out.append(w)
        n += len(w) + 1
        i += 1
    out.append("BIGEND")
    return " ".join(out)


class Results:
    def __init__(self):
        self.passed = self.failed = 0
        self.lines = []

    def check(self, ok, target, what, detail=""):
        line = "%-4s  %-22s %-13s %s" % ("PASS" if ok else "FAIL", target, what, detail)
        print(line.rstrip(), flush=True)
        self.lines.append(line)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------
def discover(fixtures, patterns):
    tdir = os.path.join(fixtures, "templates")
    out = []
    for fn in sorted(os.listdir(tdir)):
        ext = fn.rsplit(".", 1)[-1].lower()
        if ext not in ("docx", "odt"):
            continue
        if patterns and not any(p in fn for p in patterns):
            continue
        name = fn.split(".", 1)[0]
        data = None
        for e in ("json", "yaml", "yml"):
            p = os.path.join(fixtures, "data", "%s.%s" % (name, e))
            if os.path.isfile(p):
                data = p
                break
        out.append(dict(file=fn, name=name, fmt=ext, template=os.path.join(tdir, fn), data=data,
                        expect=os.path.join(fixtures, "expect", name + ".txt")))
    return out


def parse_expect(path):
    rules = []
    if not os.path.isfile(path):
        return rules
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.rstrip("\n")
            if not ln.strip() or ln.startswith("#"):
                continue
            kind, rest = ln[0], ln[1:]
            if kind == "=":
                n, _, text = rest.partition(" ")
                rules.append(("=", norm(text), int(n)))
            elif kind == "@":
                word, *nums = rest.split()
                rules.append(("@" + word, [int(x) for x in nums], None))
            elif kind in "+->":
                rules.append((kind, norm(rest), None))
            else:
                raise ValueError("%s: bad expectation line %r" % (path, ln))
    return rules


def prepare_data(fx, tmp):
    """[(variant suffix, data path, big value or None)]"""
    if not fx["data"] or not fx["data"].endswith(".json"):
        return [("", fx["data"], None)]
    with open(fx["data"], encoding="utf-8") as f:
        raw = f.read()
    if BIG_MARK not in raw:
        return [("", fx["data"], None)]
    variants = []
    for suffix, value in (("", "BIGSTART short stand-in for the 1 MB value BIGEND"), (".1mb", big_value())):
        p = os.path.join(tmp, "data", "%s%s.json" % (fx["name"], suffix))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(raw.replace(json.dumps(BIG_MARK), json.dumps(value)))
        variants.append((suffix, p, value if suffix else None))
    return variants


# --------------------------------------------------------------------------------------------
# checks on one output file
# --------------------------------------------------------------------------------------------
def run(cmd, timeout, env=None):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env)
        return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return -1, "timed out after %ss" % timeout
    except OSError as e:
        return -1, "cannot run %s: %s" % (cmd[0], e)


def first_lines(text, n=3):
    ls = [l.strip() for l in text.splitlines() if l.strip() and not l.rstrip().endswith(" valid")
          and not l.rstrip().endswith(" validates")]
    return " | ".join(ls[:n])[:400]


def validate(path, fmt, oracles):
    if fmt == "odt":
        rc, out = run([os.path.join(oracles, "validate-odf.sh"), path], 300)
    else:
        rc, out = run([sys.executable, os.path.join(oracles, "validate-docx.py"), path], 300)
    return rc == 0, first_lines(out)


def privacy(path, fmt):
    problems = []
    try:
        z = zipfile.ZipFile(path)
        names = z.namelist()
    except (zipfile.BadZipFile, OSError) as e:
        return False, "not a zip: %s" % e
    for n in names:
        if n.endswith("/"):
            continue
        data = z.read(n)
        if AUTHOR.encode() in data:
            problems.append("%r in %s" % (AUTHOR, n))
        if not n.endswith(".xml") and n != "mimetype":
            continue
        if fmt == "docx":
            if re.search(rb"<w:(ins|del|moveFrom|moveTo)[ >]", data):
                problems.append("tracked change in %s" % n)
            if re.search(rb"<w:(commentReference|commentRangeStart)\b", data):
                problems.append("comment reference in %s" % n)
        else:
            if b"<office:annotation" in data:
                problems.append("office:annotation in %s" % n)
            if b"<text:tracked-changes" in data:
                problems.append("tracked changes in %s" % n)
    if fmt == "docx":
        for n in names:
            if re.match(r"word/(comments|commentsExtended|commentsIds|commentsExtensible|people)\.xml$", n):
                problems.append("%s present" % n)
        if "word/settings.xml" in names and b"<w:rsids" in z.read("word/settings.xml"):
            problems.append("rsid list in word/settings.xml")
    return not problems, "; ".join(problems)


def xml_text(path, fmt):
    z = zipfile.ZipFile(path)
    if fmt == "docx":
        root = ET.fromstring(z.read("word/document.xml"))
        return "".join(t.text or "" for t in root.iter(W + "t"))
    root = ET.fromstring(z.read("content.xml"))
    body = root.find(OFFICE + "body")
    return " ".join(body.itertext()) if body is not None else ""


def table_rows(path, fmt):
    z = zipfile.ZipFile(path)
    if fmt == "docx":
        body = ET.fromstring(z.read("word/document.xml")).find(W + "body")
        return [len(t.findall(W + "tr")) for t in body.iter(W + "tbl")]
    root = ET.fromstring(z.read("content.xml"))
    out = []
    for t in root.iter(TABLE + "table"):
        n = len(t.findall(TABLE + "table-row"))
        for grp in ("table-header-rows", "table-rows", "table-row-group"):
            for g in t.findall(TABLE + grp):
                n += len(g.findall(TABLE + "table-row"))
        out.append(n)
    return out


def text_checks(text, rules):
    t = norm(text)
    bad, pos = [], 0
    for kind, s, n in rules:
        if kind == "+" and s not in t:
            bad.append("missing %r" % s)
        elif kind == "-" and s in t:
            bad.append("present %r" % s)
        elif kind == "=" and t.count(s) != n:
            bad.append("%r %d times, expected %d" % (s, t.count(s), n))
        elif kind == ">":
            i = t.find(s, pos)
            if i < 0:
                bad.append("%r not found after position %d (order)" % (s, pos))
            else:
                pos = i + len(s)
    return bad


# --------------------------------------------------------------------------------------------
# main run
# --------------------------------------------------------------------------------------------
def shared_oracles(shared):
    """The oracles folder of shared/, or None (a bare clone) after one line saying what is skipped."""
    oracles = os.path.join(shared, "oracles")
    if os.path.isdir(oracles):
        return oracles
    print("SKIPPED schema validation of every output (validate-odf.sh, validate-docx.py): needs "
          "shared/oracles, not found at %s; put shared/ beside the repository or pass --shared DIR "
          "(make test SHARED=DIR)" % oracles, flush=True)
    return None


def readback(cmd, a, res):
    oracles = shared_oracles(a.shared)
    fixtures = discover(a.fixtures, a.k)
    if not fixtures:
        print("no fixtures found in %s" % a.fixtures)
        return 2
    work = a.keep or tempfile.mkdtemp(prefix="apdocs_readback_")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ)
    home = env.get("HOME")
    if not home or not os.access(home, os.W_OK):
        env["HOME"] = os.path.join(work, "home")
        os.makedirs(env["HOME"], exist_ok=True)
    try:
        pending = {"odt": [], "docx": []}    # (target, out path, rules)
        for fx in fixtures:
            rules = parse_expect(fx["expect"])
            if fx["data"] is None:
                res.check(False, fx["file"], "data", "no data/%s.json|yaml" % fx["name"])
                continue
            if not rules:
                res.check(False, fx["file"], "expect", "no expectations in %s" % fx["expect"])
            for suffix, data, big in prepare_data(fx, work):
                base, ext = fx["file"].rsplit(".", 1)
                target = base + suffix + "." + ext
                outs = []
                for k in (1, 2):
                    d = os.path.join(work, "out%d" % k, fx["fmt"])
                    os.makedirs(d, exist_ok=True)
                    out = os.path.join(d, target)
                    if os.path.exists(out):
                        os.remove(out)
                    rc, msg = run(cmd + ["render", fx["template"], data, "-o", out], a.timeout, env)
                    outs.append((out, rc, msg))
                (o1, rc1, m1), (o2, rc2, m2) = outs
                ok = rc1 == 0 and os.path.isfile(o1)
                if not res.check(ok, target, "render",
                                 "" if ok else (first_lines(m1, 1) or "exit %d, no output" % rc1)):
                    continue
                same = rc2 == 0 and os.path.isfile(o2) and open(o1, "rb").read() == open(o2, "rb").read()
                res.check(same, target, "deterministic", "" if same else "second render differs")
                if oracles:
                    ok, msg = validate(o1, fx["fmt"], oracles)
                    res.check(ok, target, "valid", msg)
                ok, msg = privacy(o1, fx["fmt"])
                res.check(ok, target, "private", msg)
                for kind, nums, _ in rules:
                    if kind == "@rows" and not suffix:
                        try:
                            got = table_rows(o1, fx["fmt"])
                            res.check(got == nums, target, "rows", "" if got == nums else
                                      "expected %s got %s" % (nums, got))
                        except Exception as e:  # noqa: BLE001
                            res.check(False, target, "rows", "%s: %s" % (type(e).__name__, e))
                if big:
                    try:
                        t = norm(xml_text(o1, fx["fmt"]))
                        ok = norm(big) in t
                        res.check(ok, target, "big-value", "" if ok else
                                  "value not found intact (document text is %d chars)" % len(t))
                    except Exception as e:  # noqa: BLE001
                        res.check(False, target, "big-value", "%s: %s" % (type(e).__name__, e))
                    continue
                images = [nums for kind, nums, _ in rules if kind == "@images"]
                pending[fx["fmt"]].append((target, o1, [r for r in rules if not r[0].startswith("@")], images))

        for fmt, items in pending.items():
            if not items:
                continue
            pdf_dir = os.path.join(work, "pdf", fmt)
            print("... converting %d %s file(s) with LibreOffice" % (len(items), fmt), flush=True)
            rc, msg = run([LO_PDF, pdf_dir] + [o for _, o, _, _ in items],
                          max(600, 120 * len(items)), env)
            for target, out, rules, images in items:
                pdf = os.path.join(pdf_dir, os.path.basename(out).rsplit(".", 1)[0] + ".pdf")
                ok = os.path.isfile(pdf) and os.path.getsize(pdf) > 0
                if not res.check(ok, target, "pdf", "" if ok else
                                 "LibreOffice made no PDF: %s" % first_lines(msg, 2)):
                    continue
                rc, txt = run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], 120)
                if rc != 0:
                    res.check(False, target, "text", "pdftotext failed: %s" % first_lines(txt, 1))
                    continue
                with open(pdf[:-4] + ".txt", "w", encoding="utf-8") as f:
                    f.write(txt)
                for nums in images:
                    # poppler's pdfimages lists the pictures LibreOffice actually placed in the PDF.
                    rc, listing = run(["pdfimages", "-list", pdf], 120)
                    got = max(0, len(listing.splitlines()) - 2) if rc == 0 else -1
                    res.check(got == nums[0], target, "images", "" if got == nums[0] else
                              "expected %d pictures in the PDF, got %d" % (nums[0], got))
                bad = text_checks(txt, rules)
                res.check(not bad, target, "text", "%d expectations" % len(rules) if not bad else
                          "%d of %d expectations unmet: %s" % (len(bad), len(rules), "; ".join(bad[:6])))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("outputs kept in %s" % work)
    return 0


# --------------------------------------------------------------------------------------------
# self-test: the harness must be able to fail
# --------------------------------------------------------------------------------------------
FAKES = {
    "copy": "import shutil, sys\nshutil.copyfile(sys.argv[2], sys.argv[sys.argv.index('-o') + 1])\n",
    "garbage": "import os, sys\nopen(sys.argv[sys.argv.index('-o') + 1], 'wb').write(b'PK\\x03\\x04' + os.urandom(2000))\n",
    "fail": "import sys\nsys.stderr.write('fake engine: refusing\\n')\nsys.exit(1)\n",
    "nondeterministic": ("import shutil, sys, zipfile, time, os\n"
                         "out = sys.argv[sys.argv.index('-o') + 1]\nshutil.copyfile(sys.argv[2], out)\n"
                         "z = zipfile.ZipFile(out, 'a')\nz.writestr('stamp-%d.xml' % os.getpid(), str(time.time()))\n"),
}


def self_test(a):
    tmp = tempfile.mkdtemp(prefix="apdocs_readback_selftest_")
    problems = []
    try:
        for name, body in FAKES.items():
            p = os.path.join(tmp, "fake-" + name)
            with open(p, "w") as f:
                f.write("#!%s\n%s" % (sys.executable, body))
            os.chmod(p, 0o755)
        me = os.path.abspath(__file__)

        def harness(fake, patterns):
            args = [sys.executable, me, os.path.join(tmp, "fake-" + fake), "--shared", a.shared,
                    "--fixtures", a.fixtures]
            for k in patterns:
                args += ["-k", k]
            print("\n=== self-test: fake engine %r, fixtures %s" % (fake, patterns or "all"), flush=True)
            p = subprocess.run(args, capture_output=True, text=True)
            sys.stdout.write(p.stdout + p.stderr)
            lines = p.stdout.splitlines()
            verdicts = {}
            for ln in lines:
                m = re.match(r"(PASS|FAIL)\s+(\S+)\s+(\S+)", ln)
                if m:
                    verdicts[(m.group(2), m.group(3))] = m.group(1)
            summary = lines[-1] if lines else ""
            return p.returncode, verdicts, summary

        def expect(cond, what):
            print("self-test %s: %s" % ("ok  " if cond else "FAILED", what))
            if not cond:
                problems.append(what)

        with_oracles = os.path.isdir(os.path.join(a.shared, "oracles"))
        # 1. the template itself as "output": tags remain, template author and comments remain
        rc, v, summary = harness("copy", [])
        expect(rc == 1, "copy engine: exit status 1 (got %d)" % rc)
        expect(re.fullmatch(r"\d+ passed, \d+ failed", summary) is not None, "last line is 'N passed, M failed'")
        targets = sorted({t for t, _ in v})
        expect(len(targets) >= 21, "copy engine: all templates checked (%d)" % len(targets))
        for t in targets:
            if ".1mb." in t:
                expect(v.get((t, "big-value")) == "FAIL", "%s: 1MB value missing is caught" % t)
                continue
            expect(v.get((t, "render")) == "PASS", "%s: render of a copy passes" % t)
            expect(v.get((t, "deterministic")) == "PASS", "%s: copy is deterministic" % t)
            if with_oracles:
                expect(v.get((t, "valid")) == "PASS", "%s: the template itself is valid (fixture sanity)" % t)
            expect(v.get((t, "private")) == "FAIL", "%s: template author / comments caught" % t)
            expect(v.get((t, "pdf")) == "PASS", "%s: LibreOffice opens the template" % t)
            expect(v.get((t, "text")) == "FAIL", "%s: remaining tags caught" % t)
        # 2. garbage output
        rc, v, _ = harness("garbage", ["simple"])
        expect(rc == 1, "garbage engine: exit status 1")
        for t in ("simple.odt", "simple.docx", "simple.lo.docx"):
            if with_oracles:
                expect(v.get((t, "valid")) == "FAIL", "%s: garbage fails validation" % t)
            expect(v.get((t, "deterministic")) == "FAIL", "%s: random output is not deterministic" % t)
            expect(v.get((t, "text")) != "PASS", "%s: garbage does not pass the text check" % t)
        # 3. engine error
        rc, v, _ = harness("fail", ["conditions"])
        expect(rc == 1 and v.get(("conditions.odt", "render")) == "FAIL", "failing engine: render FAIL")
        # 4. nondeterministic engine
        rc, v, _ = harness("nondeterministic", ["bullets.odt"])
        expect(v.get(("bullets.odt", "deterministic")) == "FAIL", "nondeterministic engine caught")
        # 5. the expectations are reachable: a throwaway Jinja2 engine passes everything
        ref = os.path.join(HERE, "reference_render.py")
        if subprocess.run([sys.executable, "-c", "import jinja2, lxml, yaml"], capture_output=True).returncode:
            print("self-test skip: reference engine needs jinja2, lxml, PyYAML")
        else:
            with open(os.path.join(tmp, "fake-reference"), "w") as f:
                f.write("#!/bin/sh\nexec %s %s \"$@\"\n" % (shlex.quote(sys.executable), shlex.quote(ref)))
            os.chmod(os.path.join(tmp, "fake-reference"), 0o755)
            rc, v, summary = harness("reference", [])
            expect(rc == 0 and summary.endswith(" 0 failed"),
                   "reference engine: every check passes (%s)" % summary)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\nself-test: %s" % ("harness can fail where it should" if not problems else
                               "%d problem(s): %s" % (len(problems), "; ".join(problems[:5]))))
    return 0 if not problems else 1


def main(argv=None):
    ap = argparse.ArgumentParser(usage="run_readback.py BIN [-k SUBSTR] [--keep DIR] [--shared DIR] | --self-test")
    ap.add_argument("bin", nargs="?")
    ap.add_argument("-k", action="append", default=[])
    ap.add_argument("--keep")
    ap.add_argument("--shared", default=os.environ.get("SHARED") or os.path.join(os.path.dirname(REPO), "shared"))
    ap.add_argument("--fixtures", default=FIXTURES)
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args(argv)
    a.shared = os.path.abspath(a.shared)
    if a.keep:
        a.keep = os.path.abspath(a.keep)
    if a.self_test:
        return self_test(a)
    if not a.bin:
        ap.error("BIN is required (or --self-test)")
    if os.path.exists(a.bin):
        cmd = [os.path.abspath(a.bin)]
    else:
        cmd = shlex.split(a.bin)
        if not cmd or shutil.which(cmd[0]) is None:
            print("BIN not found: %r" % a.bin)
            print("0 passed, 1 failed")
            return 1
    res = Results()
    rc = readback(cmd, a, res)
    print("%d passed, %d failed" % (res.passed, res.failed))
    if rc:
        return rc
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
