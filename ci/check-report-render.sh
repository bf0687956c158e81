#!/usr/bin/env bash
# Renders a failing gate's report.html in headless Chromium, as a person opening it from
# disk would: the rendered DOM must hold the matrix with a failed cell linking to a failure
# section, and the screenshot must not be a blank page (a blank 1200x900 PNG is ~5 KB, the
# rendered report well over 50 KB). Exits 77 (CTest: skipped) when Chromium is not installed
# (apt-get install chromium); ci/setup-deps.sh does not install it, to keep CI light.
#   bash ci/check-report-render.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: check-report-render.sh BUILD_DIR}" && pwd)
chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$chromium" ]] || { echo "check-report-render: no chromium; skipped"; exit 77; }
work=$build/report-render
rm -rf "$work" && mkdir -p "$work"
set +e
"$build/harness/cli/trtc-harness" gate 'web-v4/join/*' --locale en --report-dir "$work/report" \
  --client "$build/harness/adapter/trtc-refclient --broken wrong-code" >"$work/gate.log" 2>&1
code=$?
set -e
((code == 1)) || { echo "check-report-render: the gate exited $code, expected 1" >&2; cat "$work/gate.log" >&2; exit 1; }
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile" --window-size=1200,900)
page="file://$work/report/report.html"
timeout 120 "$chromium" "${flags[@]}" --dump-dom "$page" >"$work/dom.html" 2>/dev/null
timeout 120 "$chromium" "${flags[@]}" --screenshot="$work/shot.png" "$page" >/dev/null 2>&1
fail() { echo "check-report-render: $1 ($work)" >&2; exit 1; }
grep -q '<td class="cell failed"' "$work/dom.html" || fail "no failed cell in the rendered matrix"
link=$(grep -o 'href="#case-[^"]*"' "$work/dom.html" | head -1 | sed 's/href="#\(.*\)"/\1/')
[[ -n "$link" ]] || fail "no failed cell links to a scenario"
grep -q "<section id=\"$link\"" "$work/dom.html" || fail "the link #$link has no target"
size=$(stat -c %s "$work/shot.png" 2>/dev/null || echo 0)
((size > 50000)) || fail "the screenshot is $size bytes: a blank or unstyled page"
echo "check-report-render: report.html rendered ($size-byte screenshot), matrix links to #$link"
