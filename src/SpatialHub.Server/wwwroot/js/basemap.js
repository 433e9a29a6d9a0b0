// The map's base style. Default: offline, drawn from the service's own districts (land) over water, so the pages work
// with no internet. With SpatialHub:Map:BasemapStyleUrl set: that style, with its provider's notice and logo.
//
// No style here sets `glyphs`: MapLibre 6 then draws label text with the browser's own fonts (TinySDF), so labels
// need no glyph server and no glyph request is ever made.

export const basemapLayerPrefix = 'basemap:';
const water = '#a5cce6';
const land = '#f4f1ea';

/** The offline style; `districtsTileJson` may be null (no districts dataset): water only. */
export function offlineStyle(districtsTileJson) {
  const style = {
    version: 8,
    name: 'SpatialHub offline basemap',
    sources: {},
    layers: [{ id: `${basemapLayerPrefix}water`, type: 'background', paint: { 'background-color': water } }],
  };
  if (districtsTileJson) {
    style.sources['basemap-land'] = vectorSource(districtsTileJson);
    style.layers.push({
      id: `${basemapLayerPrefix}land`,
      type: 'fill',
      source: 'basemap-land',
      'source-layer': 'districts',
      paint: { 'fill-color': land, 'fill-outline-color': '#d8d2c4' },
    });
  }
  return style;
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
