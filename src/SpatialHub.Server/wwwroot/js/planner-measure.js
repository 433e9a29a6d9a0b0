// Planners' map tools on `/`: the HK1980 Grid coordinate readout (at the cursor and on click, with copy), distance
// and area measurement, and "Locate me". Coordinates come from the service's own reprojection (POST /api/transform,
// the same code as `spatialhub transform`), never from a JavaScript copy of the datum shift; lengths and areas are
// computed on those HK1980 Grid (EPSG:2326) metres.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { element } from './util.js';
import { t } from './i18n.js';

/** WGS84 [lon, lat] pairs to HK1980 Grid [easting, northing] pairs, by the service. */
export async function toHk1980(pairs) {
  const response = await fetch('/api/transform?from=EPSG:4326&to=EPSG:2326', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(pairs),
  });
  if (!response.ok) throw new Error(`/api/transform answered ${response.status}`);
  return response.json();
}

/** Length of a path of grid coordinates, in metres (Pythagoras per segment: the grid is metric). */
export function pathLength(points) {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
  return total;
}

/** Area of the polygon the points close, in square metres (shoelace), 0 below three points. */
export function polygonArea(points) {
  if (points.length < 3) return 0;
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

const metres = (value) => `${value.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 })} m`;
const squareMetres = (value) => (value >= 1e6
  ? `${(value / 1e6).toLocaleString('en', { maximumFractionDigits: 3 })} km²`
  : `${value.toLocaleString('en', { maximumFractionDigits: 1 })} m²`);
const grid = ([e, n]) => `E ${e.toFixed(2)} N ${n.toFixed(2)}`;

export function mountMapTools(app) {
  const { map } = app;
  const readout = mountReadout(map);
  const measure = mountMeasure(app, readout);
  map.addControl(new maplibregl.GeolocateControl({ positionOptions: { enableHighAccuracy: true }, trackUserLocation: false }), 'top-right');
  map.on('click', (event) => { if (!measure.active) readout.fix(event.lngLat); });
  app.tools = { readout, measure, toHk1980 };
}

/** Bottom-left box: HK1980 Grid and WGS84 at the cursor (asked when the pointer rests), fixed on click, with copy. */
function mountReadout(map) {
  const text = element('output', { className: 'coords-text', 'aria-live': 'polite', text: '' });
  const copy = element('button', { type: 'button', className: 'coords-copy', text: t('copy') });
  const box = element('div', { className: 'maplibregl-ctrl coords', role: 'group', 'aria-label': t('coordinates') }, text, copy);
  map.addControl({ onAdd: () => box, onRemove: () => box.remove() }, 'bottom-left');
  let last = null;
  let timer = null;
  let request = 0;
  const show = async (lngLat, fixed) => {
    const ticket = ++request;
    const [point] = await toHk1980([[lngLat.lng, lngLat.lat]]);
    if (ticket !== request) return; // a newer position was asked for meanwhile
    last = { grid: point, lngLat, fixed };
    text.textContent = `HK1980 ${grid(point)} · WGS84 ${lngLat.lat.toFixed(6)}, ${lngLat.lng.toFixed(6)}`;
    box.dataset.fixed = String(fixed);
  };
  let pinned = false;
  map.on('mousemove', (event) => {
    if (pinned) return;
    clearTimeout(timer);
    // Only when the pointer rests: a request per mouse event would be hundreds a second.
    timer = setTimeout(() => { if (!pinned) show(event.lngLat, false).catch(() => {}); }, 150);
  });
  // Escape lets the readout follow the cursor again.
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && pinned) { pinned = false; if (last) last.fixed = false; } });
  copy.addEventListener('click', async () => {
    if (!last) return;
    const value = `${last.grid[0].toFixed(2)}, ${last.grid[1].toFixed(2)}`;
    try { await navigator.clipboard.writeText(value); copy.textContent = '✓'; } catch { copy.textContent = value; }
    setTimeout(() => { copy.textContent = t('copy'); }, 1500);
  });
  return {
    fix: (lngLat) => { pinned = true; clearTimeout(timer); show(lngLat, true).catch(() => {}); },
    release: () => { pinned = false; if (last) last.fixed = false; },
    get value() { return last; },
  };
}

/** Click to add points (a click on a point feature snaps to it); the panel shows distance and area. */
function mountMeasure(app, readout) {
  const { map } = app;
  const state = { active: false, lngLats: [], grid: [] };
  const button = element('button', { type: 'button', className: 'measure-toggle', 'aria-pressed': 'false', text: t('measure') });
  const result = element('output', { className: 'measure-result', 'aria-live': 'polite' });
  const clear = element('button', { type: 'button', text: '×', 'aria-label': 'Clear the measurement' });
  const box = element('div', { className: 'maplibregl-ctrl maplibregl-ctrl-group measure' }, button, result, clear);
  map.addControl({ onAdd: () => box, onRemove: () => box.remove() }, 'top-right');
  map.addSource('measure', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({ id: 'measure-line', type: 'line', source: 'measure', paint: { 'line-color': '#000000', 'line-width': 3, 'line-dasharray': [2, 1] } });
  map.addLayer({ id: 'measure-points', type: 'circle', source: 'measure', filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#000000', 'circle-stroke-width': 2 } });

  const draw = () => {
    const coordinates = state.lngLats;
    const features = coordinates.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: {} }));
    if (coordinates.length > 1) {
      const ring = coordinates.length > 2 ? [...coordinates, coordinates[0]] : coordinates;
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: ring }, properties: {} });
    }
    map.getSource('measure').setData({ type: 'FeatureCollection', features });
    const distance = pathLength(state.grid);
    const area = polygonArea(state.grid);
    result.textContent = state.grid.length < 2 ? (state.active ? 'Click points on the map' : '')
      : `${metres(distance)}${area > 0 ? ` · ${squareMetres(area)}` : ''}`;
    box.dataset.distance = String(distance);
    box.dataset.area = String(area);
  };
  const setActive = (active) => {
    state.active = active;
    app.inView.suspended = active;
    button.setAttribute('aria-pressed', String(active));
    map.getCanvas().style.cursor = active ? 'crosshair' : '';
    if (active) readout.release();
    draw();
  };
  const reset = () => { state.lngLats = []; state.grid = []; draw(); };
  button.addEventListener('click', () => setActive(!state.active));
  clear.addEventListener('click', reset);
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && state.active) setActive(false); });
  map.on('click', async (event) => {
    if (!state.active) return;
    const box4 = [[event.point.x - 6, event.point.y - 6], [event.point.x + 6, event.point.y + 6]];
    const snapped = app.inView.interactiveLayers().length
      ? map.queryRenderedFeatures(box4, { layers: app.inView.interactiveLayers() }).find((f) => f.geometry.type === 'Point' && !(f.properties.point_count > 1))
      : null;
    const lngLat = snapped ? snapped.geometry.coordinates : [event.lngLat.lng, event.lngLat.lat];
    state.lngLats.push(lngLat);
    const index = state.lngLats.length - 1;
    const [point] = await toHk1980([lngLat]);
    state.grid[index] = point;
    if (state.grid.filter(Boolean).length === state.lngLats.length) draw();
  });
  return { get active() { return state.active; }, setActive, reset, state };
}
