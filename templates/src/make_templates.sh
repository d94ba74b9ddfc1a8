#!/usr/bin/env bash
# Regenerate the document templates from their sources.
#   src/build_templates.py  -> src/NAME.fodt   (flat ODT: the one source of each template)
#   src/NAME.fodt           -> NAME.odt        (LibreOffice, strict ODF 1.3, via the oracle lo-strict-odt.sh)
#   src/NAME.fodt           -> NAME.docx       (LibreOffice's DOCX export)
# The .odt loses LibreOffice's thumbnail (a picture of the page with its tags). Then both are
# checked with the oracles (validate-odf.sh / validate-docx.py) and for an author in their
# metadata, and, when apdocs is built, rendered with their sample context
# (src/sample-context/NAME.json, from src/make_sample_contexts.py) and the result validated.
# Usage: templates/src/make_templates.sh [NAME...]   (SHARED defaults to ../shared beside the repo;
#        APDOCS defaults to .build/debug/apdocs)
# Needs: python3 (+ PyYAML for the sample contexts), soffice (libreoffice-writer-nogui), xmllint,
#        unzip, PyPI lxml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tpl=$(cd "$here/.." && pwd)
repo=$(cd "$tpl/.." && pwd)
SHARED=${SHARED:-$repo/../shared}
oracles=$(cd "$SHARED/oracles" && pwd)
APDOCS=${APDOCS:-$repo/.build/debug/apdocs}

python3 "$here/build_templates.py" "$@"
python3 "$here/make_sample_contexts.py" >/dev/null
if [ $# -gt 0 ]; then names=("$@"); else names=($(cd "$here" && ls *.fodt | sed 's/\.fodt$//')); fi
srcs=(); for n in "${names[@]}"; do srcs+=("$here/$n.fodt"); done

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# 1. strict ODF 1.3 .odt (LibreOffice's default "1.3 Extended" would not validate)
"$oracles/lo-strict-odt.sh" "$tmp/odt" "${srcs[@]}"
# 2. LibreOffice's DOCX export, with a private profile
soffice -env:UserInstallation=file://$tmp/profile --headless --norestore \
  --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/docx" "${srcs[@]}" >/dev/null 2>"$tmp/err" || true
if grep -i error "$tmp/err"; then exit 1; fi
for n in "${names[@]}"; do
  cp "$tmp/odt/$n.odt" "$tpl/$n.odt"
  python3 "$here/strip_thumbnail.py" "$tpl/$n.odt"
  cp "$tmp/docx/$n.docx" "$tpl/$n.docx"
  # Form check boxes: LibreOffice exports them to DOCX as ActiveX, so they become check-box content
  # controls; in the ODT it adds an attribute the strict schema refuses (see build_templates.py).
  if grep -q '<form:checkbox' "$here/$n.fodt"; then python3 "$here/build_templates.py" --form-checkboxes "$tpl/$n.odt" "$tpl/$n.docx"; fi
done

status=0
for n in "${names[@]}"; do
  "$oracles/validate-odf.sh" "$tpl/$n.odt" >/dev/null || { echo "$n.odt: INVALID"; status=1; }
  python3 "$oracles/validate-docx.py" "$tpl/$n.docx" >"$tmp/v" || { cat "$tmp/v"; echo "$n.docx: INVALID"; status=1; }
  # No author, comments or tracked changes in a template.
  if unzip -p "$tpl/$n.odt" meta.xml | grep -Eq '<(dc:creator|meta:initial-creator)>'; then echo "$n.odt: has an author"; status=1; fi
  if unzip -p "$tpl/$n.docx" docProps/core.xml | grep -Eq '<(dc:creator|cp:lastModifiedBy)>[^<]'; then echo "$n.docx: has an author"; status=1; fi
  if [ -x "$APDOCS" ]; then
    for ext in odt docx; do
      out="$tmp/rendered/$n.$ext"
      if "$APDOCS" render "$tpl/$n.$ext" "$here/sample-context/$n.json" -o "$out" 2>"$tmp/r"; then
        if [ $ext = odt ]; then "$oracles/validate-odf.sh" "$out" >/dev/null || { echo "$n.$ext rendered: INVALID"; status=1; }
        else python3 "$oracles/validate-docx.py" "$out" >/dev/null || { echo "$n.$ext rendered: INVALID"; status=1; }; fi
      else
        cat "$tmp/r"; echo "$n.$ext: does not render with its sample context"; status=1
      fi
    done
  fi
done
ls -l "$tpl"/*.odt "$tpl"/*.docx
[ $status = 0 ] && echo "all templates valid"
exit $status
