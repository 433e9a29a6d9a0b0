#!/usr/bin/env bash
# Soak: a few minutes of mixed load (tiles, raster tiles and static maps, features, search, catalog) on `spatialhub serve` with wrk, sampling the
# process's resident memory (VmRSS) every few seconds. Fails when memory keeps growing: the mean of the last third
# of the samples more than GROWTH_LIMIT percent above the mean of the middle third (the first third is warm-up:
# caches filling, the JIT, the GC sizing its heaps). Not part of the test command.
#
# Usage: scripts/soak.sh               (about 4 minutes; needs curl, wrk, python3)
#   DURATION=180 CONNECTIONS=32 THREADS=2 SAMPLE_SECONDS=5 GROWTH_LIMIT=10 PORT=5393 WRITE_DOCS=1
# With WRITE_DOCS=1 the figures replace the soak section of docs/operations.md (<!-- soak:start --> ... end).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/bench-common.sh
port="${PORT:-5393}"
duration="${DURATION:-180}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"
sample_seconds="${SAMPLE_SECONDS:-5}"
growth_limit="${GROWTH_LIMIT:-10}"
for tool in curl wrk python3; do command -v "$tool" >/dev/null || { echo "$tool not found (scripts/setup.sh installs it)" >&2; exit 1; }; done

work="$(mktemp -d /tmp/spatialhub-soak.XXXXXX)"
data="$work/data"
server_pid=""
cleanup() {
    set +e
    if [[ -n "$server_pid" ]]; then
        kill -TERM "$server_pid" 2>/dev/null
        for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    fi
    remove_embedded_cluster "$data"
    rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build -c Release src/SpatialHub.Server -v q -nologo | tail -2
cli="$root/src/SpatialHub.Server/bin/Release/net10.0/spatialhub"

echo "== start spatialhub serve (embedded cluster, samples imported)"
# One wrk client is one address: lift the per-client budget of expensive reads (static maps) so the soak measures
# memory, not the rate limit.
"$cli" serve --urls "http://127.0.0.1:$port" "--SpatialHub:DataDirectory=$data" --Logging:LogLevel:Default=Warning \
    --SpatialHub:ExpensiveReads:PermitsPerMinute=100000000 > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { cat "$work/server.log" >&2; echo "service did not start" >&2; exit 1; }

echo "== request mix"
python3 - "http://127.0.0.1:$port" > "$work/mix.lua" <<'PY'
import json, math, random, sys, urllib.request
base = sys.argv[1]
get = lambda path: json.load(urllib.request.urlopen(base + path))
random.seed(8)
counts = {d["id"]: d["featureCount"] for d in get("/api/datasets")}
datasets = list(counts)
def tile(lon, lat, z):
    n = 2 ** z
    r = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
paths = []
for d in datasets:
    template = urllib.request.urlparse(get(f"/tiles/{d}")["tiles"][0])
    template = template.path.replace("%7B", "{").replace("%7D", "}") + ("?" + template.query if template.query else "")
    for z in range(10, 17):
        (x0, y0), (x1, y1) = tile(113.90, 22.52, z), tile(114.35, 22.20, z)
        for _ in range(8):
            x, y = random.randint(x0, x1), random.randint(y0, y1)
            paths.append(template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)))
            if d != "districts":  # unversioned composites: the short-lived cache path
                paths.append(f"/tiles/{d},districts/{z}/{x}/{y}")
    for _ in range(20):
        lon, lat = random.uniform(113.9, 114.3), random.uniform(22.2, 22.5)
        paths.append(f"/collections/{d}/items?limit=50&bbox={lon:.4f},{lat:.4f},{lon + 0.05:.4f},{lat + 0.05:.4f}")
        paths.append(f"/collections/{d}/items/{random.randint(1, min(50, counts[d]))}")
    paths.append(f"/collections/{d}/items?limit=20&within=districts:{random.randint(1, 18)}")
    # The renderer: raster tiles (its own cache budget) and static maps at random centres (another budget).
    for z in range(12, 17):
        (x0, y0), (x1, y1) = tile(113.90, 22.52, z), tile(114.35, 22.20, z)
        for _ in range(3):
            paths.append(f"/tiles/{d}/{z}/{random.randint(x0, x1)}/{random.randint(y0, y1)}.png")
    for _ in range(4):
        lon, lat, z = random.uniform(113.95, 114.3), random.uniform(22.25, 22.45), random.randint(11, 16)
        paths.append(f"/static/{d}/{lon:.4f},{lat:.4f},{z}/640x480.png")
    paths.append(f"/collections/{d}")
