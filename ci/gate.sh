#!/usr/bin/env bash
# What a client team's pipeline calls: builds trtc-harness if needed, then gates the client.
#   bash ci/gate.sh --client "./my-client --adapter" [--known-failures known.txt] [--shard 2/3] …
# Every argument goes to `trtc-harness gate` (docs/gating.md). Exit code: the gate's own,
# 0 pass, 1 a new failure (or a known failure failing otherwise or now passing), 2 bad usage or a broken client.
# Reports: $TRTC_REPORT_DIR (default trtc-report/): junit.xml, report.html, report.json.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${TRTC_BUILD_DIR:-$here/build/default}

if [[ ! -x "$build/harness/cli/trtc-harness" || "${TRTC_REBUILD:-}" == "1" ]]; then
  bash "$here/ci/setup-deps.sh" >&2
  if ! log=$(cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo 2>&1); then
    echo "$log" >&2
    exit 2
  fi
  cmake --build "$build" --target trtc-harness trtc-refclient >&2
fi
exec "$build/harness/cli/trtc-harness" gate --report-dir "${TRTC_REPORT_DIR:-trtc-report}" "$@"
