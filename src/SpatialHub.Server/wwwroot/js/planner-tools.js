// The planners' panel on `/`: layer toggles with counts in view, legend, search, district filter, export, share and
// embed. Everything the server decides (search ranking, "inside this district") is asked of the server.
import { datasetOf, titleOf } from './layers.js';
import { element, getJson, readableQuery, setUrlParameter, viewOf } from './util.js';
import { layerInfo } from './layer-info.js';
import { mountDistrictFilter } from './district-filter.js';
import { language, setLanguage, t } from './i18n.js';
import { mountSheet } from './sheet.js';
import { legendGroups, swatch } from './legend.js';
import { mountMapTools } from './planner-measure.js';
import { mountPrint } from './print.js';
import { exportOptions } from './export-formats.js';

export async function mountPlannerTools(app) {
  const layerList = mountLayerList(app);
  mountLegend(app);
  mountSearch(app);
  const districts = await mountDistrictFilter(app, app.districts ?? []);
  mountExport(app, districts);
  mountShare(app);
  mountLanguage();
  mountOverlays(app);
  mountSheet(app.map);
  mountMapTools(app);
  app.print = mountPrint(app, districts);
  app.setDatasetVisible = layerList.setVisible;
  app.setDistrict = districts.choose;
}

function mountLanguage() {
  const select = document.getElementById('language-select');
  select.value = language();
  select.addEventListener('change', () => setLanguage(select.value));
}

/** Toggles other modules register through overlays.js (change tracking, data quality, ...). */
function mountOverlays(app) {
  const section = document.getElementById('overlays');
  const list = document.getElementById('overlay-list');
  app.overlays.onRegister((overlay) => {
    section.hidden = false;
    const id = `overlay-${overlay.id}`;
    const checkbox = element('input', { type: 'checkbox', id, checked: overlay.enabled });
    const label = element('label', { for: id });
    const renderLabel = () => { label.textContent = typeof overlay.label === 'string' ? overlay.label : overlay.label?.[language()] ?? overlay.label?.en ?? overlay.id; };
    renderLabel();
    document.addEventListener('spatialhub:language', renderLabel);
    checkbox.addEventListener('change', async () => {
      overlay.enabled = checkbox.checked;
      await overlay.onToggle(checkbox.checked, app);
    });
    list.append(element('li', {}, checkbox, label));
  });
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

function mountLayerList(app) {
  const list = document.getElementById('layer-list');
  const counts = new Map();
  for (const entry of app.entries) {
    const id = `layer-${entry.dataset.id}`;
    const checkbox = element('input', { type: 'checkbox', id, checked: entry.visible, 'data-dataset': entry.dataset.id });
    checkbox.addEventListener('change', () => setVisible(app, entry, checkbox.checked));
    const count = element('span', { className: 'count', id: `${id}-count`, text: '' });
    counts.set(entry.dataset.id, count);
    const label = element('label', { for: id, text: titleOf(entry) });
    document.addEventListener('spatialhub:language', () => { label.textContent = titleOf(entry); });
    list.append(element('li', {}, checkbox, swatch(entry.legend[0]), label, count, layerInfo(entry.dataset)));
    checkbox.setAttribute('aria-describedby', `${id}-count`);
  }
  app.inView.onUpdate((values) => {
    for (const entry of app.entries) {
      const node = counts.get(entry.dataset.id);
      node.textContent = entry.visible ? t('inViewCount', { n: (values.get(entry.dataset.id) ?? 0).toLocaleString('en') }) : t('hidden');
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
  const render = () => legend.replaceChildren(...legendGroups(app.entries.filter((e) => e.visible)));
  render();
  document.addEventListener('spatialhub:layers', render);
  document.addEventListener('spatialhub:language', render);
}

function mountSearch(app) {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-input');
  const results = document.getElementById('search-results');
  const titles = { get: (id) => { const entry = app.entries.find((e) => e.dataset.id === id); return entry ? titleOf(entry) : null; } };
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

function mountExport(app, districts) {
  const datasetSelect = document.getElementById('export-dataset');
  const scope = document.getElementById('export-scope');
  const format = document.getElementById('export-format');
  const link = document.getElementById('export-link');
  const crs = document.getElementById('export-crs');
  for (const entry of app.entries) {
    const option = element('option', { value: entry.dataset.id, text: titleOf(entry) });
    document.addEventListener('spatialhub:language', () => { option.textContent = titleOf(entry); });
    datasetSelect.append(option);
  }
  // The export follows what the planner sees: a shown point layer before the districts, and when the chosen layer
  // is switched off, the next shown one.
  const followVisible = () => {
    const chosen = app.entries.find((e) => e.dataset.id === datasetSelect.value);
    if (chosen?.visible) return;
    const visible = app.entries.find((e) => e.visible && e.dataset.id !== 'districts') ?? app.entries.find((e) => e.visible);
    if (visible) datasetSelect.value = visible.dataset.id;
  };
  datasetSelect.value = '';
  followVisible();
  if (!datasetSelect.value && app.entries[0]) datasetSelect.value = app.entries[0].dataset.id;
  document.addEventListener('spatialhub:layers', () => { followVisible(); refresh(); });

  const refresh = () => {
    const id = datasetSelect.value;
    const { parameters, extension, label } = exportOptions(format.value, crs);
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
    link.setAttribute('download', `${id}.${extension}`);
    link.removeAttribute('aria-disabled');
    link.textContent = `Download ${label}`;
  };
  for (const control of [datasetSelect, scope, format, crs]) control.addEventListener('change', refresh);
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
