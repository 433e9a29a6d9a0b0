// Browser side of scripts/bench-blazor.sh: drives headless Chromium (Playwright's own playwright-core, from the
// Microsoft.Playwright NuGet package the browser tests use) against a running service and prints one JSON document.
//   first load: cold browser context each run; wire bytes (Playwright's request sizes: body + headers as transferred)
//               and, from navigation start, the first canvas arc() (the first point drawn) and the first frame with
//               every tile of the view (data-busy=false).
//   pan:        mouse drags over Central at z14; per frame, the time from the coalesced input reaching .NET to the
//               painted frame (window.spatialHubFrameTimes, filled by spatialhub-map.js when the array exists).
//   decode:     the tiles the page loaded, decoded in WebAssembly (MvtDecoder via the demo's DecodeBenchmark) and by
//               MapLibre's parser (@mapbox/vector-tile + pbf, the versions maplibre-gl depends on) in the same browser.
// Environment: BASE (service URL), PLAYWRIGHT_CORE (playwright-core directory), NODE_MODULES (ClientApp's),
// RUNS (first loads, default 3), DECODE_ROUNDS (measurements per decoder, default 3), STEPS (mouse steps per drag, 20).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

const { chromium } = await import(join(process.env.PLAYWRIGHT_CORE, 'index.mjs'));
const base = process.env.BASE;
const nodeModules = process.env.NODE_MODULES;
const runs = Number(process.env.RUNS ?? 3);
const decodeRounds = Number(process.env.DECODE_ROUNDS ?? 3);
const layers = 'lampposts,wifi-hk,it-sites';
const central = '#14/22.282/114.1588';
const viewport = { width: 1200, height: 800 };
const steps = Number(process.env.STEPS ?? 20);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
};
const median = (values) => percentile(values, 50);

/** Records the first point drawn and the first complete frame, before any page script runs. */
function instrument() {
  performance.setResourceTimingBufferSize(5000);
  const arc = CanvasRenderingContext2D.prototype.arc;
  CanvasRenderingContext2D.prototype.arc = function (...args) {
    if (window.__firstPoints === undefined) window.__firstPoints = performance.now();
    return arc.apply(this, args);
  };
  new MutationObserver(() => {
    const map = document.querySelector('.spatialhub-map');
    if (window.__firstFull === undefined && map?.dataset.busy === 'false' && map.dataset.features) window.__firstFull = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-busy', 'data-features'] });
}

async function openDotnet() {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const bytes = { framework: 0, tiles: 0, styles: 0, other: 0, requests: 0 };
  const tiles = new Map(); // z/x/y -> path and query as requested
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes();
    const url = new URL(request.url());
    const kind = url.pathname.includes('/_framework/') ? 'framework'
      : url.pathname.startsWith('/tiles/') ? 'tiles'
        : url.pathname.startsWith('/styles/') || url.pathname === '/catalog' ? 'styles' : 'other';
    bytes[kind] += sizes.responseBodySize + sizes.responseHeadersSize;
    bytes.requests++;
    const tile = /^\/tiles\/[^/]+\/(\d+\/\d+\/\d+)(\.pbf)?$/.exec(url.pathname);
    if (tile && (await request.response())?.status() === 200) tiles.set(tile[1], url.pathname + url.search);
  });
  await page.goto(`${base}/dotnet/${central}`);
  await page.waitForFunction(() => window.__firstFull !== undefined, null, { timeout: 180_000, polling: 100 });
  await page.waitForTimeout(500); // let requestfinished handlers settle
  const timing = await page.evaluate(() => ({
    firstPoints: window.__firstPoints,
    firstFull: window.__firstFull,
    domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
  }));
  return { context, page, bytes, tiles, timing, errors };
}

async function waitIdle(page) {
  await page.waitForFunction(() => document.querySelector('.spatialhub-map')?.dataset.busy === 'false', null, { timeout: 60_000, polling: 50 });
}

/** Three drags from the map's middle (left and back, up and back, a diagonal and back), STEPS mouse steps each way. */
async function panPass(page) {
  const box = await page.locator('.spatialhub-map').boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.evaluate(() => { window.spatialHubFrameTimes = []; });
  const frames0 = Number(await page.locator('.spatialhub-map').getAttribute('data-frames'));
  const started = Date.now();
  for (const [dx, dy] of [[-450, 0], [0, 300], [-350, -250]]) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dy, { steps });
    await page.mouse.move(cx, cy, { steps });
    await page.mouse.up();
  }
  const seconds = (Date.now() - started) / 1000;
  await waitIdle(page);
  const times = await page.evaluate(() => window.spatialHubFrameTimes);
  const frames = Number(await page.locator('.spatialhub-map').getAttribute('data-frames')) - frames0;
  return { frames: times.length, p50: median(times), p95: percentile(times, 95), max: Math.max(...times), seconds, painted: frames };
}

