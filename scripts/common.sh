# shellcheck shell=bash
# Shared settings for the project's scripts: sourced, never run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PGDATA_DIR=${PGDATA_DIR:-$ROOT/.pgdata}
LOCAL_PGPORT=${LOCAL_PGPORT:-5433}

log() { printf '\033[1m[aftersales]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[aftersales] %s\033[0m\n' "$*" >&2; exit 1; }

require_odoo() {
  if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
    die "No Odoo tree at ODOO_SRC=$ODOO_SRC.
Provide an unmodified Odoo 18.0 Community source tree there (a directory holding
odoo-bin, odoo/ and addons/), or point ODOO_SRC at one, then run this again."
  fi
  if ! grep -qE "^version_info = \(18, 0" "$ODOO_SRC/odoo/release.py"; then
    die "The Odoo tree at $ODOO_SRC is not Odoo 18.0 (see $ODOO_SRC/odoo/release.py)."
  fi
}

require_venv() {
  [ -x "$PY" ] || die "No virtual environment at $VENV: run scripts/setup.sh first."
}

addons_path() {
  echo "$ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$ROOT"
}

# Where the database is. Explicit PG* variables win; otherwise a project-local
# server whose data lives in the ignored .pgdata folder.
db_args() {
  if [ -n "${PGHOST:-}" ] || [ -n "${PGPORT:-}" ] || [ -n "${PGUSER:-}" ]; then
    local args=()
    [ -n "${PGHOST:-}" ] && args+=(--db_host "$PGHOST")
    [ -n "${PGPORT:-}" ] && args+=(--db_port "$PGPORT")
    [ -n "${PGUSER:-}" ] && args+=(--db_user "$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && args+=(--db_password "$PGPASSWORD")
    echo "${args[@]}"
  else
    echo "--db_host 127.0.0.1 --db_port $LOCAL_PGPORT --db_user odoo"
  fi
}

# Run a command as the unprivileged owner of the local cluster when we are root.
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_OWNER" -- "$@"
  else
    "$@"
  fi
}

ensure_postgres() {
  if [ -n "${PGHOST:-}" ] || [ -n "${PGPORT:-}" ] || [ -n "${PGUSER:-}" ]; then
    log "Using the PostgreSQL server given by PGHOST/PGPORT/PGUSER."
    "$PGBIN/pg_isready" -q ${PGHOST:+-h "$PGHOST"} ${PGPORT:+-p "$PGPORT"} \
      || die "PostgreSQL at ${PGHOST:-localhost}:${PGPORT:-5432} does not answer."
    return
  fi
  [ -x "$PGBIN/initdb" ] || die "PostgreSQL server binaries not found: run scripts/setup.sh (apt package postgresql)."
  PG_OWNER=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    # initdb and postgres refuse to run as root: the cluster belongs to an
    # unprivileged system user.
    PG_OWNER=postgres
    id "$PG_OWNER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OWNER"
  fi
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown "$PG_OWNER" "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  if ! as_pg_owner test -w "$PGDATA_DIR"; then
    # The checkout sits where the unprivileged owner cannot reach (a private
    # parent folder): keep the cluster in a folder of its own instead.
    PGDATA_DIR=/var/tmp/aftersales-pg-$(echo "$ROOT" | md5sum | cut -c1-8)
    log "$PG_OWNER cannot write in this checkout; the local cluster lives in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown "$PG_OWNER" "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "Creating a local PostgreSQL cluster in $PGDATA_DIR"
    as_pg_owner "$PGBIN/initdb" -D "$PGDATA_DIR" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$LOCAL_PGPORT"; then
    log "Starting the local PostgreSQL server on 127.0.0.1:$LOCAL_PGPORT"
    as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
      -o "-p $LOCAL_PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || die "PostgreSQL did not start: see $PGDATA_DIR/server.log"
  fi
}
