#!/usr/bin/env bash
# Loads a report page in headless Chromium and checks that it rendered:
# the DOM was dumped whole, the page logged no console message (a script
# error shows as "Uncaught ..." on a CONSOLE line), it references nothing
# outside itself, and each element id given is present.
#   scripts/check-report.sh PAGE.html [ID...]
# IDs default to those of an evolve report.html: header edits dropped
# merge-tree findings trajectories.
# Exit codes: 0 ok, 1 a check failed, 2 bad usage, 77 Chromium is not
# installed ("SKIPPED: chromium not installed" on stdout; ctest counts the
# test as skipped).
set -uo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: scripts/check-report.sh PAGE.html [ID...]" >&2
  exit 2
fi
page=$(realpath "$1")
shift
ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then
  ids=(header edits dropped merge-tree findings trajectories)
fi

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then
    browser=$b
    break
  fi
done
if [ -z "$browser" ]; then
  echo "SKIPPED: chromium not installed (apt-get install chromium, or scripts/install-deps.sh report)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --no-sandbox: Chromium refuses to run as root without it (containers, CI).
timeout 120 "$browser" --headless --disable-gpu --no-sandbox --disable-dev-shm-usage \
  --no-first-run --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
  --dump-dom "file://$page" >"$work/dom.html" 2>"$work/log.txt"
rc=$?
failed=0
fail() {
  echo "check-report: $page: $*" >&2
  failed=1
}
if [ $rc -ne 0 ]; then
  fail "$browser exited with $rc"
  sed 's/^/  /' "$work/log.txt" >&2
fi
if ! grep -q '</html>' "$work/dom.html"; then
  fail "the DOM was not dumped whole ($(wc -c <"$work/dom.html") bytes)"
fi
if grep -E 'CONSOLE|Uncaught' "$work/log.txt" >"$work/console.txt"; then
  fail "console messages:"
  sed 's/^/  /' "$work/console.txt" >&2
fi
# Self-contained: no script, style sheet, image or frame from elsewhere.
if grep -Eio '<(script|img|iframe|link)[^>]*(src|href)="[^"]*' "$page" >"$work/external.txt"; then
  fail "external resources:"
  sed 's/^/  /' "$work/external.txt" >&2
fi
if grep -Eio '(@import|url\()[^;)]*' "$page" >"$work/imports.txt"; then
  fail "style sheet imports:"
  sed 's/^/  /' "$work/imports.txt" >&2
fi
for id in "${ids[@]}"; do
  if ! grep -q "id=\"$id\"" "$work/dom.html"; then
    fail "no element with id \"$id\""
  fi
done
if [ $failed -ne 0 ]; then
  exit 1
fi
echo "check-report: $page: loaded in $browser, no console message, ids present: ${ids[*]}"
