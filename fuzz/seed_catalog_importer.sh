#!/usr/bin/env bash
# Rebuilds fuzz/corpus/catalog_importer from the fixtures. The first byte of each input
# selects what the fuzz target parses (see catalog_importer_fuzzer.cc):
#   0-3 web-v4 markdown (en, zh, ja, ko), 4 RoomEngine text, 5 curation, 6 catalog JSON, 7 cell text.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/fuzz/corpus/catalog_importer"
docs="$root/fixtures/docs"
rm -rf "$out" && mkdir -p "$out"
seed() { { printf "\\x$(printf %02x "$1")"; cat; } > "$out/$2"; }
i=0
for locale in en zh ja ko; do seed $i "web-$locale" < "$docs/web-sdk-v4-errors.$locale.md"; i=$((i + 1)); done
seed 4 roomengine < "$docs/roomengine-errors.en.txt"
seed 5 curation < "$root/fixtures/catalog/curation.json"
head -c 4000 "$root/fixtures/catalog/error-catalog.json" | seed 6 catalog-head
grep -m1 'INVALID_OPERATION' "$docs/web-sdk-v4-errors.ko.md" | seed 7 cell-br
grep -m1 'NOT_SUPPORTED ' "$docs/web-sdk-v4-errors.zh.md" | seed 7 cell-list-link
echo "seeded $(ls "$out" | wc -l) inputs into $out"
