// Changes since the previous version, on `/`: a toggle in the Analytics panel draws the features an import added,
// removed or modified (moved beyond 1 m, or attributes changed) in three colours from /api/datasets/{id}/changes.
// Its own module (the analytics panel only hosts it). Colours: Okabe–Ito blue, vermillion and yellow, which stay
// distinct under the common colour-vision deficiencies; every circle has a dark outline so yellow reads on light maps.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { element, getJson } from './util.js';

export const CHANGE_COLOURS = { added: '#0072B2', removed: '#D55E00', modified: '#F0E442' };
const SOURCE = 'changes';
const LAYERS = ['changes-lines', 'changes-points'];
const colour = ['match', ['get', 'change'], 'added', CHANGE_COLOURS.added, 'removed', CHANGE_COLOURS.removed, CHANGE_COLOURS.modified];

/** Datasets of the catalog with at least two kept versions: the ones that have changes to show. */
export function comparable(catalog) {
  return catalog.filter((d) => (d.versions ?? []).filter((v) => v.retained).length >= 2);
}

export async function mountChanges(app) {
  const panel = document.getElementById('analytics');
  if (!panel) return;
  const datasets = comparable((await getJson('/catalog')).datasets ?? []);
  const select = element('select', { id: 'changes-dataset' },
    ...datasets.map((d) => element('option', { value: d.id, text: d.title || d.id })));
  const toggle = element('input', { id: 'changes-toggle', type: 'checkbox', disabled: datasets.length === 0 });
  const status = element('p', { id: 'changes-status', className: 'hint', role: 'status',
    text: datasets.length === 0 ? 'No dataset has an earlier version kept yet.' : '' });
  const legend = element('ul', { id: 'changes-legend', className: 'analytics-legend', hidden: true },
    ...Object.entries(CHANGE_COLOURS).map(([change, fill]) => {
      const swatch = element('span', { className: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = fill;
      return element('li', {}, swatch, element('span', { text: change }));
    }));
  panel.append(element('fieldset', { id: 'changes' },
    element('legend', { text: 'Changes since the previous version' }),
    element('div', { className: 'grid' }, element('label', { for: 'changes-dataset', text: 'Dataset' }), select),
    element('label', { for: 'changes-toggle' }, toggle, element('span', { text: ' Show on the map' })),
    status, legend));

  const refresh = async () => {
    clear(app.map);
    legend.hidden = true;
    if (!toggle.checked) {
      status.textContent = '';
      return;
    }
    status.textContent = 'Working…';
    try {
      const answer = await getJson(`/api/datasets/${encodeURIComponent(select.value)}/changes?f=geojson&limit=10000`);
      draw(app.map, answer);
      const c = answer.counts;
      status.textContent = `Version ${answer.from.version} → ${answer.to.version}: ${c.added} added, ${c.removed} removed, `
        + `${c.moved} moved over ${answer.tolerance_m} m, ${c.attributes_changed} with changed attributes`
        + (answer.key.field ? ` (matched by ${answer.key.field}).` : ' (matched by attributes: no key field).')
        + (answer.page.truncated ? ` The map shows the first ${answer.page.returned} of ${answer.page.total}.` : '');
      legend.hidden = false;
    } catch (error) {
      status.textContent = `The changes could not be shown: ${error.message}`;
    }
  };
  toggle.addEventListener('change', refresh);
  select.addEventListener('change', () => { if (toggle.checked) refresh(); });
  app.map.on('click', 'changes-points', (event) => popup(app.map, event));
  app.map.on('click', 'changes-lines', (event) => popup(app.map, event));
  app.changes = { refresh, toggle, select };
}

function clear(map) {
  for (const id of LAYERS) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(SOURCE)) map.removeSource(SOURCE);
}

function draw(map, collection) {
  map.addSource(SOURCE, { type: 'geojson', data: collection });
  map.addLayer({ id: 'changes-lines', type: 'line', source: SOURCE, filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': colour, 'line-width': 3 } });
  map.addLayer({ id: 'changes-points', type: 'circle', source: SOURCE, filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': colour, 'circle-radius': 7, 'circle-stroke-color': '#1b1f24', 'circle-stroke-width': 1.5 } });
}

function popup(map, event) {
  const p = event.features[0].properties;
  // GeoJSON sources hand nested values back as JSON text.
  const fields = typeof p.changed_fields === 'string' ? JSON.parse(p.changed_fields) : p.changed_fields ?? [];
  const parts = [`${p.change}${p.key ? ` ${p.key}` : ''}`];
  if (p.moved) parts.push(`moved ${Number(p.moved_m).toLocaleString('en', { maximumFractionDigits: 1 })} m`);
  if (fields.length > 0) parts.push(`changed: ${fields.join(', ')}`);
  new maplibregl.Popup({ closeButton: true }).setLngLat(event.lngLat)
    .setDOMContent(element('p', { className: 'popup', text: parts.join('; ') })).addTo(map);
}
