#!/usr/bin/env bash
# Upgrade check: install the add-ons of an earlier commit with demo data on a
# throwaway database, upgrade them to the working tree, and check that the
# service data, the external ids and the scheduled actions came through
# (scripts/check_upgrade.py). See --help.
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

usage() {
  cat <<'EOF'
Usage: scripts/check_upgrade.sh [--from COMMIT] [--to-tree DIR] [--keep]

Installs every add-on of COMMIT (exported with git archive into a temporary
folder) with demo data, base_automation and hr_holidays on a new database
aftersales_upgrade_<pid>, notes what must survive an upgrade, upgrades the
database to the add-ons of DIR (odoo-bin -u <the add-ons of COMMIT>), then
compares: rows of the service tables and their key columns, external ids of
the aftersales* and resource_calendar* modules (by name, whatever module
holds them), scheduled actions (none twice). Prints rows per table, external
ids moved between modules, the project's modules after the upgrade, the
ERROR/CRITICAL/WARNING lines and tracebacks of the upgrade's log, and the
seconds of the install and of the upgrade.

  --from COMMIT   any git revision (default: origin/main if it exists, else HEAD)
  --to-tree DIR   folder holding the add-ons to upgrade to (default: the
                  working tree, the repository root)
  --keep          keep the database, its filestore and the temporary folder
  -h, --help      this text

Exits non-zero on a row, value or external id lost or changed, a scheduled
action twice, a module left half-done, or an ERROR, CRITICAL, WARNING or
traceback in the upgrade's log. Environment: ODOO_SRC, PGHOST/PGPORT/PGUSER/
PGPASSWORD (default: the project-local server on 127.0.0.1:5433).
EOF
}

# Odoo add-ons installed beside ours, as test.sh does.
EXTRA_MODULES=base_automation,hr_holidays
FROM=
TO_TREE=$ROOT
KEEP=
parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --from) [ $# -ge 2 ] || die "--from needs a commit"; FROM=$2; shift 2 ;;
      --to-tree) [ $# -ge 2 ] || die "--to-tree needs a folder"; TO_TREE=$2; shift 2 ;;
      --keep) KEEP=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown argument: $1 (see --help)" ;;
    esac
  done
}

default_from() {
  if git -C "$ROOT" rev-parse --verify --quiet "origin/main^{commit}" >/dev/null; then
    echo origin/main
  else
    echo HEAD
  fi
}

