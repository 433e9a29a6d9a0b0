#!/usr/bin/env bash
# Benchmarks the map page's first load, then rewrites the "First load" section of docs/benchmarks.md (only the text
# between <!-- firstload:start --> and <!-- firstload:end -->).
#
#   For `/` at its default view, opened in a fresh headless Chromium context (empty cache: a first visit), 1440x900:
#   bytes on the wire (every request until the network is quiet, headers included, as sent: compressed or not) and the
#   time from navigation start to the first rendered feature of a point dataset. Two services on loopback, measured
#   in alternation in the same run: BEFORE, a reference build (default: /work/main's, i.e. main as the lead has it),
#   and AFTER, this worktree's build. Each has its own data directory with the samples imported.
#
# Usage: scripts/bench-firstload.sh        (a few minutes: two first starts import the samples)
#   RUNS=5 PORT=5395 REF_PORT=5396 REF_DIR=/work/main (a repository whose Release build is the reference)
#   SKIP_BUILD=1: use the builds as they are
#   BENCH_RESULTS=FILE (scripts/bench.sh sets it): also append "key<TAB>value" lines for the summary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
port="${PORT:-5395}"
ref_port="${REF_PORT:-5396}"
runs="${RUNS:-5}"
ref_dir="${REF_DIR:-/work/main}"
doc="$root/docs/benchmarks.md"
for tool in curl node python3; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done
[[ -x /usr/bin/chromium ]] || { echo "/usr/bin/chromium not found" >&2; exit 1; }

