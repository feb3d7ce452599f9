#!/usr/bin/env bash
# Benchmarks on a real database (run on demand, never in CI).
#   scripts/bench.sh sla [options]   (see benchmarks/bench_sla.py --help)
# BENCH_DB (default aftersales_bench) is created without demo data when missing.
source "$(dirname "$0")/common.sh"
require_odoo
require_venv
ensure_postgres

name=${1:?usage: scripts/bench.sh NAME [options]}
shift
BENCH_DB=${BENCH_DB:-aftersales_bench}
DBARGS=$(db_args)
export BENCH_DB ODOO_ADDONS_PATH="$(addons_path)" ODOO_DB_ARGS="$DBARGS"
# shellcheck disable=SC2086
if ! "$PY" "$ODOO_SRC/odoo-bin" --addons-path "$ODOO_ADDONS_PATH" $DBARGS -d "$BENCH_DB" \
    -i aftersales_service --without-demo all --stop-after-init --log-level warn; then
  die "Could not prepare the benchmark database $BENCH_DB"
fi
cd "$ROOT"
PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" "benchmarks/bench_$name.py" "$@"
