#!/usr/bin/env bash
# Writes docs/previews/NAME.png (page 1 at 62 dpi) from the documents `apdocs build` makes of the
# sample workspace, through LibreOffice: what the README shows is what a school gets.
#   Tests/tools/make_previews.sh [BIN]        (make previews)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$repo/.build/release/apdocs}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$BIN" init "$tmp/ws" >/dev/null
"$BIN" build "$tmp/ws" >/dev/null 2>&1 || [ $? -eq 3 ]
out=$tmp/ws/output
# One sample of each document: the letters of a registered school, the checklist of the college
# (one stale check), the agreement of the LA-arranged placement (LA party, early EHC review).
declare -A sample=(
  [online-safety-letter]=PRV-NSC [child-protection-letter]=PRV-NSC [attendance-letter]=PRV-NSC
  [commissioning-checklist]=PRV-NCC [placement-agreement]=PL-2025-016
)
files=()
for kind in "${!sample[@]}"; do files+=("$out/${sample[$kind]}/$kind.odt"); done
"$repo/Tests/tools/lo-pdf.sh" "$tmp/pdf" "${files[@]}"
mkdir -p "$repo/docs/previews"
for kind in "${!sample[@]}"; do
  pdftoppm -r 62 -png -f 1 -l 1 -singlefile "$tmp/pdf/$kind.pdf" "$repo/docs/previews/$kind"
done
ls -l "$repo/docs/previews"
