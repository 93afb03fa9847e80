#!/usr/bin/env bash
# Installs the Debian packages trace2skill builds and tests with.
# Idempotent: packages already present are skipped; apt-get runs only when
# something is missing. Needs root (or sudo) only in that case.
#   scripts/install-deps.sh        what build, test and demo need
#   scripts/install-deps.sh fuzz   that, and clang with libFuzzer (make fuzz)
#   scripts/install-deps.sh report that, and headless Chromium, which the
#                                  report_in_chromium test loads report.html
#                                  in (scripts/check-report.sh; skipped
#                                  without it)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libsqlite3-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libyaml-cpp-dev libcmark-dev libdtl-dev libsimdjson-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  libzip-dev libpugixml-dev
  # The xlsx checker's agreement test runs an openpyxl reference.
  python3-openpyxl
  bubblewrap  # the sandbox for agent tool calls (src/sandbox)
)
for extra in "$@"; do
  case "$extra" in
    # libclang-rt-dev holds libFuzzer and the sanitizer runtimes.
    fuzz) packages+=(clang libclang-rt-dev) ;;
    report) packages+=(chromium) ;;
    *) echo "install-deps: unknown extra \"$extra\" (expected fuzz or report)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
