#!/usr/bin/env bash
# The run command (README): Odoo 18 with both addons and demo data on a local
# database, serving on http://localhost:8069 with workers (multi-process, as in
# production) and queue_job's job runner. Uses the Odoo 18 it finds, or sets one
# up in .venv/ (scripts/odoo_setup.sh). The server's settings are written to
# .run/odoo.conf (ignored by git) from the STEKAS_* variables below.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
DB=${STEKAS_DB:-stekas}
PORT=${STEKAS_HTTP_PORT:-8069}
if ! find_odoo; then
    echo "No Odoo 18 to run: see the message above and README.md (\"Installing Odoo 18\")." >&2
    exit 1
fi
install_python_deps -r "$ROOT/requirements-dev.txt"
install_oca_addons
ensure_postgres
APATH=$(addons_path)
# queue_job is installed with the addons: its job runner only serves databases
# where it is installed (naming it again once the addons depend on it is harmless).
if ! psql -d "$DB" -tAc 'select 1 from ir_module_module limit 1' >/dev/null 2>&1; then
    say "Creating database $DB with both addons and demo data"
    create_lithuanian_db "$DB" "$APATH"
    odoo_cmd -d "$DB" --addons-path="$APATH" -i "queue_job,$ADDONS" --stop-after-init \
        --http-port="$PORT"
else
    say "Updating both addons in database $DB"
    odoo_cmd -d "$DB" --addons-path="$APATH" -i queue_job -u "$ADDONS" --stop-after-init \
        --http-port="$PORT"
fi
# Links in mails and portal pages name this server, whatever port an earlier
# run used (Odoo only sets web.base.url at an administrator's first login).
psql -d "$DB" -q -c "INSERT INTO ir_config_parameter (key, value, create_date, write_date)
    VALUES ('web.base.url', 'http://localhost:$PORT', now(), now())
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = now()"
# Every mail the demo sends is caught on this machine, one file a mail in
# .mail/new/ (a Maildir any mail reader opens), instead of failing to leave.
SMTP_PORT=${STEKAS_SMTP_PORT:-$((PORT + 1000))}
mkdir -p "$ROOT/.mail/cur" "$ROOT/.mail/new" "$ROOT/.mail/tmp"
CONF=$(bash "$ROOT/scripts/write_run_conf.sh" "$DB" "$APATH" "$PORT" "$SMTP_PORT")
"$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$ROOT/.mail" &
sink=$!
trap 'kill "$sink" 2>/dev/null' EXIT
say "Odoo serving $DB on http://localhost:$PORT (login admin / admin) with $(sed -n 's/^workers = //p' "$CONF") workers and the job runner; settings in ${CONF#"$ROOT"/}; mail caught in .mail/new/"
# Ctrl-C stops Odoo's master process (which stops its workers and the job
# runner) and the mail sink, which are in the same process group.
"$PY" "$ROOT/scripts/odoo_server.py" -c "$CONF" "$@"
