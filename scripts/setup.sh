#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian packages (only the missing ones) and the map client's npm packages.
# Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(postgresql-15-postgis-3 gdal-bin proj-bin chromium nginx-light wrk poppler-utils fonts-noto-cjk)
packages+=(python3-qgis qgis-providers) # QgisClientTests: headless QGIS 3.22 as the OAPIF and vector tile client
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -q
  # With recommends, as the tests were verified (Chromium then brings its fonts and Mesa).
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

if [ -f src/SpatialHub.Server/ClientApp/package-lock.json ]; then
  (cd src/SpatialHub.Server/ClientApp && npm ci --no-audit --no-fund --loglevel=error)
fi
