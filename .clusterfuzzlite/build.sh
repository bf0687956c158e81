#!/bin/bash -eu
# Builds every fuzz target for ClusterFuzzLite / OSS-Fuzz and puts in $OUT, per target:
# the binary, its .options, its .dict and a seed corpus zip (corpus + regressions).
# Outside Docker it needs only CC, CXX, CFLAGS, CXXFLAGS, LIB_FUZZING_ENGINE and OUT
# (ci/clusterfuzzlite-build.sh runs it that way with the local clang); SRC and WORK are
# optional there.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ -f "$root/CMakeLists.txt" ]] || root=$(cd "$root/.." && pwd)   # in the repo: .clusterfuzzlite/..
[[ -f "$root/CMakeLists.txt" ]] || root=$SRC/trtc-conformance     # in the image: $SRC/build.sh
build=${WORK:-$OUT/..}/trtc-build

targets=()
for source in "$root"/fuzz/*_fuzzer.cc; do targets+=("$(basename "$source" .cc)"); done

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRTC_BUILD_TESTS=OFF -DTRTC_FUZZ=ON \
  -DTRTC_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target "${targets[@]}"

mkdir -p "$OUT"
for target in "${targets[@]}"; do
  name=${target%_fuzzer}
  cp "$build/fuzz/$target" "$OUT/"
  [[ -f "$root/fuzz/$target.options" ]] && cp "$root/fuzz/$target.options" "$OUT/"
  [[ -f "$root/fuzz/dicts/$name.dict" ]] && cp "$root/fuzz/dicts/$name.dict" "$OUT/$target.dict"
  # python3's zipfile: zip(1) is not on every machine. Hidden files (.keep) stay out.
  (cd "$root/fuzz" && python3 - "$OUT/${target}_seed_corpus.zip" "corpus/$name" "regressions/$name" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as archive:
    for folder in sys.argv[2:]:
        for base, _, files in os.walk(folder):
            for file in sorted(f for f in files if not f.startswith(".")):
                path = os.path.join(base, file)
                archive.write(path, path.replace(os.sep, "_"))
PY
  )
done
echo "build.sh: ${#targets[@]} fuzz targets in $OUT"
