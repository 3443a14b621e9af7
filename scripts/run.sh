#!/usr/bin/env bash
# The run command (README): Odoo 18 with both addons and demo data on a local
# database, serving on http://localhost:8069. Uses the Odoo 18 it finds, or sets one
# up in .venv/ (scripts/odoo_setup.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
DB=${STEKAS_DB:-stekas}
PORT=${STEKAS_HTTP_PORT:-8069}
if ! find_odoo; then
    echo "No Odoo 18 to run: see the message above and README.md (\"Installing Odoo 18\")." >&2
    exit 1
fi
install_python_deps
install_oca_addons
ensure_postgres
APATH=$(addons_path)
if ! psql -d "$DB" -tAc 'select 1 from ir_module_module limit 1' >/dev/null 2>&1; then
    say "Creating database $DB with both addons and demo data"
    odoo_cmd -d "$DB" --addons-path="$APATH" -i "$ADDONS" --stop-after-init \
        --load-language=lt_LT
else
    say "Updating both addons in database $DB"
    odoo_cmd -d "$DB" --addons-path="$APATH" -u "$ADDONS" --stop-after-init
fi
say "Odoo serving $DB on http://localhost:$PORT (login admin / admin)"
exec "$PY" -m odoo -d "$DB" --addons-path="$APATH" --http-port="$PORT" \
    --db-filter="^${DB}\$" "$@"