for q in ["park", "road", "tai po", "sha tin", "central", "science", "wan", "kowloon", "library", "station"]:
    paths += [f"/api/search?q={q.replace(' ', '%20')}"] * 5
paths += ["/api/datasets", "/catalog", "/collections", "/health"] * 5
random.shuffle(paths)
print("paths = {")
for p in paths:
    print(f'  "{p}",')
print("}")
print("""counter = 0
function init(args) counter = math.random(#paths) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Accept-Encoding"] = "gzip" })
end
function done(summary, latency, requests)
  io.write(string.format("requests=%d\\nstatus_errors=%d\\np50_ms=%.2f\\np99_ms=%.2f\\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end""")
PY
echo "hash of the data directory: $(printf '%s' "$data" | sha256sum | cut -c1-16)"
echo "requests in the mix: $(grep -c '^  "' "$work/mix.lua")"

echo "== every URL of the mix answers 2xx once (a mix of mistakes would soak nothing)"
sed -n 's/^  "\(.*\)",$/\1/p' "$work/mix.lua" | sort -u | while read -r path; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
    [[ "$code" == 2* ]] || echo "$code $path"
done > "$work/bad-urls.txt"
if [[ -s "$work/bad-urls.txt" ]]; then cat "$work/bad-urls.txt" >&2; echo "soak: the mix has URLs that fail" >&2; exit 1; fi

echo "== soak: wrk -t$threads -c$connections -d${duration}s, VmRSS every ${sample_seconds}s"
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/mix.lua" "http://127.0.0.1:$port" \
    > "$work/wrk.txt" 2>&1 &
wrk_pid=$!
: > "$work/rss.kb"
while kill -0 "$wrk_pid" 2>/dev/null; do
    awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status" >> "$work/rss.kb"
    sleep "$sample_seconds"
done
wait "$wrk_pid"
cat "$work/wrk.txt"
kill -0 "$server_pid" 2>/dev/null || { echo "the service died" >&2; cat "$work/server.log" >&2; exit 1; }

read -r samples first_mb middle_mb last_mb peak_mb growth verdict < <(python3 - "$work/rss.kb" "$growth_limit" <<'PY'
import sys
kb = [int(line) for line in open(sys.argv[1]) if line.strip()]
limit = float(sys.argv[2])
third = len(kb) // 3
middle, last = kb[third:2 * third], kb[2 * third:]
mean = lambda xs: sum(xs) / len(xs)
growth = (mean(last) / mean(middle) - 1) * 100
print(len(kb), round(kb[0] / 1024), round(mean(middle) / 1024), round(mean(last) / 1024), round(max(kb) / 1024),
      f"{growth:+.1f}", "pass" if growth <= limit else "FAIL")
PY
)
requests=$(sed -n 's/^requests=//p' "$work/wrk.txt")
rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.txt")
p50=$(sed -n 's/^p50_ms=//p' "$work/wrk.txt")
p99=$(sed -n 's/^p99_ms=//p' "$work/wrk.txt")
non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$work/wrk.txt")
socket=$(sed -n 's/^ *Socket errors: *//p' "$work/wrk.txt")
echo "RSS: $samples samples; first ${first_mb} MB, middle third ${middle_mb} MB, last third ${last_mb} MB (${growth}%), peak ${peak_mb} MB: $verdict"

if [[ "${WRITE_DOCS:-0}" == 1 ]]; then
    replace_section soak "$root/docs/operations.md" "$(cat <<MD
\`scripts/soak.sh\` ($(date -u +%Y-%m-%d); $(machine_line)): \`spatialhub serve\` on the embedded cluster with the
samples, \`wrk -t$threads -c$connections -d${duration}s\` over a mix of $(grep -c '^  "' "$work/mix.lua") URLs (versioned and
unversioned tiles at z10-z16 of the five datasets and composites with districts, items pages by bbox and within,
single features, collections, search, catalog, health), resident memory sampled every ${sample_seconds} s.

| requests | requests/s | p50 | p99 | non-2xx | socket errors | RSS first | RSS middle third | RSS last third | growth | peak |
| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |
| $requests | $rps | $p50 ms | $p99 ms | ${non2xx:-0} | ${socket:-none} | $first_mb MB | $middle_mb MB | $last_mb MB | $growth % | $peak_mb MB |

Verdict: **$verdict** (limit: the last third at most $growth_limit % above the middle third).
MD
)"
    echo "docs/operations.md updated"
fi
[[ -z "$non2xx" && -z "$socket" ]] || { echo "soak: errors under load" >&2; exit 1; }
[[ "$verdict" == pass ]] || { echo "soak: memory keeps growing" >&2; exit 1; }
