// The planners' analytics on `/`: zone statistics as a choropleth with a table and CSV download, proximity as A's
// features coloured by distance with the answer in a popup, and the HK1980 density grid as a vector tile layer.
// Every number comes from /api/analytics/*; this module only draws. Classes are quantiles of the values shown, in
// viridis (colour-blind safe, ordered by lightness, so it also reads in greyscale).
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { element, getJson } from './util.js';

const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
const SOURCE = 'analytics';
const LAYERS = ['analytics-fill', 'analytics-outline', 'analytics-points', 'analytics-grid'];
const CELL_SIZES = [100, 250, 500, 1000];
let proximityShown = null;
let clickBound = false;

/** Up to five ascending class breaks at the quantiles of `values` (duplicates merged). */
export function quantileBreaks(values, classes = VIRIDIS.length) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks = [];
  for (let k = 1; k < classes; k++) {
    const value = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / classes))];
    if (value > (breaks.at(-1) ?? sorted[0])) breaks.push(value);
  }
  return breaks;
}

/** A MapLibre step expression colouring `property` by the breaks. */
function colourBy(property, breaks) {
  const expression = ['step', ['to-number', ['get', property], 0], VIRIDIS[0]];
  breaks.forEach((b, i) => expression.push(b, VIRIDIS[Math.min(i + 1, VIRIDIS.length - 1)]));
  return expression;
}

const number = (value, digits = 0) => (value === null || value === undefined ? '–'
  : Number(value).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 }));

export async function mountAnalytics(app) {
  const catalog = (await getJson('/catalog')).datasets ?? [];
  const polygons = catalog.filter((d) => /Polygon/.test(d.geometryType ?? d.geometry_type ?? ''));
  const options = (list, selected) => list.map((d) => element('option', { value: d.id, selected: d.id === selected, text: d.title || d.id }));
  const field = (id, text, control) => [element('label', { for: id, text }), control];

  const kind = element('select', { id: 'analytics-kind' },
    element('option', { value: 'zones', text: 'Zone statistics' }),
    element('option', { value: 'proximity', text: 'Proximity' }),
    element('option', { value: 'grid', text: 'Density grid' }));
  const dataset = element('select', { id: 'analytics-dataset' }, ...options(catalog, 'wifi-hk'));
  const zones = element('select', { id: 'analytics-zones' }, ...options(polygons, 'districts'));
  const target = element('select', { id: 'analytics-to' }, ...options(catalog, 'smart-lampposts'));
  const radius = element('input', { id: 'analytics-radius', type: 'number', min: '1', max: '50000', value: '500' });
  const cell = element('select', { id: 'analytics-cell' }, ...CELL_SIZES.map((c) => element('option', { value: c, selected: c === 250, text: `${c} m` })));
  const run = element('button', { type: 'submit', id: 'analytics-run', text: 'Analyse' });
  const status = element('p', { id: 'analytics-status', className: 'hint', role: 'status' });
  const legend = element('div', { id: 'analytics-legend' });
  const download = element('a', { id: 'analytics-csv', className: 'button', href: '#', download: true, hidden: true, text: 'Download CSV' });
  const table = element('table', { id: 'analytics-table', className: 'analytics-table', hidden: true });
  const rows = {
    zones: element('div', { className: 'grid' }, ...field('analytics-zones', 'Zones', zones)),
    proximity: element('div', { className: 'grid', hidden: true }, ...field('analytics-to', 'Nearest', target), ...field('analytics-radius', 'Radius (m)', radius)),
    grid: element('div', { className: 'grid', hidden: true }, ...field('analytics-cell', 'Cell', cell)),
  };
  const form = element('form', { id: 'analytics-form' },
    element('div', { className: 'grid' }, ...field('analytics-kind', 'Analysis', kind), ...field('analytics-dataset', 'Dataset', dataset)),
    rows.zones, rows.proximity, rows.grid, run);
  const section = element('details', { className: 'tool', id: 'analytics' },
    element('summary', {}, element('h2', { id: 'analytics-heading', text: 'Analytics' })),
    form, status, legend, download, table);
  document.querySelector('aside.panel')?.append(section);

  kind.addEventListener('change', () => {
    for (const [name, row] of Object.entries(rows)) row.hidden = name !== kind.value;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Working…';
    try {
      const draw = { zones: drawZones, proximity: drawProximity, grid: drawGrid }[kind.value];
      await draw(app, { dataset: dataset.value, zones: zones.value, to: target.value, radius: radius.value, cell: cell.value }, { status, legend, download, table });
    } catch (error) {
      status.textContent = `The analysis failed: ${error.message}`;
    }
  });
  app.analytics = { run: () => form.requestSubmit(), quantileBreaks };
}

/** The first layer above the basemap: areas go under the datasets' points and lines, so those stay readable. */
function aboveBasemap(app) {
  return app.map.getStyle().layers.find((l) => !app.isBasemapLayer(l.id) && !LAYERS.includes(l.id))?.id;
}

function clear(map) {
  for (const id of LAYERS) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(SOURCE)) map.removeSource(SOURCE);
}

