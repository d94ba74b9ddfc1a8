#!/usr/bin/env bash
# Render every template (ODT and DOCX) with its sample context, validate the output with the
# oracles, convert it to PDF with LibreOffice, check that no tag is left in the text, and write
# the page-1 previews docs/previews/NAME.png (from the ODT output, 62 dpi).
#   templates/src/render_samples.sh            # the five sample contexts
#   templates/src/render_samples.sh --all      # also every provider / placement in examples/
# Output goes to ${OUT:-output/samples}. APDOCS defaults to .build/debug/apdocs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tpl=$(cd "$here/.." && pwd)
repo=$(cd "$tpl/.." && pwd)
SHARED=${SHARED:-$repo/../shared}
oracles=$(cd "$SHARED/oracles" && pwd)
APDOCS=${APDOCS:-$repo/.build/debug/apdocs}
OUT=${OUT:-$repo/output/samples}
mkdir -p "$OUT"
ctx="$here/sample-context"
if [ "${1:-}" = --all ]; then ctx="$OUT/contexts"; python3 "$here/make_sample_contexts.py" --all "$ctx" >/dev/null
else python3 "$here/make_sample_contexts.py" >/dev/null; fi

status=0; files=()
for json in "$ctx"/*.json; do
  name=$(basename "$json" .json)
  template=$(echo "$name" | sed -E 's/-(PRV|PL)-.*$//')
  for ext in odt docx; do
    out="$OUT/$name.$ext"
    "$APDOCS" render "$tpl/$template.$ext" "$json" -o "$out" || { echo "$name.$ext: render failed"; status=1; continue; }
    if [ $ext = odt ]; then "$oracles/validate-odf.sh" "$out" >/dev/null || { echo "$out: INVALID"; status=1; }
    else python3 "$oracles/validate-docx.py" "$out" >/dev/null || { echo "$out: INVALID"; status=1; }; fi
    files+=("$out")
  done
done
mkdir -p "$OUT/pdf-odt" "$OUT/pdf-docx"
odts=(); docxs=(); for f in "${files[@]}"; do case $f in *.odt) odts+=("$f");; *) docxs+=("$f");; esac; done
"$oracles/lo-convert.sh" "$OUT/pdf-odt" "${odts[@]}" || status=1
"$oracles/lo-convert.sh" "$OUT/pdf-docx" "${docxs[@]}" || status=1
for pdf in "$OUT"/pdf-*/*.pdf; do
  if pdftotext "$pdf" - | grep -nE '\{\{|\{%|%\}|\}\}'; then echo "$pdf: tags left in the text"; status=1; fi
  echo "$(pdfinfo "$pdf" | awk '/^Pages/ {print $2}') pages  ${pdf#$OUT/}"
done
if [ "${1:-}" != --all ]; then
  mkdir -p "$repo/docs/previews"
  for json in "$here/sample-context"/*.json; do
    name=$(basename "$json" .json)
    pdftoppm -r 62 -png -f 1 -l 1 -singlefile "$OUT/pdf-odt/$name.pdf" "$repo/docs/previews/$name"
  done
  ls -l "$repo/docs/previews"
fi
exit $status
