// SpatialHub map pages. One module for both: <body data-mode="planner"> is `/` (planners' tools), "embed" is `/embed`
// (minimal chrome for iframes). The map object is window.spatialhubMap for embedding scripts and tests.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { offlineStyle, vectorSource, BasemapLogoControl, basemapLayerPrefix } from './basemap.js';
import { stylesOf } from './layers.js';
import { FeaturesInView } from './features-in-view.js';
import { mountPlannerTools } from './planner-tools.js';
import { mountAnalytics } from './analytics.js';
import { mountQuality } from './quality.js';
import { getJson, layersFromUrl, viewFromUrl } from './util.js';
import { pmtilesUrlFromPage, useArchive } from './pmtiles-source.js';

const mode = document.body.dataset.mode === 'embed' ? 'embed' : 'planner';

async function start() {
  const [config, catalog] = await Promise.all([getJson('/map/config'), getJson('/catalog')]);
  const datasets = catalog.datasets ?? [];
  const requested = layersFromUrl();
  const wanted = (requested ?? config.defaultLayers).filter((id) => datasets.some((d) => d.id === id));
  // The embed shows only its layers; the planners' page loads every dataset so any can be switched on.
  const loaded = mode === 'embed' ? datasets.filter((d) => wanted.includes(d.id)) : datasets;
  const needsDistricts = datasets.some((d) => d.id === 'districts');
  const tileJsons = new Map(await Promise.all(
    [...new Set([...loaded.map((d) => d.id), ...(needsDistricts ? ['districts'] : [])])].map(async (id) => {
      const dataset = datasets.find((d) => d.id === id);
      const href = dataset.links?.find((l) => l.rel === 'tilejson')?.href ?? `/tiles/${id}`;
      return [id, await getJson(href)];
    })));
  const archiveUrl = pmtilesUrlFromPage();
  if (archiveUrl) await useArchive(maplibregl, archiveUrl, tileJsons);

  const sharedView = viewFromUrl();
  const map = new maplibregl.Map({
    container: 'map',
    style: config.basemapStyleUrl ?? offlineStyle(tileJsons.get('districts') ?? null),
    center: sharedView?.center ?? config.center,
    zoom: sharedView?.zoom ?? config.zoom,
    hash: true,
    maxZoom: 19,
    attributionControl: false,
    cooperativeGestures: mode === 'embed',
  });
  window.spatialhubMap = map;
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  // Attribution is always expanded (compact: false) so it stays visible in small embeds too.
  map.addControl(new maplibregl.AttributionControl({
    compact: false,
    customAttribution: config.basemapStyleUrl ? config.basemapAttribution : 'Basemap: SpatialHub districts',
  }), 'bottom-right');
  if (config.basemapStyleUrl) {
    map.addControl(new BasemapLogoControl(config), 'bottom-left');
  }
  await map.once('load');

  const styles = await stylesOf(loaded.map((d) => d.id));
  const entries = loaded
    .map((dataset) => ({ dataset, tileJson: tileJsons.get(dataset.id), ...styles.get(dataset.id), visible: wanted.includes(dataset.id) }))
    .sort((a, b) => a.order - b.order);
  for (const entry of entries) {
    entry.baseTiles = entry.tileJson.tiles;
    map.addSource(entry.dataset.id, vectorSource(entry.tileJson));
    for (const definition of entry.layers) {
      map.addLayer({ ...definition, layout: { ...definition.layout, visibility: entry.visible ? 'visible' : 'none' } });
    }
  }

  const inView = new FeaturesInView(map, entries, { interactiveList: mode === 'planner' });
  const app = {
    map, mode, config, entries, inView,
    /** Resolves when the map has drawn everything it has loaded (tests and embedding scripts wait on it). */
    whenIdle: () => new Promise((resolve) => { map.once('idle', () => resolve(true)); map.triggerRepaint(); }),
    isBasemapLayer: (id) => id.startsWith(basemapLayerPrefix),
  };
  if (mode === 'planner') {
    await mountPlannerTools(app);
    await mountAnalytics(app);
    mountQuality(app);
  }
  window.spatialhub = app;
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  console.error('SpatialHub map failed to start', error);
  const summary = document.getElementById('in-view-summary');
  if (summary) summary.textContent = `The map could not start: ${error.message}`;
});
