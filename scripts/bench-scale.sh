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
    python3 - "$largest" "$sigma" "$stream" \
        "$root/data-samples/wifi-hk-fixed-locations-2023.csv" "$root/data-samples/hyd-lampposts-central-western-eastern.csv" <<'PY'
import csv, math, random, sys
n, sigma, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
anchors = []
for path in sys.argv[4:]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            try:
                anchors.append((float(row["Latitude"]), float(row["Longitude"])))
            except (KeyError, ValueError):
                pass
rng = random.Random(2023)
categories = ["hotspot", "lamppost", "kiosk", "sensor", "camera"]
gauss, choice, randint = rng.gauss, rng.choice, rng.randint
metres_per_degree = 111_320.0
with open(out + ".tmp", "w") as f:
    f.write("id,name,category,Latitude,Longitude,value\n")
    lines = []
    for i in range(1, n + 1):
        lat, lon = choice(anchors)
        lat += gauss(0, sigma) / metres_per_degree
        lon += gauss(0, sigma) / (metres_per_degree * math.cos(math.radians(lat)))
        lines.append(f"{i},point {i},{categories[i % 5]},{lat:.7f},{lon:.7f},{randint(0, 1000)}\n")
        if len(lines) == 100_000:
            f.writelines(lines); lines.clear()
    f.writelines(lines)
print(f"{len(anchors)} real positions, {n} points")
PY
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
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { cat "$run/serve.log" >&2; echo "service did not start" >&2; exit 1; }

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
python3 - "$run/points-$(label "$smallest").csv" "$per_zoom" $zooms > "$run/tiles.txt" <<'PY'
import csv, hashlib, math, sys
path, per_zoom, zooms = sys.argv[1], int(sys.argv[2]), [int(z) for z in sys.argv[3:]]
R = 20037508.342789244
tiles = {z: set() for z in zooms}
with open(path, newline="") as f:
    for row in csv.DictReader(f):
        lat, lon = float(row["Latitude"]), float(row["Longitude"])
        x = lon * R / 180.0
        y = math.log(math.tan((90.0 + lat) * math.pi / 360.0)) * R / math.pi
        for z in zooms:
            size = 2 * R / 2 ** z
            tiles[z].add((math.floor((x + R) / size), math.floor((R - y) / size)))
for z in zooms:
    picked = sorted(tiles[z], key=lambda t: hashlib.md5(f"{z}/{t[0]}/{t[1]}".encode()).hexdigest())[:per_zoom]
    for x, y in picked:
        print(z, x, y)
PY
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
python3 - "$stream" "$run/tiles.txt" $sizes > "$run/points-per-tile.txt" <<'PY2'
import math, sys
stream, tiles_path, sizes = sys.argv[1], sys.argv[2], sorted(int(s) for s in sys.argv[3:])
R = 20037508.342789244
wanted = {}
for line in open(tiles_path):
    z, x, y = map(int, line.split())
    wanted.setdefault(z, set()).add((x, y))
counts = {(z, t): 0 for z in wanted for t in wanted[z]}
with open(stream) as f:
    next(f)
    i, boundary = 0, 0
    for line in f:
        parts = line.split(",")
        lat, lon = float(parts[3]), float(parts[4])
        x = lon * R / 180.0
        y = math.log(math.tan((90.0 + lat) * math.pi / 360.0)) * R / math.pi
        for z, ts in wanted.items():
            size = 2 * R / 2 ** z
            t = (math.floor((x + R) / size), math.floor((R - y) / size))
            if t in ts:
                counts[(z, t)] += 1
        i += 1
        while boundary < len(sizes) and i == sizes[boundary]:
            for (z, t), c in counts.items():
                print(sizes[boundary], z, t[0], t[1], c)
            boundary += 1
        if boundary == len(sizes):
            break
PY2

echo "== write docs/benchmarks.md"
section=$(python3 - "$run" "$sigma" "$rounds" "$import_reps" "$per_zoom" "$database_mb" "$server_hwm_kb" "${BENCH_RESULTS:-}" "$over_budget" \
    "$(machine_line)" "${labels[@]}" <<'PY'
import math, os, statistics, sys
run, sigma, rounds, import_reps, per_zoom, database_mb, server_hwm_kb, results, over_budget, machine, *labels = sys.argv[1:]
def size_of(l): return int(l[:-1]) * (1_000_000 if l.endswith("m") else 1_000) if l[-1] in "km" else int(l)
def pct(values, p):
    values = sorted(values); k = (len(values) - 1) * p / 100
    f = int(k); c = min(f + 1, len(values) - 1)
    return values[f] + (values[c] - values[f]) * (k - f)
imports, tiles, in_tile = {}, {}, {}
for line in open(os.path.join(run, "points-per-tile.txt")):
    n, z, x, y, c = map(int, line.split())
    in_tile.setdefault((n, z), []).append(c)
for l in labels:
    runs = [tuple(map(float, line.split())) for line in open(os.path.join(run, f"import-{l}.txt")) if line.strip()]
    imports[l] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs) / 1024)
    for line in open(os.path.join(run, f"tiles-{l}.txt")):
        z, ms, status, nbytes = line.split()
        tiles.setdefault((l, int(z)), []).append((float(ms), int(status), int(nbytes)))
