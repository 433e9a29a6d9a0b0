#!/usr/bin/env bash
# Measures the Blazor map demo (/dotnet, <SpatialHubMap>) in headless Chromium and rewrites the "blazor" section of
# docs/benchmarks.md (only the text between <!-- blazor:start --> and <!-- blazor:end -->).
#
#   size:       the published demo (what /dotnet serves): files as built, and their .gz and .br siblings.
#   first load: RUNS cold browser contexts on /dotnet/#14/22.282/114.1588 (Central, z14, 1200 x 800, device scale 1):
#               bytes on the wire, time from navigation to the first point drawn and to the first frame with all tiles.
#   pan:        drags over Central at z14 (scripts/lib/bench-blazor.mjs); per frame, input reaching .NET to painted
#               frame; a first pass meeting tiles still to load, then the same path with every tile decoded.
#   decode:     the tiles that page loaded, decoded in WebAssembly (MvtDecoder) and by MapLibre's parser
#               (@mapbox/vector-tile + pbf) in the same Chromium, interleaved, DECODE_ROUNDS times each.
#
# Usage: scripts/bench-blazor.sh      (about 3-5 minutes; needs node, curl, python3, /usr/bin/chromium, and the
#   Microsoft.Playwright NuGet package restored, which carries the playwright-core this uses)
#   PORT=5397 RUNS=3 DECODE_ROUNDS=3 STEPS=20 (mouse steps per drag), BUILD=0 to use the Release build as it is
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench-common.sh
port="${PORT:-5397}"
runs="${RUNS:-3}"
decode_rounds="${DECODE_ROUNDS:-3}"
doc="$root/docs/benchmarks.md"
for tool in node curl python3 /usr/bin/chromium; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done
playwright_version="$(sed -n 's/.*"Microsoft.Playwright" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
playwright_core="${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.playwright/$playwright_version/.playwright/package"
[[ -f "$playwright_core/index.mjs" ]] || { echo "playwright-core not found in $playwright_core (run scripts/setup.sh)" >&2; exit 1; }
node_modules="$root/src/SpatialHub.Server/ClientApp/node_modules"
[[ -f "$node_modules/@mapbox/vector-tile/index.js" ]] || { echo "$node_modules lacks @mapbox/vector-tile (run scripts/setup.sh)" >&2; exit 1; }

bench_work blazor
load_start="$(uptime | sed 's/.*load average: //')"

if [[ "${BUILD:-1}" != 0 ]]; then
    echo "== build (Release; the Server build publishes the demo)"
    dotnet build -c Release src/SpatialHub.Server -v q -nologo | tail -2
fi
published="src/SpatialHub.Blazor.Demo/bin/Release/net10.0/publish/wwwroot/dotnet"

echo "== start the service (first start imports the samples)"
start_server

echo "== headless Chromium: $runs cold first loads, pan passes, decoding"
BASE="http://127.0.0.1:$port" PLAYWRIGHT_CORE="$playwright_core" NODE_MODULES="$node_modules" RUNS="$runs" \
    DECODE_ROUNDS="$decode_rounds" STEPS="${STEPS:-20}" node scripts/lib/bench-blazor.mjs > "$work/result.json"
load_end="$(uptime | sed 's/.*load average: //')"
stop_server

section="$(python3 - "$work/result.json" "$published" "$node_modules" "$(machine_line)" "$load_start" "$load_end" "$playwright_version" <<'PY'
import json, os, statistics, sys
result_path, published, node_modules, machine, load_start, load_end, playwright = sys.argv[1:]
r = json.load(open(result_path))
version = lambda p: json.load(open(os.path.join(node_modules, p, "package.json")))["version"]

import re
# The publish folder keeps the fingerprinted files of earlier publishes: count only the current ones (index.html's
# dotnet.*.js and the files its boot manifest names) and the page's own files.
index = open(os.path.join(published, "index.html")).read()
boot = re.search(r"_framework/(dotnet\.[a-z0-9]+\.js)", index).group(1)
current = {boot} | set(re.findall(r"[\w.-]+\.(?:wasm|js|dat|json|pdb|dll|blat)\b", open(os.path.join(published, "_framework", boot)).read()))

