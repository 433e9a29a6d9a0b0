#!/usr/bin/env bash
# Scale curve: how import time and cold tile latency grow with the size of a point dataset. Rewrites the "Scale"
# section of docs/benchmarks.md (between <!-- scale:start --> and <!-- scale:end -->).
#
#   data:   synthetic points drawn around the real Wi-Fi.HK and lamppost positions in data-samples/ (each point a
#           randomly chosen real position jittered by a Gaussian of SIGMA metres per axis, fixed seed). One stream
#           is generated for the largest size; every smaller file is its first N rows, so each set contains the
#           smaller ones and a tile with data in the smallest has data in every size.
#   import: `spatialhub import` (ReadyToRun publish, process start included) of each file, /usr/bin/time for wall
#           clock and peak resident memory, IMPORT_REPS runs per size (median time, largest memory).
#   tiles:  the service with its tile cache off (SpatialHub:Tiles:MemoryCacheMegabytes=0), up to PER_ZOOM
#           data-bearing tiles per zoom in ZOOMS (the same tiles for every size, chosen by a fixed hash order from
#           the smallest set), each requested once per round with curl over one keep-alive connection, no
#           compression. One warm-up pass per size, then ROUNDS rounds, the sizes alternating (the order rotates
#           every round); p50/p99 per zoom and size.
#
# Usage: scripts/bench-scale.sh
#   SIZES="10000 100000 1000000 5000000" ZOOMS="10 13 16" PER_ZOOM=20 ROUNDS=3 IMPORT_REPS=1 SIGMA=25 PORT=5393
#   BENCH_RESULTS=FILE (scripts/bench.sh sets it): also append "key<TAB>value" lines for the summary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
sizes="${SIZES:-10000 100000 1000000 5000000}"
zooms="${ZOOMS:-10 13 16}"
per_zoom="${PER_ZOOM:-20}"
rounds="${ROUNDS:-3}"
import_reps="${IMPORT_REPS:-1}"
sigma="${SIGMA:-25}"
port="${PORT:-5393}"
doc="$root/docs/benchmarks.md"
work="$root/BenchmarkDotNet.Artifacts/scale"   # git-ignored; the generated CSV files are kept between runs
for tool in curl python3 /usr/bin/time; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done
mkdir -p "$work"
rm -rf "$work/run" && mkdir -p "$work/run"
run="$work/run"
data="$run/data"
largest=$(printf '%s\n' $sizes | sort -n | tail -1)
smallest=$(printf '%s\n' $sizes | sort -n | head -1)
label() { awk -v n="$1" 'BEGIN { if (n >= 1e6 && n % 1e6 == 0) printf "%dm", n / 1e6; else if (n >= 1e3 && n % 1e3 == 0) printf "%dk", n / 1e3; else printf "%d", n }'; }

echo "== publish (Release, ReadyToRun)"
if [[ -n "${SPATIALHUB_BIN:-}" ]]; then
    spatialhub="$SPATIALHUB_BIN"
else
    dotnet publish src/SpatialHub.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -o "$work/bin" --nologo -v quiet >/dev/null
    spatialhub="$work/bin/spatialhub"
fi

echo "== data: $largest points around the real positions (seed 2023, sigma ${sigma} m), prefixes for smaller sizes"
stream="$work/points-$largest-s$sigma.csv"
if [[ ! -s "$stream" ]]; then
    benchtool scale-data "$largest" "$sigma" "$stream" \
        "$root/data-samples/wifi-hk-fixed-locations-2023.csv" "$root/data-samples/hyd-lampposts-central-western-eastern.csv"
    mv "$stream.tmp" "$stream"
fi
for size in $sizes; do
    head -n $((size + 1)) "$stream" > "$run/points-$(label "$size").csv"
done

echo "== service (tile cache off) holding the embedded cluster"
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

echo "== import each size"
for size in $sizes; do
    l=$(label "$size")
    : > "$run/import-$l.txt"
    for _ in $(seq 1 "$import_reps"); do
        /usr/bin/time -f "%e %M" -o "$run/time.txt" "$spatialhub" import "$run/points-$l.csv" --dataset "scale-$l" \
            --data-dir "$data" > "$run/import-$l.log" 2>&1 || { cat "$run/import-$l.log" >&2; exit 1; }
        cat "$run/time.txt" >> "$run/import-$l.txt"
        sed -n 's/.*cluster pyramid built in \([0-9.]*\) s.*/\1/p' "$run/import-$l.log" >> "$run/pyramid-$l.txt"
    done
    echo "scale-$l: $(tr '\n' ' ' < "$run/import-$l.txt")(seconds, peak KB)"
