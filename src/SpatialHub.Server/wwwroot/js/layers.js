// How each dataset is drawn comes from the service (/styles, from the files under tiles/); here: fetching those styles and
// a feature's display name. Every layer id starts with "<dataset>:" and carries metadata["spatialhub:dataset"].
import { getJson } from './util.js';
import { headingOf, localised } from './presentation.js';
import { language, t } from './i18n.js';

/** Fields that name a feature when the dataset's presentation settings name none, most specific first. */
const nameFields = ['name_en', 'LocationNameEN', 'DC_ENG', 'LP_NUMBER', 'Lamp Post Number', 'name', 'NAME', 'title'];

/** A dataset's title in the interface language: its presentation settings, else the catalog's title. */
export const titleOf = (entry) => localised(entry.presentation?.title, language()) ?? entry.dataset.title ?? entry.dataset.id;

export function featureName(properties, datasetTitle, presentation) {
  if (properties.point_count > 1) {
    return t('cluster', { n: Number(properties.point_count).toLocaleString('en'), title: datasetTitle });
  }
  const heading = headingOf(presentation, properties, language());
  if (heading) return heading;
  for (const field of nameFields) {
    if (properties[field] !== undefined && properties[field] !== null && properties[field] !== '') {
      return String(properties[field]);
    }
  }
  return datasetTitle;
}

/** A cluster stands for point_count features; anything else for one. */
export const featureWeight = (properties) => (properties.point_count > 1 ? Number(properties.point_count) : 1);

/**
 * Each dataset's MapLibre layers (bottom to top), legend and draw order, from the service's /styles/{layers}: the
 * style files under tiles/ (or the default style of a dataset without one). No dataset is styled in this file.
 * Requests carry at most `perRequest` ids (the service's tile layer limit).
 */
export async function stylesOf(ids, perRequest = 10) {
  const styles = new Map();
  const chunks = [];
  for (let i = 0; i < ids.length; i += perRequest) chunks.push(ids.slice(i, i + perRequest));
  for (const style of await Promise.all(chunks.map((chunk) => getJson(`/styles/${chunk.join(',')}`)))) {
    const legends = style.metadata?.['spatialhub:legends'] ?? {};
    const orders = style.metadata?.['spatialhub:orders'] ?? {};
    const presentations = style.metadata?.['spatialhub:presentations'] ?? {};
    for (const id of Object.keys(orders)) {
      styles.set(id, {
        layers: style.layers.filter((l) => datasetOf(l) === id), legend: legends[id] ?? [], order: orders[id], presentation: presentations[id] ?? null,
      });
    }
  }
  return styles;
}

export const datasetOf = (layerOrFeature) => (layerOrFeature.layer ?? layerOrFeature).metadata?.['spatialhub:dataset'];