# The add-on folders (with a __manifest__.py) of a tree, comma-separated.
addons_of() {
  local manifest
  for manifest in "$1"/*/__manifest__.py; do
    if [ -e "$manifest" ]; then basename "$(dirname "$manifest")"; fi
  done | paste -sd, -
}

odoo_on() {
  local tree=$1
  shift
  "$PY" "$ODOO_SRC/odoo-bin" --addons-path "$ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$tree" \
    --data-dir "$ROOT/.odoo-data" "${DBARGS[@]}" -d "$DB" --no-http --max-cron-threads 0 \
    --stop-after-init --log-level info "$@"
}

check_upgrade() { ODOO_SRC=$ODOO_SRC "$PY" "$ROOT/scripts/check_upgrade.py" "$@"; }

snapshot() {
  check_upgrade snapshot --out "$1" "${@:2}" "${DBARGS[@]}" -d "$DB" --log-level warn
}

database_exists() {
  [ "$(PGPASSWORD=${PGPASSWORD:-} "$PGBIN/psql" "${PGCONN[@]}" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ]
}

LOG_LINE='^[0-9-]+ [0-9:,]+ [0-9]+ '
PROBLEM="$LOG_LINE(ERROR|CRITICAL|WARNING) "
# The ERROR/CRITICAL/WARNING lines of an Odoo log, and of each traceback its
# first line and the exception with up to 3 non-empty lines of its message.
log_problems() {
  awk -v line="$LOG_LINE" -v problem="$PROBLEM" '
    $0 ~ line { tb = 0; exception = 0 }
    $0 ~ problem || /^Traceback/ { print; tb = /^Traceback/; next }
    tb && /^[^ ]/ { tb = 0; exception = 4 }
    exception && /^$/ { next }
    exception { print; exception-- }' "$1"
}

# At most 30 lines on the terminal; the log has them all.
show() { awk 'NR <= 30 { print "  " $0 } END { if (NR > 30) print "  ... (" NR - 30 " more lines)" }' >&2; }

cleanup() {
  if [ -n "$KEEP" ]; then
    log "kept the database $DB (filestore in $ROOT/.odoo-data) and $WORK"
    return
  fi
  PGPASSWORD=${PGPASSWORD:-} "$PGBIN/dropdb" --if-exists "${PGCONN[@]}" "$DB" 2>/dev/null || true
  rm -rf "${ROOT:?}/.odoo-data/filestore/$DB" "${WORK:?}"
}

install_from() {
  local start=$SECONDS rc=0 problems
  log "installing $FROM_ADDONS of $FROM ($COMMIT) with demo data on $DB, log in $INSTALL_LOG"
  odoo_on "$WORK/from" -i "$FROM_ADDONS,$EXTRA_MODULES" >"$INSTALL_LOG" 2>&1 || rc=$?
  INSTALL_SECONDS=$((SECONDS - start))
  if [ "$rc" -ne 0 ]; then
    log_problems "$INSTALL_LOG" | show
    die "the install of $FROM exited with code $rc (log in $INSTALL_LOG)"
  fi
  problems=$(grep -cE "$PROBLEM" "$INSTALL_LOG" || true)
  [ "$problems" -eq 0 ] || log "note: the install logged $problems ERROR/CRITICAL/WARNING lines (not counted)"
  snapshot "$WORK/before.json" --installed "$FROM_ADDONS,$EXTRA_MODULES" \
    || die "the install of $FROM is incomplete (log in $INSTALL_LOG)"
}

upgrade_to_tree() {
  local start=$SECONDS
  log "upgrading $FROM_ADDONS to $TO_TREE, log in $UPGRADE_LOG"
  odoo_on "$TO_TREE" -u "$FROM_ADDONS" >"$UPGRADE_LOG" 2>&1 || UPGRADE_RC=$?
  UPGRADE_SECONDS=$((SECONDS - start))
}

# Prints the upgrade log's problems; fails when there are any.
upgrade_log_clean() {
  local problems
  problems=$(log_problems "$UPGRADE_LOG")
  [ "$UPGRADE_RC" -eq 0 ] || log "the upgrade exited with code $UPGRADE_RC"
  if [ -z "$problems" ]; then
    log "upgrade log: no ERROR, CRITICAL, WARNING or traceback"
    return "$((UPGRADE_RC != 0))"
  fi
  log "upgrade log: $(grep -cE "$PROBLEM" "$UPGRADE_LOG") ERROR/CRITICAL/WARNING lines," \
    "$(grep -c '^Traceback' "$UPGRADE_LOG") tracebacks:"
  echo "$problems" | show
  return 1
}

main() {
  parse_args "$@"
  require_odoo
  require_venv
  FROM=${FROM:-$(default_from)}
  COMMIT=$(git -C "$ROOT" rev-parse --verify --quiet "$FROM^{commit}") || die "not a commit: $FROM"
  [ -d "$TO_TREE" ] || die "no folder $TO_TREE"
  TO_TREE=$(cd "$TO_TREE" && pwd)
  ensure_postgres
  # shellcheck disable=SC2207
  DBARGS=($(db_args))
  PGCONN=(-h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-$LOCAL_PGPORT}" -U "${PGUSER:-odoo}")
  DB=aftersales_upgrade_$$
  database_exists && die "the database $DB exists already (kept by an earlier --keep?): drop it first"
  WORK=$(mktemp -d -t aftersales-upgrade.XXXXXX)
  trap cleanup EXIT
  # The logs stay, like test.sh's; the temporary folder goes.
  INSTALL_LOG=$(mktemp -t "$DB-install.XXXXXX.log")
  UPGRADE_LOG=${INSTALL_LOG/-install./-upgrade.}
  UPGRADE_RC=0

  mkdir "$WORK/from"
  git -C "$ROOT" archive "$COMMIT" | tar -x -C "$WORK/from"
  FROM_ADDONS=$(addons_of "$WORK/from")
  [ -n "$FROM_ADDONS" ] || die "no add-on (folder with a __manifest__.py) in $FROM"
  install_from
  upgrade_to_tree
  local failed=0
  upgrade_log_clean || failed=1
  if snapshot "$WORK/after.json"; then
    check_upgrade compare "$WORK/before.json" "$WORK/after.json" || failed=1
  else
    failed=1
  fi
  log "add-ons of $FROM: $FROM_ADDONS; add-ons of $TO_TREE: $(addons_of "$TO_TREE")"
  log "install of $FROM: ${INSTALL_SECONDS}s; upgrade to $TO_TREE: ${UPGRADE_SECONDS}s"
  [ "$failed" -eq 0 ] || die "upgrade check FAILED (logs: $INSTALL_LOG, $UPGRADE_LOG)"
  log "upgrade check passed"
}

main "$@"
