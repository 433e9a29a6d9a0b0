// What is on screen: counts per dataset (a server cluster counts as its point_count), an HTML list of the features
// in view for screen readers (canvas content is invisible to them), hover highlight (feature-state) and popups with
// a feature's attributes, opened by a click on the map or by the keyboard from the list.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { datasetOf, featureName, featureWeight, titleOf } from './layers.js';
import { anchorOf, element } from './util.js';
import { rowsOf, rowsTable } from './presentation.js';
import { language, t } from './i18n.js';
import { zoomToCluster } from './clusters.js';

const listLimit = 60;

export class FeaturesInView {
  constructor(map, entries, { interactiveList }) {
    this.map = map;
    this.entries = entries;
    this.interactiveList = interactiveList;
    this.titles = new Map();
    this.presentations = new Map(entries.map((e) => [e.dataset.id, e.presentation ?? null]));
    this.refreshTitles();
    document.addEventListener('spatialhub:language', () => { this.refreshTitles(); this.update(); });
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

  refreshTitles() {
    for (const entry of this.entries) this.titles.set(entry.dataset.id, titleOf(entry));
  }

  nameOf(feature) {
    const dataset = datasetOf(feature);
    return featureName(feature.properties, this.titles.get(dataset), this.presentations.get(dataset));
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
    // Single features first: a cluster entry only zooms in.
    const ordered = [...features.filter((f) => !(f.properties.point_count > 1)), ...features.filter((f) => f.properties.point_count > 1)];
    const items = ordered.slice(0, listLimit).map((feature) => {
      const dataset = datasetOf(feature);
      const text = `${this.nameOf(feature)} (${this.titles.get(dataset)})`;
      if (!this.interactiveList) return element('li', { text });
      return element('li', {}, element('button', {
        type: 'button', text,
        onClick: (event) => this.openPopup(feature, anchorOf(feature.geometry), event.currentTarget),
      }));
    });
    if (features.length > listLimit) items.push(element('li', { text: t('more', { n: features.length - listLimit }) }));
    this.list.replaceChildren(...items);
  }

  topFeatureAt(point) {
    const layers = this.interactiveLayers();
    if (!layers.length) return null;
    const box = [[point.x - 4, point.y - 4], [point.x + 4, point.y + 4]];
    const features = this.map.queryRenderedFeatures(box, { layers });
    // Clusters are drawn on top and answer first: a cluster over a lone point of another layer is what was clicked.
    // Large cluster discs overlap; the one whose centre is nearest the pointer is the one meant.
    const clusters = features.filter((f) => f.properties.point_count > 1 && f.geometry.type === 'Point');
    if (clusters.length) {
      const distance = (f) => { const p = this.map.project(f.geometry.coordinates); return Math.hypot(p.x - point.x, p.y - point.y); };
      return clusters.reduce((best, f) => (distance(f) < distance(best) ? f : best));
    }
    return features[0] ?? null;
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
    if (this.suspended) return; // a tool (measuring) owns clicks on the map
    const feature = this.topFeatureAt(event.point);
    if (!feature) return;
    if (feature.properties.point_count > 1) {
      zoomToCluster(this.map, feature);
      return;
    }
    this.openPopup(feature, feature.geometry.type === 'Point' ? feature.geometry.coordinates : event.lngLat, null);
  }

  /** A popup with the feature's attributes; focus moves into it and returns to `opener` when it closes. */
  openPopup(feature, lngLat, opener) {
    this.closePopup();
    if (feature.properties.point_count > 1 && opener) {
      zoomToCluster(this.map, feature);
      return;
    }
    const dataset = datasetOf(feature);
    const title = this.titles.get(dataset);
    const name = this.nameOf(feature);
    const content = element('div', { className: 'popup', role: 'dialog', 'aria-label': `${title}: ${name}` },
      element('h3', { text: name }),
      element('p', { className: 'hint', text: `${title}${feature.id !== undefined ? ` · id ${feature.id}` : ''}` }),
      rowsTable(rowsOf(this.presentations.get(dataset), feature.properties, language())));
    // Offset: the popup's tip stops short of the marker, which stays visible. Padding: the popup keeps clear of the
    // map's edges and of the attribution and scale bar at the bottom.
    const popup = new maplibregl.Popup({
      maxWidth: 'min(360px, 90vw)', focusAfterOpen: true, closeButton: true, offset: 14, className: 'feature-popup',
      padding: { top: 10, right: 10, bottom: this.bottomChromeHeight() + 10, left: 10 },
    }).setLngLat(lngLat).setDOMContent(content).addTo(this.map);
    popup.on('close', () => {
      if (this.popup === popup) this.popup = null;
      if (opener && document.body.contains(opener)) opener.focus();
    });
    this.popup = popup;
    this.popupFeature = { dataset, id: feature.id, properties: feature.properties };
  }

  /** Height of the controls along the map's bottom edge (attribution, scale bar), which popups must not cover. */
  bottomChromeHeight() {
    const container = this.map.getContainer();
    const bottom = container.getBoundingClientRect().bottom;
    let top = bottom;
    for (const node of container.querySelectorAll('.maplibregl-ctrl-bottom-left, .maplibregl-ctrl-bottom-right')) {
      if (node.getBoundingClientRect().height > 0) top = Math.min(top, node.getBoundingClientRect().top);
    }
    return Math.round(bottom - top);
  }

  closePopup() {
    if (this.popup) this.popup.remove();
    this.popup = null;
  }
}