work="$(mktemp -d /tmp/spatialhub-bench-firstload.XXXXXX)"
pgids=()
cleanup() {
    set +e
    for pgid in "${pgids[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null; done
    for pgid in "${pgids[@]}"; do for _ in $(seq 1 60); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.5; done; done
    remove_embedded_cluster "$work/data-after"
    remove_embedded_cluster "$work/data-before"
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "== build (Release) and the test project, whose build brings Playwright's driver (playwright-core)"
    dotnet build -c Release tests/SpatialHub.Server.Tests -v q -nologo | tail -2
fi
playwright="$root/tests/SpatialHub.Server.Tests/bin/Release/net10.0/.playwright/package"
[[ -f "$playwright/package.json" ]] || { echo "playwright-core not found in $playwright" >&2; exit 1; }
ref_bin="$ref_dir/src/SpatialHub.Server/bin/Release/net10.0/spatialhub"
[[ -x "$ref_bin" ]] || { echo "no reference build at $ref_bin (dotnet build -c Release there first)" >&2; exit 1; }
# The reference binary may be older than its repository's HEAD: name both.
ref_commit="$(git -C "$ref_dir" rev-parse --short HEAD), binary built $(date -u -r "$ref_bin.dll" +%Y-%m-%dT%H:%MZ)"
this_commit="$(git rev-parse --short HEAD)"

# serve BIN PORT NAME: starts a service in its own process group with its own data directory.
serve() {
    local bin=$1 p=$2 name=$3
    setsid "$bin" serve --urls "http://127.0.0.1:$p" "--SpatialHub:DataDirectory=$work/data-$name" \
        --Logging:LogLevel:Default=Warning > "$work/$name.log" 2>&1 &
    pgids+=("$!")
    wait_healthy "http://127.0.0.1:$p/health" "$work/$name.log" "$!" || exit 1
}
echo "== start BEFORE ($ref_commit, $ref_bin) and AFTER ($this_commit); first starts import the samples"
serve "$ref_bin" "$ref_port" before
serve "$root/src/SpatialHub.Server/bin/Release/net10.0/spatialhub" "$port" after

before_url="http://127.0.0.1:$ref_port/"
after_url="http://127.0.0.1:$port/"
echo "== warm-up load of each (tile caches, JIT), not counted"
node scripts/lib/firstload.mjs "$playwright" 1 "$before_url" "$after_url" > /dev/null
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $runs first loads each, alternating (load average $load)"
node scripts/lib/firstload.mjs "$playwright" "$runs" "$before_url" "$after_url" | tee "$work/loads.jsonl"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/loads.jsonl" "$before_url" "$after_url" > "$work/summary.txt" <<'EOF'
import json, statistics, sys
loads = [json.loads(line) for line in open(sys.argv[1])]
def of(url):
    rows = [r for r in loads if r["url"] == url]
    return rows, statistics.median(r["bytes"] for r in rows), statistics.median(r["points"] for r in rows)
(before, bb, bp), (after, ab, ap) = of(sys.argv[2]), of(sys.argv[3])
print(f"before_kb={bb / 1024:.0f}")
print(f"after_kb={ab / 1024:.0f}")
print(f"before_ms={bp:.0f}")
print(f"after_ms={ap:.0f}")
print(f"bytes_ratio={ab / bb:.2f}")
print(f"time_ratio={ap / bp:.2f}")
print(f"before_requests={before[0]['requests']}")
print(f"after_requests={after[0]['requests']}")
print(f"before_ms_all={' '.join(str(r['points']) for r in before)}")
print(f"after_ms_all={' '.join(str(r['points']) for r in after)}")
print("before_largest=" + ", ".join(f"{x['path']} {x['kb']} KB" for x in before[0]["largest"]))
print("after_largest=" + ", ".join(f"{x['path']} {x['kb']} KB" for x in after[0]["largest"]))
EOF
cat "$work/summary.txt"
get() { grep "^$1=" "$work/summary.txt" | cut -d= -f2-; }

section="## First load

\`scripts/bench-firstload.sh\`: \`/\` at its default view (zoom 11 over the harbour, the five sample layers), opened
$runs times in a fresh headless Chromium context (empty cache, as a first visit; 1440×900, WebGL through SwiftShader)
against two services on loopback in the same run, alternating: BEFORE is main's build ($ref_commit), AFTER this
change ($this_commit). Bytes are on the wire from the service (responses as sent, headers included, counted by a TCP relay, so MapLibre's
worker and what it loads count too) until the network is quiet; time is from navigation start to the first drawn feature of a point dataset (point or
cluster). Medians. $(date -u +%Y-%m-%d), $(machine_line); load average $load at the start, $load_after at the end
(2 cores shared by several builds: absolute times are noisy, compare within the run).

| | BEFORE (main) | AFTER | AFTER / BEFORE |
|---|---:|---:|---:|
| bytes on the wire | $(get before_kb) KB ($(get before_requests) requests) | $(get after_kb) KB ($(get after_requests) requests) | $(get bytes_ratio) |
| first points drawn | $(get before_ms) ms | $(get after_ms) ms | $(get time_ratio) |

Each load (ms): BEFORE $(get before_ms_all); AFTER $(get after_ms_all).
Largest transfers, BEFORE: $(get before_largest). AFTER: $(get after_largest).

What changed: wwwroot goes through MapStaticAssets. The build writes a Brotli and a gzip copy of every file (MapLibre
1.1 MB → 242 KB, its worker 0.5 MB → 122 KB) and fingerprints its name; \`/\` and \`/embed\` name the fingerprinted
URLs, directly and through an import map (hash-allowed by the CSP), so the modules and MapLibre's worker are cached
for a year as immutable; the plain names still answer, no-cache with a SHA-256 ETag, and the pages are no-cache. The
district list already came from \`/api/zones/districts/labels\` (about 3 KB) on both sides. Goal from issue 17: under
700 KB and points within 1 s on localhost."
replace_section firstload "$doc" "$section"
if [[ -n "${BENCH_RESULTS:-}" ]]; then
    printf 'firstload_kb\t%s\nfirstload_points_ms\t%s\n' "$(get after_kb)" "$(get after_ms)" >> "$BENCH_RESULTS"
fi
echo "== docs/benchmarks.md updated (First load)"
