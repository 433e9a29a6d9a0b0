// Print / PDF on `/`: a map control that opens the server's printable PDF of the current view
// (GET /print/{visible layers}/{lon},{lat},{zoom}/{width}x{height}.pdf), drawn by the .NET renderer with the title,
// legend, scale bar, north arrow and attribution. The title names the visible layers and, when the district filter is
// on, the district. The link is rebuilt on every move, layer, district or language change, and again on click.
import { element } from './util.js';
import { language, t } from './i18n.js';
import { districtName } from './district-filter.js';
import { titleOf } from './layers.js';

const papers = ['a4-landscape', 'a4-portrait', 'a3-landscape', 'a3-portrait'];
const maxSide = 2048;
const maxTitle = 200;

/** The PDF's URL for the map's view, or null when no layer is shown. */
export function printUrl(app, districts, paper = papers[0]) {
  const visible = app.entries.filter((e) => e.visible);
  if (!visible.length) return null;
  const { map } = app;
  const centre = map.getCenter();
  const canvas = map.getContainer();
  const width = Math.max(1, Math.min(maxSide, Math.round(canvas.clientWidth)));
  const height = Math.max(1, Math.min(maxSide, Math.round(canvas.clientHeight)));
  const district = districts?.id ? districts.districts.get(districts.id) : null;
  const title = `${visible.map(titleOf).join(', ')}${district ? ` – ${districtName(district)}` : ''}`.slice(0, maxTitle);
  const query = new URLSearchParams({ title, lang: language(), paper });
  const layers = visible.map((e) => encodeURIComponent(e.dataset.id)).join(',');
  const view = `${centre.lng.toFixed(6)},${centre.lat.toFixed(6)},${map.getZoom().toFixed(2)}`;
  return `/print/${layers}/${view}/${width}x${height}.pdf?${query}`;
}

export function mountPrint(app, districts) {
  const link = element('a', { id: 'print-link', className: 'print-link', target: '_blank', rel: 'noopener', text: t('print') });
  const paper = element('select', { id: 'print-paper', 'aria-label': t('printPaper') },
    ...papers.map((p) => element('option', { value: p, text: `${p.slice(0, 2).toUpperCase()} ${p.slice(3)}` })));
  const box = element('div', { className: 'maplibregl-ctrl maplibregl-ctrl-group print' }, link, paper);
  app.map.addControl({ onAdd: () => box, onRemove: () => box.remove() }, 'top-right');
  const refresh = () => {
    const url = printUrl(app, districts, paper.value);
    if (url) {
      link.href = url;
      link.removeAttribute('aria-disabled');
    } else {
      link.removeAttribute('href');
      link.setAttribute('aria-disabled', 'true');
    }
    link.textContent = t('print');
    paper.setAttribute('aria-label', t('printPaper'));
  };
  link.addEventListener('click', refresh); // runs before the browser follows the link
  paper.addEventListener('change', refresh);
  app.map.on('moveend', refresh);
  app.map.on('resize', refresh);
  for (const name of ['spatialhub:layers', 'spatialhub:district', 'spatialhub:language']) document.addEventListener(name, refresh);
  refresh();
  return { refresh, link };
}
