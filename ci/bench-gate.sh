#!/usr/bin/env bash
# The gate's wall time, side by side in interleaved rounds (BENCHMARKS.md, "The long-lived
# testee and parallel runs"): in-process and through the stdio adapter, one run at a time
# and in parallel, with one long-lived trtc-refclient and with a process per run.
#   bash ci/bench-gate.sh [build dir] [rounds]      # default build/default, 3 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
rounds=${2:-3}
harness=$build/harness/cli/trtc-harness
refclient=$build/harness/adapter/trtc-refclient
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-6s %-28s %s\n' round gate seconds
for ((round = 1; round <= rounds; round++)); do
  for mode in in-process-j1 in-process-j2 long-lived-j1 long-lived-j2 fresh-process-j1; do
    case $mode in
      in-process-*) args=() ;;
      long-lived-*) args=(--client "$refclient") ;;
      fresh-process-*) args=(--client "$refclient" --fresh-process) ;;
    esac
    started=$(date +%s%N)
    "$harness" gate "${args[@]}" --jobs "${mode##*-j}" --report-dir "$out/$mode" >/dev/null 2>&1 ||
      echo "$mode: gate exit $?" >&2
    ms=$((($(date +%s%N) - started) / 1000000))
    printf '%-6s %-28s %d.%02d\n' "$round" "$mode" $((ms / 1000)) $((ms % 1000 / 10))
  done
done