function showLegend(node, title, breaks, unit) {
  const bounds = [null, ...breaks, null];
  const items = VIRIDIS.slice(0, breaks.length + 1).map((colour, i) => {
    const swatch = element('span', { className: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colour;
    const from = bounds[i] === null ? '' : `${number(bounds[i], 1)}`;
    const to = bounds[i + 1] === null ? '' : `${number(bounds[i + 1], 1)}`;
    const text = from === '' ? `under ${to}` : to === '' ? `${from} and more` : `${from} to under ${to}`;
    return element('li', {}, swatch, element('span', { text: `${text}${unit}` }));
  });
  node.replaceChildren(element('p', { className: 'hint', text: `${title} (quantile classes)` }), element('ul', { className: 'analytics-legend' }, ...items));
}

function showTable(table, caption, headers, body) {
  table.replaceChildren(element('caption', { text: caption }),
    element('thead', {}, element('tr', {}, ...headers.map((h) => element('th', { scope: 'col', text: h })))),
    element('tbody', {}, ...body.map((cells) => element('tr', {}, ...cells.map((c) => element('td', { text: c }))))));
  table.hidden = false;
}

function setDownload(link, url) {
  link.href = url;
  link.hidden = false;
}

async function drawZones(app, input, ui) {
  const query = `dataset=${encodeURIComponent(input.dataset)}&zones=${encodeURIComponent(input.zones)}`;
  const collection = await getJson(`/api/analytics/zones?${query}&f=geojson`);
  const features = collection.features ?? [];
  const breaks = quantileBreaks(features.map((f) => f.properties.density_km2));
  const map = app.map;
  clear(map);
  map.addSource(SOURCE, { type: 'geojson', data: collection });
  map.addLayer({ id: 'analytics-fill', type: 'fill', source: SOURCE, paint: { 'fill-color': colourBy('density_km2', breaks), 'fill-opacity': 0.7 } }, aboveBasemap(app));
  map.addLayer({ id: 'analytics-outline', type: 'line', source: SOURCE, paint: { 'line-color': '#1b1f24', 'line-width': 0.8 } }, aboveBasemap(app));
  showLegend(ui.legend, `${input.dataset} per km² by ${input.zones}`, breaks, ' per km²');
  const sorted = [...features].sort((a, b) => b.properties.density_km2 - a.properties.density_km2);
  showTable(ui.table, `${input.dataset} by ${input.zones}`, ['Zone', 'Count', 'Per km²'],
    sorted.map((f) => [f.properties.name ?? `#${f.properties.id}`, number(f.properties.count), number(f.properties.density_km2, 1)]));
  setDownload(ui.download, `/api/analytics/zones?${query}&f=csv`);
  ui.status.textContent = `${features.length} zones; ${number(features.reduce((n, f) => n + f.properties.count, 0))} features in them.`;
}

async function drawProximity(app, input, ui) {
  const query = `from=${encodeURIComponent(input.dataset)}&to=${encodeURIComponent(input.to)}&radius=${encodeURIComponent(input.radius)}`;
  const [collection, answer] = await Promise.all([getJson(`/api/analytics/proximity?${query}&f=geojson`), getJson(`/api/analytics/proximity?${query}`)]);
  const breaks = quantileBreaks((collection.features ?? []).map((f) => f.properties.distance_m));
  const map = app.map;
  clear(map);
  map.addSource(SOURCE, { type: 'geojson', data: collection });
  map.addLayer({
    id: 'analytics-points', type: 'circle', source: SOURCE,
    paint: { 'circle-color': colourBy('distance_m', breaks), 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
  });
  proximityShown = input;
  if (!clickBound) {
    // Bound once: layers come and go with each analysis, the handler reads the answer on show.
    map.on('click', 'analytics-points', (event) => {
      const p = event.features[0].properties;
      const text = `${p.name ?? p.name_en ?? `#${p.feature_id}`}: nearest ${proximityShown.to} #${p.nearest_id} at ${number(p.distance_m)} m; `
        + `${p.within_count} within ${proximityShown.radius} m`;
      new maplibregl.Popup({ closeButton: true }).setLngLat(event.lngLat).setDOMContent(element('p', { className: 'popup', text })).addTo(map);
    });
    clickBound = true;
  }
  showLegend(ui.legend, `Distance to the nearest ${input.to}`, breaks, ' m');
  const s = answer.summary;
  ui.status.textContent = `${number(s.within_radius)} of ${number(s.features)} (${number(100 * (s.share_within_radius ?? 0), 1)} %) within ${input.radius} m; median ${number(s.median_distance_m)} m.`;
  ui.table.hidden = true;
  setDownload(ui.download, `/api/analytics/proximity?${query}&f=csv`);
}

async function drawGrid(app, input, ui) {
  const query = `dataset=${encodeURIComponent(input.dataset)}&cell=${encodeURIComponent(input.cell)}`;
  const grid = await getJson(`/api/analytics/grid?${query}`);
  const breaks = quantileBreaks(grid.cells.map((c) => c.count));
  const map = app.map;
  clear(map);
  map.addSource(SOURCE, { type: 'vector', tiles: [new URL(grid.tiles, window.location.origin).href.replaceAll('%7B', '{').replaceAll('%7D', '}')], minzoom: grid.minzoom, maxzoom: 16 });
  map.addLayer({ id: 'analytics-grid', type: 'fill', source: SOURCE, 'source-layer': '@grid', paint: { 'fill-color': colourBy('count', breaks), 'fill-opacity': 0.75 } }, aboveBasemap(app));
  showLegend(ui.legend, `${input.dataset} per ${input.cell} m cell`, breaks, '');
  ui.table.hidden = true;
  setDownload(ui.download, `/api/analytics/grid?${query}&f=csv`);
  ui.status.textContent = `${number(grid.cells.length)} cells hold ${number(grid.counted)} features; cells show from zoom ${grid.minzoom}.`;
}
