#!/usr/bin/env bash
# Exercises ci/gate.sh as a client team's pipeline would, with the harness built in $1:
# the reference client passes (0), with its application at --strict too, a deliberately
# broken client is rejected (1), so is every client that misbehaves on the wire, naming the
# behaviour, a client that cannot start is a broken client (2), and three shards merged
# give the verdict and counts of the unsharded run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: check-gate.sh BUILD_DIR}" && pwd)
export TRTC_BUILD_DIR=$build CI=true
refclient=$build/harness/adapter/trtc-refclient
work=$build/gate-check
rm -rf "$work" && mkdir -p "$work"
cd "$work"

expect() {  # expect CODE NAME -- command…
  local want=$1 name=$2
  shift 3
  set +e
  "$@" >"$name.log" 2>&1
  local got=$?
  set -e
  if ((got != want)); then
    echo "check-gate: $name exited $got, expected $want:" >&2
    tail -20 "$name.log" >&2
    exit 1
  fi
  echo "check-gate: $name: exit $got as expected ($(grep -m1 'run(s):' "$name.log" || tail -1 "$name.log"))"
}

gate=("$root/ci/gate.sh")
expect 0 reference -- env TRTC_REPORT_DIR=reference "${gate[@]}" --client "$refclient"
expect 0 application-strict -- env TRTC_REPORT_DIR=application "${gate[@]}" --strict --client "$refclient --application"
expect 1 broken-client -- env TRTC_REPORT_DIR=broken "${gate[@]}" --client "$refclient --broken wrong-code"

# Clients that surface the right codes but misbehave on the wire (docs/handling.md): each
# fails the gate, and the summary names the behaviour.
behaviour() {  # behaviour VARIANT EXIT RULE [gate flags…]
  local variant=$1 want=$2 rule=$3
  shift 3
  expect "$want" "$variant$*" -- env TRTC_REPORT_DIR="$variant" "${gate[@]}" --locale en "$@" \
    --client "$refclient --broken $variant"
  if ((want == 1)) && ! grep -q "\[[a-z]* $rule\]" "$variant$*.log"; then
    echo "check-gate: the $variant gate does not name $rule" >&2
    exit 1
  fi
}
behaviour retry-storm 1 no-automatic-repeat
behaviour reconnect-at-once 1 reconnection-windows
behaviour retry-before-retry-after 1 retry-after
behaviour result-code-zero 1 result-agrees
behaviour early-join-timeout 1 join-timeout
behaviour rejoin-with-rejected-token 1 fresh-token
behaviour no-rejoin-when-online 0 rejoin-when-online  # recommended: only --strict fails on it
behaviour no-rejoin-when-online 1 rejoin-when-online --strict
expect 2 client-not-found -- env TRTC_REPORT_DIR=missing "${gate[@]}" --client "$work/no-such-client"
for i in 1 2 3; do
  expect 1 "shard-$i" -- env TRTC_REPORT_DIR="shard-$i" "${gate[@]}" --client "$refclient --broken wrong-extra-code" \
    --shard "$i/3"
done
expect 1 unsharded -- env TRTC_REPORT_DIR=unsharded "${gate[@]}" --client "$refclient --broken wrong-extra-code"
expect 1 merged -- "$build/harness/cli/trtc-harness" report-merge --report-dir merged shard-{1,2,3}/report.json
counts() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["counts"], r["verdict"])' "$1"; }
if [[ "$(counts merged/report.json)" != "$(counts unsharded/report.json)" ]]; then
  echo "check-gate: merged shards $(counts merged/report.json) differ from one run $(counts unsharded/report.json)" >&2
  exit 1
fi
for file in junit.xml report.html report.json; do
  [[ -s broken/$file ]] || { echo "check-gate: broken/$file was not written" >&2; exit 1; }
done
echo "check-gate: merged shards match the unsharded run: $(counts merged/report.json)"
