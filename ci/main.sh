#!/usr/bin/env bash
# The main job: set up, build, and gate the reference client on the whole conformance suite
# in every locale (progress, summary, verdict; reports in build/trtc-report/), then print
# the coverage of the error catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup-deps.sh
cmake --preset default >/dev/null
cmake --build build/default --target trtc-harness trtc-refclient
./build/default/harness/cli/trtc-harness gate --strict --locale all --report-dir build/trtc-report
./build/default/harness/cli/trtc-harness coverage
