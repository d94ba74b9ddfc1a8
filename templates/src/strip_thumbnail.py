#!/usr/bin/env python3
"""Removes Thumbnails/thumbnail.png (a picture of the template page, tags and all, which a
rendered document would otherwise carry) from ODT packages, with its manifest entry.
The mimetype entry stays first and stored. Usage: strip_thumbnail.py FILE.odt..."""
import re
import sys
import zipfile


def strip(path):
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            if info.filename.startswith("Thumbnails/"):
                continue
            if info.filename == "META-INF/manifest.xml":
                data = re.sub(rb'\s*<manifest:file-entry[^>]*manifest:full-path="Thumbnails/[^"]*"[^>]*/>', b"", data)
            info.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(info, data)


for p in sys.argv[1:]:
    strip(p)
