#!/usr/bin/env bash
# Benchmarks tile serving, then rewrites the "Tiles" section of docs/benchmarks.md (only the text between
# <!-- tiles:start --> and <!-- tiles:end -->).
#
#   cold: a few hundred data-bearing tiles (zooms 8-16 over Hong Kong, mixed layer sets), each requested once in
#         turn from the service with its tile cache off, against the same statements (`spatialhub tiles sql`)
#         run with psql on the same database; p50/p99 per tile, one keep-alive connection each, no compression.
#   warm: the same tiles under wrk (same threads, connections, keep-alive, Accept-Encoding: gzip) against the
#         service with its cache filled and against nginx serving the very bytes the service sent, from disk
#         (gzip_static). Requests/s and bytes/s.
#   memory: peak resident set (VmHWM) of the serve process, and the sum over nginx's processes, after the warm load.
#
# Usage: scripts/bench-tiles.sh        (about 3 minutes; needs psql, curl, wrk, nginx, taskset)
#   PORT=5391 NGINX_PORT=5392 DURATION=5s THREADS=2 CONNECTIONS=32 PER_ZOOM=40 ROUNDS=5
#   PIN="1 0": the servers (SpatialHub, nginx) run on the first CPU list and wrk on the second, so both servers get the
#     same core and wrk never takes it from one more than the other; PIN="" runs everything unpinned.
#   WARM_ONLY=1: skip the cold part and leave docs/benchmarks.md alone (prints the warm figures).
#   SERVICE_ARGS="--Key=value ...": settings for the warm service (to compare one against the defaults).
#   BENCH_RESULTS=FILE (scripts/bench.sh sets it): also append "key<TAB>value" lines for the summary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
port="${PORT:-5391}"
nginx_port="${NGINX_PORT:-5392}"
duration="${DURATION:-5s}"
rounds="${ROUNDS:-5}"
pin="${PIN-1 0}"
read -r pin_servers pin_wrk <<< "$pin"
on_servers() { if [[ -n "$pin_servers" ]]; then taskset -c "$pin_servers" "$@"; else "$@"; fi; }
on_wrk() { if [[ -n "$pin_wrk" ]]; then taskset -c "$pin_wrk" "$@"; else "$@"; fi; }
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
per_zoom="${PER_ZOOM:-40}"
doc="$root/docs/benchmarks.md"
for tool in psql curl wrk nginx python3; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done

