#!/usr/bin/env bash
# The service centre laid out as on several machines, on this one: a primary PostgreSQL and its streaming
# replica, two Odoo app nodes and one cron node sharing a data directory. See --help.
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

usage() {
  cat <<'EOF'
Usage: scripts/cluster.sh [options] [-- COMMAND...]

Starts, on 127.0.0.1:
  - a primary PostgreSQL (wal_level=replica) and a streaming replica of it
    (pg_basebackup -R, hot standby), both local clusters under .cluster/;
  - two Odoo app nodes: --workers N, --max-cron-threads 0, --proxy-mode, a
    gevent port each, the replica configured (--db_replica_host/port), so
    Odoo serves its read-only routes from the replica;
  - one cron node: --no-http, one cron thread (the scheduled actions run
    there only; ir.cron locks each job, a job never runs twice);
  - one data directory for the three (filestore and sessions), and
    report.url pointing at the first app node.
The database (--db) is created on the primary with the add-ons (--modules)
when missing, without demo data unless --demo. Prints where each part is.

Without COMMAND it waits until Ctrl-C; with one, it runs it with the
environment below, then stops. Either way it stops everything it started.
  CLUSTER_DB, CLUSTER_APP_URLS (space-separated), CLUSTER_PRIMARY_PORT,
  CLUSTER_REPLICA_PORT, CLUSTER_DATA_DIR, CLUSTER_DIR, CLUSTER_NODE_PIDS
  (app1=PID app2=PID cron=PID: each node's process group), and for the
  benchmarks BENCH_DB, ODOO_ADDONS_PATH, ODOO_DB_ARGS, ODOO_DATA_DIR,
  PYTHONPATH; e.g. scripts/cluster.sh -- .venv/bin/python benchmarks/soak.py --cluster

  --db NAME          database (default aftersales_cluster)
  --modules LIST     add-ons installed on a new database (default aftersales_service)
  --demo             install with demo data
  --update           update the add-ons (--modules) of an existing database
                     first, as after pulling new code (odoo-bin -u)
  --workers N        HTTP workers per app node (default 2)
  --app-ports A,B    HTTP ports of the app nodes (default 8171,8172)
  --pg-ports P,R     ports of the primary and the replica (default 5441,5442)
  --fresh            delete the clusters and the data directory first
  -h, --help         this text
EOF
}

DB=aftersales_cluster
MODULES=aftersales_service
DEMO=(--without-demo all)
WORKERS=2
APP_PORTS=8171,8172
PG_PORTS=5441,5442
FRESH=
UPDATE=
COMMAND=()
while [ $# -gt 0 ]; do
  case $1 in
    --db) DB=$2; shift 2 ;;
    --modules) MODULES=$2; shift 2 ;;
    --demo) DEMO=(); shift ;;
    --workers) WORKERS=$2; shift 2 ;;
    --app-ports) APP_PORTS=$2; shift 2 ;;
    --pg-ports) PG_PORTS=$2; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    --update) UPDATE=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; COMMAND=("$@"); break ;;
    *) usage >&2; die "Unknown option: $1" ;;
  esac
done
require_odoo
require_venv
[ -x "$PGBIN/pg_basebackup" ] || die "PostgreSQL server binaries not found: run scripts/setup.sh (apt package postgresql)."

IFS=, read -r APP1 APP2 <<<"$APP_PORTS"
IFS=, read -r PRIMARY_PORT REPLICA_PORT <<<"$PG_PORTS"
CLUSTER_DIR=$ROOT/.cluster
PRIMARY=$CLUSTER_DIR/pg-primary
REPLICA=$CLUSTER_DIR/pg-replica
DATA=$CLUSTER_DIR/data
PG_OWNER=$(id -un)
if [ "$(id -u)" = 0 ]; then
  # initdb and postgres refuse to run as root: the clusters belong to an unprivileged system user.
  PG_OWNER=postgres
  id "$PG_OWNER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OWNER"
fi

