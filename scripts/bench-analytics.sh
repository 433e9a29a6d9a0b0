#!/usr/bin/env bash
# Benchmarks the planners' analytics, then rewrites the "Analytics" section of docs/benchmarks.md (only the text
# between <!-- analytics:start --> and <!-- analytics:end -->).
#
#   service:   GET /api/analytics/zones and /proximity end to end over one keep-alive curl connection, with the answer
#              cache off (SpatialHub:Analytics:CacheMegabytes=0) so that every request computes; JSON answers.
#   reference: the plainest PostGIS statement for the same question, run with psql on the same database in the same
#              rounds: zones, a spatial join with ST_Intersects and GROUP BY (no boundary rule, no densities, no sums);
#              proximity, one KNN (<->) lookup per feature with its geodesic distance (no exactness check, no radius).
#   cases:     5,430 Wi-Fi.HK by 18 districts; 5,666 lampposts to 5,430 hotspots (radius 500 m); 1,000,000 synthetic
#              points by 18 districts; 1,000,000 synthetic points to 5,430 hotspots (nearest only); 1,000,000 on a 250 m grid.
#              Synthetic points: real Wi-Fi.HK and lamppost positions jittered by a Gaussian of 25 m per axis, seed 2023.
#   Figures, not gates: cold is the first request after the import, which also builds the version's derived tables
#   (zones' areas, points on the HK1980 Grid; schema spatialhub_analytics), warm the median of ROUNDS further requests,
#   both without the answer cache; "cached" the median with the cache on. The load average is part of the report:
#   on a shared machine only the ratios within one run mean much.
#
# Usage: scripts/bench-analytics.sh     (about 5 minutes; needs psql, curl, python3)
#   PORT=5395 ROUNDS=5 BIG_ROUNDS=1 (rounds of the million-point cases) SYNTHETIC=1000000
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
port="${PORT:-5395}"
rounds="${ROUNDS:-5}"
big_rounds="${BIG_ROUNDS:-1}"
synthetic="${SYNTHETIC:-1000000}"
doc="$root/docs/benchmarks.md"
key="bench-analytics"
for tool in psql curl python3; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done

bench_work analytics

echo "== build (Release)"
dotnet build -c Release src/SpatialHub.Server -v q -nologo | tail -2


# The shared start_server (scripts/lib/bench-common.sh) with what every analytics round needs.
service_args=("--SpatialHub:ApiKey=$key" --SpatialHub:Analytics:StatementTimeoutSeconds=900)

echo "== $synthetic synthetic points"
benchtool analytics-data "$synthetic" > "$work/synthetic.csv"

echo "== start the service, answer cache off (first start imports the samples), import the synthetic points"
start_server "${service_args[@]}" --SpatialHub:Analytics:CacheMegabytes=0
# Says why when the upload is refused (a 409 while the samples of the first start are still importing: wait, retry).
for attempt in 1 2 3; do
    status="$(curl -sS -o "$work/import.json" -w '%{http_code}' -X PUT -H "X-Api-Key: $key" -H "Content-Type: text/csv" \
        --data-binary "@$work/synthetic.csv" "http://127.0.0.1:$port/api/datasets/synthetic?title=Synthetic")"
    [[ "$status" == 2* ]] && break
    echo "import: HTTP $status $(head -c 500 "$work/import.json")" >&2
    [[ $attempt == 3 ]] && { tail -20 "$work/server.log" >&2; exit 1; }
    sleep 30
done
pg="$(dotnet run --no-build --project src/SpatialHub.Server -c Release -- connection-info --data-dir "$data")"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$pg" "$@"; }
table() { psql_ -At -c "SELECT 'spatialhub.features_v' || version FROM spatialhub.datasets WHERE id = '$1'"; }
count() { psql_ -At -c "SELECT feature_count FROM spatialhub.datasets WHERE id = '$1'"; }
districts="$(table districts)"

ms_curl() { # path
    local out
    out="$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' "http://127.0.0.1:$port$1")"
    if [[ "${out%% *}" != 200 ]]; then echo "$1: HTTP $out" >&2; head -c 2000 "$work/body" >&2; tail -20 "$work/server.log" >&2; exit 1; fi
    awk '{ printf "%.1f\n", $2 * 1000 }' <<< "$out"
}
ms_psql() { # sql
    { echo '\timing on'; echo "$1"; } | psql_ -o /dev/null | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
zones_ref() { echo "SELECT z.feature_id, count(f.feature_id) FROM $districts z LEFT JOIN $(table "$1") f ON f.geom_3857 && z.geom_3857 AND ST_Intersects(z.geom, f.geom) GROUP BY z.feature_id;"; }
near_ref() { echo "SELECT a.feature_id, (SELECT ST_Distance(a.geom::geography, b.geom::geography) FROM $(table "$2") b ORDER BY b.geom_3857 <-> a.geom_3857 LIMIT 1) FROM $(table "$1") a;"; }

results="$work/results.tsv"
: > "$results"
measure() { # label path reference-sql rounds
    local label=$1 path=$2 sql=$3 n=$4 cold
    echo "-- $label"
    cold="$(ms_curl "$path")"
    ms_psql "$sql" > /dev/null
    : > "$work/s.ms"; : > "$work/r.ms"
    for _ in $(seq 1 "$n"); do
        ms_curl "$path" >> "$work/s.ms"
        ms_psql "$sql" >> "$work/r.ms"
    done
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$path" "$cold" "$(median < "$work/s.ms")" "$(median < "$work/r.ms")" "$n" >> "$results"
}
start=$(date +%s)
measure "$(count wifi-hk) Wi-Fi.HK by 18 districts" "/api/analytics/zones?dataset=wifi-hk&zones=districts" "$(zones_ref wifi-hk)" "$rounds"
measure "$(count lampposts) lampposts to $(count wifi-hk) hotspots, 500 m" "/api/analytics/proximity?from=lampposts&to=wifi-hk&radius=500" "$(near_ref lampposts wifi-hk)" "$rounds"
measure "$(count synthetic) synthetic points by 18 districts" "/api/analytics/zones?dataset=synthetic&zones=districts" "$(zones_ref synthetic)" "$big_rounds"
measure "$(count synthetic) synthetic points to $(count wifi-hk) hotspots, nearest" "/api/analytics/proximity?from=synthetic&to=wifi-hk" "$(near_ref synthetic wifi-hk)" "$big_rounds"
measure "$(count synthetic) synthetic points, 250 m grid" "/api/analytics/grid?dataset=synthetic&cell=250" \
    "SELECT floor(ST_X(p) / 250), floor(ST_Y(p) / 250), count(*) FROM (SELECT ST_Transform(geom, 2326) AS p FROM $(table synthetic)) s GROUP BY 1, 2;" "$big_rounds"
stop_server

echo "== answer cache on"
start_server "${service_args[@]}"
: > "$work/cached.tsv"
while IFS=$'\t' read -r label path _ _ _ n; do
    ms_curl "$path" > /dev/null
    : > "$work/c.ms"
    for _ in $(seq 1 "$n"); do ms_curl "$path" >> "$work/c.ms"; done
    printf '%s\n' "$(median < "$work/c.ms")" >> "$work/cached.tsv"
done < "$results"
stop_server
elapsed=$(( $(date +%s) - start ))

section="$(benchtool analytics-report "$results" "$work/cached.tsv" "$rounds" "$(machine_line)" "$elapsed" "$(cut -d' ' -f1-3 /proc/loadavg)" "$big_rounds"
)"
replace_section analytics "$doc" "$section"
echo "$section"
