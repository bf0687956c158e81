#!/usr/bin/env bash
# Installs every build and test dependency of trtc-conformance from Debian packages.
# Idempotent and quiet: when everything is already installed it prints one line and
# touches nothing (no apt-get update, no network).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libssl-dev zlib1g-dev libgtest-dev libgmock-dev
  libsrtp2-dev                 # the WebRTC endpoint: SRTP for forwarded media
  clang libclang-rt-dev        # fuzz preset: clang++ with libFuzzer and sanitizers
  python3 python3-websockets curl  # interop tests: clients written from the docs alone
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Quiet on success; everything apt said when it fails.
if ! log=$($sudo apt-get update -qq 2>&1 && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" 2>&1); then
  echo "$log" >&2
  echo "setup-deps: apt-get failed" >&2
  exit 1
fi
echo "setup-deps: done"
