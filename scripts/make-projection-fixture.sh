#!/usr/bin/env bash
# Regenerates tests/SpatialHub.Core.Tests/Fixtures/projection/hk-points.csv with PROJ's cs2cs,
# the reference the Reprojector tests compare against.
#
# Points: a 40 x 30 grid over the HK1980 Grid box E 800000-870000, N 800000-848000, each point
# jittered inside its cell by a fixed-seed linear congruential generator (so the output is the
# same on every machine and every awk), 1,200 points in all.
#
# cs2cs axis order (EPSG order, not GIS order): EPSG:2326 is "N E", EPSG:4326 is "lat lon",
# EPSG:3857 is "x y". Columns written: id,e,n,lat,lon,merc_x,merc_y,back_e,back_n where
#   lat/lon        = cs2cs EPSG:2326 -> EPSG:4326 of (e, n)
#   merc_x/merc_y  = cs2cs EPSG:2326 -> EPSG:3857 of (e, n)
#   back_e/back_n  = cs2cs EPSG:4326 -> EPSG:2326 of (lat, lon) exactly as written in this file
#
# Also writes district-extremes.csv: for each of the 18 district boundaries (HK1980 Grid GeoJSON, path in
# $DISTRICTS or the default below) its westmost, eastmost, southmost and northmost vertex, with cs2cs WGS 84,
# so the tests can check HongKongExtent against real data without shipping the 900 kB file.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/tests/SpatialHub.Core.Tests/Fixtures/projection/hk-points.csv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

command -v cs2cs >/dev/null || { echo "cs2cs not found (apt-get install proj-bin)" >&2; exit 1; }

# e n, one point per line, 3 decimals (millimetres) like survey data.
awk 'BEGIN {
    seed = 20261122; m = 2147483648;          # LCG modulus 2^31, exact in double precision
    cols = 40; rows = 30;
    e0 = 800000; n0 = 800000; de = 70000 / cols; dn = 48000 / rows;
    for (r = 0; r < rows; r++) for (c = 0; c < cols; c++) {
        seed = (1103515245 * seed + 12345) % m; ju = seed / m;
        seed = (1103515245 * seed + 12345) % m; jv = seed / m;
        printf "%.3f %.3f\n", e0 + (c + ju) * de, n0 + (r + jv) * dn;
    }
}' > "$tmp/en.txt"

awk '{ print $2, $1 }' "$tmp/en.txt" > "$tmp/ne.txt"
cs2cs -f %.12f EPSG:2326 EPSG:4326 < "$tmp/ne.txt" | awk '{ print $1, $2 }' > "$tmp/latlon.txt"
cs2cs -f %.6f EPSG:2326 EPSG:3857 < "$tmp/ne.txt" | awk '{ print $1, $2 }' > "$tmp/merc.txt"
cs2cs -f %.6f EPSG:4326 EPSG:2326 < "$tmp/latlon.txt" | awk '{ print $2, $1 }' > "$tmp/back.txt"

{
    echo "id,e,n,lat,lon,merc_x,merc_y,back_e,back_n"
    paste -d' ' "$tmp/en.txt" "$tmp/latlon.txt" "$tmp/merc.txt" "$tmp/back.txt" |
        awk '{ printf "%d,%s,%s,%s,%s,%s,%s,%s,%s\n", NR, $1, $2, $3, $4, $5, $6, $7, $8 }'
} > "$out"

districts="${DISTRICTS:-$root/data-samples/hk-18-districts-2001-hk1980.geojson}"
extremes="$(dirname "$out")/district-extremes.csv"
python3 "$root/scripts/benchtool.py" projection-extremes "$districts" > "$tmp/extremes.txt"
awk '{ print $3, $2 }' "$tmp/extremes.txt" | cs2cs -f %.12f EPSG:2326 EPSG:4326 | awk '{ print $2, $1 }' > "$tmp/extremes-lonlat.txt"
{
    echo "district,e,n,lon,lat"
    paste -d' ' "$tmp/extremes.txt" "$tmp/extremes-lonlat.txt" | awk '{ printf "%s,%s,%s,%s,%s\n", $1, $2, $3, $4, $5 }'
} > "$extremes"

lines=$(($(wc -l < "$out") - 1))
echo "wrote $lines points to ${out#"$root"/} ($(cs2cs 2>&1 | head -1))"
