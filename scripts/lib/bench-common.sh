# Shared by the benchmark scripts: source it, do not run it.

# benchtool COMMAND ARGS...: the scripts' statistics, data generation and report writing (scripts/benchtool.py).
_bench_scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
benchtool() { python3 "$_bench_scripts/benchtool.py" "$@"; }

# The wrk script every benchmark uses: rotates through $TILE_PATHS and prints one RESULT line (see the file).
paths_lua="$_bench_scripts/lib/paths.lua"

# median: the median of the numbers on standard input, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# replace_section NAME FILE TEXT: puts TEXT between <!-- NAME:start --> and <!-- NAME:end --> in FILE, leaving the
# rest alone (appends the block, and creates the file, when they are missing).
replace_section() {
benchtool replace-section "$1" "$2" "$3"
}

# machine_line: one line describing the machine and toolchain, for the reports.
machine_line() {
  printf '%s, %s cores, %s GiB, %s, .NET SDK %s' \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" \
    "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(dotnet --version)"
}

# remove_embedded_cluster DATA_DIR: once its last user has stopped it, deletes the embedded cluster of a throw-away
# data directory. The service says where that cluster lives (`connection-info --cluster-directory`), so the rule
# (inside the data directory, or under /var/tmp as root) is not restated here.
remove_embedded_cluster() {
  local data=$1 root pid_file
  root=$(spatialhub_cli connection-info --cluster-directory --data-dir "$data") || { rm -rf "$data"; return 0; }
  pid_file="$root/pgdata/postmaster.pid"
  for _ in $(seq 1 60); do [[ -f "$pid_file" ]] || break; sleep 0.5; done
  if [[ -d "$root" && ! -f "$pid_file" ]]; then rm -rf "$root"; fi
  rm -rf "$data"
}

# spatialhub_cli ARGS...: the built executable ($SPATIALHUB_BIN when a script published one, else the Release build).
spatialhub_cli() {
  if [[ -n "${SPATIALHUB_BIN:-}" ]]; then "$SPATIALHUB_BIN" "$@"
  else dotnet run --no-build --project "$_bench_scripts/../src/SpatialHub.Server" -c Release -- "$@"; fi
}

# start_server ARGS...: starts `spatialhub serve` (Release, already built) on 127.0.0.1:$port with the data directory
# $data in a process group of its own ($server_pgid; log in $work/server.log), pinned to the CPU list $SERVER_CPUS if set,
# and waits for /health. stop_server
# ends that group. Scripts that need other settings define their own.
start_server() { # extra arguments for the service
    setsid ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} dotnet run --no-build --project src/SpatialHub.Server -c Release -- serve --urls "http://127.0.0.1:$port" \
        "--SpatialHub:DataDirectory=$data" --Logging:LogLevel:Default=Warning "$@" > "$work/server.log" 2>&1 &
    server_pgid=$!
    wait_healthy "http://127.0.0.1:$port/health" "$work/server.log" || exit 1
}

# wait_healthy URL LOG [PID]: the one start-and-wait loop. Waits up to 4 minutes (the first start imports the samples,
# slowly on a loaded machine) for URL to answer 2xx; stops early when PID (if given) has exited. On failure shows the
# end of LOG and returns 1.
wait_healthy() {
    local url=$1 log=$2 pid=${3:-}
    for _ in $(seq 1 480); do
        curl -sf -o /dev/null "$url" 2>/dev/null && return 0
        [[ -z "$pid" ]] || kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    tail -50 "$log" >&2; echo "service did not start: $url" >&2; return 1
}
stop_server() {
    kill -TERM -- "-$server_pgid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 -- "-$server_pgid" 2>/dev/null || break; sleep 0.5; done
    server_pgid=""
}

# bench_work NAME: a throw-away work folder ($work, with the data directory $data in it) that is removed on exit,
# with the service the script started (start_server) and its embedded cluster. Scripts with more to clean up define
# their own cleanup and call bench_cleanup from it.
bench_work() {
    work="$(mktemp -d "/tmp/spatialhub-bench-$1.XXXXXX")"
    data="$work/data"
    server_pgid=""
    trap bench_cleanup EXIT
}
bench_cleanup() {
    set +e
    [[ -n "$server_pgid" ]] && stop_server
    remove_embedded_cluster "$data"
    rm -rf "$work"
}

# serve_empty BIN [ARGS...]: starts BIN (a published spatialhub) serving an empty catalog on a free loopback port with
# the data directory $data (log: $work/serve.log), so that the embedded cluster stays up between the imports a script
# times; stops it and removes the cluster on exit. Waits up to 2 minutes for it to listen.
serve_empty() {
    local bin=$1; shift
    "$bin" serve --urls http://127.0.0.1:0 --SpatialHub:DataDirectory="$data" --SpatialHub:ImportSamplesWhenEmpty=false \
        "$@" > "$work/serve.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; remove_embedded_cluster "$data"' EXIT
    for _ in $(seq 1 240); do grep -q "SpatialHub map:" "$work/serve.log" && break; sleep 0.5; done
    grep -q "SpatialHub map:" "$work/serve.log" || { cat "$work/serve.log"; exit 1; }
}
