// /embed?legend=1&title=…: an optional title bar and legend on the embedded map, for hosts that show the map
// without any text of their own. The title is shown as text (never HTML), at most 120 characters.
import { element } from './util.js';
import { legendGroups } from './legend.js';

export function mountEmbedExtras(app) {
  const query = new URLSearchParams(window.location.search);
  const title = (query.get('title') ?? '').trim().slice(0, 120);
  if (title) {
    const heading = element('h1', { className: 'maplibregl-ctrl embed-title', text: title });
    app.map.addControl({ onAdd: () => heading, onRemove: () => heading.remove() }, 'top-left');
    document.title = `${title} – SpatialHub map`;
  }
  if (query.get('legend') === '1') {
    const box = element('details', { className: 'maplibregl-ctrl embed-legend', open: app.map.getContainer().clientWidth > 480 },
      element('summary', { text: 'Legend' }),
      ...legendGroups(app.entries.filter((e) => e.visible)));
    app.map.addControl({ onAdd: () => box, onRemove: () => box.remove() }, 'bottom-left');
  }
}
