#!/usr/bin/env bash
# The vendor suite: every web-v4 scenario against the vendor's own Web SDK (npm trtc-js-sdk
# 4.15.22, unmodified) in headless Chromium, through the browser bridge, judged with the
# SDK's known-failures file, after the media check (the SDK publishes through the WebRTC
# endpoint and a second browser decodes it). Writes build/vendor-report/ (report.json, junit.xml,
# report.html, standing.md) and checks that docs/vendor/trtc-js-sdk-4.15.22.md is what this
# run says. Then the mutation check: two deliberately broken bridges must fail the gate.
#
#   bash ci/vendor-sdk.sh                      # the whole job (CI runs this)
#   bash ci/vendor-sdk.sh --publish            # also rewrite docs/vendor/trtc-js-sdk-4.15.22.md
#   bash ci/vendor-sdk.sh --publish --fix      # and write each known failure's signature (docs/gating.md)
#   TRTC_VENDOR_KNOWN_FAILURES=/dev/null bash ci/vendor-sdk.sh   # no known failures: exit 1, every departure named
#   TRTC_BRIDGE_ARGS="--sdk ../my-build/trtc.js" bash ci/vendor-sdk.sh  # your own SDK build (README)
#
# Exit: 0 the SDK stands where its known-failures file says (each listed run failing as its
# line's signature says); 1 a new or changed departure, a known failure now passing, a stale
# published report, or a broken bridge that passed; 2 usage or a broken client (the gate's
# own codes).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=${TRTC_BUILD_DIR:-build/default}
known=${TRTC_VENDOR_KNOWN_FAILURES:-fixtures/vendor/trtc-js-sdk-4.15.22.known-failures}
report=${TRTC_VENDOR_REPORT_DIR:-build/vendor-report}
published=docs/vendor/trtc-js-sdk-4.15.22.md
bridge="node harness/browser_bridge/bridge.mjs${TRTC_BRIDGE_ARGS:+ $TRTC_BRIDGE_ARGS}"
publish=0
fix=()
for arg in "$@"; do
  case $arg in
    --publish) publish=1 ;;
    --fix) fix=(--fix-known-failures) ;;
    *) echo "vendor-sdk.sh: unknown argument $arg (--publish, --fix)" >&2; exit 2 ;;
  esac
done

started=$SECONDS
bash ci/setup-deps.sh
bash ci/setup-browser.sh
if [[ ! -x "$build/harness/cli/trtc-harness" ]]; then  # as ci/gate.sh builds it, into $build
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" --target trtc-harness
fi
harness="$build/harness/cli/trtc-harness"
echo "vendor-sdk: set up in $((SECONDS - started)) s"

# The bridge's own checks first: clock control, no user activation without a gesture, the
# SDK's behaviours it relies on, against a mock of its own (fails loudly if a Chromium or
# playwright-core upgrade breaks them).
node harness/browser_bridge/selftest.mjs
echo "vendor-sdk: bridge self-test passed at $((SECONDS - started)) s"

# The media plane end to end: alice publishes a fake camera and microphone through the
# WebRTC endpoint, bob (a second browser context) subscribes and decodes it.
mkdir -p "$report"
if ! node harness/browser_bridge/media-check.mjs --harness "$harness" >"$report/media-check.json"; then
  echo "vendor-sdk: the media check failed: $(cat "$report/media-check.json")" >&2
  exit 1
fi
echo "vendor-sdk: media check passed at $((SECONDS - started)) s: $(cat "$report/media-check.json")"

# The suite. The SDK's messages are its own (English): one locale is enough.
status=0
"$harness" gate 'web-v4/*' --locale en --jobs 1 --client "$bridge" --known-failures "$known" --report-dir "$report" \
  "${fix[@]}" ||
  status=$?
if ((status > 1)); then exit "$status"; fi
"$harness" report-standing "$report/report.json" --title "trtc-js-sdk 4.15.22" --out "$report/standing.md"
echo "vendor-sdk: suite done at $((SECONDS - started)) s; standing in $report/standing.md"

if ((publish)); then
  mkdir -p "$(dirname "$published")"
  cp "$report/standing.md" "$published"
  echo "vendor-sdk: wrote $published"
elif [[ "$known" == fixtures/vendor/* && -z "${TRTC_BRIDGE_ARGS:-}" ]] && ! diff -u "$published" "$report/standing.md"; then
  echo "vendor-sdk: $published is not what this run found (above); run: bash ci/vendor-sdk.sh --publish" >&2
  status=1
fi

# The mutation check: a bridge that loses what the SDK surfaced must not pass.
for breakage in drop-extra-code swallow-join-errors; do
  broken=0
  "$harness" gate web-v4/account/expired-usersig web-v4/join/arrears web-v4/join/service-disabled --locale en --jobs 1 \
    --client "$bridge --break $breakage" --known-failures "$known" --report-dir "$report/broken-$breakage" \
    >"$report/broken-$breakage.txt" 2>&1 || broken=$?
  # It must fail for what it broke: the errors it reports (documented-error, result-agrees).
  if ((broken != 1)) || ! grep -Eq '\[required (documented-error|result-agrees)\]' "$report/broken-$breakage.txt"; then
    echo "vendor-sdk: the bridge broken by --break $breakage got gate exit $broken, not 1 for its errors (see $report/broken-$breakage.txt)" >&2
    status=1
  else
    echo "vendor-sdk: the bridge broken by --break $breakage fails the gate, as it must"
  fi
done
echo "vendor-sdk: done in $((SECONDS - started)) s, exit $status"
exit "$status"
