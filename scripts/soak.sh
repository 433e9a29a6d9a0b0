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
wait_healthy "http://127.0.0.1:$port/health" "$work/server.log" "$server_pid" || exit 1

echo "== request mix"
benchtool soak-mix "http://127.0.0.1:$port" > "$work/mix.lua"
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

read -r samples first_mb middle_mb last_mb peak_mb growth verdict < <(benchtool soak-rss "$work/rss.kb" "$growth_limit")
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