work="$(mktemp -d /tmp/spatialhub-bench-tiles.XXXXXX)"
data="$work/data"
server_pgid=""
nginx_started=""
cleanup() {
    set +e
    [[ -n "$server_pgid" ]] && stop_server
    [[ -n "$nginx_started" ]] && nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null
    remove_embedded_cluster "$data"
    rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build -c Release src/SpatialHub.Server -v q -nologo | tail -2
cli="$root/src/SpatialHub.Server/bin/Release/net10.0/spatialhub"

# The serve process itself (dotnet run starts it as a child in the same process group): the group's largest VmHWM
# other than the `dotnet run` launcher's.
hwm_kb() { # pid...
    local pid best=0 v
    for pid in "$@"; do
        v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        [[ -n "$v" && "$v" -gt "$best" ]] && best=$v
    done
    echo "$best"
}
server_hwm_kb() { hwm_kb $(pgrep -g "$server_pgid" | grep -vx "$server_pgid"); }

echo "== start the service, tile cache off (first start imports the samples)"
start_server --SpatialHub:Tiles:MemoryCacheMegabytes=0
pg="$(dotnet run --no-build --project src/SpatialHub.Server -c Release -- connection-info --data-dir "$data")"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$pg" "$@"; }

echo "== tile list: data-bearing tiles, zooms 8-16, up to $per_zoom per zoom, mixed layer sets"
table() { psql_ -At -c "SELECT 'spatialhub.features_v' || version FROM spatialhub.datasets WHERE id = '$1'"; }
wifi=$(table wifi-hk); lamps=$(table lampposts); districts=$(table districts)
psql_ -At -F ' ' > "$work/tiles.txt" <<SQL
SELECT setseed(0.42);
WITH sources AS (
    SELECT 'wifi-hk' AS layers, geom_3857 AS g FROM $wifi
    UNION ALL SELECT 'lampposts', geom_3857 FROM $lamps
    UNION ALL SELECT 'districts,wifi-hk', geom_3857 FROM $wifi
    UNION ALL SELECT 'lampposts,wifi-hk,districts', geom_3857 FROM $lamps
), tiles AS (
    SELECT DISTINCT s.layers, z,
           floor((ST_X(s.g) + 20037508.342789244) / (40075016.685578488 / 2 ^ z))::int AS x,
           floor((20037508.342789244 - ST_Y(s.g)) / (40075016.685578488 / 2 ^ z))::int AS y
    FROM sources s, generate_series(8, 16) AS z
), picked AS (
    SELECT layers, z, x, y, row_number() OVER (PARTITION BY z ORDER BY md5(layers || z || '/' || x || '/' || y)) AS n FROM tiles
)
SELECT layers, z, x, y FROM picked WHERE n <= $per_zoom ORDER BY md5(layers || z || '/' || x || '/' || y);
SQL
sed -i '/^$/d' "$work/tiles.txt"
count=$(wc -l < "$work/tiles.txt")
echo "tiles: $count ($(cut -d' ' -f2 "$work/tiles.txt" | sort -n | uniq -c | awk '{printf "z%s:%s ", $2, $1}'))"
# Each URL carries the version token of its TileJSON, as the map client's requests do (the service then checks the
# versions in memory, kept current by the catalog's notifications, instead of querying them per tile).
version_token() {
    curl -s "http://127.0.0.1:$port/tiles/$1" \
        | benchtool tile-token
}
declare -A tokens
for layers in $(cut -d' ' -f1 "$work/tiles.txt" | sort -u); do tokens[$layers]=$(version_token "$layers"); done
while read -r layers z x y; do
    printf 'url = "http://127.0.0.1:%s/tiles/%s/%s/%s/%s.pbf?v=%s"\noutput = "/dev/null"\n' "$port" "$layers" "$z" "$x" "$y" "${tokens[$layers]}"
done < "$work/tiles.txt" > "$work/curl-cold.cfg"

if [[ -z "${WARM_ONLY:-}" ]]; then
    echo "== the same statements for psql"
    "$cli" tiles sql --data-dir "$data" --list "$work/tiles.txt" > "$work/statements.sql"
    { echo '\timing on'; cat "$work/statements.sql"; } > "$work/psql-timed.sql"

    ms_curl() { curl -s --config "$work/curl-cold.cfg" -w '%{time_total}\n' | awk '{ printf "%.3f\n", $1 * 1000 }'; }
    ms_psql() { psql_ -f "$work/psql-timed.sql" -o /dev/null | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'; }

    echo "== cold: warm-up pass each (database buffers, prepared statements, JIT), then measured passes"
    ms_curl > /dev/null; ms_psql > /dev/null
    for round in 1 2 3; do
        ms_curl >> "$work/cold-service.ms"
        ms_psql >> "$work/cold-sql.ms"
    done
    [[ $(wc -l < "$work/cold-service.ms") -eq $((3 * count)) && $(wc -l < "$work/cold-sql.ms") -eq $((3 * count)) ]] || { echo "missing timings" >&2; exit 1; }
fi
postgres=$(psql_ -At -c "SELECT split_part(version(), ' on ', 1) || ', PostGIS ' || postgis_lib_version()")
stop_server

echo "== warm: service with its cache on, filled; nginx with the same bytes on disk (servers on CPUs ${pin_servers:-any}, wrk on ${pin_wrk:-any})"
SERVER_CPUS="$pin_servers" start_server ${SERVICE_ARGS:-}
static="$work/static"
: > "$work/paths.txt"
: > "$work/plain-paths.txt"
tokens=()
while read -r layers z x y; do
    # Requests carry the version token of the TileJSON's tiles URL, as the map client's do; nginx ignores it.
    [[ -n "${tokens[$layers]:-}" ]] || tokens[$layers]=$(version_token "$layers")
    path="/tiles/$layers/$z/$x/$y.pbf"
    mkdir -p "$static/tiles/$layers/$z/$x"
    code=$(curl -s -o "$static$path" -w '%{http_code}' "http://127.0.0.1:$port$path")
    if [[ "$code" == 200 ]]; then
        curl -s -H 'Accept-Encoding: gzip' -o "$static$path.gz" "http://127.0.0.1:$port$path"
        echo "$path?v=${tokens[$layers]}" >> "$work/paths.txt"
        echo "$path" >> "$work/plain-paths.txt"
    else
        rm -f "$static$path"
    fi
done < "$work/tiles.txt"
served=$(wc -l < "$work/paths.txt")
echo "non-empty tiles: $served"

user_line=""; [[ $(id -u) -eq 0 ]] && user_line="user root;"
cat > "$work/nginx.conf" <<NGINX
$user_line
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    types { application/vnd.mapbox-vector-tile pbf; }
    default_type application/vnd.mapbox-vector-tile;
    gzip_static on;
    gzip_vary on;
    client_body_temp_path $work/nginx-tmp;
    server {
        listen 127.0.0.1:$nginx_port;
        root $static;
        location /tiles/ { add_header Access-Control-Allow-Origin *; }
    }
}
NGINX
on_servers nginx -p "$work" -c "$work/nginx.conf"
nginx_started=1

run_wrk() { # name url [paths file]
    TILE_PATHS="${3:-$work/paths.txt}" on_wrk wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$paths_lua" "$2" > "$work/wrk-$1.txt"
    grep '^RESULT' "$work/wrk-$1.txt"
}
echo "warm-up"; TILE_PATHS="$work/paths.txt" on_wrk wrk -t"$threads" -c"$connections" -d3s -s "$paths_lua" "http://127.0.0.1:$port" > /dev/null
TILE_PATHS="$work/paths.txt" on_wrk wrk -t"$threads" -c"$connections" -d3s -s "$paths_lua" "http://127.0.0.1:$nginx_port" > /dev/null
# Short rounds, the three contenders alternating in each, so that other work on the machine falls on all of them alike.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
    run_wrk service "http://127.0.0.1:$port" >> "$work/warm-service.txt"
    # Plain template URLs (no ?v=), as QGIS, Leaflet, OpenLayers and BruTile request them.
    run_wrk service-plain "http://127.0.0.1:$port" "$work/plain-paths.txt" >> "$work/warm-plain.txt"
    run_wrk nginx "http://127.0.0.1:$nginx_port" >> "$work/warm-nginx.txt"
    echo "round $round: service $(tail -1 "$work/warm-service.txt"), plain $(tail -1 "$work/warm-plain.txt"), nginx $(tail -1 "$work/warm-nginx.txt")"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
service_hwm=$(server_hwm_kb); echo "service peak resident set (VmHWM): $service_hwm kB"
nginx_hwm=0
for pid in $(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")"); do nginx_hwm=$((nginx_hwm + $(hwm_kb "$pid"))); done
echo "nginx peak resident sets (VmHWM, master + workers): $nginx_hwm kB"
benchtool tiles-warm "$work" "$load_start" "$load_end"
# The same bytes? Compare one tile from each.
first=$(head -1 "$work/paths.txt")
cmp <(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$first") <(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port$first") \
    || { echo "service and nginx bytes differ for $first" >&2; exit 1; }
stop_server
[[ -z "${WARM_ONLY:-}" ]] || exit 0

echo "== write docs/benchmarks.md"
machine="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //; s/ [0-9]*-Core.*//'), $(nproc) logical cores, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), $postgres, $(nginx -v 2>&1 | sed 's/.*: //'), $({ wrk -v 2>&1 || true; } | head -1 | awk '{print $1, $2}')"
zooms=$(cut -d' ' -f2 "$work/tiles.txt" | sort -n | uniq -c | awk '{printf "z%s %s, ", $2, $1}' | sed 's/, $//')
benchtool tiles-report "$doc" "$work" "$count" "$served" "$zooms" "$machine" "$threads" "$connections" "$duration" "$rounds" \
    "${pin:-}" "$service_hwm" "$nginx_hwm" "${BENCH_RESULTS:-}" "$load_start" "$load_end"
