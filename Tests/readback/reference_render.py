#!/usr/bin/env python3
"""reference_render.py render TEMPLATE DATA -o OUT  --  a throwaway reference engine (Jinja2 + lxml).

Not APDocs, and not a spec: a deliberately simple stand-in used only to prove that the read-back
fixtures' expectations are reachable (run_readback.py --self-test runs it when jinja2, lxml and
PyYAML are importable). It merges the runs of every paragraph holding a tag (losing formatting
there), turns a paragraph holding only a {% %} tag into a bare tag -- replacing its table row when
the row's other cells are empty, or its ODF list item -- and renders the XML with Jinja2. It also
drops comments, the template author and Word's rsid list.
"""
import datetime
import json
import re
import sys
import zipfile

import jinja2
import yaml
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
MONTHS = "January February March April May June July August September October November December".split()
BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CTL = "{urn:apdocs:reference}ctl"


def as_date(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v
    return datetime.date.fromisoformat(str(v)[:10])


def f_date(v):
    d = as_date(v)
    return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)


def f_gbp(v):
    return "£{:,.2f}".format(float(v))


def f_ordinal(n):
    n = int(n)
    suf = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return "%d%s" % (n, suf)


def f_list_and(xs):
    xs = [str(x) for x in xs]
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1] if xs else ""


def f_yesno(v):
    return "Yes" if v else "No"


def finalize(v):
    return BAD_XML.sub("", "" if v is None else str(v))


ENV = jinja2.Environment(autoescape=True, finalize=finalize, undefined=jinja2.Undefined)
ENV.filters.update(date=f_date, gbp=f_gbp, ordinal=f_ordinal, list_and=f_list_and, yesno=f_yesno)


BR, PAGE = "\u2028", "\u2029"     # stand-ins for line breaks and page-number fields while rendering


def docx_texts(p):
    """w:t and w:br of a paragraph, leaving out field results (fldSimple, fldChar ... end)."""
    out, depth = [], 0
    for e in p.iter("{%s}t" % W, "{%s}br" % W, "{%s}fldChar" % W):
        if e.tag == "{%s}fldChar" % W:
            depth += {"begin": 1, "end": -1}.get(e.get("{%s}fldCharType" % W), 0)
        elif depth == 0 and not any(a.tag == "{%s}fldSimple" % W for a in e.iterancestors()):
            out.append(e)
    return out


def ptext(p, docx):
    parts = []
    if docx:
        return "".join(BR if e.tag == "{%s}br" % W else (e.text or "") for e in docx_texts(p))

    def walk(e):
        if e.tag == "{%s}annotation" % OFFICE:
            return
        if e.tag == "{%s}line-break" % TEXT:
            parts.append(BR)
        elif e.tag == "{%s}page-number" % TEXT:
            parts.append(PAGE)
        else:
            if e.text:
                parts.append(e.text)
            for c in e:
                walk(c)
                if c.tail:
                    parts.append(c.tail)
    walk(p)
    return "".join(parts)


def prepare(root, docx):
    paras = list(root.iter("{%s}p" % W)) if docx else \
        [e for e in root.iter("{%s}p" % TEXT, "{%s}h" % TEXT)]
    for p in paras:
        text = ptext(p, docx)
        if "{" not in text:
            continue
        if re.fullmatch(r"\s*\{%[^%]*%\}\s*", text):
            box = p
            parent = p.getparent()
            if docx and parent.tag == "{%s}tc" % W:
                row = parent.getparent()
                if all(ptext(c, docx).strip() == "" for c in row if c is not parent and c.tag == "{%s}tc" % W):
                    box = row
            elif not docx and parent.tag == "{%s}table-cell" % TABLE:
                row = parent.getparent()
                if all(ptext(c, docx).strip() == "" for c in row if c is not parent):
                    box = row
            elif not docx and parent.tag == "{%s}list-item" % TEXT:
                box = parent
            ctl = etree.Element(CTL)
            ctl.text = text.strip()
            ctl.tail = box.tail
            box.getparent().replace(box, ctl)
            continue
        if docx:
            found = docx_texts(p)
            ts = [t for t in found if t.tag == "{%s}t" % W]
            for t in ts[1:]:
                t.text = ""
            for br in found:
                if br.tag == "{%s}br" % W:
                    br.getparent().remove(br)
            ts[0].text = text
            ts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            for c in list(p):
                p.remove(c)
            p.text = text


def unescape_tags(s):
    def fix(m):
        return m.group(0).replace("&gt;", ">").replace("&lt;", "<").replace("&quot;", '"').replace("&amp;", "&")
    s = re.sub(r"<ref:ctl[^>]*>(.*?)</ref:ctl>", lambda m: m.group(1), s, flags=re.S)
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", fix, s, flags=re.S)


def render_part(data, docx, ctx):
    root = etree.fromstring(data)
    prepare(root, docx)
    s = etree.tostring(root, encoding="unicode")
    s = s.replace('xmlns:ref="urn:apdocs:reference"', "").replace("ns0:ctl", "ref:ctl")
    s = re.sub(r'<(\w+):ctl xmlns:\1="urn:apdocs:reference">', "<ref:ctl>", s)
    s = re.sub(r"</\w+:ctl>", "</ref:ctl>", s)
    s = unescape_tags(s)
    out = ENV.from_string(s).render(**ctx)
    if docx:
        out = out.replace(BR, '</w:t><w:br/><w:t xml:space="preserve">')
    else:
        out = out.replace(BR, "<text:line-break/>").replace(
            PAGE, '<text:page-number text:select-page="current">1</text:page-number>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + out).encode("utf-8")


def scrub(name, data, docx):
    if docx:
        if name == "docProps/core.xml":
            data = re.sub(rb"<dc:creator>.*?</dc:creator>", b"", data)
            data = re.sub(rb"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>", b"", data)
        if name == "word/settings.xml":
            data = re.sub(rb"<w:rsids>.*?</w:rsids>", b"", data, flags=re.S)
        data = re.sub(rb"<w:commentRange(Start|End) [^>]*/>", b"", data)
        data = re.sub(rb"<w:r>(<w:rPr/>|<w:rPr>(<w:rStyle [^>]*/>)?</w:rPr>)?<w:commentReference [^>]*/></w:r>", b"", data)
        data = re.sub(rb'<Relationship [^>]*comments\.xml"/>', b"", data)
        data = re.sub(rb'<Override PartName="/word/comments.xml"[^>]*/>', b"", data)
    else:
        if name == "meta.xml":
            data = re.sub(rb"<(meta:initial-creator|dc:creator)>.*?</\1>", b"", data)
        data = re.sub(rb"<office:annotation\b.*?</office:annotation>", b"", data, flags=re.S)
    return data


def main(argv):
    if len(argv) != 5 or argv[0] != "render" or argv[3] != "-o":
        sys.exit("usage: reference_render.py render TEMPLATE DATA -o OUT")
    tpl, data_path, out = argv[1], argv[2], argv[4]
    with open(data_path, encoding="utf-8") as f:
        ctx = json.load(f) if data_path.endswith(".json") else yaml.safe_load(f)
    docx = tpl.endswith(".docx")
    zin = zipfile.ZipFile(tpl)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name = info.filename
            data = zin.read(name)
            if docx and name == "word/comments.xml":
                continue
            if (docx and re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)) or \
                    (not docx and name in ("content.xml", "styles.xml")):
                data = render_part(data, docx, ctx)
            data = scrub(name, data, docx)
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)


if __name__ == "__main__":
    main(sys.argv[1:])
