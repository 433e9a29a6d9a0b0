// The planners' panel on `/`: layer toggles with counts in view, legend, search, district filter, export, share and
// embed. Everything the server decides (search ranking, "inside this district") is asked of the server.
import { datasetOf } from './layers.js';
import { layerInfo } from './layer-info.js';
import { element, getJson, geometryBbox, readableQuery, setUrlParameter, viewOf, withQueryParameter } from './util.js';

export async function mountPlannerTools(app) {
  const layerList = mountLayerList(app);
  mountLegend(app);
  mountSearch(app);
  const districts = await mountDistrictFilter(app);
  mountExport(app, districts);
  mountShare(app);
  app.setDatasetVisible = layerList.setVisible;
  app.setDistrict = districts.choose;
}

function setVisible(app, entry, visible) {
  entry.visible = visible;
  for (const layer of entry.layers) {
    if (app.map.getLayer(layer.id)) app.map.setLayoutProperty(layer.id, 'visibility', visible ? 'visible' : 'none');
  }
  setUrlParameter('layers', app.entries.filter((e) => e.visible).map((e) => e.dataset.id).join(','));
  if (!visible && app.inView.popupFeature?.dataset === entry.dataset.id) app.inView.closePopup();
  document.dispatchEvent(new CustomEvent('spatialhub:layers'));
  app.map.triggerRepaint();
}

function swatch(item) {
  const style = item.ring ? `background:#fff;border:3px solid ${item.colour}` : `background:${item.colour}`;
  const size = item.large ? 'width:16px;height:16px' : item.small ? 'width:6px;height:6px' : '';
  // Colours come from layers.js through the CSSOM (not a style attribute string), which the CSP allows.
  const node = element('span', { className: `swatch${item.shape === 'line' ? ' line' : ''}`, 'aria-hidden': 'true' });
  if (item.shape === 'line') node.style.borderTopColor = item.colour;
  else node.style.cssText = `${style};${size}`;
  return node;
}

function mountLayerList(app) {
  const list = document.getElementById('layer-list');
  const counts = new Map();
  for (const entry of app.entries) {
    const id = `layer-${entry.dataset.id}`;
    const checkbox = element('input', { type: 'checkbox', id, checked: entry.visible, 'data-dataset': entry.dataset.id });
    checkbox.addEventListener('change', () => setVisible(app, entry, checkbox.checked));
    const count = element('span', { className: 'count', id: `${id}-count`, text: '' });
    counts.set(entry.dataset.id, count);
    list.append(element('li', {}, checkbox, swatch(entry.legend[0]),
      element('label', { for: id, text: entry.dataset.title || entry.dataset.id }), count, layerInfo(entry.dataset)));
    checkbox.setAttribute('aria-describedby', `${id}-count`);
  }
  app.inView.onUpdate((values) => {
    for (const entry of app.entries) {
      const node = counts.get(entry.dataset.id);
      node.textContent = entry.visible ? `${(values.get(entry.dataset.id) ?? 0).toLocaleString('en')} in view` : 'hidden';
    }
  });
  return {
    setVisible: (id, visible) => {
      const entry = app.entries.find((e) => e.dataset.id === id);
      if (!entry) return;
      document.getElementById(`layer-${id}`).checked = visible;
      setVisible(app, entry, visible);
    },
  };
}

function mountLegend(app) {
  const legend = document.getElementById('legend');
  const render = () => legend.replaceChildren(...app.entries.filter((e) => e.visible).map((entry) =>
    element('div', { className: 'legend-group' },
      element('h3', { text: entry.dataset.title || entry.dataset.id }),
      element('ul', {}, ...entry.legend.map((item) => element('li', {}, swatch(item), element('span', { text: item.label })))))));
  render();
  document.addEventListener('spatialhub:layers', render);
}

function mountSearch(app) {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-input');
  const results = document.getElementById('search-results');
  const titles = new Map(app.entries.map((e) => [e.dataset.id, e.dataset.title || e.dataset.id]));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    results.replaceChildren(element('li', { text: 'Searching…' }));
    try {
      const answer = await getJson(`/api/search?q=${encodeURIComponent(q)}&limit=10`);
      const hits = Array.isArray(answer) ? answer : answer.results ?? answer.items ?? [];
      if (!hits.length) {
        results.replaceChildren(element('li', { text: `Nothing found for “${q}”.` }));
        return;
      }
      results.replaceChildren(...hits.map((hit) => element('li', {}, element('button', {
        type: 'button',
        'data-dataset': hit.dataset,
        'data-feature-id': hit.featureId,
        onClick: () => goTo(app, hit),
      }, element('span', { text: hit.name ?? String(hit.featureId) }),
      element('span', { className: 'where', text: `${titles.get(hit.dataset) ?? hit.dataset}${hit.field ? ` · ${hit.field}` : ''}` })))));
    } catch (error) {
      results.replaceChildren(element('li', { text: `Search failed: ${error.message}` }));
    }
  });
}

