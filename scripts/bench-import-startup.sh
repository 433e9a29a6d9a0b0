#!/usr/bin/env bash
# Fixed cost of a small import: `spatialhub import` of the 5,430-row Wi-Fi.HK file against ogr2ogr loading the same
# file into the same PostGIS, for two builds of spatialhub (BEFORE_BIN and AFTER_BIN, e.g. main and this branch,
# both published with ReadyToRun) and runtime settings tried on the after build, all alternating in one run. Also
# splits the time: `--version` (runtime start and command-line parsing only), `connection-info` (plus configuration,
# host, cluster check, database open and migration check), `import` (plus the import itself).
# Rewrites the "Import start-up" section of docs/benchmarks.md (<!-- import-startup:start/end -->).
#
# Usage: BEFORE_BIN=/path/spatialhub AFTER_BIN=/path/spatialhub scripts/bench-import-startup.sh   REPS=7
#   VARIANTS="DOTNET_TieredPGO=0 DOTNET_gcServer=0 DOTNET_TieredCompilation=0" (each run on the after build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
before="${BEFORE_BIN:?BEFORE_BIN: a published spatialhub to compare against}"
after="${AFTER_BIN:?AFTER_BIN: the published spatialhub under test}"
reps="${REPS:-7}"
variants="${VARIANTS:-DOTNET_TieredPGO=0 DOTNET_gcServer=0 DOTNET_TieredCompilation=0}"
work="$root/BenchmarkDotNet.Artifacts/import-startup"   # git-ignored
rm -rf "$work" && mkdir -p "$work"
data="$work/data"
wifi="$root/data-samples/wifi-hk-fixed-locations-2023.csv"

serve_empty "$after" --Logging:LogLevel:Default=Warning
conninfo="$("$after" connection-info --data-dir "$data")"

# timed NAME COMMAND...: appends the wall-clock seconds to $work/NAME.
timed() { local name=$1; shift; /usr/bin/time -f "%e" -a -o "$work/$name" "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }; }
contenders=("before:$before:" "after:$after:")
for v in $variants; do contenders+=("after+$v:$after:$v"); done
for _ in $(seq 1 "$reps"); do
  for c in "${contenders[@]}"; do
    IFS=: read -r name bin setting <<< "$c"
    timed "$name.version" env $setting "$bin" --version
    timed "$name.connection-info" env $setting "$bin" connection-info --data-dir "$data"
    timed "$name.import" env $setting "$bin" import "$wifi" --dataset wifi-startup --data-dir "$data"
  done
  timed ogr2ogr ogr2ogr -f PostgreSQL "PG:$conninfo" "$wifi" -nln ogr_startup_wifi -overwrite \
    -oo X_POSSIBLE_NAMES=Longitude -oo Y_POSSIBLE_NAMES=Latitude -oo AUTODETECT_TYPE=YES -s_srs EPSG:4326 -t_srs EPSG:3857 \
    -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -gt 65536
done

ogr=$(median < "$work/ogr2ogr")
rows=""
for c in "${contenders[@]}"; do
  IFS=: read -r name _ _ <<< "$c"
  v=$(median < "$work/$name.version"); ci=$(median < "$work/$name.connection-info"); im=$(median < "$work/$name.import")
  rows+=$(awk -v n="$name" -v v="$v" -v ci="$ci" -v im="$im" -v o="$ogr" 'BEGIN {
    printf "| %s | %.2f s | %.2f s | %.2f s | %.2f s | **%.2f×** |\n", n, v, ci, im, o, o / im }')$'\n'
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
section="$(cat <<MD
## Import start-up

\`scripts/bench-import-startup.sh\` (REPS=$reps) on $(machine_line); $(ogr2ogr --version). The 5,430-row Wi-Fi.HK
file, end to end as a user runs it, against ogr2ogr into the same embedded PostGIS (held by a running server), every
contender alternating in each repetition; medians. \`before\` and \`after\` are two ReadyToRun builds; the rows below
them run the after build with one runtime setting changed (environment variable). The ratio is ogr2ogr's time ÷
SpatialHub's, so 1× is parity and the goal is ≥ 0.67× (within 1.5× ogr2ogr's time).

| build | \`--version\` (runtime start) | \`connection-info\` (+ host, cluster check, database open) | \`import\` | ogr2ogr | ogr2ogr ÷ SpatialHub |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows%$'\n'}

Load average at the end (1, 5, 15 min): $load_end.
MD
)"
replace_section import-startup docs/benchmarks.md "$section"
sed -n '/import-startup:start/,/import-startup:end/p' docs/benchmarks.md
