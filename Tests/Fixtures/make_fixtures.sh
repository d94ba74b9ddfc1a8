#!/usr/bin/env bash
# Regenerate the read-back fixture templates from their sources.
#   src/fixtures.py     -> src/NAME.fodt (LibreOffice source) + templates/NAME.docx (Word-style, hand-made XML)
#   src/NAME.fodt       -> templates/NAME.odt     (LibreOffice, strict ODF 1.3, via the oracle lo-strict-odt.sh)
#   src/NAME.fodt       -> templates/NAME.lo.docx (LibreOffice's own DOCX export)
# Every template is then checked with the oracles (validate-odf.sh / validate-docx.py).
# Usage: Tests/Fixtures/make_fixtures.sh [NAME...]     (SHARED defaults to ../shared beside the repo)
# Needs: python3 (PYTHON, with lxml: make deps), soffice (libreoffice-writer-nogui), xmllint, unzip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SHARED=${SHARED:-$repo/../shared}
oracles=$(cd "$SHARED/oracles" && pwd)
cd "$here"

"${PYTHON:-python3}" src/fixtures.py "$@"
if [ $# -gt 0 ]; then names=("$@"); else names=($(cd src && ls *.fodt | sed 's/\.fodt$//')); fi
srcs=(); for n in "${names[@]}"; do srcs+=("src/$n.fodt"); done

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# 1. strict ODF 1.3 .odt (LibreOffice's default "1.3 Extended" would not validate)
"$oracles/lo-strict-odt.sh" "$tmp/odt" "${srcs[@]}"
# 2. LibreOffice's DOCX export, with a private profile
soffice -env:UserInstallation=file://$tmp/profile --headless --norestore \
  --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/docx" "${srcs[@]}" >/dev/null 2>"$tmp/err" || true
if grep -i error "$tmp/err"; then exit 1; fi
for n in "${names[@]}"; do
  cp "$tmp/odt/$n.odt" "templates/$n.odt"
  cp "$tmp/docx/$n.docx" "templates/$n.lo.docx"
done

status=0
for n in "${names[@]}"; do
  "$oracles/validate-odf.sh" "templates/$n.odt" || { echo "templates/$n.odt: INVALID"; status=1; }
  for d in "templates/$n.docx" "templates/$n.lo.docx"; do
    "${PYTHON:-python3}" "$oracles/validate-docx.py" "$d" >"$tmp/v" || { cat "$tmp/v"; echo "$d: INVALID"; status=1; }
  done
  for f in "templates/$n.odt" "templates/$n.docx" "templates/$n.lo.docx"; do
    size=$(stat -c %s "$f"); [ "$size" -lt 102400 ] || { echo "$f: $size bytes (limit 100 KB)"; status=1; }
  done
done
ls -l templates
exit $status