PIDS=()
STARTED_PG=()
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  for dir in "${STARTED_PG[@]}"; do
    as_pg_owner "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  done
  if [ ${#PIDS[@]} -gt 0 ] || [ ${#STARTED_PG[@]} -gt 0 ]; then
    log "stopped the nodes and the PostgreSQL servers"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

if [ -n "$FRESH" ]; then
  for dir in "$REPLICA" "$PRIMARY"; do
    as_pg_owner "$PGBIN/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$CLUSTER_DIR"
fi
mkdir -p "$CLUSTER_DIR" "$DATA"
[ "$(id -u)" = 0 ] && chown "$PG_OWNER" "$CLUSTER_DIR"

start_pg() {
  local dir=$1 port=$2
  if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    die "Port $port already answers: another PostgreSQL runs there (choose --pg-ports)."
  fi
  # Sockets beside the clusters, not in them: pg_basebackup would meet them in the primary's directory.
  as_pg_owner "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-p $port -k $CLUSTER_DIR" start >/dev/null \
    || die "PostgreSQL did not start: see $dir/server.log"
  STARTED_PG=("$dir" "${STARTED_PG[@]}")
}

if [ ! -f "$PRIMARY/PG_VERSION" ]; then
  log "Creating the primary PostgreSQL cluster in $PRIMARY"
  as_pg_owner mkdir -p "$PRIMARY"
  chmod 700 "$PRIMARY"
  # Trust on 127.0.0.1, replication included (initdb's pg_hba.conf has the lines): local test clusters only.
  as_pg_owner "$PGBIN/initdb" -D "$PRIMARY" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$PRIMARY/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
wal_keep_size = 256MB
hot_standby = on
max_connections = 300
fsync = off
EOF
fi
start_pg "$PRIMARY" "$PRIMARY_PORT"
PSQL=("$PGBIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U odoo -v ON_ERROR_STOP=1 -qtA)
DB_ARGS=(--db_host 127.0.0.1 --db_port "$PRIMARY_PORT" --db_user odoo)
if ! "${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  log "Installing $MODULES on the new database $DB (on the primary)"
  "$PY" "$ODOO_SRC/odoo-bin" --addons-path "$(addons_path)" "${DB_ARGS[@]}" -d "$DB" --data-dir "$DATA" \
    -i "$MODULES" "${DEMO[@]}" --stop-after-init --log-level warn --logfile "$CLUSTER_DIR/install.log" \
    || die "The install failed: see $CLUSTER_DIR/install.log"
elif [ -n "$UPDATE" ]; then
  log "Updating $MODULES on $DB (on the primary)"
  "$PY" "$ODOO_SRC/odoo-bin" --addons-path "$(addons_path)" "${DB_ARGS[@]}" -d "$DB" --data-dir "$DATA" \
    -u "$MODULES" --stop-after-init --log-level warn --logfile "$CLUSTER_DIR/install.log" \
    || die "The update failed: see $CLUSTER_DIR/install.log"
fi
# wkhtmltopdf fetches the reports' style sheets from an app node, never from a worker of the same request.
"${PSQL[@]}" -d "$DB" -c "INSERT INTO ir_config_parameter (key, value) VALUES ('report.url', 'http://127.0.0.1:$APP1')
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"

if [ ! -f "$REPLICA/PG_VERSION" ]; then
  log "Creating the streaming replica in $REPLICA (pg_basebackup -R)"
  as_pg_owner mkdir -p "$REPLICA"
  chmod 700 "$REPLICA"
  as_pg_owner "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U odoo -D "$REPLICA" -R -X stream -c fast \
    || die "pg_basebackup failed"
fi
start_pg "$REPLICA" "$REPLICA_PORT"

start_node() {
  local name=$1
  shift
  : >"$CLUSTER_DIR/$name.log" # each run reads its own log
  setsid "$PY" "$ODOO_SRC/odoo-bin" --addons-path "$(addons_path)" "${DB_ARGS[@]}" \
    --db_replica_host 127.0.0.1 --db_replica_port "$REPLICA_PORT" -d "$DB" --db-filter "^$DB\$" \
    --data-dir "$DATA" --logfile "$CLUSTER_DIR/$name.log" "$@" </dev/null &
  PIDS+=($!)
}
start_node app1 --workers "$WORKERS" --max-cron-threads 0 --proxy-mode --http-interface 127.0.0.1 \
  --http-port "$APP1" --gevent-port $((APP1 + 100))
start_node app2 --workers "$WORKERS" --max-cron-threads 0 --proxy-mode --http-interface 127.0.0.1 \
  --http-port "$APP2" --gevent-port $((APP2 + 100))
start_node cron --no-http --workers 0 --max-cron-threads 1

for port in "$APP1" "$APP2"; do
  for _ in $(seq 180); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/web/health" && break
    sleep 1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/web/health" || die "The app node on port $port did not start: see $CLUSTER_DIR"
done
lag=$("$PGBIN/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -U odoo -qtA -d postgres \
  -c "SELECT coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())), 0)")
cat >&2 <<EOF
[aftersales] the cluster is up (database $DB):
  primary PostgreSQL   127.0.0.1:$PRIMARY_PORT   $PRIMARY
  replica PostgreSQL   127.0.0.1:$REPLICA_PORT   $REPLICA (streaming, hot standby; last replay ${lag}s ago)
  app node 1           http://127.0.0.1:$APP1   $WORKERS workers, gevent $((APP1 + 100)), log $CLUSTER_DIR/app1.log
  app node 2           http://127.0.0.1:$APP2   $WORKERS workers, gevent $((APP2 + 100)), log $CLUSTER_DIR/app2.log
  cron node            no HTTP, 1 cron thread, log $CLUSTER_DIR/cron.log
  data directory       $DATA (filestore and sessions, shared)
  report.url           http://127.0.0.1:$APP1
EOF

export CLUSTER_DB=$DB CLUSTER_APP_URLS="http://127.0.0.1:$APP1 http://127.0.0.1:$APP2" CLUSTER_DIR \
  CLUSTER_PRIMARY_PORT=$PRIMARY_PORT CLUSTER_REPLICA_PORT=$REPLICA_PORT CLUSTER_DATA_DIR=$DATA \
  CLUSTER_NODE_PIDS="app1=${PIDS[0]} app2=${PIDS[1]} cron=${PIDS[2]}"
# What the benchmarks read (as scripts/bench.sh gives them): the database on the primary.
ODOO_ADDONS_PATH=$(addons_path)
export BENCH_DB=$DB ODOO_SRC ODOO_ADDONS_PATH ODOO_DB_ARGS="${DB_ARGS[*]}" ODOO_DATA_DIR=$DATA \
  PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
if [ ${#COMMAND[@]} -gt 0 ]; then
  "${COMMAND[@]}"
else
  log "Ctrl-C stops everything"
  while :; do sleep 3600; done
fi
