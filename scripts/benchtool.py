#!/usr/bin/env python3
"""The benchmark scripts' Python, in one file: statistics, synthetic data and report writing. The bash scripts
run services and load generators and call `benchtool NAME ARGS...` (scripts/lib/bench-common.sh); each command
reads its arguments from sys.argv[1:] as it did when it was a heredoc."""
import hashlib, math, sys

HALF_WORLD = 20037508.342789244  # half of Web Mercator's circumference in metres, as the service's tile SQL has it


def mercator(lon, lat):
    """A WGS84 position in Web Mercator metres (EPSG:3857)."""
    return lon * HALF_WORLD / 180.0, math.log(math.tan((90.0 + lat) * math.pi / 360.0)) * HALF_WORLD / math.pi


def tile_at(x, y, z):
    """The XYZ tile (x, y) holding a Web Mercator point at zoom z (rows from the top, as TileCoord counts them)."""
    size = 2 * HALF_WORLD / 2 ** z
    return math.floor((x + HALF_WORLD) / size), math.floor((HALF_WORLD - y) / size)


def tile_of(lon, lat, z):
    """The XYZ tile (x, y) holding a WGS84 position at zoom z."""
    return tile_at(*mercator(lon, lat), z)


def real_positions(paths):
    """The (latitude, longitude) of every row of the CSV files that has both, in file order: the real Hong Kong
    positions the synthetic benchmark data is jittered around."""
    import csv
    positions = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                try:
                    positions.append((float(row["Latitude"]), float(row["Longitude"])))
                except (KeyError, ValueError):
                    pass
    return positions


def pct(values, p):
    """The p-th percentile of values, interpolated between ranks."""
    values = sorted(values); k = (len(values) - 1) * p / 100
    f = int(k); c = min(f + 1, len(values) - 1)
    return values[f] + (values[c] - values[f]) * (k - f)


def hash_order(z, tile):
    """A fixed order of tiles that does not follow the data (md5 of z/x/y): the same sample every run."""
    return hashlib.md5(f"{z}/{tile[0]}/{tile[1]}".encode()).hexdigest()


def analytics_data():
    """Synthetic points for the analytics benchmark. (scripts/bench-analytics.sh)"""
    import csv, math, random, sys
    n = int(sys.argv[1])
    positions = real_positions(["data-samples/wifi-hk-fixed-locations-2023.csv", "data-samples/hyd-lampposts-central-western-eastern.csv"])
    rng = random.Random(2023)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "weight", "Latitude", "Longitude"])
    for i in range(n):
        lat, lon = rng.choice(positions)
        lat += rng.gauss(0, 25) / 111_320
        lon += rng.gauss(0, 25) / (111_320 * math.cos(math.radians(lat)))
        out.writerow([i, rng.randint(1, 10), f"{lat:.7f}", f"{lon:.7f}"])


