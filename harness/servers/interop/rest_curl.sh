#!/usr/bin/env bash
# The REST server driven by curl, as a backend following the vendor's REST documentation
# would call it: POST /v4/room_engine_http_srv/<command>?sdkappid&identifier&usersig&random&contenttype=json
# Usage: rest_curl.sh <path to trtc-harness>
set -euo pipefail
harness=$1
# The server clock is frozen (--clock-rate 0), so "within a second" does not depend on how
# fast this machine runs the calls; the script moves it through the control API.
coproc SERVE { exec "$harness" serve --json --no-tls --clock-rate 0 2>/dev/null; }
serve_pid=$SERVE_PID
trap 'kill -TERM "$serve_pid" 2>/dev/null || true' EXIT
read -r -t 20 ready <&"${SERVE[0]}"  # blocks until serve prints its ready line
field() { python3 -c "import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2]))" "$ready" "$1"; }
rest=$(field '[s["url"] for s in r["servers"] if s["name"]=="rest"][0]')
app=$(field 'r["apps"][0]["sdkAppId"]')
key=$(field 'r["apps"][0]["secretKey"]')
admin=$(field 'r["apps"][0]["admin"]')
control=$(field '[s["url"] for s in r["servers"] if s["name"]=="control"][0]')
rest_origin=$(field '[s["url"] for s in r["servers"] if s["name"]=="rest"][0].split("/v4/")[0]')
sig=$("$harness" usersig gen --sdkappid "$app" --user "$admin" --key "$key")

fails=0
advance_clock() {  # advance_clock <ms>
  curl -sS -X POST -H 'Content-Type: application/json' --data "{\"advanceMs\":$1}" "$control/clock" >/dev/null
}
expect() {  # expect <name> <expected ErrorCode> <command> <body> [query override] [through this HTTP proxy]
  local name=$1 code=$2 command=$3 body=$4 query=${5-"sdkappid=$app&identifier=$admin&usersig=$sig&random=$RANDOM&contenttype=json"}
  local proxy=${6:-}
  local via=() url="$rest$command?$query"
  # Through a proxy, curl sends the absolute form: POST http://rest.example/v4/…?… HTTP/1.1
  [[ -n $proxy ]] && via=(--proxy "$proxy") url="http://rest.example/v4/room_engine_http_srv/$command?$query"
  local answer
  answer=$(curl -sS -X POST -H 'Content-Type: application/json' --data "$body" "${via[@]}" "$url")
  local got
  got=$(python3 -c 'import json,sys; a=json.loads(sys.argv[1]); print(a["ErrorCode"], a["ActionStatus"], "ErrorInfo" in a)' "$answer")
  local status=OK; [[ $code != 0 ]] && status=FAIL
  if [[ $got != "$code $status True" ]]; then
    echo "FAIL $name: expected ErrorCode $code ($status), got: $answer" >&2
    fails=$((fails + 1))
  fi
}

expect create_room 0 create_room '{"RoomInfo":{"RoomId":"curl-room","RoomName":"curl","RoomType":"Conference","Owner_Account":"owner","MaxMemberCount":50,"IsSeatEnabled":true,"MaxSeatCount":8,"TakeSeatMode":"ApplyToTake"}}'
expect get_room_info 0 get_room_info '{"RoomId":"curl-room"}'
expect same-id-within-a-second 100012 create_room '{"RoomInfo":{"RoomId":"curl-room","Owner_Account":"owner"}}'
advance_clock 1000
expect same-id-a-second-later 100010 create_room '{"RoomInfo":{"RoomId":"curl-room","Owner_Account":"owner"}}'
expect bad-json 60003 get_room_info '{"RoomId":'
expect owner-not-a-string 60015 create_room '{"RoomInfo":{"RoomId":"r2","Owner_Account":42}}'
expect unknown-command 60009 make_coffee '{}'
expect no-sdkappid 60012 get_room_info '{}' "identifier=$admin&usersig=$sig&random=1&contenttype=json"
expect forged-usersig 60004 get_room_info '{}' "sdkappid=$app&identifier=$admin&usersig=forged&random=1&contenttype=json"
expect no-query 60002 get_room_info '{}' ""
expect through-a-proxy 0 get_room_info '{"RoomId":"curl-room"}' "sdkappid=$app&identifier=$admin&usersig=$sig&random=7&contenttype=json" "$rest_origin"
expect destroy_room 0 destroy_room '{"RoomId":"curl-room"}'
expect destroyed 100002 get_room_info '{"RoomId":"curl-room"}'

kill -TERM "$serve_pid"
wait "$serve_pid" || { echo "FAIL: serve did not stop cleanly" >&2; fails=$((fails + 1)); }
[[ $fails == 0 ]] && echo "ok: curl drove the REST API (13 calls)"
exit "$fails"