zooms = sorted({z for _, z in tiles})
tile_list = [tuple(map(int, line.split())) for line in open(os.path.join(run, "tiles.txt")) if line.strip()]
def densest(l, z):
    """The tile of zoom z with the most points in set l, its points and its median time over the rounds."""
    n = size_of(l)
    counts = {}
    for line in open(os.path.join(run, "points-per-tile.txt")):
        nn, zz, x, y, c = map(int, line.split())
        if nn == n and zz == z:
            counts[(x, y)] = c
    times = {}
    lines = [line.split() for line in open(os.path.join(run, f"tiles-{l}.txt")) if line.strip()]
    for i, parts in enumerate(lines):
        tz, tx, ty = tile_list[i % len(tile_list)]
        if tz == z:
            times.setdefault((tx, ty), []).append(float(parts[1]))
    (x, y), c = max(counts.items(), key=lambda kv: kv[1])
    return x, y, c, statistics.median(times[(x, y)])
def tile_median(l, z, x, y):
    lines = [line.split() for line in open(os.path.join(run, f"tiles-{l}.txt")) if line.strip()]
    return statistics.median(float(p[1]) for i, p in enumerate(lines) if tile_list[i % len(tile_list)] == (z, x, y))
counts = {z: len(tiles[(labels[0], z)]) // int(rounds) for z in zooms}
bad = sorted({s for v in tiles.values() for _, s, _ in v if s not in (200, 204)})
out = []
w = out.append
w("## Scale")
w("")
w(f"Written by `scripts/bench-scale.sh` on {machine}.")
w(f"Synthetic points drawn around the {'real'} Wi-Fi.HK and lamppost positions of `data-samples/` (a real position chosen at random, "
  f"jittered by a Gaussian of {sigma} m per axis, seed 2023; each smaller set is the first rows of the larger one). "
  f"Import: `spatialhub import` end to end (ReadyToRun, process start included), {import_reps} run(s) per size. "
  f"Tiles: the service with `SpatialHub:Tiles:MemoryCacheMegabytes=0`, "
  + ", ".join(f"{counts[z]} data-bearing z{z} tiles" for z in zooms)
  + f" (the same tiles for every size), each requested once per round over one keep-alive curl connection, no compression; "
  f"one warm-up pass per size, then {rounds} rounds with the sizes alternating; p50/p99 of the {rounds} × tiles samples.")
w("")
pyramid_size = {parts[0]: (float(parts[1]), int(parts[2])) for parts in (line.split() for line in open(os.path.join(run, "pyramid-size.txt"))) if len(parts) == 3}
def pyramid_cells(l):
    p = os.path.join(run, f"pyramid-{l}.txt"); secs = [float(x) for x in open(p).read().split()] if os.path.exists(p) else []
    build = f"{statistics.median(secs):.2f} s" if secs else "none"
    mb, rows = pyramid_size.get(l, (None, None))
    return f"{build} | " + (f"{mb:.1f} MB, {rows:,} cells" if mb is not None else "none")
w("| points | import | rows/s | import peak RSS | cluster pyramid build (inside the import) | pyramid size |")
w("| ---: | ---: | ---: | ---: | ---: | ---: |")
for l in labels:
    n = size_of(l); sec, mb = imports[l]
    w(f"| {n:,} | {sec:.1f} s | {n / sec:,.0f} | {mb:.0f} MB | {pyramid_cells(l)} |")
w("")
w("| zoom | points | points per tile (mean) | p50 | p99 | mean tile size | µs per point in the tile (mean time / mean points) |")
w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for z in zooms:
    for l in labels:
        n = size_of(l); v = tiles[(l, z)]; ms = [m for m, _, _ in v]
        pts = statistics.mean(in_tile.get((n, z), [0]))
        per_point = f"{statistics.mean(ms) * 1000 / pts:.2f}" if pts else "n/a"
        w(f"| z{z} | {n:,} | {pts:,.0f} | {pct(ms, 50):.1f} ms | {pct(ms, 99):.1f} ms | {statistics.mean(b for _, _, b in v) / 1024:.0f} KB | {per_point} |")
w("")
first, last = labels[0], labels[-1]
n0, n1 = size_of(first), size_of(last)
growth = []
for z in zooms:
    a = pct([m for m, _, _ in tiles[(first, z)]], 50); b = pct([m for m, _, _ in tiles[(last, z)]], 50)
    slope = math.log(b / a) / math.log(n1 / n0) if a > 0 and b > 0 and n1 > n0 else float("nan")
    growth.append((z, a, b, slope))
w(f"Growth from {n0:,} to {n1:,} points ({n1 // n0:,}× the data): "
  + "; ".join(f"z{z} p50 {a:.1f} → {b:.1f} ms ({b / a:.1f}×, cost ∝ n^{s:.2f})" for z, a, b, s in growth)
  + f". Import: {imports[first][0]:.1f} s → {imports[last][0]:.1f} s ({(n1 / imports[last][0]):,.0f} rows/s at {n1:,}). "
  f"The {n1:,}-point table with its indexes takes {database_mb} MB in PostgreSQL; "
  f"the service's peak resident set after all the rounds was {int(server_hwm_kb) / 1024:.0f} MB (VmHWM).")
if bad:
    w("")
    w(f"Unexpected HTTP statuses during the rounds: {bad}.")
w("")
def per_point(l, z):
    pts = statistics.mean(in_tile.get((size_of(l), z), [0]))
    return statistics.mean(m for m, _, _ in tiles[(l, z)]) * 1000 / pts if pts else float("nan")
def pts(l, z): return statistics.mean(in_tile.get((size_of(l), z), [0]))
clustered = [z for z in zooms if z < 14]
raw = [z for z in zooms if z >= 14]
w("How cost grows, and why. The tiles are fixed and every set covers the same real positions, so a larger set puts more "
  "points into the same tiles: the points per tile grow in proportion to the data (column \"points per tile\"). The GiST "
  "index on `geom_3857` keeps *finding* a tile's points cheap (its depth grows with log n), but at raw-point zooms every "
  "point found is still read from the table and encoded, so per tile the cost follows the number of points in it, not the "
  "size of the table; the last column, time per point in the tile, shows whether the work per point stays flat. Clustered "
  "zooms read the cluster pyramid instead, whose cells per tile are bounded.")
w("")
if clustered:
    w("- " + ", ".join(f"z{z}" for z in clustered) + " (clustered below `ClusterBelowZoom` 14): read from the dataset's cluster "
      "pyramid, aggregated once at import (one row per non-empty cell per level, `src/SpatialHub.PostGis/Tiles/ClusterPyramid.cs`), "
      "so a tile reads at most its 64 × 64 cells whatever the points under them: "
      + "; ".join(f"z{z} {pts(first, z):,.0f} → {pts(last, z):,.0f} points per tile, p50 {pct([m for m, _, _ in tiles[(first, z)]], 50):.1f} → {pct([m for m, _, _ in tiles[(last, z)]], 50):.1f} ms" for z in clustered)
      + ". The densest tile at " + f"{n1:,}" + " points: "
      + "; ".join(f"z{z}/{d[0]}/{d[1]} with {d[2]:,} points, median " + (f"{d[3] / 1000:.1f} s" if d[3] >= 1000 else f"{d[3]:.1f} ms") for z in clustered for d in [densest(last, z)])
      + ". The same densest tile at " + f"{n0:,}" + " points: "
      + "; ".join(f"z{z} {tile_median(first, z, d[0], d[1]):.1f} → {d[3]:.1f} ms ({d[3] / tile_median(first, z, d[0], d[1]):.2f}×, goal ≤ 2×)" for z in clustered for d in [densest(last, z)])
      + ". What still grows is the number of non-empty cells (at most 4,096 per tile), until the area is full.")
if raw:
    w("- " + ", ".join(f"z{z}" for z in raw) + " (raw points): no aggregation, but every point in the tile is encoded and sent, so "
      "the tile's bytes grow with the density ("
      + ", ".join(f"z{z} {statistics.mean(b for _, _, b in tiles[(first, z)]) / 1024:.0f} KB → {statistics.mean(b for _, _, b in tiles[(last, z)]) / 1024:.0f} KB" for z in raw)
      + (") and a tile over the 500 KB budget would be rendered again with less detail (none was in this run); " if over_budget == "0" else
         f") and {over_budget} render(s) went over the 500 KB budget and were redone with less detail; ")
      + "; ".join(f"z{z} {per_point(first, z):.2f} → {per_point(last, z):.2f} µs per point" for z in raw)
      + ". \"Flat per tile\" holds for a constant number of points per tile (a bigger area, not a denser one).")
w("")
w(f"Over-budget renders counted by the service during the run (`spatialhub_tiles_over_budget_total`): {over_budget}.")
print("\n".join(out))
if results:
    with open(results, "a") as f:
        f.write(f"scale_sizes\t{' '.join(labels)}\n")
        for l in labels:
            f.write(f"scale_import_{l}\t{imports[l][0]}\n")
        for z, a, b, s in growth:
            f.write(f"scale_z{z}_p50_first\t{a}\nscale_z{z}_p50_last\t{b}\nscale_z{z}_slope\t{s}\n")
PY
)
replace_section scale "$doc" "$section"
sed -n '/scale:start/,/scale:end/p' "$doc"
