#!/usr/bin/env bash
# The shipped templates are their own source (edited in Word or LibreOffice). This check, run by
# `make test`, fails when
#   - a template's committed text snapshot (templates/NAME.EXT.txt, what `apdocs inspect` prints)
#     is stale: run `make snapshots` and commit the .txt with the template, so the change can be
#     reviewed in a diff;
#   - a template does not accept the context the domain gives it, for any record of the sample
#     workspace (`apdocs context` then `apdocs check --data`).
#   Tests/templates/check_templates.sh BIN
set -uo pipefail
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }

for template in "$repo"/templates/*.docx "$repo"/templates/*.odt; do
  name=$(basename "$template")
  if "$BIN" inspect "$template" > "$tmp/$name.txt" 2>"$tmp/err" && cmp -s "$tmp/$name.txt" "$template.txt"; then
    pass "templates/$name.txt is current"
  else
    fail "templates/$name.txt is stale or missing: run make snapshots and commit it with the template"
    diff -u "$template.txt" "$tmp/$name.txt" 2>/dev/null | head -20 | sed 's/^/      /'
  fi
done

"$BIN" init "$tmp/ws" >/dev/null 2>&1 || { fail "apdocs init of the sample workspace"; exit 1; }
providers=$(cd "$tmp/ws/providers" && ls | sed 's/\.[a-z]*$//')
placements=$(cd "$tmp/ws/placements" && ls *.yaml *.json *.plist 2>/dev/null | sed 's/\.[a-z]*$//')
for kind in online-safety-letter child-protection-letter attendance-letter commissioning-checklist placement-agreement; do
  if [ $kind = placement-agreement ]; then ids=$placements; flag=--placement; else ids=$providers; flag=--provider; fi
  for id in $ids; do
    ctx="$tmp/ws/$kind-$id.json"   # in the workspace: pictures are named relative to it
    if ! "$BIN" context "$tmp/ws" $flag "$id" --kind $kind > "$ctx" 2>"$tmp/err"; then
      fail "context of $kind for $id: $(head -c 300 "$tmp/err")"; continue
    fi
    for ext in docx odt; do
      if "$BIN" check "$repo/templates/$kind.$ext" --data "$ctx" >/dev/null 2>"$tmp/err"; then
        pass "$kind.$ext accepts the context of $id"
      else
        fail "$kind.$ext with the context of $id: $(grep -i error "$tmp/err" | head -3)"
      fi
    done
  done
done
echo "templates: $passed passed, $failed failed"
[ $failed -eq 0 ]
