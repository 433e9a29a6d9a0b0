#!/usr/bin/env bash
# A local scaled-out SpatialHub, for tests and as an example for operators (docs/operations.md, "Scaling out"):
#
#   nginx :NGINX_PORT ──► spatialhub serve :APP_A_PORT ─┐  writes, imports, LISTEN/NOTIFY ──► PostgreSQL primary :PRIMARY_PORT
#   (loopback, retries    spatialhub serve :APP_B_PORT ─┘  tile/feature/catalog reads ───────► streaming replica :REPLICA_PORT
#    idempotent requests)                                                                    (pg_basebackup -R)
#
# Usage: scripts/cluster.sh start | stop [COMPONENT...] | status | destroy
#   start     starts whatever is not running (initialising on first use); idempotent
#   stop      stops the components named (primary, replica, app-a, app-b, nginx), or all of them; data is kept
#   status    each component, the apps' /health and the replica's lag; exit 3 unless all run
#   destroy   stop everything and delete CLUSTER_DIR
# Environment (fixed at first start, then read from CLUSTER_DIR/cluster.env):
#   CLUSTER_DIR=/var/tmp/spatialhub-cluster  PRIMARY_PORT=55432 REPLICA_PORT=55433 NGINX_PORT=5460 APP_A_PORT=5461 APP_B_PORT=5462
#   SPATIALHUB_BIN  a built `spatialhub` executable (default: `dotnet publish -c Release` once into CLUSTER_DIR/app)
#   UPSTREAMS="a b" the apps nginx balances over (read whenever nginx starts; the benchmark uses "a")
#   PG_BIN=/usr/lib/postgresql/15/bin
# As root, PostgreSQL runs as the `postgres` OS user (it refuses root), as the embedded cluster does.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${CLUSTER_DIR:-/var/tmp/spatialhub-cluster}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
run="$dir/run"
env_file="$dir/cluster.env"
is_root=0; [[ $(id -u) -eq 0 ]] && is_root=1

