#!/usr/bin/env bash
# Serve Odoo with aftersales_service and demo data on http://localhost:8069.
# Environment: DB (default aftersales), HTTP_PORT (default 8069), ODOO_SRC,
# PGHOST/PGPORT/PGUSER/PGPASSWORD for an existing PostgreSQL server.
source "$(dirname "$0")/common.sh"
require_odoo
require_venv
ensure_postgres

DB=${DB:-aftersales}
# Every add-on of the repository, and Odoo's demo payment provider so that
# customers can pay repair invoices online (the add-ons never depend on it).
ADDONS=$(cd "$ROOT" && for m in */__manifest__.py; do dirname "$m"; done | paste -sd, -)
DEMO_MODULES="$ADDONS,payment_demo"
HTTP_PORT=${HTTP_PORT:-8069}
# A port given among the extra arguments wins over HTTP_PORT, as in odoo-bin.
for ((i = 1; i <= $#; i++)); do
  case "${!i}" in
    --http-port=*) HTTP_PORT=${!i#*=} ;;
    --http-port | -p) j=$((i + 1)); HTTP_PORT=${!j:-$HTTP_PORT} ;;
  esac
done
# shellcheck disable=SC2207
DBARGS=($(db_args))
COMMON=(--addons-path "$(addons_path)" --data-dir "$ROOT/.odoo-data" "${DBARGS[@]}" -d "$DB" --db-filter "^$DB\$")

if "$PY" - "$DB" "${DBARGS[@]}" <<'PYEOF'
import sys, psycopg2
args = sys.argv[2:]
opts = dict(zip(args[::2], args[1::2]))
conn = psycopg2.connect(dbname="postgres", host=opts.get("--db_host"), port=opts.get("--db_port"),
                        user=opts.get("--db_user"), password=opts.get("--db_password"))
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[1],))
sys.exit(0 if cur.fetchone() else 1)
PYEOF
then
  log "Updating $ADDONS in database $DB"
  "$PY" "$ODOO_SRC/odoo-bin" "${COMMON[@]}" -i "$DEMO_MODULES" -u "$ADDONS" --stop-after-init --log-level warn
else
  log "Creating database $DB with demo data and $DEMO_MODULES"
  "$PY" "$ODOO_SRC/odoo-bin" "${COMMON[@]}" -i "$DEMO_MODULES" --stop-after-init --log-level warn
fi

# wkhtmltopdf fetches the PDF reports' style sheets from this very server:
# point report.url at the port served here, whatever web.base.url says
# (another port, or a public address). An upsert, so reruns change nothing.
REPORT_URL="http://127.0.0.1:$HTTP_PORT"
"$PY" - "$DB" "$REPORT_URL" "${DBARGS[@]}" <<'PYEOF'
import sys, psycopg2
db, url, args = sys.argv[1], sys.argv[2], sys.argv[3:]
opts = dict(zip(args[::2], args[1::2]))
conn = psycopg2.connect(dbname=db, host=opts.get("--db_host"), port=opts.get("--db_port"),
                        user=opts.get("--db_user"), password=opts.get("--db_password"))
with conn, conn.cursor() as cur:
    cur.execute(
        """INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
           VALUES ('report.url', %s, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC')
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = EXCLUDED.write_date
           WHERE ir_config_parameter.value IS DISTINCT FROM EXCLUDED.value""",
        (url,),
    )
conn.close()
PYEOF
log "PDF reports fetch their style sheets from $REPORT_URL (report.url)"

log "Serving on http://localhost:$HTTP_PORT  (admin / admin; agent / agent for a service agent; customer / customer on the portal)"
exec "$PY" "$ODOO_SRC/odoo-bin" "${COMMON[@]}" --http-interface 127.0.0.1 --http-port "$HTTP_PORT" "$@"
