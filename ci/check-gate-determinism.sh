#!/usr/bin/env bash
# The gate's report does not depend on parallelism or order (issue 15): one serial gate,
# then REPEATS parallel gates each starting its runs in an order shuffled by another seed;
# every report.json must equal the serial one but for wall times.
# The reports stay in the temporary directory it names when they differ.
#   bash ci/check-gate-determinism.sh [build dir] [repeats] [jobs]     # build/default, 20, 4
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
repeats=${2:-20}
jobs=${3:-4}
harness=$build/harness/cli/trtc-harness
out=$(mktemp -d)
trap 'status=$?; if ((status == 0)); then rm -rf "$out"; else echo "reports kept in $out" >&2; fi' EXIT
"$harness" gate --jobs 1 --report-dir "$out/serial" >"$out/serial.log" 2>&1 || {
  cat "$out/serial.log"
  exit 1
}
for ((seed = 1; seed <= repeats; seed++)); do
  "$harness" gate --jobs "$jobs" --shuffle "$seed" --report-dir "$out/shuffled-$seed" >"$out/shuffled-$seed.log" 2>&1 || {
    cat "$out/shuffled-$seed.log"
    exit 1
  }
done
python3 - "$out/serial/report.json" "$out"/shuffled-*/report.json <<'PY'
import json, sys

def without_wall_times(path):
    report = json.load(open(path))
    report.pop("wallSeconds", None)
    for case in report["cases"]:
        case.pop("wallMs", None)
    return report

serial = without_wall_times(sys.argv[1])
differing = 0
for path in sys.argv[2:]:
    shuffled = without_wall_times(path)
    if shuffled == serial:
        continue
    differing += 1
    for key in sorted(set(serial) | set(shuffled)):
        if key != "cases" and serial.get(key) != shuffled.get(key):
            print(f"{path}: {key} differs from the serial run")
    if len(serial["cases"]) != len(shuffled["cases"]):
        print(f"{path}: {len(shuffled['cases'])} runs, the serial report has {len(serial['cases'])}")
    for a, b in zip(serial["cases"], shuffled["cases"]):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                print(f"{path}: {a['id']} ({a['locale']}): {key} differs from the serial run")
print(f"{len(sys.argv) - 2} shuffled parallel gates: {differing} differ from the serial report "
      f"({len(serial['cases'])} runs each)")
sys.exit(1 if differing else 0)
PY
