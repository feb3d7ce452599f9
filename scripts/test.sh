#!/usr/bin/env bash
# Every check and test: static checks, then the add-ons' Odoo tests installed
# from scratch on a throwaway database by Odoo's own runner.
# Ends with the line "N passed, N failed"; exits non-zero on any failure.
# Environment: ODOO_SRC, PGHOST/PGPORT/PGUSER/PGPASSWORD, TEST_TAGS (default:
# every test of our add-ons), KEEP_DB=1 to keep the test database.
source "$(dirname "$0")/common.sh"
require_odoo
# A fresh clone (CI) has no virtual environment yet: prepare the machine first.
[ -x "$PY" ] || bash "$ROOT/scripts/setup.sh"
require_venv

cd "$ROOT"
ADDONS=$(for m in */__manifest__.py; do dirname "$m"; done | paste -sd, -)
# Odoo add-ons our integration tests exercise beside ours (automated actions).
EXTRA_MODULES=${TEST_EXTRA_MODULES-base_automation}
static_passed=0
static_failed=0
run_check() {
  local name=$1
  shift
  log "check: $name"
  if "$@"; then
    static_passed=$((static_passed + 1))
  else
    static_failed=$((static_failed + 1))
    log "check FAILED: $name"
  fi
}
run_check "ruff lint" "$VENV/bin/ruff" check .
run_check "ruff format" "$VENV/bin/ruff" format --check --diff .
run_check "pylint-odoo" "$VENV/bin/pylint" --rcfile=.pylintrc --score=n ${ADDONS//,/ }
run_check "XML/CSV well-formed" "$PY" scripts/check_files.py

ensure_postgres
# shellcheck disable=SC2207
DBARGS=($(db_args))
DB=aftersales_test_$$_$(date +%s)
LOG=$(mktemp --suffix=.log)
HTTP_PORT=${TEST_HTTP_PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
TAGS=${TEST_TAGS:-$(echo "$ADDONS" | sed -E 's/(^|,)/\1\//g')}
cleanup() {
  if [ -z "${KEEP_DB:-}" ]; then
    PGPASSWORD=${PGPASSWORD:-} "$PGBIN/dropdb" --if-exists \
      -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-$LOCAL_PGPORT}" -U "${PGUSER:-odoo}" "$DB" 2>/dev/null || true
  fi
}
trap cleanup EXIT

log "Odoo tests on throwaway database $DB (tags $TAGS), log in $LOG"
set +e
"$PY" "$ODOO_SRC/odoo-bin" --addons-path "$(addons_path)" --data-dir "$ROOT/.odoo-data" "${DBARGS[@]}" \
  -d "$DB" -i "$ADDONS${EXTRA_MODULES:+,$EXTRA_MODULES}" --test-enable --test-tags "$TAGS" --stop-after-init \
  --http-interface 127.0.0.1 --http-port "$HTTP_PORT" --log-level info --max-cron-threads 0 2>&1 | tee "$LOG" \
  | grep -E --line-buffered " (ERROR|CRITICAL|WARNING) |^FAIL|^ERROR|odoo.tests.stats|tests when loading database|Ran [0-9]+ test"
odoo_rc=${PIPESTATUS[0]}
set -e

summary=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$LOG" | tail -n 1 || true)
problems=$(grep -cE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$LOG" || true)
if [ -n "$summary" ]; then
  read -r failed errors total < <(echo "$summary" | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')
else
  failed=0 errors=0 total=0
  ran=$(grep -cE "Starting .*\.test_" "$LOG" || true)
  log "Odoo printed no test summary (install failed?)"
fi
odoo_failed=$((failed + errors))
odoo_passed=$((total - odoo_failed))
if [ "$odoo_failed" -eq 0 ] && { [ "$problems" -gt 0 ] || [ "$odoo_rc" -ne 0 ] || [ "$total" -eq 0 ]; }; then
  # Install errors, log errors outside tests, or no test run at all.
  log "Odoo logged $problems ERROR/CRITICAL lines (exit code $odoo_rc, $total tests): counted as a failure"
  odoo_failed=1
fi

passed=$((static_passed + odoo_passed))
failed=$((static_failed + odoo_failed))
log "static checks: $static_passed passed, $static_failed failed; Odoo tests: $odoo_passed passed, $odoo_failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
