#!/usr/bin/env bash
# Portal pages of a client with 5,000 tickets: the STEKAS ticket list and
# journal versus helpdesk_mgmt's own ticket list, in one run. Two databases are
# filled (bench/portal_fill.py, committed), a server is started on each
# (TEST_HTTP_PORT and the next port), bench/portal_time.py times BENCH_REQUESTS
# GETs per page through logged-in sessions, interleaving the pages of both
# servers, the servers are stopped, ratios are printed.
#   BENCH_TICKETS=5000 BENCH_REQUESTS=200 bash bench/run_portal.sh
# BENCH_DB_PREFIX names the databases (default stk_bench_); BENCH_REUSE=1 fills
# databases that already have the modules instead of installing afresh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_postgres
APATH=$(addons_path)
PREFIX=${BENCH_DB_PREFIX:-stk_bench_}
PORT=${TEST_HTTP_PORT:-8169}
SERVERS=()
stop_servers() {
    for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null || true; done
    SERVERS=()
}
trap stop_servers EXIT
prepare() {  # db modules
    if [ "${BENCH_REUSE:-}" != 1 ] || ! psql -d "$1" -tAc 'select 1' >/dev/null 2>&1; then
        dropdb --if-exists "$1"
        odoo_cmd -d "$1" --addons-path="$APATH" -i "$2" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="$PORT" --max-cron-threads=0
    fi
    odoo_cmd shell -d "$1" --addons-path="$APATH" --log-level=warn \
        --http-port="$PORT" <"$ROOT/bench/portal_fill.py" | { grep '^BENCH ' || true; } >&2
}
serve() {  # db port
    # "$PY" itself, not the odoo_cmd function, so that $! is the server's pid.
    "$PY" -m odoo -d "$1" --db-filter="^$1\$" --addons-path="$APATH" --log-level=warn \
        --http-port="$2" --http-interface=127.0.0.1 --max-cron-threads=0 \
        --workers=0 >/dev/null 2>&1 &
    SERVERS+=($!)
    for _ in $(seq 1 90); do
        curl -sf -o /dev/null "http://127.0.0.1:$2/web/login" && return 0
        sleep 1
    done
    echo "server on port $2 did not start" >&2
    return 1
}
BASE_DB=${PREFIX}base
OURS_DB=${PREFIX}stekas
prepare "$BASE_DB" helpdesk_mgmt
prepare "$OURS_DB" stekas_helpdesk,stekas_billing
serve "$BASE_DB" "$PORT"
serve "$OURS_DB" "$((PORT + 1))"
result=$("$PY" "$ROOT/bench/portal_time.py" \
    "base=http://127.0.0.1:$PORT,$BASE_DB,/my/tickets" \
    "/my/tickets=http://127.0.0.1:$((PORT + 1)),$OURS_DB,/my/tickets" \
    "/my/journal=http://127.0.0.1:$((PORT + 1)),$OURS_DB,/my/journal" \
    | grep '^BENCH ' | sed 's/^BENCH //')
stop_servers
if [ "${BENCH_REUSE:-}" != 1 ]; then
    dropdb --if-exists "$BASE_DB"
    dropdb --if-exists "$OURS_DB"
fi
echo "measured: $result"
"$PY" - "$result" <<'PYEOF'
import json, sys
r = json.loads(sys.argv[1])
ref = r.pop("base")
for path, m in r.items():
    print(f"{path}: median {m['median_ms']} ms = {m['median_ms'] / ref['median_ms']:.2f}x,"
          f" p95 {m['p95_ms']} ms = {m['p95_ms'] / ref['p95_ms']:.2f}x"
          f" helpdesk_mgmt's /my/tickets ({ref['median_ms']} / {ref['p95_ms']} ms)")
PYEOF
