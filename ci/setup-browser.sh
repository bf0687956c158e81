#!/usr/bin/env bash
# Installs what the browser bridge (harness/browser_bridge) needs: Debian's chromium and the
# bridge's pinned npm packages (playwright-core, trtc-js-sdk) from its package-lock.json.
# Idempotent and quiet: when everything is present it prints one line and touches nothing.
# Never downloads a browser build: playwright-core drives /usr/bin/chromium.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bridge="$here/harness/browser_bridge"

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

did=()
status=$(dpkg-query -W -f='${Status}' chromium 2>/dev/null || true)
if [[ "$status" != "install ok installed" || ! -x /usr/bin/chromium ]]; then
  echo "setup-browser: installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  if ! log=$($sudo apt-get update -qq 2>&1 && $sudo apt-get install -y -qq --no-install-recommends chromium 2>&1); then
    echo "$log" >&2
    echo "setup-browser: apt-get install chromium failed" >&2
    exit 1
  fi
  did+=(chromium)
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "setup-browser: npm (Node 20) is missing; install nodejs and npm" >&2
  exit 1
fi

stamp="$bridge/node_modules/.package-lock.json"
if [[ ! -f "$stamp" || "$bridge/package-lock.json" -nt "$stamp" ]]; then
  echo "setup-browser: npm ci in harness/browser_bridge"
  if ! log=$(cd "$bridge" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error 2>&1); then
    echo "$log" >&2
    echo "setup-browser: npm ci failed" >&2
    exit 1
  fi
  did+=(node_modules)
fi

if ((${#did[@]} == 0)); then
  echo "setup-browser: chromium and node_modules present"
else
  echo "setup-browser: done (${did[*]})"
fi
