#!/usr/bin/env python3
"""LibreOffice 7.4 writes form:input-required on form:checkbox (and list boxes, text and date
fields) even in strict ODF 1.3, where the schema does not allow it there: remove it from each ODT
named (mimetype stays first and stored).

    strip_input_required.py FILE.odt...
"""
import os
import re
import sys
import zipfile


def strip(path):
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        data = {i.filename: z.read(i.filename) for i in infos}
    content = data["content.xml"].decode("utf-8")
    count = len(re.findall(r"<form:checkbox ", content))
    data["content.xml"] = re.sub(r'(<form:(?:checkbox|listbox|text|date) [^>]*?) form:input-required="[^"]*"', r"\1",
                                 content).encode("utf-8")
    with zipfile.ZipFile(path + ".tmp", "w") as z:
        for info in infos:
            z.writestr(info, data[info.filename], compress_type=info.compress_type)
    os.replace(path + ".tmp", path)
    return count


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print("%s: %d check boxes" % (os.path.basename(name), strip(name)))
