#!/usr/bin/env bash
# LibreOffice's reading of our output: converts each FILE to OUTDIR/BASENAME.pdf with headless
# LibreOffice and fails when one could not be loaded. `soffice --convert-to` exits 0 even then;
# the only signs are a line on stderr and a missing PDF, so both are checked.
# Needs libreoffice-writer-nogui (Debian). A fresh profile per call keeps runs independent.
# Usage: Tests/tools/lo-pdf.sh OUTDIR FILE...     exit 0 = a non-empty PDF for every FILE
set -u
if [ $# -lt 2 ]; then echo "usage: $0 OUTDIR FILE..." >&2; exit 2; fi
outdir=$1; shift
mkdir -p "$outdir" || exit 2
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
soffice "-env:UserInstallation=file://$work/profile" --headless --norestore --nologo \
  --convert-to pdf --outdir "$outdir" "$@" >"$work/out" 2>"$work/err"
status=0
if grep -qi 'error' "$work/err"; then
  sed 's/^/soffice: /' "$work/err"
  status=1
fi
for file in "$@"; do
  name=$(basename "$file"); pdf="$outdir/${name%.*}.pdf"
  if [ ! -s "$pdf" ]; then echo "$file: LibreOffice made no PDF"; status=1; fi
done
exit $status
