#!/usr/bin/env bash
# make fuzz: builds every fuzz target with clang, libFuzzer, ASan and UBSan
# into build-fuzz/ and runs each for FUZZ_SECONDS (default 60) over a copy of
# its seeds, so the source tree is never written. Exits 1 when any target
# crashes, leaks, hangs or hits UB; its input is left in
# build-fuzz/fuzz-artifacts/NAME/ and the log in build-fuzz/fuzz-logs/.
set -euo pipefail

seconds=${FUZZ_SECONDS:-60}
cd "$(dirname "$0")/.."
# Absolute: a target may change its working folder for a moment.
build=$(realpath -m "${FUZZ_BUILD:-build-fuzz}")

if [ ! -f "$build/build.ninja" ]; then
  # -O1 keeps assert() (RelWithDebInfo would add -DNDEBUG) and runs fast enough.
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DT2S_FUZZ=ON \
    -DT2S_BUILD_TESTS=OFF -DT2S_BUILD_BENCH=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g"
fi
cmake --build "$build" --target fuzz_targets

failed=()
summary=()
for seeds in "$build"/fuzz/*.seeds; do
  name=$(basename "$seeds" .seeds)
  corpus="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name/"
  log="$build/fuzz-logs/$name.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  # Seeds are copied under their content hash: fixtures in different folders
  # share names (SKILL.md), and a copy already there is not copied twice.
  while IFS= read -r seed; do
    [ -n "$seed" ] || continue
    while IFS= read -r -d '' file; do
      cp "$file" "$corpus/seed-$(sha1sum <"$file" | cut -c1-16)"
    done < <(find "$seed" -type f -print0)
  done <"$seeds"

  echo "fuzz: $name for ${seconds}s" >&2
  status=ok
  if ! "$build/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1; then
    status=FAILED
    failed+=("$name")
    grep -m1 -A12 -E "ERROR: |runtime error|==ERROR|deadly signal|timeout" "$log" >&2 || tail -20 "$log" >&2
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE "cov: [0-9]+ ft: [0-9]+ corp: [0-9]+[^ ]*" "$log" | tail -1 || true)
  summary+=("$(printf '%-14s %-7s %10s execs %7s/s  %s' "$name" "$status" "${execs:-?}" "${rate:-?}" "${cov:-}")")
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; inputs in $build/fuzz-artifacts/, logs in $build/fuzz-logs/" >&2
  exit 1
fi
