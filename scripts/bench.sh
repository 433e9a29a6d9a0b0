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

python3 - "$doc" "$results" "$quick" "$only" "$(machine_line)" "$versions" "$load_start" "$load_end" "$minutes" \
    "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + local changes')" <<'PY'
import os, re, sys
doc, results, quick, only, machine, versions, load_start, load_end, minutes, commit = sys.argv[1:]
r = {}
for line in open(results):
    if "\t" in line:
        k, v = line.rstrip("\n").split("\t", 1)
        r[k] = v
def f(k): return float(r[k]) if k in r else None
text = open(doc).read() if os.path.exists(doc) else ""
# Every marked section the file holds, in order (those of scripts run on their own, such as scaleout, stay too).
sections = {m.group(1): m.group(0) for m in re.finditer(r"<!-- ([a-z]+):start -->.*?<!-- \1:end -->", text, re.S)
            if m.group(1) != "summary"}

rows = []
def row(measure, ours, ref, ratio, goal, ok, unit_ours, unit_ref):
    if ours is None or ref is None:
        rows.append(f"| {measure} | not run | not run | | {goal} | |")
        return
    rows.append(f"| {measure} | {unit_ours} | {unit_ref} | {ratio} | {goal} | {'met' if ok else '**missed**'} |")
def higher(measure, k, goal_x, unit, fmt="{:,.0f}"):
    a, b = f(k + "_sh"), f(k + "_ref")
    if a is None or b is None: return row(measure, None, None, "", f"≥ {goal_x:g}×", False, "", "")
    row(measure, a, b, f"{a / b:.2f}×", f"≥ {goal_x:g}×", a / b >= goal_x, fmt.format(a) + " " + unit, fmt.format(b) + " " + unit)
def lower(measure, k, goal_x):
    a, b = f(k + "_sh"), f(k + "_ref")
    if a is None or b is None: return row(measure, None, None, "", f"≤ {goal_x:g}×", False, "", "")
    row(measure, a, b, f"{a / b:.2f}×", f"≤ {goal_x:g}×", a / b <= goal_x, f"{a:.2f} ms", f"{b:.2f} ms")
def memory(measure, ours_kb, ref_kb, ref_name):
    a, b = f(ours_kb), f(ref_kb)
    if a is None or b is None: return row(measure, None, None, "", "≤ 300 MB", False, "", "")
    row(measure, a, b, f"{a / b:.2f}×", "≤ 300 MB", a <= 300 * 1024, f"{a / 1024:.0f} MB", f"{b / 1024:.0f} MB ({ref_name})")

higher("Warm tiles, requests/s (wrk; reference nginx, same bytes from disk)", "warm_rps", 1.0, "req/s")
if f("warm_bps_sh") is not None:
    a, b = f("warm_bps_sh"), f("warm_bps_ref")
    rows.append(f"| Warm tiles, bytes/s | {a / 1e6:.1f} MB/s | {b / 1e6:.1f} MB/s | {a / b:.2f}× | (follows requests/s) | |")
lower("Cold tiles p50 (reference: the same SQL in psql)", "cold_p50", 1.2)
lower("Cold tiles p99", "cold_p99", 1.2)
synthetic_rows = int(f("import_synthetic_rows") or 1_500_000)
higher(f"Import, {synthetic_rows:,} synthetic HK1980 rows, rows/s (reference ogr2ogr)", "import_synthetic", 2.0, "rows/s")
higher("Import, Wi-Fi.HK sample (5,430 rows), rows/s", "import_wifi", 2.0, "rows/s")
higher("Reprojection 2326 → 4326, text in and out, points/s (reference cs2cs)", "proj_text4326", 1.0, "pts/s")
higher("Reprojection 2326 → 4326, in memory, points/s", "proj_bulk4326", 1.0, "pts/s")
higher("Reprojection 2326 → 3857, in memory, points/s", "proj_bulk3857", 1.0, "pts/s")
higher("Cached raster tile, requests/s (reference: cached vector tile of the same address)", "raster_warm_rps", 0.8, "req/s")
lower("Cold raster tile p50 (reference: cold vector tile of the same address)", "raster_cold_p50", 3)
if f("static_p50") is not None:
    rows.append(f"| Static map 1024×768, p50 / p99 | {f('static_p50'):.0f} / {f('static_p99'):.0f} ms | | | (reported) | |")
lower("Uncached wifi-hk tiles p50 (reference: MapServer 8, FastCGI behind nginx)", "mapserver_cold_p50", 1.0)
higher("Warm wifi-hk tiles, requests/s (reference: MapServer 8, which renders each)", "mapserver_warm_rps", 1.0, "req/s")
lower("OGC API items?limit=1000 p50 (reference: MapServer 8)", "mapserver_items", 1.0)
memory("Peak RSS of the server under the warm load (VmHWM)", "serve_hwm_kb", "nginx_hwm_kb", "nginx, all processes")
memory(f"Peak RSS of an import of {synthetic_rows:,} rows (/usr/bin/time %M)", "import_synthetic_sh_rss_kb", "import_synthetic_ref_rss_kb", "ogr2ogr")

scale = ""
if "scale_sizes" in r:
    labels = r["scale_sizes"].split()
    zs = sorted({int(m.group(1)) for k in r for m in [re.match(r"scale_z(\d+)_slope", k)] if m})
    def count(l): return int(l[:-1]) * (1_000_000 if l[-1] == "m" else 1_000) if l[-1] in "km" else int(l)
    scale = (f"Scale curve ({count(labels[0]):,} → {count(labels[-1]):,} points): import {f('scale_import_' + labels[0]):.1f} s → {f('scale_import_' + labels[-1]):.1f} s; cold tile p50 "
             + ", ".join(f"z{z} {f(f'scale_z{z}_p50_first'):.1f} → {f(f'scale_z{z}_p50_last'):.1f} ms (∝ n^{f(f'scale_z{z}_slope'):.2f})" for z in zs)
             + ". Details and the explanation in [Scale](#scale).")

