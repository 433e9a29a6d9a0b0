#!/usr/bin/env bash
# What the import's data-quality checks cost: `spatialhub import` of the import benchmark's synthetic file with the
# checks on and off (SpatialHub__Quality__Enabled=false), alternating, in the same run against the same embedded
# PostGIS; then the same rows with WGS84 latitude/longitude columns added (PROJ's cs2cs), so that the coordinate-pair
# cross-check runs on every row too. Medians of REPS; peak resident memory. Rewrites the "Quality checks" section
# of docs/benchmarks.md (between <!-- quality:start --> and <!-- quality:end -->). Goal: checks add at most 20 %.
#
# Usage: scripts/bench-quality.sh        ROWS=1500000  REPS=3  SPATIALHUB_BIN=PATH (an already published spatialhub)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh

rows="${ROWS:-1500000}"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
reps="${REPS:-3}"
work="$root/BenchmarkDotNet.Artifacts/quality"   # git-ignored
rm -rf "$work" && mkdir -p "$work"
if [[ -n "${SPATIALHUB_BIN:-}" ]]; then
  spatialhub="$SPATIALHUB_BIN"
else
  dotnet publish src/SpatialHub.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/bin" --nologo -v quiet >/dev/null
  spatialhub="$work/bin/spatialhub"
fi

data="$work/data"
serve_empty "$spatialhub"

# The import benchmark's file (benchtool import-data, as scripts/bench-import.sh makes it).
en="$work/synthetic-hk1980.csv"
benchtool import-data "$rows" "$en"
# The same rows with Latitude/Longitude from PROJ (cs2cs takes EPSG:2326 as northing, easting).
both="$work/synthetic-both.csv"
tail -n +2 "$en" | awk -F, '{ print $5, $4 }' | cs2cs -f %.9f EPSG:2326 EPSG:4326 | awk '{ print $1 "," $2 }' > "$work/latlon.txt"
{ echo "id,name,category,Easting,Northing,value,Latitude,Longitude"; tail -n +2 "$en" | paste -d, - "$work/latlon.txt"; } > "$both"

run_timed() { local out=$1; shift; /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }; cat "$work/time.txt" >> "$out"; }
bench_file() { # name file
  local name=$1 file=$2
  : > "$work/$name.on"; : > "$work/$name.off"
  for _ in $(seq 1 "$reps"); do
    run_timed "$work/$name.off" env SpatialHub__Quality__Enabled=false "$spatialhub" import "$file" --dataset "quality-$name" --data-dir "$data"
    run_timed "$work/$name.on" "$spatialhub" import "$file" --dataset "quality-$name" --data-dir "$data"
  done
  grep '^Quality:' "$work/last.log" > "$work/$name.summary" || true
}
bench_file en "$en"
bench_file both "$both"

row() { # name label
  local name=$1 label=$2 on off on_mem off_mem on_cpu off_cpu
  off=$(cut -d' ' -f1 "$work/$name.off" | median); on=$(cut -d' ' -f1 "$work/$name.on" | median)
  off_cpu=$(awk '{ print $3 + $4 }' "$work/$name.off" | median); on_cpu=$(awk '{ print $3 + $4 }' "$work/$name.on" | median)
  off_mem=$(cut -d' ' -f2 "$work/$name.off" | sort -g | tail -1); on_mem=$(cut -d' ' -f2 "$work/$name.on" | sort -g | tail -1)
  awk -v label="$label" -v n="$rows" -v on="$on" -v off="$off" -v oc="$on_cpu" -v fc="$off_cpu" -v om="$on_mem" -v fm="$off_mem" 'BEGIN {
    added = (on / off - 1) * 100
    printf "| %s | %d | %.2f s | %.2f s | **%+.1f %%** | %s | %.1f s | %.1f s | %+.1f %% | %.0f MB | %.0f MB |\n",
      label, n, off, on, added, (added <= 20 ? "met" : "**missed**"), fc, oc, (oc / fc - 1) * 100, fm / 1024, om / 1024 }'
}
section="$(cat <<MD
## Quality checks

\`scripts/bench-quality.sh\` (ROWS=$rows, REPS=$reps) on $(machine_line).
\`spatialhub import\` end to end (process start included) with the data-quality checks off
(\`SpatialHub__Quality__Enabled=false\`) and on, alternating against the same embedded PostGIS, $reps repetitions,
median wall-clock time, and the import process's own CPU time (user + system, which other work on the machine moves
less than wall-clock time); memory is the largest peak resident set. Goal: the checks add at most 20 %.
Load average at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg).

| file | rows | checks off | checks on | added | goal | CPU off | CPU on | CPU added | peak RSS off | peak RSS on |
| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |
$(row en "import benchmark file (Easting/Northing)")
$(row both "same rows + Latitude/Longitude (pair cross-check on every row)")

With the checks on, every row goes through the round-number test and the per-field profile (empty values, source
types, distinct texts up to 500 per field) and appends its position to the duplicate search (16 bytes), which runs
once after reading on the points sorted by cell; in the second file each row's latitude/longitude is also compared
with the geometry's own WGS84 position by arithmetic (rows near or beyond the tolerance are reprojected onto HK1980
Grid for the exact figure). No polygon layer is in the benchmark database, so the zone check (SQL after load) finds
no zone field and adds one catalog query. Summaries printed by the last runs:
$(sed 's/^/- /' "$work/en.summary" "$work/both.summary")
MD
)"
replace_section quality docs/benchmarks.md "$section"
sed -n '/quality:start/,/quality:end/p' docs/benchmarks.md
