#!/usr/bin/env bash
# adapter_lifetime.interrupted_gate: a gate stopped by SIGTERM (a CI job's timeout, Ctrl-C
# sends SIGINT alike) takes its client with it, although the client runs in a process group
# of its own. No sleeps: the client says its pid through a FIFO, and `tail --pid` waits for
# it to end (CTest's TIMEOUT fails the test if it never does).
#   check-interrupted-gate.sh <trtc-harness>
set -euo pipefail
harness=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkfifo "$out/ready"
MISBEHAVING_CLIENT_FIFO=$out/ready "$harness" gate web-v4/sdk/no-camera --locale en --patience-ms 60000 \
  --client "$here/misbehaving_client.sh hang" --report-dir "$out/report" >"$out/gate.log" 2>&1 &
gate=$!
read -r client <"$out/ready"
kill -TERM "$gate"
status=0
wait "$gate" || status=$?
((status == 128 + 15)) || { echo "gate exit $status, expected death by SIGTERM (143)"; cat "$out/gate.log"; exit 1; }
tail --pid="$client" -f /dev/null
echo "interrupted gate: client $client ended with it"
