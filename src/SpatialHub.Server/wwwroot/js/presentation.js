// How a feature reads in popups and lists: the dataset's presentation settings (metadata["spatialhub:presentation"]
// of its style under tiles/, served by /styles with defaults filled in; C# twin: SpatialHub.Mapping.Styles.Presentation).
// Fields neither listed nor hidden follow with a label made readable from their name.
import { element } from './util.js';

/** The text of a { en, zh-HK } pair in `language`, the other language standing in. */
export function localised(text, language) {
  if (text === null || text === undefined) return null;
  if (typeof text === 'string') return text;
  return (language === 'zh-HK' ? text['zh-HK'] ?? text.en : text.en ?? text['zh-HK']) ?? null;
}

/** `NumberOfHotspots` → "Number of hotspots", `floor_area_m2` → "Floor area m2"; acronyms keep their capitals. */
export function readableLabel(name) {
  const words = String(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/).filter(Boolean);
  const text = words.map((w, i) => (i === 0 || w === w.toUpperCase() ? w : w.toLowerCase())).join(' ');
  return text ? text[0].toUpperCase() + text.slice(1) : String(name);
}

/** An absolute http(s) URL, or null: nothing else (javascript:, data:, relative) ever becomes a link. */
export function safeLink(text) {
  try {
    const url = new URL(String(text).trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const isEmpty = (value) => value === null || value === undefined || String(value).trim() === '';

/** The popup heading of a feature from the settings' title field, or null. */
export function headingOf(presentation, properties, language) {
  const field = localised(presentation?.titleField, language);
  return field && !isEmpty(properties[field]) ? String(properties[field]) : null;
}

/** [{ field, label, text, link }] in display order, hidden, empty, cluster and `_` properties left out. */
export function rowsOf(presentation, properties, language) {
  const fields = presentation?.fields ?? [];
  const hidden = new Set(presentation?.hidden ?? []);
  const listed = new Set(fields.map((f) => f.name));
  const rows = [];
  const add = (name, field, value) => {
    if (isEmpty(value)) return;
    let text = String(value).trim();
    const link = field?.link ? safeLink(text) : null;
    if (!link && field?.values && Object.hasOwn(field.values, text)) text = field.values[text];
    if (!link && field?.unit) text = `${text} ${field.unit}`;
    rows.push({ field: name, label: localised(field?.label, language) ?? readableLabel(name), text, link });
  };
  for (const field of fields) {
    if (!hidden.has(field.name) && Object.hasOwn(properties, field.name)) add(field.name, field, properties[field.name]);
  }
  for (const [name, value] of Object.entries(properties)) {
    if (!listed.has(name) && !hidden.has(name) && !name.startsWith('_') && name !== 'point_count') add(name, null, value);
  }
  return rows;
}

/** The popup's table: labels as row headers, links as plain text links (textContent, never HTML). */
export function rowsTable(rows) {
  return element('table', {}, element('tbody', {}, ...rows.map((row) => element('tr', { 'data-field': row.field },
    element('th', { scope: 'row', text: row.label }),
    element('td', {}, row.link
      ? element('a', { href: row.link.href, text: row.text, target: '_blank', rel: 'noopener noreferrer nofollow' })
      : row.text)))));
}
