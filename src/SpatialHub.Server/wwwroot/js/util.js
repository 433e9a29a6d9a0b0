// Small helpers shared by the map modules.

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

/** `?layers=a,b` of the page URL, or null when absent. */
export function layersFromUrl() {
  const value = new URLSearchParams(window.location.search).get('layers');
  return value === null ? null : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `zoom/lat/lon` of a map (zoom to 0.01, centre to about a metre): the form of the embed's #fragment and of `?at=`. */
export function viewOf(map) {
  const centre = map.getCenter();
  return `${map.getZoom().toFixed(2)}/${centre.lat.toFixed(5)}/${centre.lng.toFixed(5)}`;
}

/** `?at=zoom/lat/lon` of a share link as { zoom, center }, or null when absent, malformed or out of range. The
 * #fragment, when present, wins (MapLibre reads it itself). */
export function viewFromUrl() {
  if (window.location.hash.length > 1) return null;
  const parts = (new URLSearchParams(window.location.search).get('at') ?? '').split('/');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) return null;
  const [zoom, lat, lon] = parts.map(Number);
  if (![zoom, lat, lon].every(Number.isFinite) || zoom < 0 || zoom > 22 || Math.abs(lat) > 85.05 || Math.abs(lon) > 180) return null;
  return { zoom, center: [lon, lat] };
}

/** Sets (null: removes) one query parameter of the page URL, keeping the #zoom/lat/lon hash MapLibre maintains. */
export function setUrlParameter(name, value) {
  const url = new URL(window.location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  const search = readableQuery(url.searchParams);
  window.history.replaceState(window.history.state, '', `${url.pathname}${search ? `?${search}` : ''}${url.hash}`);
}

/** The query string with the characters a query may hold as they are (`,` `:` `/`), so links stay readable. */
export function readableQuery(searchParams) {
  return searchParams.toString().replaceAll('%2C', ',').replaceAll('%3A', ':').replaceAll('%2F', '/');
}

/** Adds one query parameter to a tile URL template without touching its {z}/{x}/{y} placeholders. */
export function withQueryParameter(template, name, value) {
  const [path, query = ''] = template.split('?');
  const parameters = query.split('&').filter((p) => p && !p.startsWith(`${name}=`));
  if (value !== null) parameters.push(`${name}=${encodeURIComponent(value)}`);
  return parameters.length ? `${path}?${parameters.join('&')}` : path;
}

/** [minLon, minLat, maxLon, maxLat] of any GeoJSON geometry. */
export function geometryBbox(geometry) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coordinates) => {
    if (typeof coordinates[0] === 'number') {
      box[0] = Math.min(box[0], coordinates[0]); box[1] = Math.min(box[1], coordinates[1]);
      box[2] = Math.max(box[2], coordinates[0]); box[3] = Math.max(box[3], coordinates[1]);
    } else {
      coordinates.forEach(visit);
    }
  };
  if (geometry.type === 'GeometryCollection') geometry.geometries.forEach((g) => visit(g.coordinates));
  else visit(geometry.coordinates);
  return box;
}

/** A point to anchor a feature's popup at: the point itself, or the middle of its bbox. */
export function anchorOf(geometry) {
  if (geometry.type === 'Point') return geometry.coordinates;
  const [minX, minY, maxX, maxY] = geometryBbox(geometry);
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2).toLowerCase(), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}
