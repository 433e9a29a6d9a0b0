-- wrk script shared by the benchmarks: requests the paths listed in $TILE_PATHS (one per line) in rotation, each
-- thread starting at a random line, with Accept-Encoding: gzip (what map clients send). At the end it prints one line
--   RESULT <requests> <bytes> <seconds> <errors> <p50 µs> <p99 µs>
-- (errors: non-2xx/3xx statuses plus connect, read, write and timeout errors); each script picks the fields it needs.
local paths = {}
for line in io.lines(os.getenv("TILE_PATHS")) do paths[#paths + 1] = line end
local i = 0
function init(args) i = math.random(#paths) end
function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip" })
end
function done(summary, latency, requests)
    io.write(string.format("RESULT %d %d %.1f %d %d %d\n", summary.requests, summary.bytes, summary.duration / 1e6,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency:percentile(50), latency:percentile(99)))
end