parts = [p for p in ("projection", "import", "tiles", "scale", "raster", "mapserver") if f"minutes_{p}" in r]
timing = ", ".join(f"{p} {r['minutes_' + p]} min" for p in parts)
notes_list = []
def ratio(k): return f(k + "_sh") / f(k + "_ref") if f(k + "_sh") is not None and f(k + "_ref") else None
if ratio("warm_rps") is not None and ratio("warm_rps") < 1.0:
    notes_list.append(f"**Warm tiles miss** ({ratio('warm_rps'):.2f}× nginx): a cached tile is answered from memory with no database "
        "round trip, so what is left is ASP.NET Core's per-request work (routing, parsing, content negotiation, ETag and headers) "
        "against nginx's sendfile of a static file, with wrk taking its share of the same two cores. See [Tiles](#tiles).")
if ratio("warm_rps") is not None and abs(ratio("warm_rps") - 1.0) < 0.03:
    notes_list.append(f"**Warm tiles: both servers gave the same requests/s** (within 3%): in this run something outside the "
        "two servers set the ceiling (wrk and both servers share the two cores with whatever else runs on the machine; see the "
        "load average above and the p99 latencies in [Tiles](#tiles)), so this ratio cannot tell them apart; repeat on a "
        "quieter machine before reading it as parity.")
for p in ("p50", "p99"):
    x = ratio(f"cold_{p}")
    if x is not None and x > 1.2:
        notes_list.append(f"**Cold tiles {p} misses** ({x:.2f}× raw SQL): per tile the service pays a fixed cost the bare statement "
            "does not (the HTTP exchange, routing and the cache bookkeeping around the render), and most tiles in the list render in "
            "about a millisecond, so that fixed cost is most of the difference; the ratio moves from run to run with the machine's "
            "other load. See [Tiles](#tiles).")
x = ratio("import_synthetic")
if x is not None:
    if x >= 2.0:
        notes_list.append(f"**Import meets its goal on the synthetic file** ({x:.2f}× ogr2ogr at {synthetic_rows:,} rows) while doing more work "
            "(validation, two reprojected geometry columns, primary key, atomic switch). On smaller files the fixed costs "
            "(process start, opening the database, index build, the catalog switch) weigh more and the ratio falls: about 1× "
            "at 100,000 rows in earlier runs, and below 1× on the 5,430-row file (next note).")
    else:
        notes_list.append(f"**Import misses on the synthetic file** ({x:.2f}× ogr2ogr at {synthetic_rows:,} rows). See [Import](#import).")
w = ratio("import_wifi")
if w is not None and w < 2.0:
    startup = f("import_startup_s")
    notes_list.append(f"**Import misses on the small Wi-Fi.HK file** ({w:.2f}×): 5,430 rows take ogr2ogr "
        f"{5430 / f('import_wifi_ref'):.2f} s in all, and a spatialhub command that only starts and opens the embedded database "
        f"(`connection-info`) already takes {startup:.2f} s (.NET runtime start, configuration, cluster check and schema check), "
        "so on files this small the ratio measures start-up, not import throughput. Not fixed here.")
for k, label in (("serve_hwm_kb", "server under the warm load"), ("import_synthetic_sh_rss_kb", "import")):
    if f(k) is not None and f(k) > 300 * 1024:
        notes_list.append(f"**Memory of the {label} misses** ({f(k) / 1024:.0f} MB > 300 MB).")
notes = "\n\n".join(notes_list)
header = f"""# Benchmarks

Regenerated by **`scripts/bench.sh`** (one command; about 6–10 minutes on 2 cores), which runs every benchmark on the local machine:
`scripts/bench-projection.sh`, `scripts/bench-import.sh`, `scripts/bench-tiles.sh`, `scripts/bench-scale.sh`, `scripts/bench-raster.sh` and `scripts/bench-mapserver.sh`, then writes this summary.
Each script alternates SpatialHub with its reference, repeats, and quotes medians; each also runs on its own and rewrites only its
section. Options are environment variables: `QUICK=1` for a short smoke run of the harness, `ONLY="tiles scale"` for some parts,
and each script's own (`REPS`, `ROWS`, `DURATION`, `SIZES`, `ROUNDS`, …; see the comments at the top of each script).
The benchmark is not part of the test command.

Machine: {machine}; {versions}. SpatialHub at commit {commit}.
This run: {minutes} min ({timing}); load average (1, 5, 15 min) {load_start} at the start and {load_end} at the end.
Everything (the service, PostgreSQL, the references and the load generators) shares the same 2 cores, and other work on the
machine during the run (other engineers' builds and tests here) moves the figures; ratios are from the same run, contenders alternating."""
if quick == "1":
    header += "\n\n**QUICK=1 smoke run: small sizes and single repetitions; these figures only show that the harness works.**"
summary = "\n".join([
    "<!-- summary:start -->",
    "## Summary",
    "",
    "| measure | SpatialHub | reference (same run) | ratio | goal | |",
    "| --- | ---: | ---: | ---: | --- | --- |",
    *rows,
    "",
    *( [scale, ""] if scale else [] ),
    *( [notes, ""] if notes else [] ),
    "<!-- summary:end -->",
])
out = [header, summary] + list(sections.values())
open(doc, "w").write("\n\n".join(out) + "\n")
PY
echo "== docs/benchmarks.md"
sed -n '1,/summary:end/p' "$doc"
