#!/usr/bin/env bash
# The REST API side by side with WireMock (BENCHMARKS.md, "REST API"): wrk posts
# get_room_info with a valid admin userSig to `trtc-harness serve` (the signature checked,
# the room looked up, the rate limits taken) and to WireMock answering the same request
# with serve's own answer as a canned stub. Rounds interleave the two after a warm-up, so a
# machine that slows part way slows both; it prints requests/s, latency and the server's
# CPU per request for each round, then the per-round ratio serve/WireMock.
#   bash ci/bench-rest.sh [--build DIR] [--rounds N] [--seconds S] [--connections C] [--warmup S]
# Needs: wrk (apt-get install wrk), Java 17+, and the comparator:
#   npm ci --prefix harness/loadgen/rest_mock
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/default rounds=5 seconds=10 connections=32 warmup=20
while (($#)); do
  case $1 in
    --build) build=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "bench-rest: unknown argument '$1' (see --help)" >&2
      exit 2
      ;;
  esac
done

harness=$build/harness/cli/trtc-harness
jar=$(ls harness/loadgen/rest_mock/node_modules/wiremock/build/wiremock-standalone-*.jar 2>/dev/null | head -1 || true)
for need in "$harness:build it: cmake --build $build --target trtc-harness" \
  "${jar:-/nonexistent}:install the comparator: npm ci --prefix harness/loadgen/rest_mock"; do
  [[ -e ${need%%:*} ]] || {
    echo "bench-rest: ${need#*:}" >&2
    exit 2
  }
done
command -v wrk >/dev/null || {
  echo "bench-rest: wrk is missing: apt-get install wrk" >&2
  exit 2
}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

sdkappid=1400000001
key=$(printf 'bench-rest-secret-%s' "$RANDOM$RANDOM")
# No rate limit in the way: the benchmark measures the work of a call, not the refusals.
cat >"$work/config.json" <<EOF
{"apps":[{"sdkAppId":$sdkappid,"secretKey":"$key"}],
 "limits":{"restPerAppPerSecond":1000000000,"restPerCommandPerSecond":1000000000}}
EOF

# Starts a server in the background (its pid last in `pids`).
start() {
  local log=$1
  shift
  : >"$log"
  "$@" >"$log" 2>&1 &
  pids+=($!)
}

# Waits (30 s at most) for a line matching `pattern` in a server's log; prints the line.
ready_line() {
  local log=$1 pattern=$2 pid=$3 line
  for _ in $(seq 300); do
    if line=$(grep -m1 -E "$pattern" "$log"); then
      echo "$line"
      return
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench-rest: the server logging to $log did not start; its output:" >&2
  cat "$log" >&2
  exit 2
}

start "$work/serve.log" "$harness" serve --json --no-tls --no-webrtc --config "$work/config.json"
serve_pid=${pids[-1]}
ready=$(ready_line "$work/serve.log" '^\{' "$serve_pid")
serve_port=$(echo "$ready" | grep -o '"name":"rest","port":[0-9]*' | grep -o '[0-9]*$' || true)
[[ -n $serve_port ]] || {
  echo "bench-rest: no rest port in serve's ready line: $ready" >&2
  exit 2
}
admin=$(echo "$ready" | grep -o '"admin":"[^"]*"' | head -1 | cut -d'"' -f4)
sig=$("$harness" usersig gen --sdkappid $sdkappid --user "$admin" --key "$key" --expire 86400)
query="sdkappid=$sdkappid&identifier=$admin&usersig=$sig&random=1&contenttype=json"
prefix=/v4/room_engine_http_srv
created=$(curl -s -X POST "http://127.0.0.1:$serve_port$prefix/create_room?$query" \
  -d '{"RoomInfo":{"RoomId":"bench-room","Owner_Account":"owner"}}' || true)
[[ $created == *'"ErrorCode":0'* ]] || {
  echo "bench-rest: serve did not create the room: $created" >&2
  exit 2
}
answer=$(curl -s -X POST "http://127.0.0.1:$serve_port$prefix/get_room_info?$query" -d '{"RoomId":"bench-room"}' || true)
[[ $answer == *'"ErrorCode":0'* ]] || {
  echo "bench-rest: serve did not answer get_room_info: $answer" >&2
  exit 2
}

# WireMock as its users run it for a load test: no request journal, no request logging; the
# stub matches method, path and two query parameters (not the body: cheaper for WireMock).
start "$work/wiremock.log" java -jar "$jar" --port 0 --no-request-journal --disable-request-logging \
  --disable-banner
wiremock_pid=${pids[-1]}
ready=$(ready_line "$work/wiremock.log" '^port: ' "$wiremock_pid")
wiremock_port=${ready##* }
stub=$(
  cat <<EOF
{"request":{"method":"POST","urlPath":"$prefix/get_room_info",
            "queryParameters":{"sdkappid":{"equalTo":"$sdkappid"},"identifier":{"equalTo":"$admin"}}},
 "response":{"status":200,"headers":{"Content-Type":"application/json"},"body":$(printf '%s' "$answer" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')}}
EOF
)
curl -sf -X POST "http://127.0.0.1:$wiremock_port/__admin/mappings" -d "$stub" >/dev/null
check=$(curl -sf -X POST "http://127.0.0.1:$wiremock_port$prefix/get_room_info?$query" -d '{"RoomId":"bench-room"}')
[[ $check == "$answer" ]] || {
  echo "bench-rest: WireMock's answer differs from serve's: $check" >&2
  exit 2
}

cat >"$work/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '{"RoomId":"bench-room"}'
wrk.headers["Content-Type"] = "application/json"
EOF

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# One wrk round against a port: "requests/s p50 p99 cpu_us_per_request".
round() {
  local port=$1 pid=$2 duration=$3 before after out
  before=$(cpu_ticks "$pid")
  out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" \
    "http://127.0.0.1:$port$prefix/get_room_info?$query")
  after=$(cpu_ticks "$pid")
  local rps requests non2xx
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  if [[ -n $non2xx ]] || echo "$out" | grep -q 'Socket errors'; then
    echo "bench-rest: errors in a round on port $port:" >&2
    echo "$out" >&2
    exit 2
  fi
  local p50 p99
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  local cpu_us
  cpu_us=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
  echo "$rps $p50 $p99 $cpu_us"
}

echo "warm-up: $warmup s each (the JVM compiles its hot paths)" >&2
round "$serve_port" "$serve_pid" "$warmup" >/dev/null
round "$wiremock_port" "$wiremock_pid" "$warmup" >/dev/null

printf '| round | serve req/s | p50 / p99 | CPU/req | WireMock req/s | p50 / p99 | CPU/req | serve / WireMock |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
ratios=()
for ((r = 1; r <= rounds; r++)); do
  # A round's errors end the script with 2 (round runs in this shell, not a subshell).
  round "$serve_port" "$serve_pid" "$seconds" >"$work/serve-round"
  round "$wiremock_port" "$wiremock_pid" "$seconds" >"$work/wiremock-round"
  read -r s_rps s_p50 s_p99 s_cpu <"$work/serve-round"
  read -r w_rps w_p50 w_p99 w_cpu <"$work/wiremock-round"
  ratio=$(awk -v a="$s_rps" -v b="$w_rps" 'BEGIN {printf "%.2f", a / b}')
  ratios+=("$ratio")
  printf '| %d | %.0f | %s / %s | %s us | %.0f | %s / %s | %s us | %sx |\n' "$r" "$s_rps" "$s_p50" "$s_p99" \
    "$s_cpu" "$w_rps" "$w_p50" "$w_p99" "$w_cpu" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
printf '\nserve / WireMock, median of %d rounds: %sx (range %s-%s)\n' "$rounds" "$median" \
  "$(printf '%s\n' "${ratios[@]}" | sort -n | head -1)" "$(printf '%s\n' "${ratios[@]}" | sort -n | tail -1)"
