#!/usr/bin/env bash
# Prepare a machine: system packages, the project's virtual environment with
# the Odoo tree's Python requirements, and the development tools.
source "$(dirname "$0")/common.sh"

require_odoo

apt_missing=()
need_pkg() { dpkg -s "$1" >/dev/null 2>&1 || apt_missing+=("$1"); }
[ -x "$PGBIN/initdb" ] || need_pkg postgresql
command -v wkhtmltopdf >/dev/null || need_pkg wkhtmltopdf
need_pkg fonts-noto-cjk        # Chinese glyphs in PDF reports
command -v pdftotext >/dev/null || need_pkg poppler-utils   # tests read the PDFs' text back
command -v chromium >/dev/null || need_pkg chromium   # tours
need_pkg libpq-dev
if [ ${#apt_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "Installing system packages: ${apt_missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
  else
    log "Missing system packages (install them with apt as root): ${apt_missing[*]}"
  fi
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

if [ ! -x "$PY" ]; then
  log "Creating the virtual environment in $VENV"
  python3 -m venv "$VENV"
fi
"$PY" -m pip install -q --upgrade pip wheel 'setuptools<70'

# Odoo's own pins, with the ones that do not build here adjusted:
# - cbor2 5.4.2 no longer builds from source; 5.6.2 ships a wheel.
# - python-ldap needs LDAP headers and only serves auth_ldap.
reqs=$(mktemp)
trap 'rm -f "$reqs"' EXIT
sed -E -e 's/^cbor2==5\.4\.2/cbor2==5.6.2/' -e '/^python-ldap/d' "$ODOO_SRC/requirements.txt" >"$reqs"
# gevent (the --workers long-polling process) leaves zope.interface and
# zope.event unpinned; their newest wheels use normalized dist-info names that
# the pkg_resources of setuptools<70 cannot find, and the gevent process then
# crash-loops with DistributionNotFound. These are the last releases that work.
cat >>"$reqs" <<'PINS'
zope.interface==7.2
zope.event==5.0
PINS
log "Installing Odoo's Python requirements"
"$PY" -m pip install -q --no-build-isolation -r "$reqs"
log "Installing the add-ons' own Python requirements"
"$PY" -m pip install -q -r "$ROOT/requirements.txt"
log "Installing the development tools"
"$PY" -m pip install -q -r "$ROOT/requirements-dev.txt"
log "Ready. Next: scripts/run.sh (serve with demo data) or scripts/test.sh (all checks and tests)."
