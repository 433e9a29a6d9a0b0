#!/usr/bin/env bash
# Runs the service on an embedded PostGIS with the sample data imported; prints the map URL.
# Extra arguments go to `spatialhub serve` (for example --urls http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec dotnet run --project src/SpatialHub.Server --configuration Release -- serve "$@"
