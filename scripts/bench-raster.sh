#!/usr/bin/env bash
# Benchmarks raster tiles and static maps against the service's own vector tiles in the same run, then rewrites the
# "Raster" section of docs/benchmarks.md (only the text between <!-- raster:start --> and <!-- raster:end -->).
#
#   cold:   PER_ZOOM data-bearing tiles per zoom (z11-z16 around sample I&T sites and Wi-Fi.HK hotspots, layers
#           districts,it-sites,wifi-hk), every cache off: each tile requested once as .pbf and once as .png per round,
#           then the z-1 vector tiles each raster tile is drawn from, passes alternating, ROUNDS rounds after a warm-up
#           pass; p50/p99 per tile (curl, one keep-alive connection).
#   static: STATIC distinct 1024x768 static maps (centres on sample features, z12-z16), caches off; p50/p99.
#   warm:   the service restarted with its caches on and filled; wrk on the same tiles as .pbf and as .png (plain
#           template URLs, as Leaflet and BruTile request them), alternating, DURATION each; requests/s.
#
# Usage: scripts/bench-raster.sh      (about 1-2 minutes; needs curl, wrk, python3)
#   PORT=5393 PER_ZOOM=8 ROUNDS=2 STATIC=20 DURATION=5s THREADS=2 CONNECTIONS=16
#   BENCH_RESULTS=FILE (scripts/bench.sh sets it): also append "key<TAB>value" lines for the summary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
port="${PORT:-5393}"
per_zoom="${PER_ZOOM:-8}"
rounds="${ROUNDS:-2}"
statics="${STATIC:-20}"
duration="${DURATION:-5s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-16}"
layers="districts,it-sites,wifi-hk"
doc="$root/docs/benchmarks.md"
for tool in curl wrk python3; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done

bench_work raster
load_start="$(uptime | sed 's/.*load average: //')"

echo "== build (Release)"
dotnet build -c Release src/SpatialHub.Server -v q -nologo | tail -2


# One wrk client is one address: lift the per-client budget of expensive reads (static maps).
service_args=(--SpatialHub:ExpensiveReads:PermitsPerMinute=1000000)

echo "== start the service, every cache off (first start imports the samples)"
start_server "${service_args[@]}" --SpatialHub:Tiles:MemoryCacheMegabytes=0 --SpatialHub:Rendering:TileCacheMegabytes=0 --SpatialHub:Rendering:StaticCacheMegabytes=0

echo "== tile list and static centres from the samples (fixed seed)"
for dataset in it-sites wifi-hk; do curl -sf "http://127.0.0.1:$port/collections/$dataset/items?limit=10000" > "$work/$dataset.json"; done
benchtool raster-tiles "$work" "$per_zoom" "$statics"
count=$(wc -l < "$work/tiles.txt")
echo "tiles: $count; static maps: $(wc -l < "$work/static.txt")"
curl_config() { # suffix -> curl config of every tile
    while read -r t; do printf 'url = "http://127.0.0.1:%s/tiles/%s/%s%s"\noutput = "/dev/null"\n' "$port" "$layers" "$t" "$1"; done < "$work/tiles.txt"
}
curl_config .pbf > "$work/vector.cfg"
curl_config .png > "$work/raster.cfg"
tr ' ' '\n' < "$work/parents.txt" | while read -r t; do printf 'url = "http://127.0.0.1:%s/tiles/%s/%s.pbf"\noutput = "/dev/null"\n' "$port" "$layers" "$t"; done > "$work/parents.cfg"
while read -r c; do printf 'url = "http://127.0.0.1:%s/static/%s/%s/1024x768.png"\noutput = "/dev/null"\n' "$port" "$layers" "$c"; done \
    < "$work/static.txt" > "$work/static.cfg"
# Milliseconds per request; a status other than 200 or 204 (empty vector tile) stops the run.
timed() { curl -s --config "$1" -w '%{http_code} %{time_total}\n' | awk '$1 != 200 && $1 != 204 { print "HTTP " $1 > "/dev/stderr"; exit 1 } { printf "%.3f\n", $2 * 1000 }'; }

echo "== cold: warm-up pass (database buffers, JIT, fonts), then $rounds rounds, vector and raster alternating"
timed "$work/vector.cfg" > /dev/null; timed "$work/raster.cfg" > /dev/null
for _ in $(seq 1 "$rounds"); do
    timed "$work/vector.cfg" >> "$work/cold-vector.ms"
    timed "$work/raster.cfg" >> "$work/cold-raster.ms"
    timed "$work/parents.cfg" >> "$work/cold-parents.ms"
done
echo "== static maps 1024x768, caches off"
timed "$work/static.cfg" > "$work/static.ms"
stop_server

echo "== warm: caches on and filled; wrk on .pbf and .png, alternating"
start_server "${service_args[@]}"
timed "$work/vector.cfg" > /dev/null; timed "$work/raster.cfg" > /dev/null
# Body sizes as wrk receives them (gzip for vector tiles; PNG is sent as is).
for kind in vector raster; do curl -s --config "$work/$kind.cfg" -H "Accept-Encoding: gzip" -w '%{size_download}\n' > "$work/$kind.bytes"; done
sed "s|^|/tiles/$layers/|; s|$|.pbf|" "$work/tiles.txt" > "$work/vector-paths.txt"
sed "s|^|/tiles/$layers/|; s|$|.png|" "$work/tiles.txt" > "$work/raster-paths.txt"
rps() { # kind -> requests/s of one wrk run
    TILE_PATHS="$work/$1-paths.txt" wrk -t"$threads" -c"$connections" -d"$duration" -s "$paths_lua" "http://127.0.0.1:$port" \
        | awk '/^RESULT/ { if ($5 > 0) { print "errors: " $5 > "/dev/stderr"; exit 1 } printf "%.1f\n", $2 / $4 }'
}
for kind in vector raster vector raster; do rps "$kind" >> "$work/warm-$kind.rps"; done
stop_server
load_end="$(uptime | sed 's/.*load average: //')"

echo "== write docs/benchmarks.md"
section=$(benchtool raster-report "$work" "$count" "$rounds" "$threads" "$connections" "$duration" "$(machine_line)" "$load_start" "$load_end" \
    "$layers" "${BENCH_RESULTS:-}"
)
replace_section raster "$doc" "$section"
echo "$section"
