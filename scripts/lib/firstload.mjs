// The first-load measurement of scripts/bench-firstload.sh: opens `/` in a fresh headless Chromium context (an empty
// cache, as a first visit) and reports, as one JSON line per load:
//   bytes:  bytes on the wire (Chromium's encodedDataLength: headers plus the body as sent, compressed or not) of every
//           request the page made until its network was quiet;
//   points: milliseconds from navigation start until the map first drew a feature of a point dataset (a point or a
//           cluster; not the basemap's district names);
//   largest: the five largest transfers, to see what the bytes are.
// Usage: node firstload.mjs PLAYWRIGHT_CORE_DIR RUNS URL [URL...]  (the URLs are measured in turn, RUNS rounds)
import { createRequire } from 'node:module';

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

async function measure(url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(watchPoints);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urlsById = new Map();
  const transfers = [];
  cdp.on('Network.requestWillBeSent', (e) => urlsById.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => transfers.push({ url: urlsById.get(e.requestId), bytes: e.encodedDataLength }));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.firstPointsAt !== undefined, null, { timeout: 60_000, polling: 100 });
  await page.waitForLoadState('networkidle');
  const points = await page.evaluate(() => window.firstPointsAt);
  await context.close();
  const bytes = transfers.reduce((sum, t) => sum + t.bytes, 0);
  const largest = transfers.sort((a, b) => b.bytes - a.bytes).slice(0, 5)
    .map((t) => ({ path: new URL(t.url).pathname, kb: Math.round(t.bytes / 1024) }));
  return { url, bytes, requests: transfers.length, points: Math.round(points), largest };
}

try {
  for (let round = 0; round < runs; round++) {
    for (const url of urls) {
      console.log(JSON.stringify({ round, ...(await measure(url)) }));
    }
  }
} finally {
  await browser.close();
}