def analytics_report():
    """The Analytics section of docs/benchmarks.md. (scripts/bench-analytics.sh)"""
    import sys
    rows = [l.rstrip("\n").split("\t")[:5] for l in open(sys.argv[1])]
    cached = [l.strip() for l in open(sys.argv[2])]
    rounds, machine, elapsed, load, big = sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7]
    out = ["## Analytics", "",
           f"`scripts/bench-analytics.sh` on {machine}; {elapsed / 60:.1f} min; load average {load} at the end.", "",
           "The service end to end (HTTP, catalog look-up, the analysis, JSON of every row) over one keep-alive curl connection, answer cache off: "
           f"cold is the first request after the import (it also builds the version's derived tables: zones' areas, points on the HK1980 Grid), warm the median of {rounds} ({big} for the million-point cases); cached the median as many with the answer cache on "
           "(`SpatialHub:Analytics:CacheMegabytes`, keyed by the datasets' versions). Reference: the plainest PostGIS statement for the question, "
           f"psql on the same database, as many runs alternating with the service (zones: ST_Intersects join and GROUP BY, no boundary rule, "
           "densities or sums; proximity: one KNN lookup per feature, no exactness check or radius count; grid: floor() of the HK1980 "
           "coordinates, GROUP BY). Goal: under 200 ms for the two sample-sized cases; the million-point cases are figures (aim under 2 s cold).", "",
           "| case | cold ms | warm ms | cached ms | reference ms | warm / reference |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for (label, path, cold, warm, ref), c in zip(rows, cached):
        out.append(f"| {label} (`{path}`) | {float(cold):,.0f} | {float(warm):,.0f} | {float(c):,.1f} | {float(ref):,.0f} | {float(warm) / float(ref):.2f}× |")
    print("\n".join(out))


def import_data():
    """The synthetic CSV of the import benchmark. (scripts/bench-import.sh)"""
    import random, sys
    rows, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(1980)
    categories = ["lamppost", "hotspot", "kiosk", "sensor", "camera"]
    with open(path, "w") as f:
        f.write("id,name,category,Easting,Northing,value\n")
        for i in range(1, rows + 1):
            # Points scattered over the urban area between Tsuen Wan, Sha Tin, Kwun Tong and Hong Kong Island.
            f.write(f"{i},point {i},{categories[i % 5]},{rng.uniform(825000, 845000):.3f},{rng.uniform(812000, 830000):.3f},{rng.randint(0, 1000)}\n")


def projection_report():
    """The Reprojection section (BenchmarkDotNet JSON vs cs2cs timings). (scripts/bench-projection.sh)"""
    import json, sys, statistics
    report, points, cs4326, cs3857, reps, proj = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
    results = sys.argv[7]
    runs = {b["Method"]: b for b in json.load(open(report))["Benchmarks"]}
    def seconds(method):
        return statistics.median(runs[method]["Statistics"]["OriginalValues"]) / 1e9
    def alloc(method):
        m = runs[method].get("Memory") or {}
        return m.get("BytesAllocatedPerOperation")
    env = json.load(open(report))["HostEnvironmentInfo"]
    rows = [
        ("2326 → 3857", "`Reprojector.Transform(Span, Span)`, in memory", seconds("Bulk2326To3857"), cs3857, alloc("Bulk2326To3857")),
        ("2326 → 4326", "`Reprojector.Transform(Span, Span)`, in memory", seconds("Bulk2326To4326"), cs4326, alloc("Bulk2326To4326")),
        ("2326 → 4326", "`CoordinateTextTransformer`, in-memory text to `TextWriter.Null`", seconds("Text2326To4326"), cs4326, alloc("Text2326To4326")),
    ]
    print("## Reprojection")
    print()
    print(f"{points:,} HK1980 Grid points spread over Hong Kong, generated once per run by `scripts/bench-projection.sh`, which wrote this section.")
    print(f"SpatialHub: BenchmarkDotNet {env.get('BenchmarkDotNetVersion', '')}, median of 7 iterations after 2 warm-ups (one invocation each).")
    print(f"cs2cs: median wall-clock time of {reps} runs, `cs2cs -f %.9f` (degrees) or `-f %.4f` (metres), reading the points file and writing to /dev/null.")
    print()
    print("| direction | SpatialHub | SpatialHub points/s | cs2cs points/s | ratio (SpatialHub / cs2cs) | SpatialHub allocated |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for direction, how, ours, theirs, allocated in rows:
        a = "n/a" if allocated is None else f"{allocated:,} B"
        print(f"| {direction} | {how} | {points / ours:,.0f} | {points / theirs:,.0f} | {theirs / ours:.1f}× | {a} |")
    print()
    print("The bulk rows time the transform alone (arrays already in memory); cs2cs always parses and prints text, "
          "so the text row is the like-for-like comparison with it.")
    print()
    if results:
        with open(results, "a") as f:
            for key, (_, _, ours, theirs, _) in zip(("proj_bulk3857", "proj_bulk4326", "proj_text4326"), rows):
                f.write(f"{key}_sh\t{points / ours}\n{key}_ref\t{points / theirs}\n")
    print(f"Machine: {env.get('ProcessorName', '?').strip()}, {env.get('LogicalCoreCount', '?')} logical cores, "
          f"{env.get('OsVersion', '?')}, {env.get('RuntimeVersion', '?')}; cs2cs from PROJ {proj}.")


def raster_tiles():
    """The tile and static-map lists of the raster benchmark. (scripts/bench-raster.sh)"""
    import json, math, os, random, sys
    work, per_zoom, statics = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    points = [tuple(f["geometry"]["coordinates"][:2]) for name in ("it-sites", "wifi-hk")
              for f in json.load(open(os.path.join(work, name + ".json")))["features"] if f.get("geometry", {}).get("type") == "Point"]
    rng = random.Random(42)
    rng.shuffle(points)
    def tile(lon, lat, z): return (z, *tile_of(lon, lat, z))
    tiles = []
    for z in range(11, 17):
        picked = list(dict.fromkeys(tile(lon, lat, z) for lon, lat in points))[:per_zoom]
        tiles += picked
    rng.shuffle(tiles)
    with open(os.path.join(work, "tiles.txt"), "w") as out:
        out.writelines(f"{z}/{x}/{y}\n" for z, x, y in tiles)
    # The vector tiles a raster tile is drawn from: zoom z-1 (512 px) under its 256 px plus the renderer's buffer
    # (SpatialHub:Rendering:TileBuffer, 64) and fetch margin (32) on each side; one line per raster tile.
    with open(os.path.join(work, "parents.txt"), "w") as out:
        for z, x, y in tiles:
            def span(i): return range(max(0, (i * 256 - 96) // 512), min(2 ** (z - 1) - 1, (i * 256 + 352) // 512) + 1)
            out.write(" ".join(f"{z - 1}/{px}/{py}" for py in span(y) for px in span(x)) + "\n")
    with open(os.path.join(work, "static.txt"), "w") as out:
        out.writelines(f"{lon:.5f},{lat:.5f},{rng.choice([12, 13, 14, 15, 16])}\n" for lon, lat in points[:statics])


def raster_report():
    """The Raster section. (scripts/bench-raster.sh)"""
    import os, sys
    work, count, rounds, threads, connections, duration, machine, load_start, load_end, layers, results = sys.argv[1:]
    def values(name): return [float(l) for l in open(os.path.join(work, name)) if l.strip()]
    cv, cr, st = values("cold-vector.ms"), values("cold-raster.ms"), values("static.ms")
    # Per raster tile, the sum of its vector tiles' cold times (parents.txt gives how many each has, in order).
    groups = [len(l.split()) for l in open(os.path.join(work, "parents.txt"))]
    parent_ms, cd = values("cold-parents.ms"), []
    for start in range(0, len(parent_ms), sum(groups)):
        for n in groups:
            cd.append(sum(parent_ms[start:start + n])); start += n
    size = lambda name: sum(values(name)) / len(values(name)) / 1024
    wv, wr = pct(values("warm-vector.rps"), 50), pct(values("warm-raster.rps"), 50)
    verdict = lambda ok: "met" if ok else "**missed**"
    warm_x, cold_x = wr / wv, pct(cr, 50) / pct(cv, 50)
    section = f"""## Raster tiles and static maps

Written by `scripts/bench-raster.sh` (the service runs with `dotnet run -c Release -- serve` on the embedded cluster in a temporary data directory, samples imported). Layers `{layers}`; {count} data-bearing tiles, z11–z16, around sample I&T sites and Wi-Fi.HK hotspots; the reference is the same service's vector tile of the same address in the same run.

| measure | raster | vector (same run) | ratio | goal | |
| --- | ---: | ---: | ---: | --- | --- |
| Cached tile, requests/s (wrk, {threads} threads, {connections} connections, {duration}, plain URLs, median of 2 runs each, alternating) | {wr:,.0f} | {wv:,.0f} | {warm_x:.2f}× | ≥ 0.8× | {verdict(warm_x >= 0.8)} |
| Cold tile p50, every cache off ({rounds} rounds, alternating) | {pct(cr, 50):.1f} ms | {pct(cv, 50):.1f} ms | {cold_x:.2f}× | ≤ 3× | {verdict(cold_x <= 3)} |
| Cold tile p99 | {pct(cr, 99):.1f} ms | {pct(cv, 99):.1f} ms | {pct(cr, 99) / pct(cv, 99):.2f}× | | |
| Cold: the data a raster tile is drawn from (its {sum(groups) / len(groups):.0f} vector tiles of zoom z−1, each fetched cold over HTTP, one after another, summed per raster tile), p50 | {pct(cd, 50):.1f} ms | {pct(cv, 50):.1f} ms | {pct(cd, 50) / pct(cv, 50):.2f}× | | |
| Body size, mean (PNG; vector tile gzip) | {size("raster.bytes"):.1f} KiB | {size("vector.bytes"):.1f} KiB | {size("raster.bytes") / size("vector.bytes"):.2f}× | | |

Static maps 1024×768 (caches off, {len(st)} distinct centres at z12–z16, one request each): p50 {pct(st, 50):.0f} ms, p99 {pct(st, 99):.0f} ms (with so few samples p99 is close to the slowest one).

NOTES_PLACEHOLDER

**Caveat: one small run on a shared, loaded machine.** Load average (1, 5, 15 min, from `uptime`) {load_start} at the start and {load_end} at the end, on {machine}; other engineers' builds and tests ran at the same time, so absolute times are inflated and noisy. The ratios compare raster and vector from the same run, alternating, which cancels part of that load but not all; repeat on a quiet machine before quoting the absolute figures."""
    notes = []
    if cold_x > 3:
        notes.append(f"Why cold misses: a raster tile is drawn with a buffer around it (`SpatialHub:Rendering:TileBuffer`, 64 px, so labels and symbols are whole at tile edges) plus a 32 px fetch margin, from the vector tiles of zoom z−1 (the renderer's 512 px grid, the data MapLibre shows at that scale, clusters included). Its buffered area always crosses two edges of its z−1 parent, so with every cache off it reads 2×2 tile statements, each over four times the area of the z tile it is compared with: in this run that data alone is {pct(cd, 50) / pct(cv, 50):.1f}× the vector tile's p50, above the 3× goal before anything is drawn. The rest ({max(0, pct(cr, 50) - pct(cd, 50)):.0f} ms at p50) is decoding, drawing and PNG encoding. Profiled separately (thread CPU time per raster tile of this list, tiles pre-fetched, session 4, same loaded machine): MVT decode ~1.3 ms for the four tiles, drawing ~7 ms (circles, label measurement and the district label anchors' polygon clipping lead), PNG encode 3.3 ms with Skia's defaults, 0.9 ms with the options now used (no row filters, zlib level 3; the files are ~20 % smaller too). Reaching 3× needs the data in one statement of about the tile's own size: a tile source call for a buffered area (z−1 detail and clusters, the tile plus 96 px) in SpatialHub.PostGis, which the raster side cannot add alone. In normal operation the vector tile cache is on and neighbouring raster tiles share those vector tiles.")
    if warm_x < 0.8:
        notes.append("Why cached raster tiles miss: a cached raster tile is answered ahead of routing (`RasterFastPath`, the counterpart of the vector tiles' `TileFastPath`: no routing, binding, hashing or DI scope), so what remains is mostly the larger body (row above).")
    section = section.replace("NOTES_PLACEHOLDER", "\n\n".join(notes) if notes else "Both goals met on this run.")
    print(section)
    if results:
        with open(results, "a") as f:
            f.write(f"raster_warm_rps_sh\t{wr}\nraster_warm_rps_ref\t{wv}\nraster_cold_p50_sh\t{pct(cr, 50)}\nraster_cold_p50_ref\t{pct(cv, 50)}\n")
            f.write(f"static_p50\t{pct(st, 50)}\nstatic_p99\t{pct(st, 99)}\n")


def scaleout_paths():
    """Versioned tile URLs over Hong Kong for the scale-out benchmark. (scripts/bench-scaleout.sh)"""
    import json, math, sys, urllib.request
    base = sys.argv[1]
    for layers in ("wifi-hk", "districts,wifi-hk"):
        template = json.load(urllib.request.urlopen(f"{base}/tiles/{layers}"))["tiles"][0]
        token = template.split("?v=")[1]
        for z in range(11, 15):
            (x0, y0), (x1, y1) = tile_of(114.10, 22.36, z), tile_of(114.24, 22.27, z)
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    print(f"/tiles/{layers}/{z}/{x}/{y}.pbf?v={token}")


def warm_figures(work):
    """The warm rounds of scripts/bench-tiles.sh: per contender the round with the median requests/s (requests/s,
    bytes/s, errors, p50 ms, p99 ms), and the median of the per-round ratios to nginx."""
    import os, statistics
    def rounds(name):
        out = []
        for line in open(os.path.join(work, f"warm-{name}.txt")):
            _, requests, nbytes, seconds, errors, p50, p99 = line.split()
            t = float(seconds)  # the Lua done() already turned wrk's microseconds into seconds
            out.append((int(requests) / t, int(nbytes) / t, int(errors), int(p50) / 1000, int(p99) / 1000))
        return out
    r = {name: rounds(name) for name in ("service", "plain", "nginx")}
    median_round = lambda v: sorted(v)[(len(v) - 1) // 2]
    ratios = [a[0] / b[0] for a, b in zip(r["service"], r["nginx"])]
    plain = [a[0] / b[0] for a, b in zip(r["plain"], r["nginx"])]
    fmt = lambda v: ", ".join(f"{x:.2f}" for x in v)
    return {"service": median_round(r["service"]), "plain": median_round(r["plain"]), "nginx": median_round(r["nginx"]),
            "ratio": statistics.median(ratios), "plain_ratio": statistics.median(plain), "ratios": fmt(ratios), "plain_ratios": fmt(plain)}


def tiles_warm():
    """Prints the warm figures. (scripts/bench-tiles.sh)"""
    import sys
    work, load_start, load_end = sys.argv[1:]
    w = warm_figures(work)
    for name in ("service", "plain", "nginx"):
        print(f"{name}: {w[name][0]:,.0f} req/s, p50 {w[name][3]:.2f} ms, p99 {w[name][4]:.2f} ms, errors {w[name][2]}")
    print(f"ratio to nginx, median of rounds: versioned {w['ratio']:.2f}x ({w['ratios']}), plain {w['plain_ratio']:.2f}x ({w['plain_ratios']})")
    print(f"load average: {load_start} -> {load_end}")


def tiles_report():
    """The Tiles section. (scripts/bench-tiles.sh)"""
    import sys, statistics, re, os
    doc, work, count, served, zooms, machine, threads, connections, duration, rounds, pin, service_hwm, nginx_hwm, results, load_start, load_end = sys.argv[1:]
    def ms(name): return [float(l) for l in open(os.path.join(work, name)) if l.strip()]
    svc, sql = ms("cold-service.ms"), ms("cold-sql.ms")
    rows = []
    ok_cold = True
    for label, p in (("p50", 50), ("p99", 99)):
        a, b = pct(svc, p), pct(sql, p)
        ok_cold &= a <= 1.2 * b
        rows.append(f"| {label} | {a:.2f} ms | {b:.2f} ms | {a / b:.2f}× |")
    w = warm_figures(work)
    s, plain, n = w["service"], w["plain"], w["nginx"]
    ok_warm = w["ratio"] >= 1 and w["plain_ratio"] >= 1
    verdict = lambda ok: "met" if ok else "**missed**"
    pinning = (f"Both servers are pinned to CPU {pin.split()[0]} and wrk to CPU {pin.split()[1]} (`taskset`), so neither server has a core the other lacks." if pin.strip()
               else "Nothing is pinned: wrk and both servers share the cores.")
    section = f"""<!-- tiles:start -->
## Tiles

Written by `scripts/bench-tiles.sh` (the service runs with `dotnet run -c Release -- serve` on the embedded cluster in a temporary data directory, sample datasets imported, GiST indexes built and analysed by the import).

Tile list: {count} data-bearing tiles over Hong Kong ({zooms}), layer sets `wifi-hk`, `lampposts`, `districts,wifi-hk` and `lampposts,wifi-hk,districts`, chosen by a fixed hash order.

### Cold tiles (no tile cache)

Each tile requested once in turn, three rounds after one warm-up pass, service and psql alternating: from the service with `SpatialHub:Tiles:MemoryCacheMegabytes=0` (curl, one keep-alive connection, no compression; URLs with the version token of their TileJSON, as the map client requests them, so the versions are checked in memory), and the same statements (`spatialhub tiles sql --list`) in one psql session (`\\timing`, server time plus transfer of the bytea as hex text).

| per tile | service | raw SQL (psql) | ratio |
| --- | ---: | ---: | ---: |
{chr(10).join(rows)}

Goal cold ≤ 1.2× raw SQL: {verdict(ok_cold)}.

### Warm tiles (cache filled)

wrk, {threads} threads, {connections} keep-alive connections, {rounds} rounds of {duration} per contender, the three alternating in each round, `Accept-Encoding: gzip`, cycling through the {served} non-empty tiles, once with the version token of their TileJSON (`?v=`, as the map client requests them) and once as plain template URLs (as QGIS, Leaflet and BruTile request them); nginx serves the exact gzip bytes the service sent, from disk (`gzip_static on`, `sendfile on`, access log off, `worker_processes auto`). {pinning} Load average (1, 5, 15 min) {load_start} at the start of the rounds, {load_end} at the end.

| server | requests/s (median round) | MB/s | p50 | p99 | errors |
| --- | ---: | ---: | ---: | ---: | ---: |
| SpatialHub (memory cache), versioned URLs | {s[0]:,.0f} | {s[1] / 1e6:.1f} | {s[3]:.2f} ms | {s[4]:.2f} ms | {s[2]} |
| SpatialHub (memory cache), plain URLs | {plain[0]:,.0f} | {plain[1] / 1e6:.1f} | {plain[3]:.2f} ms | {plain[4]:.2f} ms | {plain[2]} |
| nginx (static files) | {n[0]:,.0f} | {n[1] / 1e6:.1f} | {n[3]:.2f} ms | {n[4]:.2f} ms | {n[2]} |

Goal warm ≥ 1.0× nginx, both URL forms: {verdict(ok_warm)} (median of the per-round ratios: versioned {w["ratio"]:.2f}×, plain {w["plain_ratio"]:.2f}×; per round, versioned {w["ratios"]}, plain {w["plain_ratios"]}).

Peak resident memory (VmHWM from `/proc/PID/status`, read right after each wrk run, so it covers start-up, the cache fill and the load): the serve process {int(service_hwm) / 1024:.0f} MB (goal ≤ 300 MB: {verdict(int(service_hwm) <= 300 * 1024)}); nginx, master and workers summed, {int(nginx_hwm) / 1024:.0f} MB.

NOTES_PLACEHOLDER

Machine: {machine}.
<!-- tiles:end -->"""
    notes = []
    if not ok_warm:
        notes.append("Why warm misses: a cached tile of either URL form is served from memory with no database round trip (the versions are kept current by the catalog's LISTEN/NOTIFY channel) by a middleware ahead of routing; what remains is Kestrel's HTTP parsing and response writing, the middleware ahead of it (forwarded headers), the metrics recorded per tile (ASP.NET Core's request duration and the tile counters, through OpenTelemetry), and the copy of the body into the socket, against nginx's sendfile of a static file. The rounds vary from about 0.6× to 1.0× with the other work on the machine, so the median is only a rough figure; the machine was never quiet enough for a clean comparison (other engineers' builds and tests).")
    if not ok_cold:
        notes.append("Why cold misses: per tile the service adds a fixed cost that the bare statement does not pay: the HTTP exchange, routing and parsing, content negotiation and the cache bookkeeping around the render. Most tiles in the list render in about a millisecond, so this fixed cost weighs on the median. The runs share two cores with other work on this machine, so the ratios move between runs; run the script several times before drawing conclusions.")
    worst = max(pct(svc, p) / pct(sql, p) for p in (50, 99))
    if ok_cold and worst > 1.1:
        notes.append(f"Cold is met, but close to the line ({worst:.2f}× at worst): the service's fixed per-tile cost (HTTP exchange, version check) is a few tenths of a millisecond and most tiles render in about a millisecond, and the runs share two cores with other work on this machine, so repeated runs can land on either side of 1.2×.")
    if results:
        with open(results, "a") as f:
            f.write(f"cold_p50_sh\t{pct(svc, 50)}\ncold_p50_ref\t{pct(sql, 50)}\ncold_p99_sh\t{pct(svc, 99)}\ncold_p99_ref\t{pct(sql, 99)}\n")
            f.write(f"warm_plain_rps_sh\t{plain[0]}\n")
            f.write(f"warm_rps_sh\t{s[0]}\nwarm_rps_ref\t{n[0]}\nwarm_bps_sh\t{s[1]}\nwarm_bps_ref\t{n[1]}\n")
            f.write(f"serve_hwm_kb\t{service_hwm}\nnginx_hwm_kb\t{nginx_hwm}\ntile_count\t{count}\n")
    section = section.replace("NOTES_PLACEHOLDER", "\n\n".join(notes) if notes else "Both goals met on this run.")
    text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n"
    if "<!-- tiles:start -->" in text:
        text = re.sub(r"<!-- tiles:start -->.*?<!-- tiles:end -->", lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    open(doc, "w").write(text)
    print(section)


def summary():
    """The header and summary table of docs/benchmarks.md. (scripts/bench.sh)"""
    import os, re, sys
    doc, results, quick, only, machine, versions, load_start, load_end, minutes, commit = sys.argv[1:]
    r = {}
    for line in open(results):
        if "\t" in line:
            k, v = line.rstrip("\n").split("\t", 1)
            r[k] = v
    def f(k): return float(r[k]) if k in r else None
    text = open(doc).read() if os.path.exists(doc) else ""
    # Every marked section the file holds, in order (those of scripts run on their own, such as scaleout, stay too).
    sections = {m.group(1): m.group(0) for m in re.finditer(r"<!-- ([a-z]+):start -->.*?<!-- \1:end -->", text, re.S)
                if m.group(1) != "summary"}

    rows = []
    def row(measure, ours, ref, ratio, goal, ok, unit_ours, unit_ref):
        if ours is None or ref is None:
            rows.append(f"| {measure} | not run | not run | | {goal} | |")
            return
        rows.append(f"| {measure} | {unit_ours} | {unit_ref} | {ratio} | {goal} | {'met' if ok else '**missed**'} |")
    def higher(measure, k, goal_x, unit, fmt="{:,.0f}"):
        a, b = f(k + "_sh"), f(k + "_ref")
        if a is None or b is None: return row(measure, None, None, "", f"≥ {goal_x:g}×", False, "", "")
        row(measure, a, b, f"{a / b:.2f}×", f"≥ {goal_x:g}×", a / b >= goal_x, fmt.format(a) + " " + unit, fmt.format(b) + " " + unit)
    def lower(measure, k, goal_x):
        a, b = f(k + "_sh"), f(k + "_ref")
        if a is None or b is None: return row(measure, None, None, "", f"≤ {goal_x:g}×", False, "", "")
        row(measure, a, b, f"{a / b:.2f}×", f"≤ {goal_x:g}×", a / b <= goal_x, f"{a:.2f} ms", f"{b:.2f} ms")
    def memory(measure, ours_kb, ref_kb, ref_name):
        a, b = f(ours_kb), f(ref_kb)
        if a is None or b is None: return row(measure, None, None, "", "≤ 300 MB", False, "", "")
        row(measure, a, b, f"{a / b:.2f}×", "≤ 300 MB", a <= 300 * 1024, f"{a / 1024:.0f} MB", f"{b / 1024:.0f} MB ({ref_name})")

    higher("Warm tiles, requests/s (wrk; reference nginx, same bytes from disk)", "warm_rps", 1.0, "req/s")
    if f("warm_bps_sh") is not None:
        a, b = f("warm_bps_sh"), f("warm_bps_ref")
        rows.append(f"| Warm tiles, bytes/s | {a / 1e6:.1f} MB/s | {b / 1e6:.1f} MB/s | {a / b:.2f}× | (follows requests/s) | |")
    lower("Cold tiles p50 (reference: the same SQL in psql)", "cold_p50", 1.2)
    lower("Cold tiles p99", "cold_p99", 1.2)
    synthetic_rows = int(f("import_synthetic_rows") or 1_500_000)
    higher(f"Import, {synthetic_rows:,} synthetic HK1980 rows, rows/s (reference ogr2ogr)", "import_synthetic", 2.0, "rows/s")
    higher("Import, Wi-Fi.HK sample (5,430 rows), rows/s", "import_wifi", 2.0, "rows/s")
    higher("Reprojection 2326 → 4326, text in and out, points/s (reference cs2cs)", "proj_text4326", 1.0, "pts/s")
    higher("Reprojection 2326 → 4326, in memory, points/s", "proj_bulk4326", 1.0, "pts/s")
    higher("Reprojection 2326 → 3857, in memory, points/s", "proj_bulk3857", 1.0, "pts/s")
    higher("Cached raster tile, requests/s (reference: cached vector tile of the same address)", "raster_warm_rps", 0.8, "req/s")
    lower("Cold raster tile p50 (reference: cold vector tile of the same address)", "raster_cold_p50", 3)
    if f("static_p50") is not None:
        rows.append(f"| Static map 1024×768, p50 / p99 | {f('static_p50'):.0f} / {f('static_p99'):.0f} ms | | | (reported) | |")
    lower("Uncached wifi-hk tiles p50 (reference: MapServer 8, FastCGI behind nginx)", "mapserver_cold_p50", 1.0)
    higher("Warm wifi-hk tiles, requests/s (reference: MapServer 8, which renders each)", "mapserver_warm_rps", 1.0, "req/s")
    lower("OGC API items?limit=1000 p50 (reference: MapServer 8)", "mapserver_items", 1.0)
    memory("Peak RSS of the server under the warm load (VmHWM)", "serve_hwm_kb", "nginx_hwm_kb", "nginx, all processes")
    memory(f"Peak RSS of an import of {synthetic_rows:,} rows (/usr/bin/time %M)", "import_synthetic_sh_rss_kb", "import_synthetic_ref_rss_kb", "ogr2ogr")

    scale = ""
    if "scale_sizes" in r:
        labels = r["scale_sizes"].split()
        zs = sorted({int(m.group(1)) for k in r for m in [re.match(r"scale_z(\d+)_slope", k)] if m})
        def count(l): return int(l[:-1]) * (1_000_000 if l[-1] == "m" else 1_000) if l[-1] in "km" else int(l)
        scale = (f"Scale curve ({count(labels[0]):,} → {count(labels[-1]):,} points): import {f('scale_import_' + labels[0]):.1f} s → {f('scale_import_' + labels[-1]):.1f} s; cold tile p50 "
                 + ", ".join(f"z{z} {f(f'scale_z{z}_p50_first'):.1f} → {f(f'scale_z{z}_p50_last'):.1f} ms (∝ n^{f(f'scale_z{z}_slope'):.2f})" for z in zs)
                 + ". Details and the explanation in [Scale](#scale).")

    parts = [p for p in ("projection", "import", "tiles", "scale", "raster", "mapserver") if f"minutes_{p}" in r]
    timing = ", ".join(f"{p} {r['minutes_' + p]} min" for p in parts)
    notes_list = []
    def ratio(k): return f(k + "_sh") / f(k + "_ref") if f(k + "_sh") is not None and f(k + "_ref") else None
    if ratio("warm_rps") is not None and ratio("warm_rps") < 1.0:
        notes_list.append(f"**Warm tiles miss** ({ratio('warm_rps'):.2f}× nginx): a cached tile is answered from memory with no database "
            "round trip, so what is left is ASP.NET Core's per-request work (routing, parsing, content negotiation, ETag and headers) "
            "against nginx's sendfile of a static file, with wrk taking its share of the same two cores. See [Tiles](#tiles).")
    if ratio("warm_rps") is not None and abs(ratio("warm_rps") - 1.0) < 0.03:
        notes_list.append(f"**Warm tiles: both servers gave the same requests/s** (within 3%): in this run something outside the "
            "two servers set the ceiling (wrk and both servers share the two cores with whatever else runs on the machine; see the "
            "load average above and the p99 latencies in [Tiles](#tiles)), so this ratio cannot tell them apart; repeat on a "
            "quieter machine before reading it as parity.")
    for p in ("p50", "p99"):
        x = ratio(f"cold_{p}")
        if x is not None and x > 1.2:
            notes_list.append(f"**Cold tiles {p} misses** ({x:.2f}× raw SQL): per tile the service pays a fixed cost the bare statement "
                "does not (the HTTP exchange, routing and the cache bookkeeping around the render), and most tiles in the list render in "
                "about a millisecond, so that fixed cost is most of the difference; the ratio moves from run to run with the machine's "
                "other load. See [Tiles](#tiles).")
    x = ratio("import_synthetic")
    if x is not None:
        if x >= 2.0:
            notes_list.append(f"**Import meets its goal on the synthetic file** ({x:.2f}× ogr2ogr at {synthetic_rows:,} rows) while doing more work "
                "(validation, two reprojected geometry columns, primary key, atomic switch). On smaller files the fixed costs "
                "(process start, opening the database, index build, the catalog switch) weigh more and the ratio falls: about 1× "
                "at 100,000 rows in earlier runs, and below 1× on the 5,430-row file (next note).")
        else:
            notes_list.append(f"**Import misses on the synthetic file** ({x:.2f}× ogr2ogr at {synthetic_rows:,} rows). See [Import](#import).")
    w = ratio("import_wifi")
    if w is not None and w < 2.0:
        startup = f("import_startup_s")
        notes_list.append(f"**Import misses on the small Wi-Fi.HK file** ({w:.2f}×): 5,430 rows take ogr2ogr "
            f"{5430 / f('import_wifi_ref'):.2f} s in all, and a spatialhub command that only starts and opens the embedded database "
            f"(`connection-info`) already takes {startup:.2f} s (.NET runtime start, configuration, cluster check and schema check), "
            "so on files this small the ratio measures start-up, not import throughput. Not fixed here.")
    for k, label in (("serve_hwm_kb", "server under the warm load"), ("import_synthetic_sh_rss_kb", "import")):
        if f(k) is not None and f(k) > 300 * 1024:
            notes_list.append(f"**Memory of the {label} misses** ({f(k) / 1024:.0f} MB > 300 MB).")
    notes = "\n\n".join(notes_list)
    header = f"""# Benchmarks

Regenerated by **`scripts/bench.sh`** (one command; about 6–10 minutes on 2 cores), which runs every benchmark on the local machine:
`scripts/bench-projection.sh`, `scripts/bench-import.sh`, `scripts/bench-tiles.sh`, `scripts/bench-scale.sh`, `scripts/bench-raster.sh` and `scripts/bench-mapserver.sh`, then writes this summary.
Each script alternates SpatialHub with its reference, repeats, and quotes medians; each also runs on its own and rewrites only its
section. Options are environment variables: `QUICK=1` for a short smoke run of the harness, `ONLY="tiles scale"` for some parts,
and each script's own (`REPS`, `ROWS`, `DURATION`, `SIZES`, `ROUNDS`, …; see the comments at the top of each script).
The benchmark is not part of the test command.

Machine: {machine}; {versions}. SpatialHub at commit {commit}.
This run: {minutes} min ({timing}); load average (1, 5, 15 min) {load_start} at the start and {load_end} at the end.
Everything (the service, PostgreSQL, the references and the load generators) shares the same 2 cores, and other work on the
machine during the run (other engineers' builds and tests here) moves the figures; ratios are from the same run, contenders alternating."""
    if quick == "1":
        header += "\n\n**QUICK=1 smoke run: small sizes and single repetitions; these figures only show that the harness works.**"
    summary = "\n".join([
        "<!-- summary:start -->",
        "## Summary",
        "",
        "| measure | SpatialHub | reference (same run) | ratio | goal | |",
        "| --- | ---: | ---: | ---: | --- | --- |",
        *rows,
        "",
        *( [scale, ""] if scale else [] ),
        *( [notes, ""] if notes else [] ),
        "<!-- summary:end -->",
    ])
    out = [header, summary] + list(sections.values())
    open(doc, "w").write("\n\n".join(out) + "\n")


def replace_section():
    """Puts a section between its markers in a file. (scripts/lib/bench-common.sh)"""
    import os, re, sys
    name, path, section = sys.argv[1], sys.argv[2], sys.argv[3]
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{section}\n{end}"
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, count=1, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    open(path, "w").write(text)


def soak_mix():
    """The soak test's request mix, as a wrk Lua script. (scripts/soak.sh)"""
    import json, math, random, sys, urllib.request
    base = sys.argv[1]
    get = lambda path: json.load(urllib.request.urlopen(base + path))
    random.seed(8)
    counts = {d["id"]: d["featureCount"] for d in get("/api/datasets")}
    datasets = list(counts)
    tile = tile_of
    paths = []
    for d in datasets:
        template = urllib.request.urlparse(get(f"/tiles/{d}")["tiles"][0])
        template = template.path.replace("%7B", "{").replace("%7D", "}") + ("?" + template.query if template.query else "")
        for z in range(10, 17):
            (x0, y0), (x1, y1) = tile(113.90, 22.52, z), tile(114.35, 22.20, z)
            for _ in range(8):
                x, y = random.randint(x0, x1), random.randint(y0, y1)
                paths.append(template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)))
                if d != "districts":  # unversioned composites: the short-lived cache path
                    paths.append(f"/tiles/{d},districts/{z}/{x}/{y}")
        for _ in range(20):
            lon, lat = random.uniform(113.9, 114.3), random.uniform(22.2, 22.5)
            paths.append(f"/collections/{d}/items?limit=50&bbox={lon:.4f},{lat:.4f},{lon + 0.05:.4f},{lat + 0.05:.4f}")
            paths.append(f"/collections/{d}/items/{random.randint(1, min(50, counts[d]))}")
        paths.append(f"/collections/{d}/items?limit=20&within=districts:{random.randint(1, 18)}")
        # The renderer: raster tiles (its own cache budget) and static maps at random centres (another budget).
        for z in range(12, 17):
            (x0, y0), (x1, y1) = tile(113.90, 22.52, z), tile(114.35, 22.20, z)
            for _ in range(3):
                paths.append(f"/tiles/{d}/{z}/{random.randint(x0, x1)}/{random.randint(y0, y1)}.png")
        for _ in range(4):
            lon, lat, z = random.uniform(113.95, 114.3), random.uniform(22.25, 22.45), random.randint(11, 16)
            paths.append(f"/static/{d}/{lon:.4f},{lat:.4f},{z}/640x480.png")
        paths.append(f"/collections/{d}")
    for q in ["park", "road", "tai po", "sha tin", "central", "science", "wan", "kowloon", "library", "station"]:
        paths += [f"/api/search?q={q.replace(' ', '%20')}"] * 5
    paths += ["/api/datasets", "/catalog", "/collections", "/health"] * 5
    random.shuffle(paths)
    print("paths = {")
    for p in paths:
        print(f'  "{p}",')
    print("}")
    print("""counter = 0
function init(args) counter = math.random(#paths) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Accept-Encoding"] = "gzip" })
end
function done(summary, latency, requests)
  io.write(string.format("requests=%d\\nstatus_errors=%d\\np50_ms=%.2f\\np99_ms=%.2f\\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end""")


def soak_rss():
    """The soak test's memory figures and verdict from the RSS samples. (scripts/soak.sh)"""
    import sys
    kb = [int(line) for line in open(sys.argv[1]) if line.strip()]
    limit = float(sys.argv[2])
    third = len(kb) // 3
    middle, last = kb[third:2 * third], kb[2 * third:]
    mean = lambda xs: sum(xs) / len(xs)
    growth = (mean(last) / mean(middle) - 1) * 100
    print(len(kb), round(kb[0] / 1024), round(mean(middle) / 1024), round(mean(last) / 1024), round(max(kb) / 1024),
          f"{growth:+.1f}", "pass" if growth <= limit else "FAIL")


def projection_extremes():
    """The district boundaries' extreme points for the projection fixture. (scripts/make-projection-fixture.sh)"""
    import json, sys
    def vertices(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for part in c:
                yield from vertices(part)
    for f in json.load(open(sys.argv[1]))["features"]:
        vs = list(vertices(f["geometry"]["coordinates"]))
        for key in (lambda v: v[0], lambda v: -v[0], lambda v: v[1], lambda v: -v[1]):
            v = min(vs, key=key)
            print(f["properties"]["DC_ENG"].replace(" ", "_"), "%.3f %.3f" % (v[0], v[1]))


def ratio():
    """A over B to two decimals (scripts/bench-scaleout.sh)."""
    print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")


def tile_token():
    """The version token (v=) of the first tile URL of the TileJSON on standard input (scripts/bench-tiles.sh)."""
    import json, urllib.parse as u
    print(u.parse_qs(u.urlparse(json.load(sys.stdin)["tiles"][0]).query)["v"][0])


def scale_data():
    """The synthetic point files of the scale curve. (scripts/bench-scale.sh)"""
    import csv, math, random, sys
    n, sigma, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    anchors = real_positions(sys.argv[4:])
    rng = random.Random(2023)
    categories = ["hotspot", "lamppost", "kiosk", "sensor", "camera"]
    gauss, choice, randint = rng.gauss, rng.choice, rng.randint
    metres_per_degree = 111_320.0
    with open(out + ".tmp", "w") as f:
        f.write("id,name,category,Latitude,Longitude,value\n")
        lines = []
        for i in range(1, n + 1):
            lat, lon = choice(anchors)
            lat += gauss(0, sigma) / metres_per_degree
            lon += gauss(0, sigma) / (metres_per_degree * math.cos(math.radians(lat)))
            lines.append(f"{i},point {i},{categories[i % 5]},{lat:.7f},{lon:.7f},{randint(0, 1000)}\n")
            if len(lines) == 100_000:
                f.writelines(lines); lines.clear()
        f.writelines(lines)
    print(f"{len(anchors)} real positions, {n} points")


def scale_tiles():
    """The tiles the scale curve requests. (scripts/bench-scale.sh)"""
    import csv, hashlib, math, sys
    path, per_zoom, zooms = sys.argv[1], int(sys.argv[2]), [int(z) for z in sys.argv[3:]]
    tiles = {z: set() for z in zooms}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            x, y = mercator(float(row["Longitude"]), float(row["Latitude"]))
            for z in zooms:
                tiles[z].add(tile_at(x, y, z))
    for z in zooms:
        picked = sorted(tiles[z], key=lambda t: hash_order(z, t))[:per_zoom]
        for x, y in picked:
            print(z, x, y)


def scale_points_per_tile():
    """Points per requested tile, per size. (scripts/bench-scale.sh)"""
    import math, sys
    stream, tiles_path, sizes = sys.argv[1], sys.argv[2], sorted(int(s) for s in sys.argv[3:])
    wanted = {}
    for line in open(tiles_path):
        z, x, y = map(int, line.split())
        wanted.setdefault(z, set()).add((x, y))
    counts = {(z, t): 0 for z in wanted for t in wanted[z]}
    with open(stream) as f:
        next(f)
        i, boundary = 0, 0
        for line in f:
            parts = line.split(",")
            x, y = mercator(float(parts[4]), float(parts[3]))
            for z, ts in wanted.items():
                t = tile_at(x, y, z)
                if t in ts:
                    counts[(z, t)] += 1
            i += 1
            while boundary < len(sizes) and i == sizes[boundary]:
                for (z, t), c in counts.items():
                    print(sizes[boundary], z, t[0], t[1], c)
                boundary += 1
            if boundary == len(sizes):
                break


def scale_report():
    """The Scale section. (scripts/bench-scale.sh)"""
    import math, os, statistics, sys
    run, sigma, rounds, import_reps, per_zoom, database_mb, server_hwm_kb, results, over_budget, machine, *labels = sys.argv[1:]
    def size_of(l): return int(l[:-1]) * (1_000_000 if l.endswith("m") else 1_000) if l[-1] in "km" else int(l)
    imports, tiles, in_tile = {}, {}, {}
    for line in open(os.path.join(run, "points-per-tile.txt")):
        n, z, x, y, c = map(int, line.split())
        in_tile.setdefault((n, z), []).append(c)
    for l in labels:
        runs = [tuple(map(float, line.split())) for line in open(os.path.join(run, f"import-{l}.txt")) if line.strip()]
        imports[l] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs) / 1024)
        for line in open(os.path.join(run, f"tiles-{l}.txt")):
            z, ms, status, nbytes = line.split()
            tiles.setdefault((l, int(z)), []).append((float(ms), int(status), int(nbytes)))
    zooms = sorted({z for _, z in tiles})
    tile_list = [tuple(map(int, line.split())) for line in open(os.path.join(run, "tiles.txt")) if line.strip()]
    def densest(l, z):
        """The tile of zoom z with the most points in set l, its points and its median time over the rounds."""
        n = size_of(l)
        counts = {}
        for line in open(os.path.join(run, "points-per-tile.txt")):
            nn, zz, x, y, c = map(int, line.split())
            if nn == n and zz == z:
                counts[(x, y)] = c
        times = {}
        lines = [line.split() for line in open(os.path.join(run, f"tiles-{l}.txt")) if line.strip()]
        for i, parts in enumerate(lines):
            tz, tx, ty = tile_list[i % len(tile_list)]
            if tz == z:
                times.setdefault((tx, ty), []).append(float(parts[1]))
        (x, y), c = max(counts.items(), key=lambda kv: kv[1])
        return x, y, c, statistics.median(times[(x, y)])
    def tile_median(l, z, x, y):
        lines = [line.split() for line in open(os.path.join(run, f"tiles-{l}.txt")) if line.strip()]
        return statistics.median(float(p[1]) for i, p in enumerate(lines) if tile_list[i % len(tile_list)] == (z, x, y))
    counts = {z: len(tiles[(labels[0], z)]) // int(rounds) for z in zooms}
    bad = sorted({s for v in tiles.values() for _, s, _ in v if s not in (200, 204)})
    out = []
    w = out.append
    w("## Scale")
    w("")
    w(f"Written by `scripts/bench-scale.sh` on {machine}.")
    w(f"Synthetic points drawn around the {'real'} Wi-Fi.HK and lamppost positions of `data-samples/` (a real position chosen at random, "
      f"jittered by a Gaussian of {sigma} m per axis, seed 2023; each smaller set is the first rows of the larger one). "
      f"Import: `spatialhub import` end to end (ReadyToRun, process start included), {import_reps} run(s) per size. "
      f"Tiles: the service with `SpatialHub:Tiles:MemoryCacheMegabytes=0`, "
      + ", ".join(f"{counts[z]} data-bearing z{z} tiles" for z in zooms)
      + f" (the same tiles for every size), each requested once per round over one keep-alive curl connection, no compression; "
      f"one warm-up pass per size, then {rounds} rounds with the sizes alternating; p50/p99 of the {rounds} × tiles samples.")
    w("")
    pyramid_size = {parts[0]: (float(parts[1]), int(parts[2])) for parts in (line.split() for line in open(os.path.join(run, "pyramid-size.txt"))) if len(parts) == 3}
    def pyramid_cells(l):
        p = os.path.join(run, f"pyramid-{l}.txt"); secs = [float(x) for x in open(p).read().split()] if os.path.exists(p) else []
        build = f"{statistics.median(secs):.2f} s" if secs else "none"
        mb, rows = pyramid_size.get(l, (None, None))
        return f"{build} | " + (f"{mb:.1f} MB, {rows:,} cells" if mb is not None else "none")
    w("| points | import | rows/s | import peak RSS | cluster pyramid build (inside the import) | pyramid size |")
    w("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for l in labels:
        n = size_of(l); sec, mb = imports[l]
        w(f"| {n:,} | {sec:.1f} s | {n / sec:,.0f} | {mb:.0f} MB | {pyramid_cells(l)} |")
    w("")
    w("| zoom | points | points per tile (mean) | p50 | p99 | mean tile size | µs per point in the tile (mean time / mean points) |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for z in zooms:
        for l in labels:
            n = size_of(l); v = tiles[(l, z)]; ms = [m for m, _, _ in v]
            pts = statistics.mean(in_tile.get((n, z), [0]))
            per_point = f"{statistics.mean(ms) * 1000 / pts:.2f}" if pts else "n/a"
            w(f"| z{z} | {n:,} | {pts:,.0f} | {pct(ms, 50):.1f} ms | {pct(ms, 99):.1f} ms | {statistics.mean(b for _, _, b in v) / 1024:.0f} KB | {per_point} |")
    w("")
    first, last = labels[0], labels[-1]
    n0, n1 = size_of(first), size_of(last)
    growth = []
    for z in zooms:
        a = pct([m for m, _, _ in tiles[(first, z)]], 50); b = pct([m for m, _, _ in tiles[(last, z)]], 50)
        slope = math.log(b / a) / math.log(n1 / n0) if a > 0 and b > 0 and n1 > n0 else float("nan")
        growth.append((z, a, b, slope))
    w(f"Growth from {n0:,} to {n1:,} points ({n1 // n0:,}× the data): "
      + "; ".join(f"z{z} p50 {a:.1f} → {b:.1f} ms ({b / a:.1f}×, cost ∝ n^{s:.2f})" for z, a, b, s in growth)
      + f". Import: {imports[first][0]:.1f} s → {imports[last][0]:.1f} s ({(n1 / imports[last][0]):,.0f} rows/s at {n1:,}). "
      f"The {n1:,}-point table with its indexes takes {database_mb} MB in PostgreSQL; "
      f"the service's peak resident set after all the rounds was {int(server_hwm_kb) / 1024:.0f} MB (VmHWM).")
    if bad:
        w("")
        w(f"Unexpected HTTP statuses during the rounds: {bad}.")
    w("")
    def per_point(l, z):
        pts = statistics.mean(in_tile.get((size_of(l), z), [0]))
        return statistics.mean(m for m, _, _ in tiles[(l, z)]) * 1000 / pts if pts else float("nan")
    def pts(l, z): return statistics.mean(in_tile.get((size_of(l), z), [0]))
    clustered = [z for z in zooms if z < 14]
    raw = [z for z in zooms if z >= 14]
    w("How cost grows, and why. The tiles are fixed and every set covers the same real positions, so a larger set puts more "
      "points into the same tiles: the points per tile grow in proportion to the data (column \"points per tile\"). The GiST "
      "index on `geom_3857` keeps *finding* a tile's points cheap (its depth grows with log n), but at raw-point zooms every "
      "point found is still read from the table and encoded, so per tile the cost follows the number of points in it, not the "
      "size of the table; the last column, time per point in the tile, shows whether the work per point stays flat. Clustered "
      "zooms read the cluster pyramid instead, whose cells per tile are bounded.")
    w("")
    if clustered:
        w("- " + ", ".join(f"z{z}" for z in clustered) + " (clustered below `ClusterBelowZoom` 14): read from the dataset's cluster "
          "pyramid, aggregated once at import (one row per non-empty cell per level, `src/SpatialHub.PostGis/Tiles/ClusterPyramid.cs`), "
          "so a tile reads at most its 64 × 64 cells whatever the points under them: "
          + "; ".join(f"z{z} {pts(first, z):,.0f} → {pts(last, z):,.0f} points per tile, p50 {pct([m for m, _, _ in tiles[(first, z)]], 50):.1f} → {pct([m for m, _, _ in tiles[(last, z)]], 50):.1f} ms" for z in clustered)
          + ". The densest tile at " + f"{n1:,}" + " points: "
          + "; ".join(f"z{z}/{d[0]}/{d[1]} with {d[2]:,} points, median " + (f"{d[3] / 1000:.1f} s" if d[3] >= 1000 else f"{d[3]:.1f} ms") for z in clustered for d in [densest(last, z)])
          + ". The same densest tile at " + f"{n0:,}" + " points: "
          + "; ".join(f"z{z} {tile_median(first, z, d[0], d[1]):.1f} → {d[3]:.1f} ms ({d[3] / tile_median(first, z, d[0], d[1]):.2f}×, goal ≤ 2×)" for z in clustered for d in [densest(last, z)])
          + ". What still grows is the number of non-empty cells (at most 4,096 per tile), until the area is full.")
    if raw:
        w("- " + ", ".join(f"z{z}" for z in raw) + " (raw points): no aggregation, but every point in the tile is encoded and sent, so "
          "the tile's bytes grow with the density ("
          + ", ".join(f"z{z} {statistics.mean(b for _, _, b in tiles[(first, z)]) / 1024:.0f} KB → {statistics.mean(b for _, _, b in tiles[(last, z)]) / 1024:.0f} KB" for z in raw)
          + (") and a tile over the 500 KB budget would be rendered again with less detail (none was in this run); " if over_budget == "0" else
             f") and {over_budget} render(s) went over the 500 KB budget and were redone with less detail; ")
          + "; ".join(f"z{z} {per_point(first, z):.2f} → {per_point(last, z):.2f} µs per point" for z in raw)
          + ". \"Flat per tile\" holds for a constant number of points per tile (a bigger area, not a denser one).")
    w("")
    w(f"Over-budget renders counted by the service during the run (`spatialhub_tiles_over_budget_total`): {over_budget}.")
    print("\n".join(out))
    if results:
        with open(results, "a") as f:
            f.write(f"scale_sizes\t{' '.join(labels)}\n")
            for l in labels:
                f.write(f"scale_import_{l}\t{imports[l][0]}\n")
            for z, a, b, s in growth:
                f.write(f"scale_z{z}_p50_first\t{a}\nscale_z{z}_p50_last\t{b}\nscale_z{z}_slope\t{s}\n")


def polygons_data():
    """The synthetic polygons of the polygon scale benchmark. (scripts/bench-scale-polygons.sh)"""
    import csv, math, random, sys
    n, sigma, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    anchors = real_positions(sys.argv[4:])
    rng = random.Random(1981)
    uses = ["residential", "commercial", "industrial", "school", "government", "mixed"]
    m_lat = 111_320.0
    with open(out + ".tmp", "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(1, n + 1):
            lat0, lon0 = rng.choice(anchors)
            lat0 += rng.gauss(0, sigma) / m_lat
            m_lon = m_lat * math.cos(math.radians(lat0))
            lon0 += rng.gauss(0, sigma) / m_lon
            w, h, a = rng.uniform(6, 45), rng.uniform(6, 30), rng.uniform(0, math.pi)
            if rng.random() < 0.25:   # an L: the rectangle with one quarter cut away
                shape = [(-w/2, -h/2), (w/2, -h/2), (w/2, 0), (0, 0), (0, h/2), (-w/2, h/2)]
            else:
                shape = [(-w/2, -h/2), (w/2, -h/2), (w/2, h/2), (-w/2, h/2)]
            ring = []
            for x, y in shape + shape[:1]:
                rx, ry = x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)
                ring.append(f"[{lon0 + rx / m_lon:.7f},{lat0 + ry / m_lat:.7f}]")
            sep = "," if i < n else ""
            f.write(f'{{"type":"Feature","properties":{{"id":{i},"use":"{uses[i % 6]}","height":{rng.randint(3, 180)}}},'
                    f'"geometry":{{"type":"Polygon","coordinates":[[{",".join(ring)}]]}}}}{sep}\n')
        f.write("]}\n")
    print(f"{len(anchors)} real positions, {n} footprints")


def polygons_tiles():
    """The tiles the polygon scale benchmark requests. (scripts/bench-scale-polygons.sh)"""
    import hashlib, json, math, sys
    path, per_zoom, densest, zooms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(z) for z in sys.argv[4:]]
    counts = {z: {} for z in zooms}
    with open(path) as f:
        for line in f:
            if not line.startswith('{"type":"Feature",'):
                continue
            ring = json.loads(line.rstrip(",\n"))["geometry"]["coordinates"][0]
            x, y = mercator(*ring[0])
            for z in zooms:
                t = tile_at(x, y, z)
                counts[z][t] = counts[z].get(t, 0) + 1
    for z in zooms:
        by_count = sorted(counts[z], key=lambda t: (-counts[z][t], t))
        picked = by_count[:densest]
        rest = sorted(by_count[densest:], key=lambda t: hash_order(z, t))
        picked += rest[:max(0, per_zoom - len(picked))]
        for x, y in picked:
            print(z, x, y, counts[z][(x, y)])


def polygons_report():
    """The polygon scale section. (scripts/bench-scale-polygons.sh)"""
    import os, statistics, sys
    run, polygons, sigma, rounds, table_mb, over_budget, machine, load_start, load_end = sys.argv[1:]
    tiles = [line.split() for line in open(os.path.join(run, "tiles.txt")) if line.strip()]
    times = [line.split() for line in open(os.path.join(run, "tiles-times.txt")) if line.strip()]
    seconds, rss_kb = open(os.path.join(run, "import-time.txt")).read().split()[:2]
    by_zoom = {}
    for i, (ms, status, size) in enumerate(times):
        z, x, y, n = tiles[i % len(tiles)]
        by_zoom.setdefault(int(z), []).append((float(ms) * 1000, int(status), int(size), int(n)))
    EXPLANATION = ("How the first render fits: a polygon tile draws at most MaxTileBytes / 128 footprints as themselves (4,000; "
        "all those a pixel or more across when there are no more, else the largest) and counts every other one into a square "
        "per 2-pixel cell with `feature_count` (`PostGis/Tiles/TileSql.Polygons.cs`), so a dense tile reads its footprints' "
        "bounding boxes and areas once and encodes at most 4,000 footprints and 16,384 squares, instead of encoding all of "
        "them, finding the result over the budget and rendering it again with one footprint in 2, 4, … (up to six renders "
        "before). What still grows with the density is that one read: a tile's cost follows the footprints under it (here "
        "up to 267,697 in one z10 tile, far denser than real Hong Kong, where a z14 tile holds a few thousand buildings). "
        "Not done: generalised geometry per zoom band written at import (as the cluster pyramid does for points), which "
        "would make the low-zoom read independent of the density too.")
    out = []
    w = out.append
    w("## Scale: polygons")
    w("")
    w(f"Written by `scripts/bench-scale-polygons.sh` on {machine}. {int(polygons):,} synthetic building footprints "
      f"(rotated rectangles 6–45 m by 6–30 m, one in four an L shape, around the real Wi-Fi.HK and lamppost positions with a "
      f"Gaussian spread of {sigma} m; GeoJSON, seed 1981), imported with `spatialhub import` in {float(seconds):.1f} s "
      f"(peak RSS {int(rss_kb) / 1024:.0f} MB; table and indexes {table_mb} MB). Tiles: the service with its tile cache off, per zoom "
      f"the densest tiles and an even sample of the others, each requested once per round over one keep-alive curl connection, "
      f"no compression, {rounds} rounds after a warm-up pass.")
    w("")
    w("| zoom | tiles | footprints per tile (mean, max) | p50 | p99 | tile bytes (mean, max) | over 500 KB |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    worst = 0
    for z in sorted(by_zoom):
        v = by_zoom[z]; ms = [m for m, _, _, _ in v]; sizes = [s for _, _, s, _ in v]; n = [c for _, _, _, c in v]
        worst = max(worst, max(sizes))
        w(f"| z{z} | {len(v) // int(rounds)} | {statistics.mean(n):,.0f}, {max(n):,} | {pct(ms, 50):.1f} ms | {pct(ms, 99):.1f} ms | "
          f"{statistics.mean(sizes) / 1024:.0f} KB, {max(sizes) / 1024:.0f} KB | {sum(1 for s in sizes if s > 500 * 1024)} |")
    bad = sorted({s for vs in by_zoom.values() for _, s, _, _ in vs if s not in (200, 204)})
    w("")
    w(f"Largest tile {worst / 1024:.0f} KB (goal ≤ 500 KB: {'met' if worst <= 500 * 1024 else '**missed**'}). "
      f"Renders over the budget, redone with less detail (`spatialhub_tiles_over_budget_total`, warm-up included): {over_budget}."
      + (f" Unexpected HTTP statuses: {bad}." if bad else ""))
    w("")
    w(EXPLANATION)
    w("")
    w(f"Load average (1, 5, 15 min) {load_start} before the import and {load_end} after the last round: the 2 cores are shared with "
      "other work on the machine, so absolute times are inflated by it.")
    print("\n".join(out))


COMMANDS = {
    "scale-data": scale_data,
    "scale-tiles": scale_tiles,
    "scale-points-per-tile": scale_points_per_tile,
    "scale-report": scale_report,
    "polygons-data": polygons_data,
    "polygons-tiles": polygons_tiles,
    "polygons-report": polygons_report,
    "ratio": ratio,
    "tile-token": tile_token,
    "soak-mix": soak_mix,
    "soak-rss": soak_rss,
    "projection-extremes": projection_extremes,
    "analytics-data": analytics_data,
    "analytics-report": analytics_report,
    "import-data": import_data,
    "projection-report": projection_report,
    "raster-tiles": raster_tiles,
    "raster-report": raster_report,
    "scaleout-paths": scaleout_paths,
    "tiles-report": tiles_report,
    "tiles-warm": tiles_warm,
    "summary": summary,
    "replace-section": replace_section,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit("usage: benchtool.py {" + ",".join(COMMANDS) + "} ARGS...")
    command = COMMANDS[sys.argv[1]]
    sys.argv = ["benchtool " + sys.argv[1]] + sys.argv[2:]
    command()
