#!/bin/sh
# Passes when sorted.txt holds data/names.txt in byte order, one name a line.
# Runs in a copy of the finished workspace; $T2S_SUITE is the suite folder.
if [ ! -f sorted.txt ]; then
  echo "no sorted.txt in the workspace"
  exit 1
fi
if ! LC_ALL=C sort "$T2S_SUITE/data/names.txt" | diff -u - sorted.txt; then
  echo "sorted.txt is not names.txt in byte order"
  exit 1
fi
echo "sorted.txt is correct"
