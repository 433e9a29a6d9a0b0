// The district filter of `/`: a list of districts (names and extents from the server's light labels endpoint, not
// their geometry), a removable chip on the map while one is chosen, everything outside it dimmed, and an outline in
// a colour no data layer uses. The server decides what is inside: every other source's tiles are asked again with
// within=districts:<id>. Kept in ?district=; a link with a view (#zoom/lat/lon or ?at=) keeps that view exactly.
import { element, getJson, setUrlParameter, withQueryParameter } from './util.js';
import { language, t } from './i18n.js';

/** Cyan: none of the sample styles (blues, purples, reds, oranges, greys, green) uses it. */
export const focusColour = '#00a6c0';

/** Read when the module loads, before the map writes its own #zoom/lat/lon into the address. */
const openedWithView = window.location.hash.length > 1 || new URLSearchParams(window.location.search).has('at');

/** The districts' names, label points and extents: [{ id, name, nameZh, label, bbox }], sorted by English name. */
export async function loadDistricts() {
  const answer = await getJson('/api/zones/districts/labels');
  return (answer.features ?? []).map((f) => ({
    id: String(f.id),
    name: f.properties?.DC_ENG ?? String(f.id),
    nameZh: f.properties?.DC_CHIN ?? null,
    label: f.label,
    bbox: f.bbox,
  })).sort((a, b) => a.name.localeCompare(b.name));
}

export const districtName = (district) => (language() === 'zh-HK' && district.nameZh ? district.nameZh : district.name);

export async function mountDistrictFilter(app, districtList) {
  const select = document.getElementById('district-select');
  const status = document.getElementById('district-status');
  const state = { id: null, districts: new Map(), choose: () => {} };
  if (!app.entries.some((e) => e.dataset.id === 'districts') || !districtList.length) {
    select.disabled = true;
    return state;
  }
  for (const district of districtList) {
    state.districts.set(district.id, district);
    select.append(element('option', { value: district.id, text: `${district.name}${district.nameZh ? ` ${district.nameZh}` : ''}` }));
  }
  // Dimming: every other district under a dark veil; the chosen one outlined, on a white casing so it reads on any fill.
  app.map.addLayer({
    id: 'district-dim', type: 'fill', source: 'districts', 'source-layer': 'districts',
    filter: ['==', ['to-string', ['id']], '\u0000none'], paint: { 'fill-color': '#1b1f24', 'fill-opacity': 0.35 },
  });
  for (const [id, colour, width] of [['district-focus-casing', '#ffffff', 7], ['district-focus', focusColour, 4]]) {
    app.map.addLayer({
      id, type: 'line', source: 'districts', 'source-layer': 'districts',
      filter: ['==', ['to-string', ['id']], '\u0000none'], paint: { 'line-color': colour, 'line-width': width },
    });
  }

  const chip = element('div', { className: 'maplibregl-ctrl district-chip', hidden: true });
  app.map.addControl({ onAdd: () => chip, onRemove: () => chip.remove() }, 'top-left');
  const renderChip = () => {
    const district = state.id ? state.districts.get(state.id) : null;
    chip.hidden = !district;
    if (!district) return chip.replaceChildren();
    const name = districtName(district);
    chip.replaceChildren(
      element('span', { className: 'swatch line', 'aria-hidden': 'true' }),
      element('span', { text: name }),
      element('button', { type: 'button', 'aria-label': t('removeDistrict', { name }), text: '×', onClick: () => state.choose(null) }));
  };
  document.addEventListener('spatialhub:language', renderChip);

  // The list was read when the page opened. If the districts were re-imported or deleted since, the server answers
  // 404 for the chosen one, and MapLibre draws 404 tiles as empty: ask once, and say so rather than show nothing.
  const probe = app.entries.find((e) => e.dataset.id !== 'districts');
  const checkStillThere = async (id) => {
    const response = await fetch(`/tiles/${encodeURIComponent(probe.dataset.id)}?within=districts:${encodeURIComponent(id)}`);
    if (response.status === 404 && state.id === id) {
      status.textContent = 'This district is no longer in the map\'s data: choose another, or All of Hong Kong.';
    }
  };

  state.choose = (id, { fit = true } = {}) => {
    state.id = id || null;
    select.value = state.id ?? '';
    status.textContent = '';
    if (state.id && probe) checkStillThere(state.id).catch(() => {}); // unreachable: the tiles show that themselves
    for (const entry of app.entries) {
      if (entry.dataset.id === 'districts') continue;
      const within = state.id ? `districts:${state.id}` : null;
      app.map.getSource(entry.dataset.id).setTiles(entry.baseTiles.map((template) => withQueryParameter(template, 'within', within)));
    }
    const chosen = ['==', ['to-string', ['id']], state.id ?? '\u0000none'];
    app.map.setFilter('district-focus', chosen);
    app.map.setFilter('district-focus-casing', chosen);
    app.map.setFilter('district-dim', state.id ? ['!=', ['to-string', ['id']], state.id] : ['==', ['to-string', ['id']], '\u0000none']);
    setUrlParameter('district', state.id);
    renderChip();
    if (state.id && fit) {
      const [minX, minY, maxX, maxY] = state.districts.get(state.id).bbox;
      app.map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 30 });
    }
    document.dispatchEvent(new CustomEvent('spatialhub:district'));
  };
  select.addEventListener('change', () => state.choose(select.value));
  const fromUrl = new URLSearchParams(window.location.search).get('district');
  if (fromUrl && state.districts.has(fromUrl)) {
    // A shared link names its view: keep it exactly rather than refit to the district.
    state.choose(fromUrl, { fit: !openedWithView });
  }
  return state;
}
