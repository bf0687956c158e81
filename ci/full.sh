#!/usr/bin/env bash
# The long checks, run before a release (README, "Two commands"): what the landing CI
# (ci/test.sh) leaves out to stay fast.
#   1. 20 shuffled parallel gates against one serial gate (ci/test.sh runs 5)
#   2. a fuzz campaign: the ClusterFuzzLite build, then every target for
#      TRTC_FULL_FUZZ_SECONDS each (default 40: about 10 minutes over the 16 targets)
#   3. every test under AddressSanitizer + UBSan (asan preset)
#   4. every test under ThreadSanitizer (tsan preset)
#   bash ci/full.sh                 # all four
#   bash ci/full.sh determinism fuzz   # only the steps named
# Exit: 0 when every step passed, else the first failing step's code; a table of the
# steps' times is printed at the end either way.
set -euo pipefail
cd "$(dirname "$0")/.."

all=(determinism fuzz asan tsan)
wanted=("$@")
((${#wanted[@]})) || wanted=("${all[@]}")
for name in "${wanted[@]}"; do
  [[ " ${all[*]} " == *" $name "* ]] || { echo "full.sh: unknown step $name (one of: ${all[*]})" >&2; exit 2; }
done

source ci/steps.sh

bash ci/setup-deps.sh
for name in "${wanted[@]}"; do
  case $name in
    determinism)
      cmake --preset default >/dev/null
      step "build (default)" cmake --build --preset default --target trtc-harness
      step "gate determinism (20 shuffled)" bash ci/check-gate-determinism.sh build/default 20
      ;;
    fuzz)
      step "ClusterFuzzLite build" bash ci/clusterfuzzlite-build.sh
      step "fuzz campaign (${TRTC_FULL_FUZZ_SECONDS:-40} s a target)" \
        bash ci/fuzz.sh --seconds "${TRTC_FULL_FUZZ_SECONDS:-40}" --binaries build/clusterfuzzlite/out
      ;;
    asan | tsan)
      step "ctest under $name (ci/test.sh)" \
        env TRTC_PRESET="$name" TRTC_FUZZ_SECONDS=0 TRTC_VENDOR=0 bash ci/test.sh
      ;;
  esac
done
