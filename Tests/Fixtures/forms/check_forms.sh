#!/usr/bin/env bash
# Proof that `apdocs fill` fills forms others wrote, judged by tools that are not ours:
#   1. fill each fixture form with data/placement.yaml through its map (data/FORM.map.yaml);
#   2. the filled file passes validate-odf.sh / validate-docx.py (shared/oracles; skipped, saying
#      so in one line, when shared/ is not there);
#   3. LibreOffice opens it (Tests/tools/lo-pdf.sh) and the PDF's text shows the values (and, for DOCX,
#      the ticked and unticked glyphs in the right rows);
#   4. LibreOffice converts it to ODT and the check boxes read back there are the states we set
#      (DOCX: loext:content-control loext:checked, or the legacy field mark; ODT: form:current-state).
# Usage: Tests/Fixtures/forms/check_forms.sh [APDOCS]   (default .build/debug/apdocs; SHARED as usual;
#        PYTHON: the interpreter with lxml, default python3)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
SHARED=${SHARED:-$repo/../shared}
PYTHON=${PYTHON:-python3}
oracles=
if [ -d "$SHARED/oracles" ]; then
  oracles=$(cd "$SHARED/oracles" && pwd)
else
  echo "SKIPPED schema validation of the filled forms (validate-odf.sh, validate-docx.py): needs shared/oracles, not found at $SHARED/oracles; put shared/ beside the repository or run make test SHARED=DIR"
fi
APDOCS=${1:-$repo/.build/debug/apdocs}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL $*"; status=1; }

# form | expected PDF text (|-separated) | expected check-box states in document order
cases=(
  "placement-form.word.docx|Amira Khan|Three days|Monday 8 September 2025|☒ I consent to educational visits|☐ I consent to photographs|Collect from reception at 15:15|ref|1 0 1"
  "placement-form.lo.docx|Amira Khan|Year 10|8 September 2025|☒ I consent to educational visits|☐ I consent to photographs|1 0"
  "placement-form.odt|Amira Khan|Year 10|Northside Skills Centre|1 0"
)
for case in "${cases[@]}"; do
  IFS='|' read -r -a parts <<<"$case"
  form=${parts[0]}; states=${parts[-1]}; texts=("${parts[@]:1:${#parts[@]}-2}")
  out="$tmp/filled/$form"
  if ! "$APDOCS" fill "$here/$form" "$here/data/placement.yaml" --map "$here/data/$form.map.yaml" -o "$out" 2>"$tmp/err"; then
    cat "$tmp/err"; fail "$form: fill"; continue
  fi
  grep -v '^warning' "$tmp/err" | sed "s|^|  |"
  if [ -n "$oracles" ]; then
    case $form in
      *.odt) "$oracles/validate-odf.sh" "$out" >/dev/null || fail "$form: validate-odf" ;;
      *) "$PYTHON" "$oracles/validate-docx.py" "$out" >/dev/null || fail "$form: validate-docx" ;;
    esac
  fi
  mkdir -p "$tmp/pdf/$form"
  "$repo/Tests/tools/lo-pdf.sh" "$tmp/pdf/$form" "$out" >/dev/null || fail "$form: LibreOffice could not open it"
  pdftotext -layout "$tmp/pdf/$form/${form%.*}.pdf" "$tmp/$form.txt" 2>/dev/null
  for text in "${texts[@]}"; do
    grep -qF -- "$text" "$tmp/$form.txt" || fail "$form: PDF text lacks '$text'"
  done
  # Read the check boxes back after LibreOffice's own conversion to ODT.
  mkdir -p "$tmp/rt/$form"; cp "$out" "$tmp/rt/$form/in.${form##*.}"
  soffice -env:UserInstallation=file://$tmp/profile --headless --norestore --convert-to odt \
    --outdir "$tmp/rt/$form/out" "$tmp/rt/$form/in.${form##*.}" >/dev/null 2>&1
  got=$(unzip -p "$tmp/rt/$form/out/in.odt" content.xml | "$PYTHON" -c '
import re, sys
xml = sys.stdin.read()
states = {}
for m in re.finditer(r"<form:checkbox [^>]*>", xml):
    tag = m.group(0)
    ident = re.search(r"form:id=\"([^\"]+)\"", tag).group(1)
    states[ident] = "1" if "form:current-state=\"checked\"" in tag else "0"
out = []
for m in re.finditer(r"<loext:content-control [^>]*loext:checkbox=\"true\"[^>]*>|<draw:control [^>]*>|<field:fieldmark [^>]*FORMCHECKBOX[^>]*>(?:(?!</field:fieldmark>).)*", xml, re.S):
    tag = m.group(0)
    if tag.startswith("<loext"): out.append("1" if "loext:checked=\"true\"" in tag else "0")
    elif tag.startswith("<field"): out.append("1" if re.search(r"Checkbox_Checked\" field:value=\"true\"", tag) else "0")
    else:
        ident = re.search(r"draw:control=\"([^\"]+)\"", tag)
        if ident and ident.group(1) in states: out.append(states[ident.group(1)])
print(" ".join(out))')
  [ "$got" = "$states" ] || fail "$form: check boxes read back by LibreOffice: '$got', expected '$states'"
  echo "$form: filled;${oracles:+ valid;} LibreOffice shows the values; check boxes read back: $got"
done
exit $status
