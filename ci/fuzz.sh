#!/usr/bin/env bash
# Runs every libFuzzer target (or the ones named) for a number of seconds each.
#   bash ci/fuzz.sh                     # CI smoke: 5 s per target
#   bash ci/fuzz.sh --seconds 600 usersig --keep-corpus   # a campaign on one target
#   bash ci/fuzz.sh --binaries build/clusterfuzzlite/out   # targets built already (no build)
# Per-target libFuzzer flags come from fuzz/<target>_fuzzer.options ([libfuzzer] key = value,
# the OSS-Fuzz convention). On a crash, leak or timeout the input is copied to
# fuzz/regressions/<target>/ and the script exits 1. --keep-corpus merges new inputs
# into fuzz/corpus/<target>/ (a campaign; CI leaves the tree as it is).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=5
keep_corpus=false
binaries=""
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --keep-corpus) keep_corpus=true; shift ;;
    --binaries) binaries=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if ((${#targets[@]} == 0)); then
  for source in fuzz/*_fuzzer.cc; do targets+=("$(basename "$source" _fuzzer.cc)"); done
fi

if [[ -z "$binaries" ]]; then
  binaries=build/fuzz/fuzz
  if ! log=$(cmake --preset fuzz 2>&1); then echo "$log"; exit 1; fi
  # Quiet on success; the whole build log when it fails.
  if ! log=$(cmake --build --preset fuzz --target "${targets[@]/%/_fuzzer}" 2>&1); then echo "$log"; exit 1; fi
fi

# "[libfuzzer]\nmax_len = 65536" -> "-max_len=65536"
options_of() {
  local file="fuzz/$1_fuzzer.options"
  [[ -f "$file" ]] || return 0
  sed -n 's/^[[:space:]]*\([a-z_]*\)[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/-\1=\2/p' "$file"
}

status=0
for target in "${targets[@]}"; do
  binary="$binaries/${target}_fuzzer"
  [[ -x "$binary" ]] || { echo "fuzz.sh: no target $target in $binaries" >&2; exit 2; }
  work="build/fuzz-work/$target"
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
  cp fuzz/corpus/"$target"/* "$work/corpus/" 2>/dev/null || true
  dict=()
  [[ -f "fuzz/dicts/$target.dict" ]] && dict=("-dict=fuzz/dicts/$target.dict")
  mapfile -t options < <(options_of "$target")
  echo "fuzz.sh: $target for ${seconds}s ${options[*]}"
  if ! "$binary" "${options[@]}" "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/" "$work/corpus" "fuzz/regressions/$target" >"$work/log" 2>&1; then
    status=1
    mkdir -p "fuzz/regressions/$target"
    for artifact in "$work"/artifacts/*; do
      [[ -f "$artifact" ]] || continue
      cp "$artifact" "fuzz/regressions/$target/"
      echo "fuzz.sh: $target FAILED; input saved as fuzz/regressions/$target/$(basename "$artifact")" >&2
    done
    grep -E 'ERROR|SUMMARY' "$work/log" | head -5 >&2
    continue
  fi
  grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec' "$work/log" | tr '\n' ' '
  echo
  if $keep_corpus; then
    "$binary" -merge=1 "fuzz/corpus/$target" "$work/corpus" >/dev/null 2>&1
  fi
done
exit $status
