// What is on screen: counts per dataset (a server cluster counts as its point_count), an HTML list of the features
// in view for screen readers (canvas content is invisible to them), hover highlight (feature-state) and popups with
// a feature's attributes, opened by a click on the map or by the keyboard from the list.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { datasetOf, featureName, featureWeight } from './layers.js';
import { anchorOf, element } from './util.js';

const listLimit = 60;

export class FeaturesInView {
  constructor(map, entries, { interactiveList }) {
    this.map = map;
    this.entries = entries;
    this.interactiveList = interactiveList;
    this.titles = new Map(entries.map((e) => [e.dataset.id, e.dataset.title || e.dataset.id]));
    this.counts = new Map();
    this.listeners = [];
    this.hovered = null;
    this.popup = null;
    this.summary = document.getElementById('in-view-summary');
    this.list = document.getElementById('in-view-list');
    map.on('idle', () => this.update());
    map.on('mousemove', (event) => this.hover(event));
    map.on('mouseout', () => this.clearHover());
    map.on('click', (event) => this.click(event));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.popup) this.closePopup();
    });
  }

  /** Ids of the layers a user can point at, of the datasets currently shown. */
  interactiveLayers() {
    return this.entries.filter((e) => e.visible)
      .flatMap((e) => e.layers.filter((l) => l.metadata['spatialhub:interactive']).map((l) => l.id))
      .filter((id) => this.map.getLayer(id));
  }

  /** Features drawn in the viewport, one per feature (a polygon cut by tile edges comes back once per tile). */
  renderedFeatures() {
    const layers = this.interactiveLayers();
    if (!layers.length) return [];
    const seen = new Set();
    const features = [];
    for (const feature of this.map.queryRenderedFeatures({ layers })) {
      const dataset = datasetOf(feature);
      const key = `${dataset}|${feature.id ?? JSON.stringify(feature.geometry.coordinates)}|${feature.properties.point_count ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      features.push(feature);
    }
    return features;
  }

  update() {
    const features = this.renderedFeatures();
    const counts = new Map(this.entries.map((e) => [e.dataset.id, 0]));
    for (const feature of features) {
      const dataset = datasetOf(feature);
      counts.set(dataset, (counts.get(dataset) ?? 0) + featureWeight(feature.properties));
    }
    this.counts = counts;
    this.renderList(features, counts);
    for (const listener of this.listeners) listener(counts, features);
  }

  onUpdate(listener) { this.listeners.push(listener); }

  renderList(features, counts) {
    if (!this.summary || !this.list) return;
    const parts = this.entries.filter((e) => e.visible)
      .map((e) => `${counts.get(e.dataset.id) ?? 0} ${this.titles.get(e.dataset.id)}`);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const sentence = parts.length ? `${total.toLocaleString('en')} features in view: ${parts.join(', ')}.` : 'No layer is shown.';
    if (this.summary.textContent !== sentence) this.summary.textContent = sentence;
    const items = features.slice(0, listLimit).map((feature) => {
      const dataset = datasetOf(feature);
      const text = `${featureName(feature.properties, this.titles.get(dataset))} (${this.titles.get(dataset)})`;
      if (!this.interactiveList) return element('li', { text });
      return element('li', {}, element('button', {
        type: 'button', text,
        onClick: (event) => this.openPopup(feature, anchorOf(feature.geometry), event.currentTarget),
      }));
    });
    if (features.length > listLimit) items.push(element('li', { text: `…and ${features.length - listLimit} more: zoom in to list them.` }));
    this.list.replaceChildren(...items);
  }

  topFeatureAt(point) {
    const layers = this.interactiveLayers();
    if (!layers.length) return null;
    const box = [[point.x - 4, point.y - 4], [point.x + 4, point.y + 4]];
    return this.map.queryRenderedFeatures(box, { layers })[0] ?? null;
  }

  hover(event) {
    const feature = this.topFeatureAt(event.point);
    this.map.getCanvas().style.cursor = feature ? 'pointer' : '';
    const target = feature && feature.id !== undefined
      ? { source: feature.source, sourceLayer: feature.sourceLayer, id: feature.id } : null;
    if (this.hovered && target && this.hovered.source === target.source && this.hovered.id === target.id) return;
    this.clearHover();
    if (target) {
      this.map.setFeatureState(target, { hover: true });
      this.hovered = target;
    }
  }

  clearHover() {
    if (this.hovered && this.map.getSource(this.hovered.source)) this.map.setFeatureState(this.hovered, { hover: false });
    this.hovered = null;
  }

  click(event) {
    const feature = this.topFeatureAt(event.point);
    if (!feature) return;
    if (feature.properties.point_count > 1) {
      this.map.easeTo({ center: feature.geometry.coordinates, zoom: Math.min(this.map.getZoom() + 2, 16) });
      return;
    }
    this.openPopup(feature, event.lngLat, null);
  }

  /** A popup with the feature's attributes; focus moves into it and returns to `opener` when it closes. */
  openPopup(feature, lngLat, opener) {
    this.closePopup();
    if (feature.properties.point_count > 1 && opener) {
      this.map.easeTo({ center: feature.geometry.coordinates, zoom: Math.min(this.map.getZoom() + 2, 16) });
      return;
    }
    const dataset = datasetOf(feature);
    const title = this.titles.get(dataset);
    const rows = Object.entries(feature.properties)
      .filter(([key]) => !key.startsWith('_'))
      .map(([key, value]) => element('tr', {}, element('th', { scope: 'row', text: key }), element('td', { text: String(value) })));
    const content = element('div', { className: 'popup', role: 'dialog', 'aria-label': `${title}: ${featureName(feature.properties, title)}` },
      element('h3', { text: featureName(feature.properties, title) }),
      element('p', { className: 'hint', text: `${title}${feature.id !== undefined ? ` · id ${feature.id}` : ''}` }),
      element('table', {}, element('tbody', {}, ...rows)));
    const popup = new maplibregl.Popup({ maxWidth: '340px', focusAfterOpen: true, closeButton: true })
      .setLngLat(lngLat).setDOMContent(content).addTo(this.map);
    popup.on('close', () => {
      if (this.popup === popup) this.popup = null;
      if (opener && document.body.contains(opener)) opener.focus();
    });
    this.popup = popup;
    this.popupFeature = { dataset, id: feature.id, properties: feature.properties };
  }

  closePopup() {
    if (this.popup) this.popup.remove();
    this.popup = null;
  }
}