/** Flies to a search hit, switches its layer on and opens its popup once the map has arrived. */
function goTo(app, hit) {
  const entry = app.entries.find((e) => e.dataset.id === hit.dataset);
  if (entry && !entry.visible) app.setDatasetVisible(hit.dataset, true);
  const [minX, minY, maxX, maxY] = hit.bbox ?? [hit.lon, hit.lat, hit.lon, hit.lat];
  if (maxX - minX > 1e-4 || maxY - minY > 1e-4) {
    app.map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 40, maxZoom: 16 });
  } else {
    app.map.flyTo({ center: [hit.lon, hit.lat], zoom: Math.max(app.map.getZoom(), 16) });
  }
  app.map.once('moveend', async () => {
    await app.whenIdle();
    const feature = app.inView.renderedFeatures()
      .find((f) => datasetOf(f) === hit.dataset && String(f.id) === String(hit.featureId));
    if (feature) app.inView.openPopup(feature, feature.geometry.type === 'Point' ? feature.geometry.coordinates : [hit.lon, hit.lat], null);
  });
}

async function mountDistrictFilter(app) {
  const select = document.getElementById('district-select');
  const state = { id: null, districts: new Map(), choose: () => {} };
  if (!app.entries.some((e) => e.dataset.id === 'districts')) {
    select.disabled = true;
    return state;
  }
  const collection = await getJson('/collections/districts/items?limit=100');
  const features = [...(collection.features ?? [])].sort((a, b) =>
    String(a.properties.DC_ENG ?? a.id).localeCompare(String(b.properties.DC_ENG ?? b.id)));
  for (const feature of features) {
    state.districts.set(String(feature.id), { name: feature.properties.DC_ENG ?? String(feature.id), bbox: feature.bbox ?? geometryBbox(feature.geometry) });
    const chinese = feature.properties.DC_CHIN ? ` ${feature.properties.DC_CHIN}` : '';
    select.append(element('option', { value: String(feature.id), text: `${feature.properties.DC_ENG ?? feature.id}${chinese}` }));
  }
  app.map.addLayer({
    id: 'district-focus',
    type: 'line',
    source: 'districts',
    'source-layer': 'districts',
    filter: ['==', ['to-string', ['id']], ''],
    paint: { 'line-color': '#d9480f', 'line-width': 3 },
  });

  // The list was read when the page opened. If the districts were re-imported or deleted since, the server answers
  // 404 for the chosen one, and MapLibre draws 404 tiles as empty: ask once, and say so rather than show nothing.
  const status = document.getElementById('district-status');
  const probe = app.entries.find((e) => e.dataset.id !== 'districts');
  const checkStillThere = async (id) => {
    const response = await fetch(`/tiles/${encodeURIComponent(probe.dataset.id)}?within=districts:${encodeURIComponent(id)}`);
    if (response.status === 404 && state.id === id) {
      status.textContent = 'This district is no longer in the map\'s data: choose another, or All of Hong Kong.';
    }
  };

  state.choose = (id) => {
    state.id = id || null;
    select.value = state.id ?? '';
    status.textContent = '';
    if (state.id && probe) checkStillThere(state.id).catch(() => {}); // unreachable: the tiles show that themselves
    // The server decides what is inside: every point source's tiles are asked again with within=districts:<id>.
    for (const entry of app.entries) {
      if (entry.dataset.id === 'districts') continue;
      const source = app.map.getSource(entry.dataset.id);
      const within = state.id ? `districts:${state.id}` : null;
      source.setTiles(entry.baseTiles.map((template) => withQueryParameter(template, 'within', within)));
    }
    app.map.setFilter('district-focus', ['==', ['to-string', ['id']], state.id ?? '']);
    setUrlParameter('district', state.id);
    if (state.id) {
      const [minX, minY, maxX, maxY] = state.districts.get(state.id).bbox;
      app.map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 30 });
    }
    document.dispatchEvent(new CustomEvent('spatialhub:district'));
  };
  select.addEventListener('change', () => state.choose(select.value));
  const fromUrl = new URLSearchParams(window.location.search).get('district');
  if (fromUrl && state.districts.has(fromUrl)) state.choose(fromUrl);
  return state;
}

