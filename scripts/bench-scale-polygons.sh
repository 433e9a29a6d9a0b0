#!/usr/bin/env bash
# Scale curve for a large polygon dataset: POLYGONS synthetic building footprints, imported with `spatialhub import`,
# then cold tiles at z10–z16. Rewrites the "Scale: polygons" section of docs/benchmarks.md
# (between <!-- scale-polygons:start --> and <!-- scale-polygons:end -->).
#
#   data:   footprints around the real Wi-Fi.HK and lamppost positions of data-samples/ (a real position chosen at
#           random, offset by a Gaussian of SIGMA metres per axis, seed 1981): rectangles 6–45 m by 6–30 m turned by a
#           random angle, one in four an L shape, with a height and a use attribute. GeoJSON in WGS 84.
#   tiles:  the service with its tile cache off; per zoom the DENSEST tiles with the most footprints plus an even
#           sample of the other data-bearing ones, up to PER_ZOOM; one warm-up pass, then ROUNDS rounds over one
#           keep-alive curl connection, no compression. p50/p99 and tile bytes per zoom; the budget is MaxTileBytes
#           (500 KB): a tile over it is rendered again with less detail, counted by spatialhub_tiles_over_budget_total.
#
# Usage: scripts/bench-scale-polygons.sh   POLYGONS=300000 ZOOMS="10 11 12 13 14 15 16" PER_ZOOM=12 DENSEST=4
#   ROUNDS=3 SIGMA=150 PORT=5394 SPATIALHUB_BIN=PATH (an already published spatialhub; else it is published here)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
polygons="${POLYGONS:-300000}"
zooms="${ZOOMS:-10 11 12 13 14 15 16}"
per_zoom="${PER_ZOOM:-12}"
densest="${DENSEST:-4}"
rounds="${ROUNDS:-3}"
sigma="${SIGMA:-150}"
port="${PORT:-5394}"
doc="$root/docs/benchmarks.md"
work="$root/BenchmarkDotNet.Artifacts/scale-polygons"   # git-ignored; the generated file is kept between runs
for tool in curl python3 /usr/bin/time; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done
mkdir -p "$work"
rm -rf "$work/run" && mkdir -p "$work/run"
run="$work/run"
data="$run/data"

if [[ -n "${SPATIALHUB_BIN:-}" ]]; then
    spatialhub="$SPATIALHUB_BIN"
else
    echo "== publish (Release, ReadyToRun)"
    dotnet publish src/SpatialHub.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -o "$work/bin" --nologo -v quiet >/dev/null
    spatialhub="$work/bin/spatialhub"
fi

file="$work/buildings-$polygons-s$sigma.geojson"
if [[ ! -s "$file" ]]; then
    echo "== data: $polygons footprints"
    benchtool polygons-data "$polygons" "$sigma" "$file" \
        "$root/data-samples/wifi-hk-fixed-locations-2023.csv" "$root/data-samples/hyd-lampposts-central-western-eastern.csv"
    mv "$file.tmp" "$file"
fi

echo "== service (tile cache off)"
"$spatialhub" serve --urls "http://127.0.0.1:$port" --SpatialHub:DataDirectory="$data" --SpatialHub:ImportSamplesWhenEmpty=false \
    --SpatialHub:Tiles:MemoryCacheMegabytes=0 --Logging:LogLevel:Default=Warning > "$run/serve.log" 2>&1 &
server=$!
cleanup() {
    set +e
    kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
    remove_embedded_cluster "$data"
}
trap cleanup EXIT
wait_healthy "http://127.0.0.1:$port/health" "$run/serve.log" || exit 1

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== import"
/usr/bin/time -f "%e %M" -o "$run/import-time.txt" "$spatialhub" import "$file" --dataset buildings --data-dir "$data" \
    > "$run/import.log" 2>&1 || { cat "$run/import.log" >&2; exit 1; }
cat "$run/import-time.txt"
table_mb=$(psql -X -At "$("$spatialhub" connection-info --data-dir "$data")" \
    -c "SELECT round(pg_total_relation_size('spatialhub.features_v' || version) / 1048576.0) FROM spatialhub.datasets WHERE id = 'buildings'")

echo "== tile list"
benchtool polygons-tiles "$file" "$per_zoom" "$densest" $zooms > "$run/tiles.txt"
awk -v base="http://127.0.0.1:$port/tiles/buildings" '{ printf "url = \"%s/%s/%s/%s.pbf\"\noutput = \"/dev/null\"\n", base, $1, $2, $3 }' \
    "$run/tiles.txt" > "$run/curl.cfg"
pass() { curl -s --config "$run/curl.cfg" -w '%{time_total} %{http_code} %{size_download}\n' >> "$1"; }
echo "== cold tiles: warm-up, then $rounds rounds"
pass "$run/warmup.txt"
: > "$run/tiles-times.txt"
for _ in $(seq 1 "$rounds"); do pass "$run/tiles-times.txt"; done
curl -sf "http://127.0.0.1:$port/metrics" > "$run/metrics.txt"
over_budget=$(awk '/^spatialhub_tiles_over_budget_total[{ ]/ { i = index($0, "} "); rest = i ? substr($0, i + 2) : substr($0, index($0, " ") + 1);
    split(rest, a, " "); s += a[1] } END { printf "%d", s }' "$run/metrics.txt")

section=$(benchtool polygons-report "$run" "$polygons" "$sigma" "$rounds" "$table_mb" "$over_budget" "$(machine_line)" \
    "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)")
replace_section scale-polygons "$doc" "$section"
sed -n '/scale-polygons:start/,/scale-polygons:end/p' "$doc"
