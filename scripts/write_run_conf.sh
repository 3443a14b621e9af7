#!/usr/bin/env bash
# Writes a server's configuration for `make run` to .run/odoo.conf (ignored by
# git; STEKAS_RUN_CONF for the job node's) and prints its path: workers
# (multi-process), the cron threads, the server-wide modules (queue_job there
# starts the job runner) with the runner's channels, the worker limits, and the
# local SMTP sink. Every value can be overridden by the variable named beside it.
#   scripts/write_run_conf.sh DB ADDONS_PATH HTTP_PORT SMTP_PORT
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB=$1 APATH=$2 PORT=$3 SMTP_PORT=$4
CONF=${STEKAS_RUN_CONF:-$ROOT/.run/odoo.conf}
mkdir -p "$(dirname "$CONF")"
# Workers: each serves one HTTP request at a time, and queue_job runs each job as
# an HTTP request on the runner's node: root below lets as many jobs as that
# node has workers run at once, so a node that also takes pages (make run with
# STEKAS_JOB_WORKERS=0) needs more workers than that under load.
WORKERS=${STEKAS_WORKERS:-4}
cat >"$CONF" <<CONF
[options]
db_name = $DB
dbfilter = ^$DB\$
list_db = False
addons_path = $APATH
http_interface = ${STEKAS_HTTP_INTERFACE:-}
http_port = $PORT
; the websocket (bus) of a multi-worker server is served by its gevent process
gevent_port = ${STEKAS_GEVENT_PORT:-$((PORT + 3))}
workers = $WORKERS
max_cron_threads = ${STEKAS_CRON_THREADS:-1}
; queue_job's runner starts with the server (not in the workers) when loaded here
server_wide_modules = ${STEKAS_SERVER_WIDE_MODULES:-base,web,queue_job}
; no reverse proxy in front locally: X-Forwarded-* headers are not trusted
proxy_mode = False
; a worker is recycled past these; a job (an OCR scan, a billing run) runs in one
; worker, so the time limits are wider than Odoo's defaults of 60 s CPU / 120 s
limit_time_cpu = ${STEKAS_LIMIT_TIME_CPU:-300}
limit_time_real = ${STEKAS_LIMIT_TIME_REAL:-600}
limit_time_real_cron = ${STEKAS_LIMIT_TIME_REAL_CRON:-600}
limit_memory_soft = ${STEKAS_LIMIT_MEMORY_SOFT:-2147483648}
limit_memory_hard = ${STEKAS_LIMIT_MEMORY_HARD:-2684354560}
limit_request = ${STEKAS_LIMIT_REQUEST:-65536}
; per process; over both nodes (workers + cron threads + 3) x db_maxconn must stay
; within PostgreSQL's max_connections: (4 + 1 + 3) x 6 + (3 + 0 + 3) x 6 = 84 <= 100
db_maxconn = ${STEKAS_DB_MAXCONN:-6}
smtp_server = 127.0.0.1
smtp_port = $SMTP_PORT
${STEKAS_DATA_DIR:+data_dir = $STEKAS_DATA_DIR}

[queue_job]
; read by the job runner, which starts only where queue_job is server-wide (the
; job node of make run): root holds every job, one per worker of that node; the
; scans, the billing runs, the documents sent and the automatic replies each have
; their own sub-channel, so a burst of scans cannot take the capacity the billing
; run and the documents need; one scan (OCR, minutes of CPU) at a time
channels = ${STEKAS_QUEUE_CHANNELS:-root:$WORKERS,root.stekas_scan:1,root.stekas_billing:1,root.stekas_documents:1,root.stekas_mail:2}
CONF
echo "$CONF"
