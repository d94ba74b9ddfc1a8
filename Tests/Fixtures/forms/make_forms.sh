#!/usr/bin/env bash
# Regenerate the form-filling fixtures (see src/make_forms.py), then validate them with the oracles.
#   src/placement-form.fodt    -> placement-form.odt     (LibreOffice, strict ODF 1.3)
#   src/placement-form-cc.fodt -> placement-form.lo.docx (LibreOffice's DOCX export of its content controls)
#   src/make_forms.py          -> placement-form.word.docx (hand-made, as Word writes a protected form)
# Usage: Tests/Fixtures/forms/make_forms.sh     (SHARED defaults to ../shared beside the repo)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
SHARED=${SHARED:-$repo/../shared}
oracles=$(cd "$SHARED/oracles" && pwd)
cd "$here"
"${PYTHON:-python3}" src/make_forms.py
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$oracles/lo-strict-odt.sh" "$tmp/odt" src/placement-form.fodt
soffice -env:UserInstallation=file://$tmp/profile --headless --norestore \
  --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/docx" src/placement-form-cc.fodt >/dev/null 2>"$tmp/err" || true
if grep -i error "$tmp/err"; then exit 1; fi
# LibreOffice 7.4 writes form:input-required on form:checkbox even in strict ODF 1.3; the schema refuses it.
"${PYTHON:-python3}" src/strip_input_required.py "$tmp/odt/placement-form.odt" >/dev/null
cp "$tmp/odt/placement-form.odt" placement-form.odt
cp "$tmp/docx/placement-form-cc.docx" placement-form.lo.docx
status=0
"$oracles/validate-odf.sh" placement-form.odt >/dev/null || { echo "placement-form.odt: INVALID"; status=1; }
for d in placement-form.lo.docx placement-form.word.docx; do
  "${PYTHON:-python3}" "$oracles/validate-docx.py" "$d" >"$tmp/v" || { cat "$tmp/v"; echo "$d: INVALID"; status=1; }
done
ls -l placement-form.*
exit $status