done
database_mb=$(psql -X -At "$("$spatialhub" connection-info --data-dir "$data")" \
    -c "SELECT round(pg_total_relation_size('spatialhub.features_v' || version) / 1048576.0) FROM spatialhub.datasets WHERE id = 'scale-$(label "$largest")'" 2>/dev/null || echo "?")

for size in $sizes; do   # the cluster pyramid of each size: "label MB rows"
    psql -X -At -F' ' "$("$spatialhub" connection-info --data-dir "$data")" -c "SELECT '$(label "$size")',
        round(pg_total_relation_size('spatialhub.clusters_v' || version) / 1048576.0, 1),
        (SELECT reltuples::bigint FROM pg_class WHERE oid = ('spatialhub.clusters_v' || version)::regclass)
        FROM spatialhub.datasets WHERE id = 'scale-$(label "$size")' AND cluster_pyramid"
done > "$run/pyramid-size.txt"

echo "== tile list: up to $per_zoom data-bearing tiles per zoom ($zooms) from the $smallest-point set"
benchtool scale-tiles "$run/points-$(label "$smallest").csv" "$per_zoom" $zooms > "$run/tiles.txt"
echo "tiles: $(cut -d' ' -f1 "$run/tiles.txt" | uniq -c | awk '{printf "z%s:%s ", $2, $1}')"
for size in $sizes; do
    l=$(label "$size")
    awk -v base="http://127.0.0.1:$port/tiles/scale-$l" '{ printf "url = \"%s/%s/%s/%s.pbf\"\noutput = \"/dev/null\"\n", base, $1, $2, $3 }' \
        "$run/tiles.txt" > "$run/curl-$l.cfg"
done
# pass SIZE_LABEL OUT: every tile once, "z ms status bytes" per line, in tile-list order.
pass() {
    curl -s --config "$run/curl-$1.cfg" -w '%{time_total} %{http_code} %{size_download}\n' \
        | paste -d' ' <(cut -d' ' -f1 "$run/tiles.txt") - | awk '{ printf "%s %.3f %s %s\n", $1, $2 * 1000, $3, $4 }' >> "$2"
}

echo "== cold tiles: warm-up pass per size, then $rounds rounds, sizes alternating"
labels=(); for size in $sizes; do labels+=("$(label "$size")"); done
for l in "${labels[@]}"; do pass "$l" "$run/warmup-$l.txt"; : > "$run/tiles-$l.txt"; done
for round in $(seq 1 "$rounds"); do
    for i in "${!labels[@]}"; do
        l=${labels[$(((i + round - 1) % ${#labels[@]}))]}
        pass "$l" "$run/tiles-$l.txt"
    done
    echo "round $round done"
done
server_hwm_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
curl -sf "http://127.0.0.1:$port/metrics" > "$run/metrics.txt" || { echo "GET /metrics failed" >&2; exit 1; }
# The rounds rendered tiles, so the render counter must be there; a counter that never moved is absent (0 over budget).
grep -q '^spatialhub_tiles_cache_misses_total' "$run/metrics.txt" \
    || { echo "/metrics lacks spatialhub_tiles_cache_misses_total: metric names changed?" >&2; exit 1; }
over_budget=$(awk '/^spatialhub_tiles_over_budget_total[{ ]/ { i = index($0, "} "); rest = i ? substr($0, i + 2) : substr($0, index($0, " ") + 1);
    split(rest, a, " "); s += a[1] } END { printf "%d", s }' "$run/metrics.txt")

echo "== points per listed tile, per size (one pass over the largest file)"
benchtool scale-points-per-tile "$stream" "$run/tiles.txt" $sizes > "$run/points-per-tile.txt"

echo "== write docs/benchmarks.md"
section=$(benchtool scale-report "$run" "$sigma" "$rounds" "$import_reps" "$per_zoom" "$database_mb" "$server_hwm_kb" "${BENCH_RESULTS:-}" "$over_budget" \
    "$(machine_line)" "${labels[@]}"
)
replace_section scale "$doc" "$section"
sed -n '/scale:start/,/scale:end/p' "$doc"
