#!/usr/bin/env bash
# Runs every benchmark on this machine and regenerates docs/benchmarks.md: a header (machine, versions, how the
# file was made), a summary table (SpatialHub, the reference from the same run, the ratio, the goal), then the
# sections written by the individual scripts:
#
#   scripts/bench-projection.sh  reprojection vs cs2cs (points/s)
#   scripts/bench-import.sh      import vs ogr2ogr into the same PostGIS (rows/s), peak RSS of a 1,500,000-row import
#   scripts/bench-tiles.sh       cold tiles vs raw SQL in psql (p50/p99), warm tiles vs nginx under wrk, peak RSS of
#                                the server under the warm load
#   scripts/bench-scale.sh       scale curve: 10k, 100k, 1M and 5M synthetic points, import time and cold tile
#                                p50/p99 at z10, z13 and z16
#   scripts/bench-scale-polygons.sh  300,000 synthetic building footprints: cold tile p50/p99 and bytes at z10-z16
#   scripts/bench-raster.sh      cached raster tiles vs cached vector tiles under wrk (req/s), cold raster vs cold
#                                vector tile p50, static 1024x768 maps p50/p99 (about 1-2 minutes)
#   scripts/bench-mapserver.sh   SpatialHub ÷ MapServer 8 (FastCGI behind nginx) on the same wifi-hk table: uncached
#                                tiles, warm tiles under wrk, OGC API items pages (installs MapServer with apt-get)
#
# Each script alternates SpatialHub and its reference, repeats, and quotes medians. The benchmark is not part of
# the test command (scripts/test.sh). Full run: about 6-10 minutes on 2 cores; other work on the machine skews the
# figures (the header records the load average at the start and the end).
#
# Usage: scripts/bench.sh
#   QUICK=1      a short smoke run of the whole harness (small sizes, one repetition, about 2 minutes); the figures
#                are not worth quoting, and the file says so
#   ONLY="projection import tiles scale raster mapserver"   run only these parts; the others keep their previous sections and show
#                "not run" in the summary
#   The scripts' own variables pass through (REPS, ROWS, DURATION, PER_ZOOM, SIZES, ROUNDS, ...); bench.sh sets
#   ROWS=1500000 for the import so that its peak memory is that of a 1,500,000-row import.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
only="${ONLY:-projection import tiles scale raster mapserver}"
quick="${QUICK:-0}"
doc="$root/docs/benchmarks.md"
work="$root/BenchmarkDotNet.Artifacts/bench"   # git-ignored
rm -rf "$work" && mkdir -p "$work"
results="$work/results.tsv"
: > "$results"
wants() { [[ " $only " == *" $1 "* ]]; }

scripts/setup.sh > "$work/setup.log"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)

if [[ "$quick" == 1 ]]; then
    projection_env=(REPS="${REPS:-1}" POINTS="${POINTS:-200000}")
    import_env=(REPS="${REPS:-1}" ROWS="${ROWS:-100000}")
    tiles_env=(DURATION="${DURATION:-3s}" PER_ZOOM="${PER_ZOOM:-8}")
    scale_env=(SIZES="${SIZES:-10000 100000}" ROUNDS="${ROUNDS:-1}" PER_ZOOM="${PER_ZOOM:-5}")
    raster_env=(DURATION="${DURATION:-3s}" PER_ZOOM="${PER_ZOOM:-4}" ROUNDS="${ROUNDS:-1}" STATIC="${STATIC:-10}")
else
    projection_env=(REPS="${REPS:-5}")
    import_env=(REPS="${REPS:-3}" ROWS="${ROWS:-1500000}")
    tiles_env=()
    scale_env=()
    raster_env=()
fi

echo "== publish spatialhub once (Release, ReadyToRun) for the import and scale benchmarks"
dotnet publish src/SpatialHub.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/bin" --nologo -v quiet >/dev/null
export SPATIALHUB_BIN="$work/bin/spatialhub" BENCH_RESULTS="$results"

run_part() { # name script env...
    local name=$1 script=$2; shift 2
    echo "== $name ($(date +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    local t0; t0=$(date +%s)
    env "$@" "$script" 2>&1 | tee "$work/$name.log"
    printf 'minutes_%s\t%s\n' "$name" "$(awk -v s=$(( $(date +%s) - t0 )) 'BEGIN { printf "%.1f", s / 60 }')" >> "$results"
}
wants projection && run_part projection scripts/bench-projection.sh "${projection_env[@]}"
wants import && run_part import scripts/bench-import.sh "${import_env[@]}"
wants tiles && run_part tiles scripts/bench-tiles.sh "${tiles_env[@]}"
wants scale && run_part scale scripts/bench-scale.sh "${scale_env[@]}"
wants scale && run_part scale-polygons scripts/bench-scale-polygons.sh POLYGONS="${POLYGONS:-$([[ "$quick" == 1 ]] && echo 30000 || echo 300000)}"
wants raster && run_part raster scripts/bench-raster.sh "${raster_env[@]}"
wants mapserver && run_part mapserver scripts/bench-mapserver.sh

load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
minutes=$(awk -v s=$(( $(date +%s) - started )) 'BEGIN { printf "%.1f", s / 60 }')
postgres="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)"
versions="PostgreSQL $(/usr/lib/postgresql/"$postgres"/bin/postgres --version | awk '{print $3}'), PostGIS $(dpkg-query -W -f='${Version}' postgresql-"$postgres"-postgis-3 2>/dev/null | cut -d+ -f1), Npgsql $(sed -n 's/.*Include="Npgsql" Version="\([^"]*\)".*/\1/p' Directory.Packages.props | head -1), PROJ $(cs2cs 2>&1 | head -1 | sed 's/^Rel\. //; s/,.*//'), $(ogr2ogr --version | sed 's/, released.*//'), $(nginx -v 2>&1 | sed 's/.*: //'), wrk $({ wrk -v 2>&1 || true; } | head -1 | awk '{print $2}'), curl $(curl --version | head -1 | awk '{print $2}')"

benchtool summary "$doc" "$results" "$quick" "$only" "$(machine_line)" "$versions" "$load_start" "$load_end" "$minutes" \
    "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + local changes')"
echo "== docs/benchmarks.md"
sed -n '1,/summary:end/p' "$doc"
