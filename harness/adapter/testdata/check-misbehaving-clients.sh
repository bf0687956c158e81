#!/usr/bin/env bash
# adapter_lifetime.<variant>: a client that misbehaves after ready (misbehaving_client.sh)
# never hangs the gate: the gate ends with exit 2 (a broken client) and its report says what
# happened. CTest's TIMEOUT is the guard; nothing here measures time.
#   check-misbehaving-clients.sh <trtc-harness> <variant> <what the report must say>...
set -euo pipefail
harness=$1 variant=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A client that goes silent is only found out when the patience runs out: keep it short. One
# that ends its output, floods or speaks wrongly is found out by what it does, whatever the
# machine's speed: a long patience shows the run does not wait for it.
case $variant in
  hang | stray | reset-silent) patience=500 ;;
  *) patience=60000 ;;
esac
status=0
"$harness" gate web-v4/sdk/no-camera --locale en --patience-ms $patience --client "$here/misbehaving_client.sh $variant" \
  --report-dir "$out" >"$out/gate.log" 2>&1 || status=$?
fail() { echo "$variant: $1"; cat "$out/gate.log"; exit 1; }
[[ $status == 2 ]] || fail "gate exit $status, expected 2 (a broken client)"
[[ -s "$out/report.json" ]] || fail "no report.json"
broken=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][0].get("clientBroken",""))' "$out/report.json")
for says in "$@"; do
  [[ $broken == *"$says"* ]] || fail "report.json clientBroken is '$broken'; expected it to say '$says'"
  grep -qF -- "$says" "$out/gate.log" || fail "the gate's summary does not say '$says'"
done
echo "$variant: gate exit 2; clientBroken: $broken"
