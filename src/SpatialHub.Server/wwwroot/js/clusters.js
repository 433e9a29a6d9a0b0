// Server clusters (features with point_count): a click zooms to the cluster's extent. The server groups a tile's
// points by a grid of `clusterGrid` cells per tile side (Web Mercator) and places each cluster at the mean of its
// points, which lies in its cell: so the cell holding the cluster's position bounds every point it stands for.
const earthRadius = 6378137;
const halfWorld = Math.PI * earthRadius;
let grid = 64;
// The gradual switch to single points: from clusterBelowZoom over gradualClusterZooms zooms, cells of
// gradualClusterGrid per tile side, doubled per zoom; only dense cells come as clusters there.
let below = 14;
let gradualZooms = 0;
let gradualGrid = 16;

export function configureClusters(config) {
  if (Number.isInteger(config.clusterGrid) && config.clusterGrid > 0) grid = config.clusterGrid;
  if (Number.isInteger(config.clusterBelowZoom)) below = config.clusterBelowZoom;
  if (Number.isInteger(config.gradualClusterZooms)) gradualZooms = config.gradualClusterZooms;
  if (Number.isInteger(config.gradualClusterGrid) && config.gradualClusterGrid > 0) gradualGrid = config.gradualClusterGrid;
}

const gridAt = (tileZoom) => (tileZoom >= below && tileZoom < below + gradualZooms ? gradualGrid * 2 ** (tileZoom - below) : grid);

/** [[west, south], [east, north]] of the cluster's cell at the zoom of the tiles the map draws now. */
export function clusterExtent(map, feature) {
  const source = map.getSource(feature.source);
  const tileZoom = Math.max(source?.minzoom ?? 0, Math.min(Math.floor(map.getZoom()), source?.maxzoom ?? 22));
  const cell = (2 * halfWorld) / 2 ** tileZoom / gridAt(tileZoom);
  const [lon, lat] = feature.geometry.coordinates;
  const x = (lon * Math.PI / 180) * earthRadius;
  const y = Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI / 180) / 2)) * earthRadius;
  const west = Math.floor((x + halfWorld) / cell) * cell - halfWorld;
  const north = halfWorld - Math.floor((halfWorld - y) / cell) * cell;
  const toLon = (mx) => (mx / earthRadius) * 180 / Math.PI;
  const toLat = (my) => Math.atan(Math.sinh(my / earthRadius)) * 180 / Math.PI;
  return [[toLon(west), toLat(north - cell)], [toLon(west + cell), toLat(north)]];
}

/** Fits the view to the cluster's extent, with a margin so points on the cell's edge are not under the controls. */
export function zoomToCluster(map, feature) {
  const canvas = map.getCanvas();
  const margin = Math.round(Math.min(canvas.clientWidth, canvas.clientHeight) * 0.2);
  map.fitBounds(clusterExtent(map, feature), { padding: margin, maxZoom: 18 });
}