as_pg() { if ((is_root)); then runuser -u postgres -- "$@"; else "$@"; fi; }
secret() { tr -dc 'a-f0-9' < /dev/urandom | head -c 32; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
pg_running() { [[ -f "$dir/$1/postmaster.pid" ]] && as_pg "$pg_bin/pg_ctl" -D "$dir/$1" status >/dev/null 2>&1; }
say() { echo "cluster: $*"; }

load_env() {
    if [[ -f "$env_file" ]]; then
        # shellcheck disable=SC1090
        source "$env_file"
        return
    fi
    mkdir -p "$dir" "$run" "$dir/pglog"
    chmod 755 "$dir"
    if ((is_root)); then chown postgres:postgres "$dir/pglog"; fi
    umask 077
    cat > "$env_file" <<ENV
PRIMARY_PORT=${PRIMARY_PORT:-55432}
REPLICA_PORT=${REPLICA_PORT:-55433}
NGINX_PORT=${NGINX_PORT:-5460}
APP_A_PORT=${APP_A_PORT:-5461}
APP_B_PORT=${APP_B_PORT:-5462}
SUPER_PASSWORD=$(secret)
REPLICATION_PASSWORD=$(secret)
APP_PASSWORD=$(secret)
API_KEY=${API_KEY:-$(secret)}
ENV
    umask 022
    # shellcheck disable=SC1090
    source "$env_file"
}

psql_primary() { PGPASSWORD="$SUPER_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres "$@"; }
psql_replica() { PGPASSWORD="$SUPER_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres "$@"; }
app_connection() { echo "Host=127.0.0.1;Port=$1;Database=spatialhub;Username=spatialhub;Password=$APP_PASSWORD;Timeout=2"; }

init_primary() {
    [[ -f "$dir/primary/PG_VERSION" ]] && return
    say "initdb primary (wal_level=replica, a replication user)"
    mkdir -p "$dir/primary"
    echo "$SUPER_PASSWORD" > "$dir/init.pw"
    if ((is_root)); then chown postgres:postgres "$dir/primary" "$dir/init.pw"; fi
    chmod 700 "$dir/primary"
    as_pg "$pg_bin/initdb" -D "$dir/primary" -U postgres --pwfile="$dir/init.pw" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 --no-instructions > "$run/initdb.log"
    rm -f "$dir/init.pw"
    # pg_hba.conf from initdb already allows `host replication all 127.0.0.1/32 scram-sha-256`.
    as_pg tee -a "$dir/primary/postgresql.conf" > /dev/null <<CONF

# Written by scripts/cluster.sh
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 128MB
wal_level = replica
max_wal_senders = 5
wal_keep_size = '256MB'
hot_standby = on
# Replicas tell the primary what they read, so that replay rarely cancels their queries.
hot_standby_feedback = on
CONF
    start_pg primary
    psql_primary -d postgres <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD';
CREATE ROLE spatialhub WITH LOGIN PASSWORD '$APP_PASSWORD';
CREATE DATABASE spatialhub OWNER spatialhub;
\c spatialhub
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
SQL
}

init_replica() {
    [[ -f "$dir/replica/PG_VERSION" ]] && return
    say "pg_basebackup -R: the streaming replica"
    mkdir -p "$dir/replica"
    if ((is_root)); then chown postgres:postgres "$dir/replica"; fi
    chmod 700 "$dir/replica"
    as_pg env PGPASSWORD="$REPLICATION_PASSWORD" "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator \
        -D "$dir/replica" -R -X stream -c fast
    as_pg tee -a "$dir/replica/postgresql.conf" > /dev/null <<CONF
port = $REPLICA_PORT
CONF
    # -R wrote standby.signal and primary_conninfo; name the replica so pg_stat_replication shows it.
    as_pg tee -a "$dir/replica/postgresql.auto.conf" > /dev/null <<CONF
primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=replicator password=$REPLICATION_PASSWORD application_name=replica1'
CONF
}

start_pg() { # primary|replica
    pg_running "$1" && return
    say "start $1"
    as_pg "$pg_bin/pg_ctl" -D "$dir/$1" -l "$dir/pglog/$1.log" -w -t 60 start > /dev/null
}

stop_pg() {
    pg_running "$1" || return 0
    say "stop $1"
    as_pg "$pg_bin/pg_ctl" -D "$dir/$1" -m fast -w -t 60 stop > /dev/null
}

spatialhub_bin() {
    if [[ -n "${SPATIALHUB_BIN:-}" ]]; then echo "$SPATIALHUB_BIN"; return; fi
    if [[ ! -x "$dir/app/spatialhub" ]]; then
        say "dotnet publish -c Release (once)" >&2
        dotnet publish "$root/src/SpatialHub.Server" -c Release -o "$dir/app" -nologo -v q >&2
    fi
    echo "$dir/app/spatialhub"
}

start_app() { # a|b port
    local name="app-$1" port="$2"
    alive "$run/$name.pid" && return
    say "start $name on 127.0.0.1:$port"
    mkdir -p "$run/$name"
    ConnectionStrings__SpatialHub="$(app_connection "$PRIMARY_PORT")" \
    ConnectionStrings__SpatialHubRead="$(app_connection "$REPLICA_PORT")" \
    SpatialHub__ApiKey="$API_KEY" SpatialHub__DataDirectory="$run/$name" \
    SpatialHub__TrustedProxies__0=127.0.0.1 \
    Logging__LogLevel__Default=Warning \
        setsid "$(spatialhub_bin)" serve --urls "http://127.0.0.1:$port" > "$run/$name.log" 2>&1 < /dev/null &
    echo $! > "$run/$name.pid"
    for _ in $(seq 1 240); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/health" && return
        alive "$run/$name.pid" || break
        sleep 0.5
    done
    tail -20 "$run/$name.log" >&2
    echo "$name did not become healthy" >&2
    return 1
}

stop_app() {
    alive "$run/app-$1.pid" || { rm -f "$run/app-$1.pid"; return 0; }
    local pid; pid=$(cat "$run/app-$1.pid")
    say "stop app-$1"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$run/app-$1.pid"
}

write_nginx_conf() {
    mkdir -p "$dir/nginx/tmp"
    local servers="" user_line=""
    if ((is_root)); then user_line="user root;"; fi
    for app in ${UPSTREAMS:-a b}; do
        local port_var="APP_${app^^}_PORT"
        servers+="        server 127.0.0.1:${!port_var} max_fails=3 fail_timeout=2s;"$'\n'
    done
    cat > "$dir/nginx/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $run/nginx.pid;
error_log $run/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/nginx/tmp/body;
    proxy_temp_path $dir/nginx/tmp/proxy;
    client_max_body_size 512m;
    keepalive_requests 1000000;
    upstream spatialhub {
$servers        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$http_host;
        proxy_set_header X-Forwarded-Host \$http_host;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_connect_timeout 1s;
        proxy_next_upstream_tries 2;
        location / {
            # Writes go to their own location, which does not retry on 503.
            error_page 418 = @write;
            if (\$request_method !~ ^(GET|HEAD|OPTIONS)\$) { return 418; }
            proxy_pass http://spatialhub;
            # Reads go to the other replica when one is down, restarting or answers 503.
            proxy_next_upstream error timeout http_502 http_503;
        }
        location @write {
            proxy_pass http://spatialhub;
            # A replica that cannot be reached is skipped; a 503 (the primary is down) goes back to the client as it
            # is, with its Retry-After, rather than marking the replica failed and being sent to the other one.
            proxy_next_upstream error timeout;
        }
    }
}
NGINX
}

start_nginx() {
    alive "$run/nginx.pid" && return
    say "start nginx on 127.0.0.1:$NGINX_PORT (upstreams: ${UPSTREAMS:-a b})"
    write_nginx_conf
    nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf"
}

stop_nginx() {
    alive "$run/nginx.pid" || return 0
    say "stop nginx"
    local pid; pid=$(cat "$run/nginx.pid")
    nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -s quit 2>/dev/null || kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
}

stop_components() {
    local components=("$@")
    ((${#components[@]})) || components=(nginx app-b app-a replica primary)
    for component in "${components[@]}"; do
        case "$component" in
            nginx) stop_nginx ;;
            app-a) stop_app a ;;
            app-b) stop_app b ;;
            replica|primary) stop_pg "$component" ;;
            *) echo "unknown component '$component' (primary, replica, app-a, app-b, nginx)" >&2; return 2 ;;
        esac
    done
}

