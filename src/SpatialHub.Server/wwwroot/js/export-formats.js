// The export control's formats: what each asks /collections/{id}/items for. CSV carries WGS84 and HK1980 Grid columns
// both; GeoJSON pages (the largest page, 10,000); GeoPackage, zipped Shapefile and KML are files of the whole selection.
// The coordinates choice applies to GeoJSON, GeoPackage and Shapefile; KML is always WGS84, so it is disabled there.
import { t } from './i18n.js';

const grid = 'http://www.opengis.net/def/crs/EPSG/0/2326';
const formats = {
  csv: { extension: 'csv', label: 'CSV', crs: false },
  geojson: { extension: 'geojson', label: 'GeoJSON', crs: true, limit: '10000' },
  gpkg: { extension: 'gpkg', label: 'GeoPackage', crs: true },
  shp: { extension: 'zip', label: 'Shapefile (zip)', crs: true },
  kml: { extension: 'kml', label: 'KML', crs: false },
};

/** Query parameters, file extension and link label of an export; `crsSelect` is enabled only where it applies. */
export function exportOptions(format, crsSelect) {
  const chosen = formats[format] ?? formats.csv;
  const parameters = new URLSearchParams({ f: format, download: 'true' });
  if (chosen.limit) parameters.set('limit', chosen.limit);
  crsSelect.disabled = !chosen.crs;
  crsSelect.title = format === 'kml' ? t('kmlWgs84') : '';
  if (chosen.crs && crsSelect.value === 'hk1980') parameters.set('crs', grid);
  return { parameters, extension: chosen.extension, label: chosen.crs && crsSelect.value === 'hk1980' ? `${chosen.label}, HK1980 Grid` : chosen.label };
}
