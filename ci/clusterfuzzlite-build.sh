#!/usr/bin/env bash
# Proves .clusterfuzzlite/build.sh outside Docker: runs it with the local clang and the
# environment ClusterFuzzLite/OSS-Fuzz would give (CC, CXX, CFLAGS, CXXFLAGS,
# LIB_FUZZING_ENGINE, OUT, WORK), then checks $OUT: every target is there with its options,
# dictionary and seed corpus, and replays that corpus once (-runs=0) without a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=$root/build/clusterfuzzlite
mkdir -p "$scratch/out" "$scratch/work"
flags="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
if ! log=$(env CC=clang CXX=clang++ CFLAGS="$flags" CXXFLAGS="$flags" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
    OUT="$scratch/out" WORK="$scratch/work" bash .clusterfuzzlite/build.sh 2>&1); then
  echo "$log"
  echo "clusterfuzzlite-build: build.sh failed" >&2
  exit 1
fi

status=0
count=0
for source in fuzz/*_fuzzer.cc; do
  target=$(basename "$source" .cc)
  count=$((count + 1))
  for file in "$target" "${target}_seed_corpus.zip"; do
    [[ -s "$scratch/out/$file" ]] || { echo "clusterfuzzlite-build: $file missing from \$OUT" >&2; status=1; }
  done
  [[ -f "fuzz/$target.options" && ! -f "$scratch/out/$target.options" ]] && { echo "clusterfuzzlite-build: $target.options missing" >&2; status=1; }
  [[ -f "fuzz/dicts/${target%_fuzzer}.dict" && ! -f "$scratch/out/$target.dict" ]] && { echo "clusterfuzzlite-build: $target.dict missing" >&2; status=1; }
  seeds="$scratch/seeds/$target"
  rm -rf "$seeds" && mkdir -p "$seeds"
  python3 -m zipfile -e "$scratch/out/${target}_seed_corpus.zip" "$seeds"
  if ! "$scratch/out/$target" -runs=0 "$seeds" >"$scratch/$target.log" 2>&1; then
    echo "clusterfuzzlite-build: $target failed on its seed corpus:" >&2
    tail -20 "$scratch/$target.log" >&2
    status=1
  fi
done
((status == 0)) && echo "clusterfuzzlite-build: build.sh built $count targets outside Docker; each replayed its seed corpus"
exit $status
