#!/usr/bin/env bash
# Benchmarks on a real database (run on demand, never in CI).
#   scripts/bench.sh sla [options]    (see benchmarks/bench_sla.py --help)
#   scripts/bench.sh soak [options]   (see benchmarks/soak.py --help)
#   scripts/bench.sh calendar [options] (see benchmarks/bench_calendar.py --help)
#   scripts/bench.sh task_install [--sizes 0,20000] (see benchmarks/bench_task_install.py --help)
#   scripts/bench.sh stock [--orders 20] [--refunds 50] (see benchmarks/bench_stock.py --help)
#   scripts/bench.sh documents [--sends 10] [--renders 5] (see benchmarks/bench_documents.py --help)
#   scripts/bench.sh tracking [--pushes 1000] [--workers 2] (see benchmarks/bench_tracking.py --help)
#   scripts/bench.sh wecom [--events 1000] [--workers 2] [--kill] (see benchmarks/bench_wecom.py --help)
# BENCH_DB (default aftersales_bench; aftersales_soak for the soak) is created
# without demo data when missing.
source "$(dirname "$0")/common.sh"
require_odoo
require_venv
ensure_postgres

name=${1:?usage: scripts/bench.sh NAME [options]}
shift
script=benchmarks/bench_$name.py
# An existing database is updated so that its schema matches the code under test.
init_args=(-i aftersales_service -u aftersales_service)
if [ "$name" = soak ]; then
  # The soak serves the add-on from this checkout over HTTP: an existing
  # database is updated so that its schema matches the code under test, and
  # its files live where the soak's server looks for them.
  script=benchmarks/soak.py
  BENCH_DB=${BENCH_DB:-aftersales_soak}
  ODOO_DATA_DIR=$ROOT/.odoo-data
  init_args=(-i aftersales_service -u aftersales_service --data-dir "$ODOO_DATA_DIR")
fi
if [ "$name" = stock ]; then
  # Its own database: the stock bridge, and Odoo's Repairs to compare with.
  BENCH_DB=${BENCH_DB:-aftersales_bench_stock}
  init_args=(-i aftersales_service_stock,repair -u aftersales_service_stock)
fi
if [ "$name" = documents ]; then
  # Its own database: the Chinese documents, and Odoo's sale.order PDF to compare with.
  BENCH_DB=${BENCH_DB:-aftersales_bench_documents}
  init_args=(-i aftersales_service_cn,sale -u aftersales_service_cn,aftersales_service)
fi
if [ "$name" = tracking ]; then
  # Its own database, served by Odoo with --workers: the route and the job as in production.
  BENCH_DB=${BENCH_DB:-aftersales_bench_tracking}
  ODOO_DATA_DIR=$ROOT/.odoo-data
  init_args=(-i aftersales_service_tracking -u aftersales_service_tracking,aftersales_service --data-dir "$ODOO_DATA_DIR")
fi
if [ "$name" = wecom ]; then
  # Its own database, served by Odoo with --workers: the callback route and the job as in production.
  BENCH_DB=${BENCH_DB:-aftersales_bench_wecom}
  ODOO_DATA_DIR=$ROOT/.odoo-data
  init_args=(-i aftersales_service_wecom -u aftersales_service_wecom,aftersales_service --data-dir "$ODOO_DATA_DIR")
fi
BENCH_DB=${BENCH_DB:-aftersales_bench}
DBARGS=$(db_args)
export BENCH_DB ODOO_SRC ODOO_ADDONS_PATH="$(addons_path)" ODOO_DB_ARGS="$DBARGS" ODOO_DATA_DIR
if [ "$name" = task_install ]; then
  # Its own databases, with Project only: the bridge is installed on them.
  cd "$ROOT"
  PATH=$PGBIN:$PATH exec "$PY" "$script" "$@"
fi
# shellcheck disable=SC2086
if ! "$PY" "$ODOO_SRC/odoo-bin" --addons-path "$ODOO_ADDONS_PATH" $DBARGS -d "$BENCH_DB" \
    "${init_args[@]}" --without-demo all --stop-after-init --log-level warn; then
  die "Could not prepare the benchmark database $BENCH_DB"
fi
cd "$ROOT"
PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" "$script" "$@"
