#!/usr/bin/env bash
# Load bench: two systems in the same run, on loopback, bounded in time.
#   A: stekas_helpdesk + stekas_billing (+ queue_job and its job runner)
#   B: helpdesk_mgmt alone (+ portal)
# each served by Odoo with 4 workers (scripts/write_run_conf.sh, as `make run`);
# A's jobs and runner on a job node of BENCH_JOB_WORKERS (3) workers at nice
# BENCH_JOB_NICE (10), as `make run` (channels: BENCH_QUEUE_CHANNELS, default
# make run's); BENCH_JOB_WORKERS=0 runs them in A's 4 workers.
# Every worker serves each portal page once before the load (bench/load/warm.py).
# BENCH_WERKZEUG_LOG=INFO logs every request with its queries, SQL and Python time.
# N portal sessions per system (locust) browse /my/tickets, a ticket page and
# (A) /my/journal while M mails are appended to one Dovecot IMAP mailbox per
# system and fetched by Odoo's fetchmail (bench/load/mailflow.py). Prints p50/p95
# per page, mails per minute, time from arrival to ticket (and A's scan
# verdict), errors, lost and duplicated mails, and the ratios A/B.
#   BENCH_SESSIONS=200 BENCH_MAILS=1000 BENCH_DURATION=600 bash bench/load/run_load.sh
# BENCH_DB_PREFIX (h18c_l): databases <prefix>a and <prefix>b; BENCH_REUSE=1
# keeps them (and reuses them when they exist). Ports: BENCH_PORT_A (8342, its
# websocket +1), BENCH_PORT_B (8345, +1), BENCH_PORT_JOBS (8348, +1), BENCH_IMAP_PORT (10243),
# BENCH_SMTP_PORT (10225, a sink for the mails Odoo sends).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
cd "$ROOT"
find_odoo
ensure_postgres
APATH=$(addons_path)
PREFIX=${BENCH_DB_PREFIX:-h18c_l}
A_DB=${PREFIX}a
B_DB=${PREFIX}b
PORT_A=${BENCH_PORT_A:-8342}
PORT_B=${BENCH_PORT_B:-8345}
IMAP_PORT=${BENCH_IMAP_PORT:-10243}
SMTP_PORT=${BENCH_SMTP_PORT:-10225}
N=${BENCH_SESSIONS:-200}
M=${BENCH_MAILS:-1000}
DURATION=${BENCH_DURATION:-600}
TICKETS=${BENCH_TICKETS:-300}
WORKERS=${BENCH_WORKERS:-4}
work=$(mktemp -d /tmp/stekas_load.XXXXXX)
chmod 755 "$work"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    # Odoo stops gracefully, waiting for a running request (a long fetch); a
    # second TERM after 20 s makes it stop at once
    for _ in $(seq 1 20); do
        alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 1
    done
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -f "$work/dovecot.conf" ] && dovecot -c "$work/dovecot.conf" stop 2>/dev/null || true
    if [ "${BENCH_REUSE:-}" != 1 ]; then
        dropdb --if-exists "$A_DB" 2>/dev/null || true
        dropdb --if-exists "$B_DB" 2>/dev/null || true
    fi
    [ -n "${BENCH_KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# locust in its own virtual environment: its Flask/Werkzeug must not replace Odoo's
VENV=$ROOT/.venv-bench
[ -x "$VENV/bin/locust" ] || { "$PY" -m venv "$VENV" && "$VENV/bin/pip" install -q \
    --disable-pip-version-check -r "$ROOT/bench/requirements-bench.txt"; }

say "Dovecot on 127.0.0.1:$IMAP_PORT (boxes boxa, boxb) in $work"
mkdir -p "$work/run" "$work/state" "$work/mail"
# the mail is stored as the system's `mail` user: Dovecot refuses uid 0 for it
MAIL_UID=$(id -u mail 2>/dev/null || echo 8)
chown "$MAIL_UID:$MAIL_UID" "$work/mail"
printf 'boxa:{PLAIN}bench::::::\nboxb:{PLAIN}bench::::::\n' >"$work/passwd"
cat >"$work/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $work/run
state_dir = $work/state
log_path = $work/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
mail_location = maildir:$work/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $work/passwd
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_UID home=$work/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
dovecot -c "$work/dovecot.conf"

prepare() {  # db modules box
    if [ "${BENCH_REUSE:-}" != 1 ] || ! psql -d "$1" -tAc 'select 1' >/dev/null 2>&1; then
        dropdb --if-exists "$1"
        say "Installing $2 on $1 (no demo data)"
        odoo_cmd -d "$1" --addons-path="$APATH" -i "$2" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="$PORT_A" --max-cron-threads=0
    fi
    BENCH_TICKETS=$TICKETS BENCH_LINES=$TICKETS odoo_cmd shell -d "$1" --addons-path="$APATH" \
        --log-level=warn --http-port="$PORT_A" --no-http <"$ROOT/bench/portal_fill.py" | grep '^BENCH '
    BENCH_IMAP_PORT=$IMAP_PORT BENCH_IMAP_USER=$3 odoo_cmd shell -d "$1" --addons-path="$APATH" \
        --log-level=warn --no-http <"$ROOT/bench/load/fill_mail.py" | grep '^BENCH '
}
prepare "$A_DB" queue_job,stekas_helpdesk,stekas_billing boxa
prepare "$B_DB" helpdesk_mgmt boxb

# The mails are made before the load (the 5 MB scan takes CPU): Message-Ids
# tagged with this run, so that a reused database takes them as new.
"$PY" "$ROOT/bench/load/mailflow.py" --m "$M" --run "$(date +%s)" --save "$work/mails.pickle" \
    --scans "${BENCH_SCANS:-10}" --big-mb "${BENCH_BIG_MB:-5}" --system unused
# Every mail Odoo sends (A's automatic replies) is caught, not sent.
"$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Sink &
PIDS+=($!)
serve() {  # db port conf server_wide_modules workers log [nice]
    # the websocket on the next port: make run's default (port + 3) is B's port
    STEKAS_GEVENT_PORT=$(($2 + 1)) STEKAS_RUN_CONF=$3 STEKAS_WORKERS=$5 STEKAS_CRON_THREADS=0 \
        STEKAS_SERVER_WIDE_MODULES=$4 STEKAS_HTTP_INTERFACE=127.0.0.1 \
        STEKAS_QUEUE_CHANNELS=${BENCH_QUEUE_CHANNELS:-} \
        bash "$ROOT/scripts/write_run_conf.sh" "$1" "$APATH" "$2" "$SMTP_PORT" >/dev/null
    nice -n "${7:-0}" "$PY" "$ROOT/scripts/odoo_server.py" -c "$3" --log-level=info \
        --log-handler="werkzeug:${BENCH_WERKZEUG_LOG:-WARNING}" >"$work/$6" 2>&1 &
    PIDS+=($!)
}
# A's jobs: on a node of their own at a lower CPU priority (make run's layout,
# BENCH_JOB_WORKERS workers, nice BENCH_JOB_NICE), or with 0 in A's page
# workers (its runner on the page node)
JOB_WORKERS=${BENCH_JOB_WORKERS:-3}
PORT_JOBS=${BENCH_PORT_JOBS:-8348}
if [ "$JOB_WORKERS" -gt 0 ]; then
    say "Odoo: A ($A_DB) pages on $PORT_A ($WORKERS workers), its jobs on $PORT_JOBS ($JOB_WORKERS workers, nice ${BENCH_JOB_NICE:-10}, the runner); B ($B_DB) on $PORT_B ($WORKERS workers)"
    serve "$A_DB" "$PORT_A" "$work/a.conf" base,web "$WORKERS" "$A_DB.log"
    serve "$A_DB" "$PORT_JOBS" "$work/a_jobs.conf" base,web,queue_job "$JOB_WORKERS" \
        "$A_DB.jobs.log" "${BENCH_JOB_NICE:-10}"
else
    say "Odoo: A ($A_DB) on $PORT_A with the job runner, B ($B_DB) on $PORT_B; $WORKERS workers each"
    serve "$A_DB" "$PORT_A" "$work/a.conf" base,web,queue_job "$WORKERS" "$A_DB.log"
fi
serve "$B_DB" "$PORT_B" "$work/b.conf" base,web "$WORKERS" "$B_DB.log"
for port in "$PORT_A" "$PORT_B"; do
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/web/login" && break
        sleep 1
    done
    # each worker loads the registry at its first request: warm them all up
    warm=()
    for _ in $(seq 1 $((2 * WORKERS))); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/web/login" &
        warm+=($!)
    done
    wait "${warm[@]}" || true
done
# ... and to compile each portal page's templates, as a server that has run for
# a while has (bench/load/warm.py)
"$PY" "$ROOT/bench/load/warm.py" "$WORKERS" \
    "http://127.0.0.1:$PORT_A,$A_DB,/my/tickets,/my/ticket/ID,/my/journal" \
    "http://127.0.0.1:$PORT_B,$B_DB,/my/tickets,/my/ticket/ID"

say "Load: $N portal sessions per system for ${DURATION}s, $M mails appended meanwhile"
load_samples() { while sleep 15; do cut -d' ' -f1 /proc/loadavg; done; }
load_samples >"$work/loadavg" &
PIDS+=($!)
cat /proc/loadavg >"$work/load_start"
BENCH_A_URL=http://127.0.0.1:$PORT_A BENCH_B_URL=http://127.0.0.1:$PORT_B \
    "$VENV/bin/locust" -f "$ROOT/bench/load/locustfile.py" --headless \
    -u "$((2 * N))" -r "${BENCH_SPAWN_RATE:-$(( (2 * N + 59) / 60 ))}" -t "${DURATION}s" \
    --stop-timeout 30 --csv "$work/locust" --only-summary >"$work/locust.out" 2>&1 &
locust_pid=$!
PIDS+=($locust_pid)
"$PY" "$ROOT/bench/load/mailflow.py" --load "$work/mails.pickle" --duration "$DURATION" \
    --imap-port "$IMAP_PORT" --grace "${BENCH_GRACE:-900}" \
    --system "A,http://127.0.0.1:$PORT_A,$A_DB,boxa" \
    --system "B,http://127.0.0.1:$PORT_B,$B_DB,boxb" | tee "$work/mailflow.out"
wait "$locust_pid" || true
for log in "$work"/*.log; do
    [ "$log" = "$work/dovecot.log" ] && continue
    echo "$(basename "$log"): $(grep -cE ' (ERROR|CRITICAL) ' "$log" || true) ERROR lines," \
        "$(grep -c ' WARNING ' "$log" || true) WARNING lines"
    grep -E ' (ERROR|CRITICAL) ' "$log" | head -5 || true
done
grep -hE 'queue_job.jobrunner.runner: (starting|queue job runner ready|database connections ready)' \
    "$work/$A_DB".*log | head -3 || true
echo "jobs in A: $(psql -d "$A_DB" -tAc "select string_agg(state || ' ' || n, ', ') from (select state, count(*) n from queue_job group by state) s")"
"$PY" - "$work/load_start" "$work/loadavg" <<'PYEOF'
import statistics, sys
start = open(sys.argv[1]).read().split()[0]
during = [float(x) for x in open(sys.argv[2]).read().split()] or [0.0]
print(f"load average (1 min, 2 cores) at start {start}; during the run min {min(during)},"
      f" median {statistics.median(during)}, max {max(during)}")
PYEOF
"$PY" "$ROOT/bench/load/report.py" "$work/locust_stats.csv" "$work/mailflow.out" "$N"
