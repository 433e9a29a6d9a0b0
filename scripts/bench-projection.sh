#!/usr/bin/env bash
# Times reprojection of the same 1,000,000 HK1980 Grid points with PROJ's cs2cs and with SpatialHub
# (BenchmarkDotNet, tests/SpatialHub.Benchmarks/Projection), then rewrites the "Reprojection" section of
# docs/benchmarks.md: only the text between <!-- reprojection:start --> and <!-- reprojection:end -->.
#
# Usage: scripts/bench-projection.sh            (about 2-4 minutes on 2 cores)
#   REPS=5 (cs2cs repetitions; the median is reported)  POINTS=1000000
#   BENCH_RESULTS=FILE (scripts/bench.sh sets it): also append "key<TAB>value" lines for the summary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
points="${POINTS:-1000000}"
reps="${REPS:-5}"
work="$root/BenchmarkDotNet.Artifacts/projection"   # git-ignored
doc="$root/docs/benchmarks.md"
mkdir -p "$work" "$(dirname "$doc")"

command -v cs2cs >/dev/null || { echo "cs2cs not found (apt-get install proj-bin)" >&2; exit 1; }

# 1. The points, once: "northing easting" (cs2cs's EPSG:2326 axis order), uniform over
#    E 800000-870000, N 800000-848000, from a fixed-seed LCG so every run uses the same file.
points_file="$work/points-2326-ne.txt"
awk -v n="$points" 'BEGIN {
    seed = 42; m = 2147483648;
    for (i = 0; i < n; i++) {
        seed = (1103515245 * seed + 12345) % m; e = 800000 + 70000 * seed / m;
        seed = (1103515245 * seed + 12345) % m; nn = 800000 + 48000 * seed / m;
        printf "%.3f %.3f\n", nn, e;
    }
}' > "$points_file"
echo "points: $(wc -l < "$points_file") in ${points_file#"$root"/}"

# 2. cs2cs, several repetitions each, median wall-clock seconds (text in, text out, like the CLI verb).
time_cs2cs() { # target format
    local i times=()
    for ((i = 0; i < reps; i++)); do
        local start end
        start=$(date +%s.%N)
        cs2cs -f "$2" EPSG:2326 "$1" < "$points_file" > /dev/null
        end=$(date +%s.%N)
        times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }')")
    done
    echo "cs2cs EPSG:2326 -> $1: ${times[*]} s" >&2
    printf '%s\n' "${times[@]}" | median
}
cs2cs_4326=$(time_cs2cs EPSG:4326 %.9f)
cs2cs_3857=$(time_cs2cs EPSG:3857 %.4f)

# 3. BenchmarkDotNet (Monitoring strategy, 2 warm-ups + 7 iterations, one process).
SPATIALHUB_PROJECTION_POINTS="$points_file" dotnet run -c Release --project tests/SpatialHub.Benchmarks -- \
    --filter '*ReprojectionBenchmarks*' --exporters json --artifacts "$work/bdn" --join
report=$(ls -t "$work"/bdn/results/*-report-full-compressed.json | head -1)

# 4. The section.
proj_version=$(cs2cs 2>&1 | head -1 | sed 's/^Rel\. //; s/,.*//')
section=$(python3 - "$report" "$points" "$cs2cs_4326" "$cs2cs_3857" "$reps" "$proj_version" "${BENCH_RESULTS:-}" <<'PY'
import json, sys, statistics
report, points, cs4326, cs3857, reps, proj = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
results = sys.argv[7]
runs = {b["Method"]: b for b in json.load(open(report))["Benchmarks"]}
def seconds(method):
    return statistics.median(runs[method]["Statistics"]["OriginalValues"]) / 1e9
def alloc(method):
    m = runs[method].get("Memory") or {}
    return m.get("BytesAllocatedPerOperation")
env = json.load(open(report))["HostEnvironmentInfo"]
rows = [
    ("2326 → 3857", "`Reprojector.Transform(Span, Span)`, in memory", seconds("Bulk2326To3857"), cs3857, alloc("Bulk2326To3857")),
    ("2326 → 4326", "`Reprojector.Transform(Span, Span)`, in memory", seconds("Bulk2326To4326"), cs4326, alloc("Bulk2326To4326")),
    ("2326 → 4326", "`CoordinateTextTransformer`, in-memory text to `TextWriter.Null`", seconds("Text2326To4326"), cs4326, alloc("Text2326To4326")),
]
print("## Reprojection")
print()
print(f"{points:,} HK1980 Grid points spread over Hong Kong, generated once per run by `scripts/bench-projection.sh`, which wrote this section.")
print(f"SpatialHub: BenchmarkDotNet {env.get('BenchmarkDotNetVersion', '')}, median of 7 iterations after 2 warm-ups (one invocation each).")
print(f"cs2cs: median wall-clock time of {reps} runs, `cs2cs -f %.9f` (degrees) or `-f %.4f` (metres), reading the points file and writing to /dev/null.")
print()
print("| direction | SpatialHub | SpatialHub points/s | cs2cs points/s | ratio (SpatialHub / cs2cs) | SpatialHub allocated |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for direction, how, ours, theirs, allocated in rows:
    a = "n/a" if allocated is None else f"{allocated:,} B"
    print(f"| {direction} | {how} | {points / ours:,.0f} | {points / theirs:,.0f} | {theirs / ours:.1f}× | {a} |")
print()
print("The bulk rows time the transform alone (arrays already in memory); cs2cs always parses and prints text, "
      "so the text row is the like-for-like comparison with it.")
print()
if results:
    with open(results, "a") as f:
        for key, (_, _, ours, theirs, _) in zip(("proj_bulk3857", "proj_bulk4326", "proj_text4326"), rows):
            f.write(f"{key}_sh\t{points / ours}\n{key}_ref\t{points / theirs}\n")
print(f"Machine: {env.get('ProcessorName', '?').strip()}, {env.get('LogicalCoreCount', '?')} logical cores, "
      f"{env.get('OsVersion', '?')}, {env.get('RuntimeVersion', '?')}; cs2cs from PROJ {proj}.")
PY
)

# 5. Replace only the marked block (append it, with a title, if the file or the markers are missing).
replace_section reprojection "$doc" "$section"
echo "updated ${doc#"$root"/}"
sed -n '/reprojection:start/,/reprojection:end/p' "$doc"
