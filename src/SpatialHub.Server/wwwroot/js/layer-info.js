// A dataset's description, department, licence and source under its entry in the layer list (issue 22). Text only;
// links are http(s) addresses (the server accepts no other), opened as plain links.
import { element } from './util.js';

const httpLink = (href, text) => (/^https?:\/\//i.test(href) ? element('a', { href, text, rel: 'noopener noreferrer', target: '_blank' }) : text);

export function layerInfo(dataset) {
  const m = dataset.metadata;
  if (!m || !(m.description || m.department || m.licence || m.sourceUrl)) return null;
  const licence = m.licence && (/^https?:\/\//i.test(m.licence) ? httpLink(m.licence, 'terms') : httpLink(`https://spdx.org/licenses/${encodeURIComponent(m.licence.split(' ')[0])}.html`, m.licence));
  return element('details', { className: 'layer-info' },
    element('summary', { text: 'About', 'aria-label': `About ${dataset.title || dataset.id}` }),
    m.description ? element('p', { text: m.description }) : null,
    m.department ? element('p', { text: `Department: ${m.department}` }) : null,
    licence ? element('p', {}, 'Licence: ', licence) : null,
    m.sourceUrl ? element('p', {}, httpLink(m.sourceUrl, 'Source')) : null);
}
