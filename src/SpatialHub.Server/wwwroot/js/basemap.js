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
