// The first-load measurement of scripts/bench-firstload.sh: opens `/` in a fresh headless Chromium context (an empty
// cache, as a first visit) and reports, as one JSON line per load:
//   bytes:  bytes on the wire from the service to the browser (responses as sent: headers, bodies compressed or not)
//           until the network was quiet, counted by a TCP relay in front of the service, so that what MapLibre's
//           worker loads (its own module, which the page's network events do not show) is counted too;
//   points: milliseconds from navigation start until the map first drew a feature of a point dataset (a point or a
//           cluster; not the basemap's district names);
//   largest: the five largest transfers, to see what the bytes are.
// Usage: node firstload.mjs PLAYWRIGHT_CORE_DIR RUNS URL [URL...]  (the URLs are measured in turn, RUNS rounds)
import { createRequire } from 'node:module';
import net from 'node:net';

const [playwrightDir, runsText, ...urls] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)(playwrightDir);
const runs = Number(runsText);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // As the browser tests: no GPU here, WebGL through SwiftShader.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});

// A TCP relay to the service at `target` (http://host:port/) that counts the bytes coming back; returns its URL.
async function relay(target) {
  const { hostname, port, pathname } = new URL(target);
  const counter = { bytes: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    upstream.on('data', (chunk) => { counter.bytes += chunk.length; });
    client.pipe(upstream).pipe(client);
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}${pathname}`, counter, server };
}

// Polls every frame from the start: the first time the map shows a feature of a point layer.
const watchPoints = () => {
  const tick = () => {
    const map = window.spatialhubMap;
    if (map && map.isStyleLoaded?.() !== undefined) {
      const pointLayers = map.getStyle()?.layers?.filter((l) => l.type === 'circle' && !l.id.startsWith('basemap:')).map((l) => l.id) ?? [];
      if (pointLayers.length && map.queryRenderedFeatures({ layers: pointLayers }).length > 0) {
        window.firstPointsAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function measure(url, counter) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(watchPoints);
  // Playwright reports the requests of the page's dedicated workers on the context too; sizes() is what went over
  // the wire for the response (body as encoded, headers).
  const sizes = [];
  let counting = true;
  context.on('requestfinished', (request) => counting && sizes.push(request.sizes().then((s) => ({
    url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize,
  }))));
  counter.bytes = 0;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.firstPointsAt !== undefined, null, { timeout: 60_000, polling: 100 });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  const points = await page.evaluate(() => window.firstPointsAt);
  counting = false;
  const transfers = await Promise.all(sizes);
  await context.close();
  const bytes = counter.bytes;
  const largest = transfers.sort((a, b) => b.bytes - a.bytes).slice(0, 5)
    .map((t) => ({ path: new URL(t.url).pathname, kb: Math.round(t.bytes / 1024) }));
  return { url, bytes, requests: transfers.length, points: Math.round(points), largest };
}

const relays = await Promise.all(urls.map(relay));
try {
  for (let round = 0; round < runs; round++) {
    for (const [i, url] of urls.entries()) {
      console.log(JSON.stringify({ round, ...(await measure(relays[i].url, relays[i].counter)), url }));
    }
  }
} finally {
  await browser.close();
  for (const r of relays) r.server.close();
}