start_all() {
    cluster_started=0
    # A start that fails half-way stops everything again: nothing is left running.
    trap '((cluster_started)) || { echo "cluster: start failed; stopping what started" >&2; stop_components; }' EXIT
    for tool in curl nginx psql runuser; do command -v "$tool" > /dev/null || { echo "$tool not found" >&2; exit 1; }; done
    init_primary
    start_pg primary
    init_replica
    start_pg replica
    # One at a time: the first one migrates and imports the samples into the empty catalog.
    start_app a "$APP_A_PORT"
    start_app b "$APP_B_PORT"
    start_nginx
    cluster_started=1
    trap - EXIT
    say "ready: http://127.0.0.1:$NGINX_PORT/ (apps :$APP_A_PORT :$APP_B_PORT, primary :$PRIMARY_PORT, replica :$REPLICA_PORT)"
}

status() {
    local all=0 state
    for component in primary replica; do
        if pg_running "$component"; then state=running; else state=stopped; all=3; fi
        printf '%-8s %-8s 127.0.0.1:%s\n' "$component" "$state" "$([[ $component == primary ]] && echo "$PRIMARY_PORT" || echo "$REPLICA_PORT")"
    done
    for app in a b; do
        local port_var="APP_${app^^}_PORT"
        if alive "$run/app-$app.pid"; then state=running; else state=stopped; all=3; fi
        printf '%-8s %-8s 127.0.0.1:%s  health: %s\n' "app-$app" "$state" "${!port_var}" \
            "$(curl -s -m 3 "http://127.0.0.1:${!port_var}/health" 2>/dev/null || echo none)"
    done
    if alive "$run/nginx.pid"; then state=running; else state=stopped; all=3; fi
    printf '%-8s %-8s 127.0.0.1:%s\n' nginx "$state" "$NGINX_PORT"
    if pg_running primary; then
        echo "replication (primary's pg_stat_replication):"
        psql_primary -d postgres -At -F ' ' -c "SELECT application_name, state, 'replay_lag=' || coalesce(replay_lag::text, '0'),
            'bytes_behind=' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication" | sed 's/^/  /'
    fi
    if pg_running replica; then
        echo "replica: $(psql_replica -d postgres -At -c "SELECT 'in_recovery=' || pg_is_in_recovery() || ' replayed=' || pg_last_wal_replay_lsn()
            || ' last_replayed_commit_age=' || coalesce((now() - pg_last_xact_replay_timestamp())::text, 'none')")"
    fi
    return $all
}

command="${1:-}"
shift || true
case "$command" in
    start) load_env; start_all ;;
    stop) [[ -f "$env_file" ]] || { say "nothing to stop"; exit 0; }; load_env; stop_components "$@" ;;
    status) [[ -f "$env_file" ]] || { say "not initialised ($dir)"; exit 3; }; load_env; status ;;
    destroy)
        if [[ -f "$env_file" ]]; then load_env; stop_components; fi
        rm -rf "$dir"; say "removed $dir" ;;
    *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
