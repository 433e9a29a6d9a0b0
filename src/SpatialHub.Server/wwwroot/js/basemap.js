// The map's base style. Default: offline, drawn from the service's own districts so the pages work with no internet:
// a neutral background, district outlines and one label per district at a point the server placed inside it
// (/api/zones/districts/labels). No land fill: the 2001 district polygons include the sea, so filling them would
// draw the harbour as land. With SpatialHub:Map:BasemapStyleUrl set: that style, with its provider's notice and logo.
//
// No style here sets `glyphs`: MapLibre 6 then draws label text with the browser's own fonts (TinySDF), so labels
// need no glyph server and no glyph request is ever made.

export const basemapLayerPrefix = 'basemap:';
const background = '#f1f1ee';
const fonts = ['Liberation Sans', 'DejaVu Sans', 'Noto Sans CJK TC', 'Arial', 'sans-serif'];

/** The offline style; `districtsTileJson` may be null (no districts dataset): background only. `labels`: the
 * districts' names and label points from the server. */
export function offlineStyle(districtsTileJson, labels = []) {
  const style = {
    version: 8,
    name: 'SpatialHub offline basemap',
    sources: {},
    layers: [{ id: `${basemapLayerPrefix}background`, type: 'background', paint: { 'background-color': background } }],
  };
  if (districtsTileJson) {
    style.sources['basemap-districts'] = vectorSource(districtsTileJson);
    style.layers.push({
      id: `${basemapLayerPrefix}district-lines`,
      type: 'line',
      source: 'basemap-districts',
      'source-layer': 'districts',
      paint: { 'line-color': '#8a9099', 'line-width': 1, 'line-dasharray': [4, 2] },
    });
  }
  if (labels.length) {
    style.sources['basemap-labels'] = { type: 'geojson', data: labelPoints(labels) };
    style.layers.push({
      id: `${basemapLayerPrefix}district-names`,
      type: 'symbol',
      source: 'basemap-labels',
      layout: {
        'text-field': ['get', 'name'], 'text-font': fonts, 'text-size': ['interpolate', ['linear'], ['zoom'], 9, 11, 14, 15],
        'text-max-width': 8, 'text-transform': 'uppercase', 'text-letter-spacing': 0.05,
      },
      paint: { 'text-color': '#4a5561', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
  }
  return style;
}

/** One point per district, with its name in both languages (the label shows the page's language). */
export function labelPoints(labels) {
  return {
    type: 'FeatureCollection',
    features: labels.map((d) => ({
      type: 'Feature', id: Number(d.id), geometry: { type: 'Point', coordinates: d.label },
      properties: { name: d.name, nameZh: d.nameZh ?? d.name },
    })),
  };
}

/** Shows the district labels in `language` (Chinese names when zh-HK). */
export function setBasemapLabelLanguage(map, language) {
  const id = `${basemapLayerPrefix}district-names`;
  if (!map.getLayer(id)) return;
  map.setLayoutProperty(id, 'text-field', ['get', language === 'zh-HK' ? 'nameZh' : 'name']);
}

/**
 * The base style to draw: the configured one (SpatialHub:Map:BasemapStyleUrl) when it answers with a style within
 * `basemapTimeoutMs`, else the offline one. Returns { style, kind: 'configured' | 'offline', reason }.
 */
export async function chooseBasemap(config, offline) {
  if (!config.basemapStyleUrl) return { style: offline(), kind: 'offline', reason: null };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), config.basemapTimeoutMs ?? 4000);
  try {
    const response = await fetch(config.basemapStyleUrl, { signal: abort.signal, headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`it answered ${response.status}`);
    const style = await response.json();
    if (style?.version !== 8 || !Array.isArray(style.layers)) throw new Error('it is not a MapLibre style');
    return { style: await mapLibreReadable(style, response.url || config.basemapStyleUrl, abort.signal), kind: 'configured', reason: null };
  } catch (error) {
    const reason = abort.signal.aborted ? 'it did not answer in time' : error.message || 'it is unreachable';
    console.warn(`Basemap ${config.basemapStyleUrl} not used (${reason}): drawing the offline basemap.`);
    return { style: offline(), kind: 'offline', reason };
  } finally {
    clearTimeout(timer);
  }
}

/** An absolute URL for `path` relative to `base`, keeping MapLibre's {placeholders} (URL() would escape them). */
function resolveTemplate(path, base) {
  return new URL(path, base).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
}

/**
 * The Lands Department's vector basemap style (an ArcGIS VectorTileServer's resources/styles/root.json) as MapLibre
 * reads it. That style names its sprite and glyphs relative to itself, which MapLibre would resolve against the page,
 * and its source `url` is the tile service's own description (relative "../../"), not a TileJSON: its `tiles`
 * template is relative, and rows come before columns ({z}/{y}/{x}). So: sprite and glyphs become absolute, and each
 * vector source with a `url` but no `tiles` gets the tile template of its description, made absolute, and the zoom
 * range it states. A style that is already MapLibre's passes through unchanged, apart from relative URLs.
 */
export async function mapLibreReadable(style, styleUrl, signal) {
  const readable = { ...style, sources: { ...style.sources } };
  if (typeof style.sprite === 'string') readable.sprite = resolveTemplate(style.sprite, styleUrl);
  // MapLibre has one glyph server for every layer, the service's too. Without symbol layers of its own the style needs
  // none: dropping it keeps the service's labels on the browser's fonts (see basemapFonts otherwise).
  if (typeof style.glyphs === 'string' && style.layers.some((l) => l.type === 'symbol')) readable.glyphs = resolveTemplate(style.glyphs, styleUrl);
  else delete readable.glyphs;
  for (const [id, source] of Object.entries(style.sources ?? {})) {
    if (source.type !== 'vector' || !source.url || source.tiles) continue;
    const serviceUrl = new URL(source.url, styleUrl).href;
    const response = await fetch(serviceUrl, { signal, headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`its tile service answered ${response.status}`);
    const service = await response.json();
    const tiles = Array.isArray(service.tiles) && service.tiles.length ? service.tiles : ['tile/{z}/{y}/{x}.pbf'];
    const { url, ...rest } = source;
    readable.sources[id] = {
      ...rest,
      tiles: tiles.map((tile) => resolveTemplate(tile, serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`)),
      ...(Number.isInteger(service.minzoom) ? { minzoom: service.minzoom } : {}),
      ...(Number.isInteger(service.maxzoom) ? { maxzoom: service.maxzoom } : {}),
    };
  }
  return readable;
}

/** The font stack the service's labels must use over `style`: its glyph server only has its own fonts. Null when the
 * style has no glyph server (the labels then draw with the browser's fonts). */
export function basemapFonts(style) {
  if (!style.glyphs) return null;
  const font = style.layers.map((l) => l.layout?.['text-font']).find((f) => Array.isArray(f) && f.every((n) => typeof n === 'string'));
  return font ?? null;
}

/** Says on the map which basemap is drawn, and why not the configured one when it fell back. */
export class BasemapIndicator {
  constructor(basemap, config) { this.basemap = basemap; this.config = config; }
  onAdd() {
    const node = document.createElement('div');
    node.className = 'maplibregl-ctrl basemap-indicator';
    node.dataset.basemap = this.basemap.kind;
    node.textContent = this.basemap.kind === 'configured'
      ? `Basemap: ${this.config.basemapLogoText || 'configured'}`
      : this.basemap.reason
        ? `Basemap: offline (${this.config.basemapLogoText || 'the configured basemap'} unavailable: ${this.basemap.reason})`
        : 'Basemap: offline (districts)';
    this.container = node;
    return node;
  }
  onRemove() { this.container.remove(); }
}

/** A MapLibre vector source from a TileJSON document (tiles may carry a ?v= version token: kept as given). */
export function vectorSource(tileJson, attribution) {
  return {
    type: 'vector',
    tiles: tileJson.tiles,
    minzoom: tileJson.minzoom ?? 0,
    maxzoom: tileJson.maxzoom ?? 16,
    bounds: tileJson.bounds,
    attribution: attribution ?? tileJson.attribution ?? undefined,
  };
}

/** The provider's logo on the map face (the Lands Department requires it), as a MapLibre control. */
export class BasemapLogoControl {
  constructor(config) { this.config = config; }
  onAdd() {
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl basemap-logo';
    if (this.config.basemapLogoUrl) {
      const image = document.createElement('img');
      image.src = this.config.basemapLogoUrl;
      image.alt = this.config.basemapLogoText || this.config.basemapAttribution || 'Basemap provider';
      container.append(image);
    } else {
      container.textContent = this.config.basemapLogoText || 'Basemap';
    }
    this.container = container;
    return container;
  }
  onRemove() { this.container.remove(); }
}
