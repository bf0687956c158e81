#!/usr/bin/env bash
# The main job: set up, build, and run the whole conformance suite against the reference
# client in every locale, then print the coverage of the error catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup-deps.sh
cmake --preset default >/dev/null
cmake --build build/default --target trtc-harness trtc-refclient
./build/default/harness/cli/trtc-harness run --locale all
./build/default/harness/cli/trtc-harness coverage
