#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds tests/install/consumer
# against the installed CMake package, and runs it and the installed binary.
# Usage: consumer_test.sh BUILD_DIR CONSUMER_SOURCE_DIR
set -euo pipefail
build=$1
consumer=$2
root=$(cd "$consumer/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
test -x "$tmp/prefix/bin/trace2skill"
test -f "$tmp/prefix/include/trace2skill/trace2skill.h"
test -f "$tmp/prefix/include/trace2skill/skill/apply.h"
"$tmp/prefix/bin/trace2skill" --version
cmake -S "$consumer" -B "$tmp/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_BUILD_TYPE=Release > "$tmp/configure.log" || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/consumer" > "$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
out=$("$tmp/consumer/consumer" "$root/examples/skills/airline-support" \
        "$root/examples/patches/payments.json")
echo "$out" | head -5
grep -q '^version ' <<< "$out"
grep -q '^+++ ' <<< "$out"
grep -q '^findings: ' <<< "$out"
echo "consumer built against the installed package and ran"