function mountExport(app, districts) {
  const datasetSelect = document.getElementById('export-dataset');
  const scope = document.getElementById('export-scope');
  const format = document.getElementById('export-format');
  const link = document.getElementById('export-link');
  for (const entry of app.entries) {
    datasetSelect.append(element('option', { value: entry.dataset.id, text: entry.dataset.title || entry.dataset.id }));
  }
  const firstVisible = app.entries.find((e) => e.visible && e.dataset.id !== 'districts') ?? app.entries[0];
  if (firstVisible) datasetSelect.value = firstVisible.dataset.id;

  const refresh = () => {
    const id = datasetSelect.value;
    // A CSV export without limit has every feature; GeoJSON pages, so ask for the largest page (10,000).
    const parameters = new URLSearchParams({ f: format.value, download: 'true' });
    if (format.value !== 'csv') parameters.set('limit', '10000');
    if (scope.value === 'district') {
      if (!districts.id) {
        link.removeAttribute('href');
        link.setAttribute('aria-disabled', 'true');
        link.textContent = 'Download (choose a district first)';
        return;
      }
      parameters.set('within', `districts:${districts.id}`);
    } else {
      const bounds = app.map.getBounds();
      parameters.set('bbox', [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((v) => v.toFixed(6)).join(','));
      if (districts.id) parameters.set('within', `districts:${districts.id}`);
    }
    link.href = `/collections/${encodeURIComponent(id)}/items?${parameters.toString().replaceAll('%2C', ',').replaceAll('%3A', ':')}`;
    link.setAttribute('download', `${id}.${format.value === 'csv' ? 'csv' : 'geojson'}`);
    link.removeAttribute('aria-disabled');
    link.textContent = `Download ${format.value === 'csv' ? 'CSV' : 'GeoJSON'}`;
  };
  for (const control of [datasetSelect, scope, format]) control.addEventListener('change', refresh);
  app.map.on('moveend', refresh);
  document.addEventListener('spatialhub:district', refresh);
  refresh();
}

function mountShare(app) {
  const shareButton = document.getElementById('share-button');
  const shareUrl = document.getElementById('share-url');
  const embedButton = document.getElementById('embed-button');
  const dialog = document.getElementById('embed-dialog');
  const snippet = document.getElementById('embed-snippet');
  const copy = async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  };
  const updateShareUrl = () => { shareUrl.value = shareLink(app); };
  app.map.on('moveend', updateShareUrl);
  // A page opened from a share link keeps its ?at= current, so its address bar never previews a view it left.
  app.map.on('moveend', () => {
    if (new URLSearchParams(window.location.search).has('at')) setUrlParameter('at', viewOf(app.map));
  });
  document.addEventListener('spatialhub:layers', updateShareUrl);
  updateShareUrl();
  shareButton.addEventListener('click', async () => {
    updateShareUrl();
    shareUrl.select();
    shareButton.textContent = (await copy(shareUrl.value)) ? 'Link copied' : 'Copy the link below';
  });

  embedButton.addEventListener('click', () => {
    snippet.value = embedSnippet(app);
    dialog.showModal();
    snippet.select();
  });
  document.getElementById('embed-copy').addEventListener('click', async (event) => {
    event.currentTarget.textContent = (await copy(snippet.value)) ? 'Copied' : 'Select and copy the text above';
  });
  document.getElementById('embed-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => embedButton.focus());
}

/** The page's URL with the view in its query (`?at=zoom/lat/lon`) instead of its #fragment: a fragment never reaches
 * the server, which builds the link preview (og:image) from the query. */
export function shareLink(app) {
  const parameters = new URLSearchParams(window.location.search);
  parameters.set('at', viewOf(app.map));
  return `${window.location.origin}${window.location.pathname}?${readableQuery(parameters)}`;
}

/** The iframe for the current view: /embed?layers=…#zoom/lat/lon. */
export function embedSnippet(app) {
  const layers = app.entries.filter((e) => e.visible).map((e) => e.dataset.id).join(',');
  const src = `${window.location.origin}/embed?layers=${layers}#${viewOf(app.map)}`;
  return `<iframe src="${src}" title="SpatialHub map of Hong Kong" width="100%" height="450" style="border:0" loading="lazy" allowfullscreen></iframe>`;
}