def sizes(folder):
    raw = gz = br = 0
    for dirpath, _, files in os.walk(folder):
        for f in files:
            if f.endswith((".br", ".gz")) or (os.path.basename(dirpath) == "_framework" and f not in current):
                continue
            path = os.path.join(dirpath, f)
            size = os.path.getsize(path)
            raw += size
            gz += os.path.getsize(path + ".gz") if os.path.exists(path + ".gz") else size
            br += os.path.getsize(path + ".br") if os.path.exists(path + ".br") else size
    return raw, gz, br

n = lambda v: f"{v:,.0f}"
ms = lambda v: f"{v:,.0f} ms"
loads = r["loads"]
med = lambda key: statistics.median(l[key] for l in loads)
medb = lambda key: statistics.median(l["bytes"][key] for l in loads)
raw, gz, br = sizes(published)
fw_raw, fw_gz, fw_br = sizes(os.path.join(published, "_framework"))
d = r["decode"]
rate = lambda runs: max(x["tilesPerSecond"] for x in runs)
frate = lambda runs: max(x["featuresPerSecond"] for x in runs)
wasm, vt, geo = rate(d["wasm"]), rate(d["vectorTile"]), rate(d["vectorTileGeoJson"])
pan = lambda p: f"| {p['frames']} | {p['p50']:.1f} ms | {p['p95']:.1f} ms | {p['max']:.1f} ms | {p['painted'] / p['seconds']:.1f} |"
out = f"""## Blazor map component (/dotnet)

Written by `scripts/bench-blazor.sh` (driver: `scripts/lib/bench-blazor.mjs`, playwright-core {playwright}
driving `/usr/bin/chromium` headless, `--no-sandbox --disable-gpu`). {machine}. **Load average** (1, 5, 15 min) at the
start: {load_start}; at the end: {load_end}. The machine is shared: absolute times are noisy, ratios within the run
less so.

### Size, and what was traded for it

The demo is published trimmed (IL trimming on: unused code of the framework and libraries removed), **without AOT**
(`RunAOTCompilation=false`: IL runs in the WebAssembly interpreter, smaller download but slower code) and **without the
`wasm-tools` workload** (not installed here: the stock `dotnet.native.wasm` is used, so no native relinking drops unused
runtime parts, and AOT is impossible anyway), with no ICU data (`InvariantGlobalization`), no time zone data and only
English satellite resources.

| published `/dotnet` | uncompressed | gzip | Brotli (what Chromium gets) |
| --- | ---: | ---: | ---: |
| all files | {n(raw)} | {n(gz)} | {n(br)} |
| of which `_framework/` (runtime, assemblies) | {n(fw_raw)} | {n(fw_gz)} | {n(fw_br)} |

### First load ({len(loads)} cold browser contexts, median)

`/dotnet/#14/22.282/114.1588` (Central, z14; lampposts, Wi-Fi.HK, I&T sites), 1200 x 800 at device scale 1, an empty
browser cache each time (the service's own caches warm after the first run). Bytes are as transferred (bodies as
sent, Brotli for the framework, plus headers); times are from navigation start.

| | median | each run |
| --- | ---: | --- |
| bytes on the wire | {n(statistics.median(sum(v for k, v in l['bytes'].items() if k != 'requests') for l in loads))} | {', '.join(n(sum(v for k, v in l['bytes'].items() if k != 'requests')) for l in loads)} |
| of which `_framework/` / tiles / styles + catalog / page and rest | {n(medb('framework'))} / {n(medb('tiles'))} / {n(medb('styles'))} / {n(medb('other'))} | |
| requests | {n(medb('requests'))} | |
| DOMContentLoaded | {ms(med('domContentLoaded'))} | {', '.join(ms(l['domContentLoaded']) for l in loads)} |
| **first point drawn** (first `arc` on the canvas) | **{ms(med('firstPoints'))}** | {', '.join(ms(l['firstPoints']) for l in loads)} |
| first frame with every tile of the view | {ms(med('firstFull'))} | {', '.join(ms(l['firstFull']) for l in loads)} |

### Frame time while panning over Central at z14

Three mouse drags (450 px left, 300 px down, a diagonal; each out and back in {r['steps']} mouse steps). A frame here is one
coalesced input (at most one per animation frame) from reaching .NET to the painted canvas: `MapRenderer` into
`CommandCanvas`, the one interop call, and `spatialhub-map.js` replaying it (`performance.now()` in the JS module,
recorded only when the page defines `window.spatialHubFrameTimes`). "Frames/s" is painted frames over the drags' wall
time, tile-arrival frames included.

| pass | frames | p50 | p95 | max | frames/s |
| --- | ---: | ---: | ---: | ---: | ---: |
{pan(r['panFirst']).replace('| ', '| first pass (tiles still loading and decoding) | ', 1)}
{pan(r['panCached']).replace('| ', '| same path again (every tile decoded) | ', 1)}

### Tiles decoded per second: WebAssembly against MapLibre's parser

The same {d['tiles']} tiles (every non-empty tile the first-load and pan passes fetched: lampposts, Wi-Fi.HK and I&T
sites at z14 over Central; {n(d['tileBytes'])} bytes uncompressed, {n(d['features'])} features per pass), in the same
Chromium, each decoder warmed up and then timed over about 1.5 s, {len(d['wasm'])} times, interleaved. On a loaded machine
the best run is the one least disturbed by other work, so the rates and ratios below use each decoder's best run:

- **WebAssembly**: `MvtDecoder.Decode` (SpatialHub.Mapping, NetTopologySuite's MVT reader, run by the .NET interpreter)
  on the `/dotnet/?bench` page (which registers the demo's `DecodeBenchmark` for the script), timed
  inside .NET with `Stopwatch`; output: every feature's properties and geometry in WGS84 (what the map draws from).
- **MapLibre's parser**: `@mapbox/vector-tile` {version('@mapbox/vector-tile')} with `pbf` {version('pbf')}, the versions
  `maplibre-gl` {version('maplibre-gl')} depends on and its worker runs, loaded as ES modules on a page of their own and
  run on that page's main thread (MapLibre runs it in a Web Worker: same V8, off the main thread); every feature's
  properties plus `loadGeometry()` (tile coordinates, what MapLibre's worker does), and separately `toGeoJSON()` (WGS84,
  the same output as `MvtDecoder`). Not timed: MapLibre's bucket building and triangulation after parsing.

| decoder | tiles/s (best run) | features/s (best run) | each run (tiles/s) |
| --- | ---: | ---: | --- |
| WebAssembly `MvtDecoder` | {n(wasm)} | {n(frate(d['wasm']))} | {', '.join(n(x['tilesPerSecond']) for x in d['wasm'])} |
| `@mapbox/vector-tile` `loadGeometry()` | {n(vt)} | {n(frate(d['vectorTile']))} | {', '.join(n(x['tilesPerSecond']) for x in d['vectorTile'])} |
| `@mapbox/vector-tile` `toGeoJSON()` | {n(geo)} | {n(frate(d['vectorTileGeoJson']))} | {', '.join(n(x['tilesPerSecond']) for x in d['vectorTileGeoJson'])} |

WebAssembly decodes at **{wasm / vt:.2f}x** the rate of MapLibre's parser as its worker uses it, and {wasm / geo:.2f}x its
`toGeoJSON()` (same output). At {n(wasm)} tiles/s, the {d['tiles']} tiles of a pan cost {1000 * d['tiles'] / wasm:,.0f} ms of the
page's only thread, spread over the frames in which they arrive.

Script errors on the page: {len(r['errors'])}."""
print(out)
PY
)"
replace_section blazor "$doc" "$section"
echo "== wrote the blazor section of docs/benchmarks.md"
