#!/usr/bin/env bash
# Proves the installed package as a client team uses it: installs the build in $1 to a
# scratch prefix, builds examples/in-process-client/ against it (outside the main build),
# and runs its test: the whole scenario suite in-process, in every locale.
#   bash ci/check-install.sh build/default
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: check-install.sh BUILD_DIR}" && pwd)
scratch=$build/install-check
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cmake -S "$root/examples/in-process-client" -B "$scratch/example" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/example" >/dev/null
ctest --test-dir "$scratch/example" --output-on-failure
echo "check-install: the example built against the installed package and passed"
