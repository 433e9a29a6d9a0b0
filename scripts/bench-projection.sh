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
section=$(benchtool projection-report "$report" "$points" "$cs2cs_4326" "$cs2cs_3857" "$reps" "$proj_version" "${BENCH_RESULTS:-}"
)

# 5. Replace only the marked block (append it, with a title, if the file or the markers are missing).
replace_section reprojection "$doc" "$section"
echo "updated ${doc#"$root"/}"
sed -n '/reprojection:start/,/reprojection:end/p' "$doc"
