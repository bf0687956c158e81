#!/usr/bin/env bash
# Sets up dependencies, builds, and runs the whole test suite. README's test command and
# .ci/run both call this; nothing else runs beside it.
#   TRTC_PRESET=asan bash ci/test.sh    # the same under AddressSanitizer + UBSan
#   TRTC_PRESET=tsan bash ci/test.sh    # the same under ThreadSanitizer
#   TRTC_FUZZ_SECONDS=60 bash ci/test.sh   # a longer fuzz smoke (0 skips it)
#   TRTC_VENDOR=0 bash ci/test.sh          # without the vendor SDK suite (ci/vendor-sdk.sh)
#   TRTC_DETERMINISM_REPEATS=20 bash ci/test.sh  # more shuffled gates (default 5; ci/full.sh: 20)
# The long checks (sanitizers, fuzz campaigns, 20 shuffled gates) are ci/full.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

source ci/steps.sh

step "dependencies (ci/setup-deps.sh)" bash ci/setup-deps.sh
default_preset=default
[[ "${CI:-}" == "true" ]] && default_preset=ci   # CI builds with -Werror
preset=${TRTC_PRESET:-$default_preset}

configure() {
  local log
  if ! log=$(cmake --preset "$preset" 2>&1); then
    echo "$log"
    return 1
  fi
}
step "configure ($preset)" configure
step "build ($preset)" cmake --build --preset "$preset"
# The ten slowest steps of that build, read by people (a slow file is seen the day it lands).
bash ci/build-times.sh "build/$preset" 10 || true

# Fuzz smoke first: .clusterfuzzlite/build.sh run outside Docker with the local clang
# (libFuzzer + ASan + UBSan; clang comes from setup-deps.sh), then every target it built a
# few seconds on those same binaries (one build of the targets, not two).
# TRTC_FUZZ_SECONDS=0 skips both.
fuzz_seconds=${TRTC_FUZZ_SECONDS:-5}
if ((fuzz_seconds > 0)); then
  step "ClusterFuzzLite build" bash ci/clusterfuzzlite-build.sh
  step "fuzz smoke (ci/fuzz.sh, ${fuzz_seconds} s a target)" \
    bash ci/fuzz.sh --seconds "$fuzz_seconds" --binaries build/clusterfuzzlite/out
fi

# ci/gate.sh as a client team's pipeline runs it: reference client 0, broken client 1,
# missing client 2, three shards merged = one run.
step "gate checks (ci/check-gate.sh)" bash ci/check-gate.sh "build/$preset"
# The report is the same serial or parallel, whatever order the runs start in.
# 5 repeats here (a landing CI); ci/full.sh runs 20. 3 under the sanitizers, whose gates take minutes.
repeats=${TRTC_DETERMINISM_REPEATS:-5}
[[ "$preset" == asan || "$preset" == tsan ]] && repeats=3
step "gate determinism (ci/check-gate-determinism.sh, $repeats shuffled)" \
  bash ci/check-gate-determinism.sh "build/$preset" "$repeats"

# The vendor suite: the real trtc-js-sdk 4.15.22 in headless Chromium against its
# known-failures file, its published report, and the broken-bridge mutation check.
# TRTC_VENDOR=0 skips it (the default under the sanitizer presets: its timings are real-time).
vendor_default=1
[[ "$preset" == asan || "$preset" == tsan ]] && vendor_default=0
vendor_status=0
if [[ "${TRTC_VENDOR:-$vendor_default}" == "1" ]]; then
  step "vendor SDK suite (ci/vendor-sdk.sh)" env TRTC_BUILD_DIR="build/$preset" bash ci/vendor-sdk.sh || vendor_status=$?
fi

# Last, so its summary line comes just before the table of times; a failed vendor suite
# still fails the run.
step "ctest" ctest --preset "$preset" -j "$(nproc)"
if ((vendor_status != 0)); then
  echo "test.sh: ci/vendor-sdk.sh failed (exit $vendor_status); see above" >&2
  exit "$vendor_status"
fi
