#!/usr/bin/env bash
# The run command (README): Odoo 18 with both addons and demo data on a local
# database, serving on http://localhost:8069 with workers (multi-process, as in
# production), and queue_job's job runner on a job node of its own. Uses the
# Odoo 18 it finds, or sets one up in .venv/ (scripts/odoo_setup.sh). The
# servers' settings are written to .run/odoo.conf and .run/odoo-jobs.conf
# (ignored by git) from the STEKAS_* variables below.
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
# The jobs (scans, billing runs, documents, automatic replies) run on a node of
# their own at a lower CPU priority, so that a burst of them never takes a worker
# or the CPU from the pages (README, "Several Odoo nodes"); STEKAS_JOB_WORKERS=0
# runs them in the page node's workers instead.
JOB_WORKERS=${STEKAS_JOB_WORKERS:-3}
if [ "$JOB_WORKERS" -gt 0 ]; then
    JOB_PORT=${STEKAS_JOB_PORT:-$((PORT + 5))}
    JOB_CONF=$(STEKAS_RUN_CONF=$ROOT/.run/odoo-jobs.conf STEKAS_WORKERS=$JOB_WORKERS \
        STEKAS_CRON_THREADS=0 STEKAS_GEVENT_PORT=$((JOB_PORT + 1)) STEKAS_HTTP_INTERFACE=127.0.0.1 \
        STEKAS_SERVER_WIDE_MODULES=base,web,queue_job \
        bash "$ROOT/scripts/write_run_conf.sh" "$DB" "$APATH" "$JOB_PORT" "$SMTP_PORT")
    CONF=$(STEKAS_SERVER_WIDE_MODULES=${STEKAS_SERVER_WIDE_MODULES:-base,web} \
        bash "$ROOT/scripts/write_run_conf.sh" "$DB" "$APATH" "$PORT" "$SMTP_PORT")
else
    CONF=$(bash "$ROOT/scripts/write_run_conf.sh" "$DB" "$APATH" "$PORT" "$SMTP_PORT")
fi
"$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$ROOT/.mail" &
background=($!)
if [ "$JOB_WORKERS" -gt 0 ]; then
    nice -n "${STEKAS_JOB_NICE:-10}" "$PY" "$ROOT/scripts/odoo_server.py" -c "$JOB_CONF" \
        >"$ROOT/.run/odoo-jobs.log" 2>&1 &
    background+=($!)
    say "Job node: $JOB_WORKERS workers and the job runner on 127.0.0.1:$JOB_PORT, nice ${STEKAS_JOB_NICE:-10}; settings in ${JOB_CONF#"$ROOT"/}, log in .run/odoo-jobs.log"
fi
# Odoo's master process stops its workers (and a job runner) on TERM; a
# background process of a script ignores Ctrl-C, hence the trap.
trap 'kill "${background[@]}" 2>/dev/null; wait "${background[@]}" 2>/dev/null' EXIT
say "Odoo serving $DB on http://localhost:$PORT (login admin / admin) with $(sed -n 's/^workers = //p' "$CONF") workers; settings in ${CONF#"$ROOT"/}; mail caught in .mail/new/"
"$PY" "$ROOT/scripts/odoo_server.py" -c "$CONF" "$@"
