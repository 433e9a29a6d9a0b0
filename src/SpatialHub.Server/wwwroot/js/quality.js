// The "Quality" toggle: marks the features the import's data-quality checks flagged (GET /api/datasets/{id}/quality)
// for the datasets shown, with the reason in a popup. Self-contained: a MapLibre control, its own source and layers,
// so it does not depend on the panel's layout.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';

const sourceId = 'spatialhub-quality';
const layerIds = ['spatialhub-quality-halo', 'spatialhub-quality-mark'];

/** Fetches the quality reports of the datasets shown; a dataset without a report (checks off) contributes nothing. */
async function flaggedOf(entries) {
  const reports = await Promise.all(entries.filter((e) => e.visible).map(async ({ dataset }) => {
    const response = await fetch(`/api/datasets/${encodeURIComponent(dataset.id)}/quality`, { headers: { Accept: 'application/json' } });
    return response.ok ? { dataset, report: await response.json() } : null;
  }));
  return {
    type: 'FeatureCollection',
    features: reports.filter(Boolean).flatMap(({ dataset, report }) => (report.flagged ?? []).map((f) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [f.longitude, f.latitude] },
      properties: { dataset: dataset.title, featureId: f.featureId, line: f.line ?? null, check: f.check, reason: f.reason },
    }))),
  };
}

function popupContent(properties) {
  const box = document.createElement('div');
  box.className = 'quality-popup';
  const heading = document.createElement('strong');
  heading.textContent = `${properties.dataset}: feature ${properties.featureId}${properties.line ? ` (line ${properties.line})` : ''}`;
  const reason = document.createElement('p');
  // Reasons quote source values: text only, never HTML.
  reason.textContent = `${properties.check}: ${properties.reason}`;
  box.append(heading, reason);
  return box;
}

class QualityControl {
  constructor(app) {
    this.app = app;
    this.on = false;
  }

  onAdd(map) {
    this.container = document.createElement('div');
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.id = 'quality-toggle';
    this.button.textContent = 'Quality';
    this.button.title = 'Mark the features the data-quality checks flagged';
    this.button.setAttribute('aria-pressed', 'false');
    this.button.style.width = 'auto';
    this.button.style.padding = '0 6px';
    this.button.addEventListener('click', () => this.toggle());
    this.container.append(this.button);
    map.on('click', layerIds[1], (event) => {
      const feature = event.features?.[0];
      if (!feature) return;
      new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(feature.geometry.coordinates).setDOMContent(popupContent(feature.properties)).addTo(map);
    });
    document.addEventListener('spatialhub:layers', () => { if (this.on) this.refresh(); });
    return this.container;
  }

  onRemove() {
    this.container.remove();
  }

  async toggle() {
    this.on = !this.on;
    this.button.setAttribute('aria-pressed', String(this.on));
    if (this.on) await this.refresh();
    for (const id of layerIds) {
      if (this.app.map.getLayer(id)) this.app.map.setLayoutProperty(id, 'visibility', this.on ? 'visible' : 'none');
    }
  }

  async refresh() {
    const { map, entries } = this.app;
    const data = await flaggedOf(entries);
    this.app.qualityFlagged = data.features.length;
    if (map.getSource(sourceId)) {
      map.getSource(sourceId).setData(data);
      return;
    }
    map.addSource(sourceId, { type: 'geojson', data });
    map.addLayer({ id: layerIds[0], type: 'circle', source: sourceId, paint: { 'circle-radius': 11, 'circle-color': '#d7191c', 'circle-opacity': 0.25 } });
    map.addLayer({
      id: layerIds[1], type: 'circle', source: sourceId,
      paint: { 'circle-radius': 5, 'circle-color': '#fff', 'circle-stroke-color': '#d7191c', 'circle-stroke-width': 3 },
    });
  }
}

/** Adds the toggle to the map; `app.quality` lets tests and embedding scripts switch it. */
export function mountQuality(app) {
  const control = new QualityControl(app);
  app.map.addControl(control, 'top-right');
  app.quality = control;
}