const loads = [];
let kept;
for (let i = 0; i < runs; i++) {
  const load = await openDotnet();
  loads.push({ ...load.timing, bytes: load.bytes, errors: load.errors });
  if (i < runs - 1) await load.context.close();
  else kept = load;
}

// Pan over Central at z14: the first pass meets tiles still to load, the second the same path with every tile decoded.
const { page } = kept;
await waitIdle(page);
const panFirst = await panPass(page);
const panCached = await panPass(page);
console.error(JSON.stringify({ loads, panFirst, panCached })); // kept in the log should decoding fail

// The tiles the page loaded (uncompressed MVT bytes), for both decoders.
const tileList = [];
for (const [zxy, path] of [...kept.tiles].sort()) {
  const response = await kept.context.request.get(base + path);
  let body = await response.body();
  if (body[0] === 0x1f && body[1] === 0x8b) body = gunzipSync(body);
  if (body.length) tileList.push([zxy, body.toString('base64')]);
}
const tileBytes = tileList.reduce((n, [, b64]) => n + Buffer.from(b64, 'base64').length, 0);

// MapLibre's parser on a page of its own (a routed origin serving the ES modules from node_modules).
const jsContext = await browser.newContext();
await jsContext.route('http://bench.invalid/**', (route) => {
  const path = new URL(route.request().url()).pathname;
  if (path === '/decode.html') {
    return route.fulfill({ contentType: 'text/html', body: `<!DOCTYPE html><title>decode</title>
<script type="importmap">{"imports": {"pbf": "/m/pbf/index.js", "@mapbox/point-geometry": "/m/@mapbox/point-geometry/index.js",
  "@mapbox/vector-tile": "/m/@mapbox/vector-tile/index.js"}}</script>
<script type="module">
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
window.decodeTiles = (tiles, rounds, geojson) => {
  const input = tiles.map(([zxy, b64]) => [zxy.split('/').map(Number), Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]);
  let features = 0;
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const [[z, x, y], bytes] of input) {
      const tile = new VectorTile(new PbfReader(bytes));
      for (const name in tile.layers) {
        const layer = tile.layers[name];
        for (let i = 0; i < layer.length; i++) {
          const feature = layer.feature(i);
          if (geojson) feature.toGeoJSON(x, y, z); else feature.loadGeometry();
          features++;
        }
      }
    }
  }
  return [input.length * rounds, features, performance.now() - started];
};
window.ready = true;
</script>` });
  }
  if (path.startsWith('/m/')) {
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(nodeModules, path.slice(3))) });
  }
  return route.fulfill({ status: 404, body: '' });
});
const jsPage = await jsContext.newPage();
await jsPage.goto('http://bench.invalid/decode.html');
await jsPage.waitForFunction(() => window.ready === true);

// /dotnet/?bench registers the demo's WebAssembly decoder as window.spatialHubDecodeBenchmark.
const benchPage = await kept.context.newPage();
await benchPage.goto(`${base}/dotnet/?bench${central}`);
await benchPage.waitForFunction(() => window.spatialHubDecodeBenchmark !== undefined, null, { timeout: 120_000 });
const wasm = (rounds) => benchPage.evaluate(([t, r]) => window.spatialHubDecodeBenchmark.invokeMethodAsync('DecodeTiles', t, r), [tileList, rounds]);
const js = (rounds, geojson) => jsPage.evaluate(([t, r, g]) => window.decodeTiles(t, r, g), [tileList, rounds, geojson]);
/** Rounds that take about `target` ms, from one warm-up pass. */
const calibrate = async (run, target) => {
  const [, , ms] = await run(1);
  return Math.max(1, Math.round(target / Math.max(ms, 0.1)));
};
const rate = ([tiles, features, ms]) => ({ tilesPerSecond: (tiles * 1000) / ms, featuresPerSecond: (features * 1000) / ms, ms });
const wasmRounds = await calibrate(wasm, 1500);
const jsRounds = await calibrate((r) => js(r, false), 1500);
const geoRounds = await calibrate((r) => js(r, true), 1500);
const decode = { wasm: [], vectorTile: [], vectorTileGeoJson: [] };
for (let i = 0; i < decodeRounds; i++) { // interleaved, so a load spike hits all three alike
  decode.wasm.push(rate(await wasm(wasmRounds)));
  decode.vectorTile.push(rate(await js(jsRounds, false)));
  decode.vectorTileGeoJson.push(rate(await js(geoRounds, true)));
}
const [, featuresPerPass] = await js(1, false);

console.log(JSON.stringify({
  loads, panFirst, panCached, steps,
  decode: { tiles: tileList.length, tileBytes, features: featuresPerPass, rounds: { wasm: wasmRounds, js: jsRounds, geojson: geoRounds }, ...decode },
  errors: kept.errors,
}));
await browser.close();
