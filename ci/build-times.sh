#!/usr/bin/env bash
# The slowest steps of the last build in a build directory, from ninja's own log: a print
# for people, so that a slow translation unit is seen the day it lands (no timed assertion).
#   bash ci/build-times.sh build/ci          # the ten slowest steps
#   bash ci/build-times.sh build/ci 30       # the thirty slowest
# Only the steps of the most recent build are counted (ninja appends to its log; a step
# that ran again is counted once, with its last time).
set -euo pipefail
build=${1:?usage: build-times.sh BUILD_DIR [COUNT]}
count=${2:-10}
log=$build/.ninja_log
[[ -f "$log" ]] || { echo "build-times: no $log (not a Ninja build, or nothing built yet)" >&2; exit 2; }
python3 - "$log" "$count" <<'PY'
import sys

path, count = sys.argv[1], int(sys.argv[2])
builds = [{}]
previous_end = 0
with open(path) as log:
    for line in log:
        fields = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(fields) < 4:
            continue
        start, end, output = int(fields[0]), int(fields[1]), fields[3]
        # Ninja writes a step when it ends, on a clock that starts again at every build: an
        # end earlier than the one before begins the next build.
        if end < previous_end:
            builds.append({})
        previous_end = end
        builds[-1][output] = (start, end)
steps = builds[-1]
if not steps:
    sys.exit("build-times: the log lists no step")
durations = sorted(((end - start) / 1000.0, output) for output, (start, end) in steps.items())
durations.reverse()
wall = max(end for _, end in steps.values()) / 1000.0
total = sum(seconds for seconds, _ in durations)
print(f"build-times: the last build ran {len(durations)} steps, {total:.0f} s summed, {wall:.0f} s wall")
for seconds, output in durations[:count]:
    print(f"  {seconds:7.1f} s  {output}")
PY
