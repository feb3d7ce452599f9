#!/usr/bin/env bash
# Every check and test: static checks, then the add-ons' Odoo tests installed
# from scratch (with demo data) on a throwaway database by Odoo's own runner,
# then their life cycle on that database: install, upgrade, uninstall through
# Odoo, and nothing of them left behind (scripts/check_lifecycle.py).
# Ends with the line "N passed, N failed"; exits non-zero on any failure.
# Environment: ODOO_SRC, PGHOST/PGPORT/PGUSER/PGPASSWORD, TEST_TAGS (default:
# every test of our add-ons), KEEP_DB=1 to keep the test database (as the
# tests left it) and its copy the life cycle uninstalled (DB_uninstalled).
source "$(dirname "$0")/common.sh"
require_odoo
# A fresh clone (CI) has no virtual environment yet: prepare the machine first.
[ -x "$PY" ] || bash "$ROOT/scripts/setup.sh"
require_venv

cd "$ROOT"
ADDONS=$(for m in */__manifest__.py; do dirname "$m"; done | paste -sd, -)
# Odoo add-ons our integration tests exercise beside ours: automated actions, and Time Off
# (hr_holidays), which moves new public holidays between time zones and refuses overlaps.
EXTRA_MODULES=${TEST_EXTRA_MODULES-base_automation,hr_holidays}
passed=0
failed=0
run_check() {
  local name=$1
  shift
  log "check: $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    log "check FAILED: $name"
  fi
}
run_check "ruff lint" "$VENV/bin/ruff" check .
run_check "ruff format" "$VENV/bin/ruff" format --check --diff .
run_check "pylint-odoo" "$VENV/bin/pylint" --rcfile=.pylintrc --score=n ${ADDONS//,/ }
run_check "XML/CSV well-formed" "$PY" scripts/check_files.py
static_passed=$passed static_failed=$failed

ensure_postgres
# shellcheck disable=SC2207
DBARGS=($(db_args))
PGCONN=(-h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-$LOCAL_PGPORT}" -U "${PGUSER:-odoo}")
ODOO_ARGS=(--addons-path "$(addons_path)" --data-dir "$ROOT/.odoo-data" "${DBARGS[@]}")
DB=aftersales_test_$$_$(date +%s)
# The life-cycle stages uninstall the add-ons: on a copy when the database is kept.
LC_DB=$DB${KEEP_DB:+_uninstalled}
# The generic add-ons installed alone, without the service centre; the service centre without its bridges.
ALONE_DB=${DB}_alone
CORE_DB=${DB}_core
LOG=$(mktemp --suffix=.log)
UPGRADE_LOG=${LOG%.log}-upgrade.log
UNINSTALL_LOG=${LOG%.log}-uninstall.log
SNAPSHOT=${LOG%.log}-owned.json
HTTP_PORT=${TEST_HTTP_PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
TAGS=${TEST_TAGS:-$(echo "$ADDONS" | sed -E 's/(^|,)/\1\//g')}
cleanup() {
  for alone in "$ALONE_DB" "$CORE_DB"; do
    PGPASSWORD=${PGPASSWORD:-} "$PGBIN/dropdb" --if-exists "${PGCONN[@]}" "$alone" 2>/dev/null || true
    rm -rf "${ROOT:?}/.odoo-data/filestore/$alone"
  done
  if [ -z "${KEEP_DB:-}" ]; then
    PGPASSWORD=${PGPASSWORD:-} "$PGBIN/dropdb" --if-exists "${PGCONN[@]}" "$DB" 2>/dev/null || true
    rm -rf "${ROOT:?}/.odoo-data/filestore/$DB"
  fi
}
trap cleanup EXIT

log "Odoo tests on throwaway database $DB (tags $TAGS), log in $LOG"
start=$SECONDS
set +e
"$PY" "$ODOO_SRC/odoo-bin" "${ODOO_ARGS[@]}" \
  -d "$DB" -i "$ADDONS${EXTRA_MODULES:+,$EXTRA_MODULES}" --test-enable --test-tags "$TAGS" --stop-after-init \
  --http-interface 127.0.0.1 --http-port "$HTTP_PORT" --log-level info --max-cron-threads 0 2>&1 | tee "$LOG" \
  | grep -E --line-buffered " (ERROR|CRITICAL|WARNING) |^FAIL|^ERROR|odoo.tests.stats|tests when loading database|Ran [0-9]+ test"
odoo_rc=${PIPESTATUS[0]}
set -e
log "install and tests: $((SECONDS - start))s"

# The ERROR/CRITICAL lines of the log while tests run (at-install tests: from
# the first "Starting Class.test" to "Module ... loaded"; then the post-install
# tests), and the tests' summaries, belong to the tests; the others to the
# install. $1: "test" or "install".
log_errors_of() {
  awk -v want="$1" '
    / odoo\.addons\.[A-Za-z0-9_]+\.tests[.A-Za-z0-9_]*: Starting / { intest = 1 }
    / odoo\.modules\.loading: Module [A-Za-z0-9_]+ loaded in / { intest = 0 }
    / odoo\.service\.server: Starting post tests/ { intest = 1 }
    / post-tests in / { intest = 0 }
    /^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) / {
      test = intest || /At least one test failed when loading the modules|tests when loading database|: [0-9]+ failures, [0-9]+ errors of [0-9]+ tests/
      if ((want == "test") == (test == 1)) print
    }' "$LOG"
}

summary=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$LOG" | tail -n 1 || true)
problems=$(log_errors_of test | wc -l)
if [ -n "$summary" ]; then
  read -r tests_failed tests_errors total < <(echo "$summary" | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')
else
  tests_failed=0 tests_errors=0 total=0
  log "Odoo printed no test summary (install failed?)"
fi
odoo_failed=$((tests_failed + tests_errors))
odoo_passed=$((total - odoo_failed))
if [ "$odoo_failed" -eq 0 ] && { [ "$problems" -gt 0 ] || [ "$odoo_rc" -ne 0 ] || [ "$total" -eq 0 ]; }; then
  # Errors logged by passing tests, an aborted run, or no test run at all.
  log "Odoo logged $problems ERROR/CRITICAL lines during the tests (exit code $odoo_rc, $total tests): counted as a failure"
  odoo_failed=1
fi

# Life cycle on the database the tests installed, one check per stage: the
# install with demo data, an upgrade, the uninstall through Odoo, and nothing
# of the add-ons left (scripts/check_lifecycle.py).
check_lifecycle() { ODOO_SRC=$ODOO_SRC "$PY" "$ROOT/scripts/check_lifecycle.py" "$@"; }
# The ERROR/CRITICAL lines and tracebacks of an Odoo log, with PostgreSQL's
# message under a bad query.
log_problems() { grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^Traceback|^(ERROR|DETAIL):  ?" "$1" || true; }
# At most 20 lines of them on the terminal; the log has them all.
show() { echo "$1" | awk 'NR <= 20 { print } END { if (NR > 20) print "... (" NR - 20 " more lines)" }' >&2; }
installed=
install_with_demo() {
  local errors
  errors=$(log_errors_of install)
  if [ -n "$errors" ]; then
    log "the install logged (log in $LOG):"
    show "$errors"
  fi
  check_lifecycle installed "${ODOO_ARGS[@]}" -d "$DB" --log-level warn || return 1
  installed=1
  [ -z "$errors" ]
}
upgrade() {
  local rc=0 errors
  "$PY" "$ODOO_SRC/odoo-bin" "${ODOO_ARGS[@]}" -d "$LC_DB" -u "$ADDONS" --stop-after-init \
    --http-interface 127.0.0.1 --http-port "$HTTP_PORT" --log-level info --max-cron-threads 0 >"$UPGRADE_LOG" 2>&1 || rc=$?
  errors=$(log_problems "$UPGRADE_LOG")
  if [ -n "$errors" ] || [ "$rc" -ne 0 ]; then
    log "the upgrade exited with code $rc and logged (log in $UPGRADE_LOG):"
    show "$errors"
    return 1
  fi
  check_lifecycle installed "${ODOO_ARGS[@]}" -d "$LC_DB" --log-level warn
}
uninstall() {
  local rc=0 errors
  check_lifecycle uninstall --snapshot "$SNAPSHOT" "${ODOO_ARGS[@]}" -d "$LC_DB" --log-level info \
    >"$UNINSTALL_LOG" 2>&1 || rc=$?
  errors=$(log_problems "$UNINSTALL_LOG")
  [ -z "$errors" ] && [ "$rc" -eq 0 ] && return 0
  log "the uninstall exited with code $rc and logged (log in $UNINSTALL_LOG):"
  show "$errors"
  return 1
}
nothing_left() {
  local owned=()
  # What the add-ons owned, noted by the uninstall before it started.
  [ ! -s "$SNAPSHOT" ] || owned=(--snapshot "$SNAPSHOT")
  check_lifecycle leftovers "${owned[@]}" "${ODOO_ARGS[@]}" -d "$LC_DB" --log-level warn
}
lifecycle_stage() {
  local name=$1 start=$SECONDS
  if [ -z "$installed" ]; then
    failed=$((failed + 1))
    log "check FAILED: $name (not run: the add-ons are not installed)"
    return
  fi
  run_check "$@"
  log "$name: $((SECONDS - start))s"
}
run_check "install with demo data" install_with_demo
if [ -n "$installed" ] && [ -n "${KEEP_DB:-}" ]; then
  log "copying $DB to $LC_DB for the upgrade and the uninstall"
  PGPASSWORD=${PGPASSWORD:-} "$PGBIN/createdb" "${PGCONN[@]}" -T "$DB" "$LC_DB"
  [ ! -d "$ROOT/.odoo-data/filestore/$DB" ] || cp -a "$ROOT/.odoo-data/filestore/$DB" "$ROOT/.odoo-data/filestore/$LC_DB"
fi
lifecycle_stage "upgrade" upgrade
lifecycle_stage "uninstall" uninstall
lifecycle_stage "uninstall leaves nothing" nothing_left
# Add-ons installed without the others, on a database of their own: $1 the add-ons to install,
# $2 the test tags, $3 the add-ons that must not come along, $4 the database.
installed_alone() {
  local modules=$1 tags=$2 forbidden=$3 database=$4 rc=0 errors summary heavy alone_log
  alone_log=${LOG%.log}-$database.log
  "$PY" "$ODOO_SRC/odoo-bin" "${ODOO_ARGS[@]}" -d "$database" -i "$modules" --test-enable --test-tags "$tags" \
    --stop-after-init --http-interface 127.0.0.1 --http-port "$HTTP_PORT" --log-level info --max-cron-threads 0 \
    >"$alone_log" 2>&1 || rc=$?
  summary=$(grep -E "tests when loading database" "$alone_log" | tail -n 1 | sed -E 's/.*INFO [^ ]+ odoo.tests.result: //')
  errors=$(log_problems "$alone_log")
  heavy=$(PGPASSWORD=${PGPASSWORD:-} "$PGBIN/psql" "${PGCONN[@]}" -d "$database" -tAc \
    "SELECT string_agg(name, ', ') FROM ir_module_module
      WHERE state = 'installed' AND name = ANY(string_to_array('$forbidden', ','))")
  log "$modules alone: ${summary:-no test summary}; installed of $forbidden: ${heavy:-none}"
  if [ -n "$errors" ] || [ "$rc" -ne 0 ] || [ -z "$summary" ] || [ -n "$heavy" ]; then
    log "$modules alone exited with code $rc (log in $alone_log):"
    show "$errors"
    return 1
  fi
}
# The generic add-ons alone: the Project bridge pulls in the SLA engine and the calendar add-on,
# whose tests pass without the service centre, and nothing of accounting or sales.
run_check "generic add-ons installed alone" installed_alone aftersales_sla_project \
  /aftersales_sla_project,/aftersales_sla,/resource_calendar_workday account,sale,aftersales_service "$ALONE_DB"
# The service centre without its bridges: repairs, exchanges and refunds work without Inventory. With it, the
# WeCom channel, which needs nothing else either (its tests pass without the other channels and bridges).
run_check "service centre without its bridges" installed_alone aftersales_service,aftersales_service_wecom \
  /aftersales_service:TestRepair,/aftersales_service:TestRepairOperation,/aftersales_service:TestXmlRpcContract,/aftersales_service_wecom \
  stock,survey,project,aftersales_service_stock,aftersales_service_cn,aftersales_service_tracking,aftersales_service_sms \
  "$CORE_DB"
[ -z "${KEEP_DB:-}" ] || log "kept the databases $DB (after the tests) and $LC_DB (after the uninstall)"

log "static checks: $static_passed passed, $static_failed failed; Odoo tests: $odoo_passed passed, $odoo_failed failed;" \
  "life cycle: $((passed - static_passed)) passed, $((failed - static_failed)) failed"
passed=$((passed + odoo_passed))
failed=$((failed + odoo_failed))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
