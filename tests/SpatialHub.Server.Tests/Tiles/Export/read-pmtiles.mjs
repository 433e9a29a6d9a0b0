// Opens a PMTiles archive with the npm `pmtiles` package (an outside reader) and prints its header, the metadata's
// layer ids and one tile (base64, as pmtiles hands it out: decompressed) as JSON.
// Usage: node read-pmtiles.mjs <node_modules folder> <archive> <z> <x> <y>
import { openAsBlob } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, archive, z, x, y] = process.argv.slice(2);
const { FileSource, PMTiles } = await import(pathToFileURL(join(modules, "pmtiles", "dist", "esm", "index.js")).href);
const file = new File([await openAsBlob(archive)], basename(archive));
const tiles = new PMTiles(new FileSource(file));
const header = await tiles.getHeader();
const metadata = await tiles.getMetadata();
const tile = await tiles.getZxy(Number(z), Number(x), Number(y));
console.log(JSON.stringify({
  header,
  layers: metadata.vector_layers.map((l) => l.id),
  tile: tile ? Buffer.from(tile.data).toString("base64") : null,
}));
