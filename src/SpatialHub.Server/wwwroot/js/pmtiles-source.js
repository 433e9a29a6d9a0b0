// Optional: draw the datasets from a PMTiles archive instead of /tiles, e.g. /?pmtiles=/exports/hk.pmtiles (a file
// written by `spatialhub tiles export -o hk.pmtiles`). MapLibre then reads the single file with HTTP range requests,
// as it would from a CDN. Without the parameter nothing here loads, so the default map is unchanged.

/** The archive URL of the page (?pmtiles=), or null. */
export function pmtilesUrlFromPage() {
  return new URLSearchParams(window.location.search).get('pmtiles');
}

/** Registers the pmtiles:// protocol and points the TileJSON of every dataset the archive holds at it. */
export async function useArchive(maplibregl, url, tileJsons) {
  await loadScript('/lib/pmtiles/pmtiles.js');
  const protocol = new window.pmtiles.Protocol();
  maplibregl.addProtocol('pmtiles', protocol.tile);
  const absolute = new URL(url, window.location.href).href;
  const archive = new window.pmtiles.PMTiles(absolute);
  protocol.add(archive);
  const [header, metadata] = await Promise.all([archive.getHeader(), archive.getMetadata()]);
  const inArchive = new Set((metadata.vector_layers ?? []).map((layer) => layer.id));
  for (const [id, tileJson] of tileJsons) {
    if (tileJson && inArchive.has(id)) {
      tileJsons.set(id, { ...tileJson, tiles: [`pmtiles://${absolute}/{z}/{x}/{y}`], minzoom: header.minZoom, maxzoom: header.maxZoom });
    }
  }
  return inArchive;
}

/** The library's browser build defines window.pmtiles; loaded only when an archive is asked for. */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}
