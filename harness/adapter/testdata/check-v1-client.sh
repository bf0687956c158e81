#!/usr/bin/env bash
# adapter_compat.v1_client: a client written to the first version of docs/adapter.md runs
# unchanged through the gate, and is judged (a broken copy of it fails).
#   check-v1-client.sh <trtc-harness>
set -euo pipefail
harness=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
scenarios=(web-v4/sdk/browser-not-supported web-v4/sdk/no-camera web-v4/common/capture-not-allowed)

"$harness" gate "${scenarios[@]}" --locale en --client "python3 $here/v1_client.py" --report-dir "$out/ok" >"$out/ok.log"
grep -q '"clientBroken"' "$out/ok/report.json" && { echo "the v1 client was reported broken"; exit 1; }
grep -q '3 passed, 0 failed' "$out/ok.log" || { cat "$out/ok.log"; exit 1; }

# The same client with a wrong code must fail: the runs above were judged, not waved through.
sed 's/= 0x1002, 0x1003,/= 0x1002, 0x1005,/' \
  "$here/v1_client.py" >"$out/broken.py"
status=0
"$harness" gate web-v4/sdk/no-camera --locale en --client "python3 $out/broken.py" --report-dir "$out/bad" >"$out/bad.log" || status=$?
[[ $status == 1 ]] || { echo "a v1 client with a wrong code: exit $status, expected 1"; cat "$out/bad.log"; exit 1; }
echo "adapter_compat: the v1 client passes 3 scenarios; a broken copy fails"
