// SpatialHub map pages. One module for both: <body data-mode="planner"> is `/` (planners' tools), "embed" is `/embed`
// (minimal chrome for iframes). The map object is window.spatialhubMap for embedding scripts and tests.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import {
  offlineStyle, vectorSource, basemapFonts, BasemapLogoControl, BasemapIndicator, basemapLayerPrefix, chooseBasemap, setBasemapLabelLanguage,
} from './basemap.js';
import { datasetOf, stylesOf } from './layers.js';
import { FeaturesInView } from './features-in-view.js';
import { mountPlannerTools } from './planner-tools.js';
import { mountAnalytics } from './analytics.js';
import { mountEmbedExtras } from './embed-extras.js';
import { mountQuality } from './quality.js';
import { mountChanges } from './changes-map.js';
import { getJson, layersFromUrl, viewFromUrl } from './util.js';
import { pmtilesUrlFromPage, useArchive } from './pmtiles-source.js';
import { configureClusters } from './clusters.js';
import { language, translatePage } from './i18n.js';
import { loadDistricts } from './district-filter.js';
import { overlays } from './overlays.js';

// MapLibre looks for its worker beside its own module, under the plain name; the pages' import map names the
// fingerprinted one, which browsers may cache for good.
maplibregl.setWorkerUrl(import.meta.resolve('/lib/maplibre-gl/maplibre-gl-worker.mjs'));

const mode = document.body.dataset.mode === 'embed' ? 'embed' : 'planner';

async function start() {
  translatePage();
  const [config, catalog] = await Promise.all([getJson('/map/config'), getJson('/catalog')]);
  configureClusters(config);
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
  // Names, label points and extents of the districts: the basemap's labels and the district list (not their geometry).
  const districts = needsDistricts ? await loadDistricts().catch(() => []) : [];
  const archiveUrl = pmtilesUrlFromPage();
  if (archiveUrl) await useArchive(maplibregl, archiveUrl, tileJsons);

  const basemap = await chooseBasemap(config, () => offlineStyle(tileJsons.get('districts') ?? null, districts));
  document.body.dataset.basemap = basemap.kind;
  const sharedView = viewFromUrl();
  const map = new maplibregl.Map({
    container: 'map',
    style: basemap.style,
    center: sharedView?.center ?? config.center,
    zoom: sharedView?.zoom ?? config.zoom,
    hash: true,
    maxZoom: 19,
    attributionControl: false,
    cooperativeGestures: mode === 'embed',
  });
  window.spatialhubMap = map;
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
  // On a small map the attribution is MapLibre's compact one (an ⓘ button that opens it), collapsed at start so it
  // covers neither the map nor popups; on a wide map it is expanded. The scale bar sits above it (bottom controls
  // added later stack above earlier ones).
  const small = map.getContainer().clientWidth <= 640;
  const attribution = new maplibregl.AttributionControl({
    compact: small,
    customAttribution: basemap.kind === 'configured' ? config.basemapAttribution : 'Basemap: SpatialHub districts',
  });
  map.addControl(attribution, 'bottom-right');
  if (small) {
    map.once('load', () => map.getContainer().querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show'));
  }
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  if (basemap.kind === 'configured') {
    map.addControl(new BasemapLogoControl(config), 'bottom-left');
  }
  map.addControl(new BasemapIndicator(basemap, config), 'top-left');
  await map.once('load');
  setBasemapLabelLanguage(map, language());
  document.addEventListener('spatialhub:language', (event) => setBasemapLabelLanguage(map, event.detail));

  const styles = await stylesOf(loaded.map((d) => d.id));
  const entries = loaded
    .map((dataset) => ({ dataset, tileJson: tileJsons.get(dataset.id), ...styles.get(dataset.id), visible: wanted.includes(dataset.id) }))
    .sort((a, b) => a.order - b.order);
  // Clusters of every dataset go above every dataset's single points, so the one on top is the one a click finds.
  const isCluster = (definition) => definition.metadata?.['spatialhub:cluster'] === true;
  // The offline basemap labels each district once; the districts layer's own names would repeat in every tile.
  const drawn = (definition) => !(map.getLayer(`${basemapLayerPrefix}district-names`) && datasetOf(definition) === 'districts' && definition.type === 'symbol');
  for (const entry of entries) {
    entry.baseTiles = entry.tileJson.tiles;
    map.addSource(entry.dataset.id, vectorSource(entry.tileJson));
  }
  const fonts = basemapFonts(basemap.style);
  const fontOf = (definition) => (fonts && definition.type === 'symbol' ? { 'text-font': fonts } : {});
  for (const clusters of [false, true]) {
    for (const entry of entries) {
      for (const definition of entry.layers.filter((l) => isCluster(l) === clusters && drawn(l))) {
        map.addLayer({ ...definition, layout: { ...definition.layout, ...fontOf(definition), visibility: entry.visible ? 'visible' : 'none' } });
      }
    }
  }

  const inView = new FeaturesInView(map, entries, { interactiveList: mode === 'planner' });
  const app = {
    map, mode, config, entries, inView, districts,
    /** Resolves when the map has drawn everything it has loaded (tests and embedding scripts wait on it). */
    whenIdle: () => new Promise((resolve) => { map.once('idle', () => resolve(true)); map.triggerRepaint(); }),
    isBasemapLayer: (id) => id.startsWith(basemapLayerPrefix),
    overlays,
  };
  if (mode === 'planner') {
    await mountPlannerTools(app);
    await mountAnalytics(app);
    mountQuality(app);
    await mountChanges(app);
  } else {
    mountEmbedExtras(app);
  }
  window.spatialhub = app;
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  console.error('SpatialHub map failed to start', error);
  const summary = document.getElementById('in-view-summary');
  if (summary) summary.textContent = `The map could not start: ${error.message}`;
});
