#!/usr/bin/env bash
# Issue 12 item 6: what Npgsql.NetTopologySuite's geometry writer costs on the import path against the hand-written
# EWKB writer, on whole imports: `spatialhub import` of the import benchmark's synthetic file (benchtool import-data)
# with SPATIALHUB_GEOMETRY_WRITER=plugin and without, alternating against the same embedded PostGIS, quality checks
# off so that only the writer differs. Medians of REPS; wall-clock and the import process's CPU (user + system).
# Rewrites the "Import geometry writer" section of docs/benchmarks.md (<!-- import-geometry:start/end -->).
#
# Usage: scripts/bench-import-geometry.sh   ROWS=1500000  REPS=3  SPATIALHUB_BIN=PATH (an already built spatialhub)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh

rows="${ROWS:-1500000}"
reps="${REPS:-3}"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
work="$root/BenchmarkDotNet.Artifacts/import-geometry"   # git-ignored
rm -rf "$work" && mkdir -p "$work"
spatialhub="${SPATIALHUB_BIN:?SPATIALHUB_BIN: a built spatialhub}"
data="$work/data"
serve_empty "$spatialhub" --Logging:LogLevel:Default=Warning

file="$work/synthetic-hk1980.csv"
benchtool import-data "$rows" "$file"
for _ in $(seq 1 "$reps"); do
  for writer in ewkb plugin; do
    /usr/bin/time -a -f "%e %U %S" -o "$work/$writer" env SPATIALHUB_GEOMETRY_WRITER="$writer" SpatialHub__Quality__Enabled=false \
      "$spatialhub" import "$file" --dataset "geometry-$writer" --data-dir "$data" > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
  done
done

wall() { cut -d' ' -f1 "$work/$1" | median; }
cpu() { awk '{ print $2 + $3 }' "$work/$1" | median; }
table="$(awk -v ew="$(wall ewkb)" -v pw="$(wall plugin)" -v ec="$(cpu ewkb)" -v pc="$(cpu plugin)" 'BEGIN {
  printf "| EWKB writer (hand-written) | %.2f s | %.1f s |\n", ew, ec
  printf "| Npgsql.NetTopologySuite | %.2f s | %.1f s |\n", pw, pc
  printf "| **plugin ÷ EWKB** | **%+.1f %%** | **%+.1f %%** |\n", (pw / ew - 1) * 100, (pc / ec - 1) * 100 }')"
section="$(cat <<MD
## Import geometry writer

\`scripts/bench-import-geometry.sh\` (ROWS=$rows, REPS=$reps) on $(machine_line). \`spatialhub import\` of the import
benchmark's synthetic HK1980 file, end to end, with geometries written by the hand-written EWKB writer and by
Npgsql.NetTopologySuite (\`SPATIALHUB_GEOMETRY_WRITER=plugin\`, a benchmark switch), alternating against the same
embedded PostGIS with the quality checks off; medians. Issue 12 keeps the EWKB writer only if the plugin costs more
than 10 %. Load average at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg).

| geometry writer | import (wall-clock) | import process CPU |
| --- | ---: | ---: |
$table
MD
)"
replace_section import-geometry docs/benchmarks.md "$section"
sed -n '/import-geometry:start/,/import-geometry:end/p' docs/benchmarks.md
