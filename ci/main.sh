#!/usr/bin/env bash
# Sets up dependencies, builds trtc-harness and runs the main job. For now the main job
# prints the error-catalog summary; it will run the whole conformance suite against the
# reference client once the scenarios exist.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/setup-deps.sh
if ! log=$(cmake --preset default 2>&1); then
  echo "$log"
  exit 1
fi
cmake --build --preset default --target trtc-harness
./build/default/harness/cli/trtc-harness catalog summary
