#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against a real PostGIS that the run starts itself, API tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The benchmark harness is not run here (scripts/bench.sh takes minutes); only its syntax is checked.
for script in scripts/*.sh scripts/lib/*.sh; do bash -n "$script"; done

log=$(mktemp)
load_report=tests/SpatialHub.Server.Tests/TestResults/load-test.txt
rm -f "$load_report"
set +e
dotnet test SpatialHub.sln --configuration Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over every test project, in the plain form CI reads.
awk '/(Passed|Failed)! +- /{
  for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
} END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
# The bounded load test (Reliability/LoadTests.cs) leaves its wrk figures here; show the latency line and p99.
if [ -f "$load_report" ]; then
  echo "load test: $(head -1 "$load_report")"
  grep -E '^ +(50|90|99)%|^Requests/sec' "$load_report" | sed 's/^ */  /'
fi
exit "$status"
