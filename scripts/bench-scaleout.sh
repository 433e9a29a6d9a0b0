#!/usr/bin/env bash
# Throughput through nginx with two SpatialHub replicas against one, on the local deployment of scripts/cluster.sh,
# then rewrites the "Scale-out" section of docs/benchmarks.md (only the text between <!-- scaleout:start --> and
# <!-- scaleout:end -->). Not part of the tests.
#
#   tiles:     versioned tile URLs over Hong Kong (what the map asks for), each replica's cache warm: CPU-bound HTTP.
#   datasets:  GET /api/datasets, a catalog read on the streaming replica per request.
# Each with wrk (THREADS threads, CONNECTIONS keep-alive connections, DURATION) through nginx with upstreams "a b",
# then with nginx restarted on upstream "a" only.
#
# Usage: scripts/bench-scaleout.sh     (about a minute; needs wrk, nginx, curl, psql)
#   DURATION=5s THREADS=2 CONNECTIONS=32 CLUSTER_DIR=/var/tmp/spatialhub-bench-scaleout
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/bench-common.sh
source scripts/lib/bench-common.sh
duration="${DURATION:-5s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
export CLUSTER_DIR="${CLUSTER_DIR:-/var/tmp/spatialhub-bench-scaleout}"
export PRIMARY_PORT=55532 REPLICA_PORT=55533 NGINX_PORT=5560 APP_A_PORT=5561 APP_B_PORT=5562
doc="$root/docs/benchmarks.md"
for tool in wrk nginx curl python3; do command -v "$tool" > /dev/null || { echo "$tool not found" >&2; exit 1; }; done
work="$(mktemp -d /tmp/spatialhub-bench-scaleout.XXXXXX)"
trap 'scripts/cluster.sh destroy > /dev/null 2>&1 || true; rm -rf "$work"' EXIT

scripts/cluster.sh destroy > /dev/null
scripts/cluster.sh start
nginx_url="http://127.0.0.1:$NGINX_PORT"

echo "== tile list: versioned URLs of wifi-hk and districts,wifi-hk at zooms 11-14 over Hong Kong"
benchtool scaleout-paths "$nginx_url" > "$work/paths.txt"
echo "tiles: $(wc -l < "$work/paths.txt")"

warm() { # fill both replicas' tile caches directly
    for port in "$APP_A_PORT" "$APP_B_PORT"; do
        while read -r path; do curl -s -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path"; done < "$work/paths.txt"
    done
}

run_wrk() { # label url [script]
    local out="$work/$1.txt"
    if [[ -n "${3:-}" ]]; then
        TILE_PATHS="$work/paths.txt" wrk -t "$threads" -c "$connections" -d "$duration" -s "$3" "$2" > "$out"
    else
        wrk -t "$threads" -c "$connections" -d "$duration" "$2" > "$out"
    fi
    local rps errors
    rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$out")
    errors=$(awk '/Non-2xx|Socket errors/ { print }' "$out" | tr '\n' ' ')
    echo "$1: $rps req/s ${errors}" >&2
    echo "$rps"
}

echo "== warm the tile caches, then a wrk round through nginx for the JIT (not measured)"
warm
run_wrk warm-up "$nginx_url" "$paths_lua" > /dev/null
run_wrk warm-up-datasets "$nginx_url/api/datasets" > /dev/null
echo "== two replicas behind nginx"
tiles_two=$(run_wrk tiles-two "$nginx_url" "$paths_lua")
datasets_two=$(run_wrk datasets-two "$nginx_url/api/datasets")
echo "== one replica behind nginx (nginx restarted with upstream a only)"
scripts/cluster.sh stop nginx
UPSTREAMS=a scripts/cluster.sh start > /dev/null
tiles_one=$(run_wrk tiles-one "$nginx_url" "$paths_lua")
datasets_one=$(run_wrk datasets-one "$nginx_url/api/datasets")
scripts/cluster.sh stop nginx

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
ratio() { benchtool ratio "$1" "$2"; }
section="## Scale-out: two replicas behind nginx against one

\`scripts/bench-scaleout.sh\` on the local deployment of \`scripts/cluster.sh\` (PostgreSQL 15 primary, a streaming
replica, two \`spatialhub serve\` Release builds reading from the replica, nginx on loopback), wrk with $threads
threads and $connections keep-alive connections for $duration per figure, everything on one machine:
$(machine_line).

| workload | 1 replica (req/s) | 2 replicas (req/s) | 2 ÷ 1 |
| --- | ---: | ---: | ---: |
| versioned tiles, warm caches (Accept-Encoding: gzip) | $tiles_one | $tiles_two | $(ratio "$tiles_two" "$tiles_one") |
| \`GET /api/datasets\` (a catalog read on the replica each) | $datasets_one | $datasets_two | $(ratio "$datasets_two" "$datasets_one") |

Both runs follow a warm-up round through nginx. On this machine wrk, nginx, both replicas and PostgreSQL share the same cores, so a second replica adds no CPU;
the figure shows what nginx and a second process cost or gain here, not what a second machine would add. On separate
machines throughput grows with the replicas until the database (uncached tiles, catalog reads) or the load
balancer is the limit; see docs/operations.md for sizing. Load average when the runs ended: $load_before (other work
shared the machine); the figures move by tens of per cent between runs."
replace_section scaleout "$doc" "$section"
echo "== docs/benchmarks.md updated"
