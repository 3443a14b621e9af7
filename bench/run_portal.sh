#!/usr/bin/env bash
# Portal pages of a client with 5,000 tickets: the STEKAS ticket list and
# journal versus helpdesk_mgmt's own ticket list, in one run. Two databases are
# filled (bench/portal_fill.py, committed), a server is started on each in turn
# on TEST_HTTP_PORT, bench/portal_time.py times BENCH_REQUESTS GETs per page
# through a logged-in session, the server is stopped, ratios are printed.
#   BENCH_TICKETS=5000 BENCH_REQUESTS=200 bash bench/run_portal.sh
# BENCH_DB_PREFIX names the databases (default stk_bench_); BENCH_REUSE=1 fills
# databases that already have the modules instead of installing afresh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_postgres
APATH=$(addons_path)
PREFIX=${BENCH_DB_PREFIX:-stk_bench_}
PORT=${TEST_HTTP_PORT:-8169}
SERVER=
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=; fi; }
trap stop_server EXIT
run() {  # db modules pages...
    local db=$1 modules=$2
    shift 2
    if [ "${BENCH_REUSE:-}" != 1 ] || ! psql -d "$db" -tAc 'select 1' >/dev/null 2>&1; then
        dropdb --if-exists "$db"
        odoo_cmd -d "$db" --addons-path="$APATH" -i "$modules" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="$PORT" --max-cron-threads=0
    fi
    odoo_cmd shell -d "$db" --addons-path="$APATH" --log-level=warn \
        --http-port="$PORT" <"$ROOT/bench/portal_fill.py" | grep '^BENCH ' >&2
    # "$PY" itself, not the odoo_cmd function, so that $! is the server's pid.
    "$PY" -m odoo -d "$db" --db-filter="^$db\$" --addons-path="$APATH" --log-level=warn \
        --http-port="$PORT" --http-interface=127.0.0.1 --max-cron-threads=0 \
        --workers=0 >/dev/null 2>&1 &
    SERVER=$!
    for _ in $(seq 1 60); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
        sleep 1
    done
    "$PY" "$ROOT/bench/portal_time.py" "http://127.0.0.1:$PORT" "$db" "$@" | grep '^BENCH '
    stop_server
    [ "${BENCH_REUSE:-}" = 1 ] || dropdb --if-exists "$db"
}
base=$(run "${PREFIX}base" helpdesk_mgmt /my/tickets | sed 's/^BENCH //')
ours=$(run "${PREFIX}stekas" stekas_helpdesk,stekas_billing /my/tickets /my/journal \
    | sed 's/^BENCH //')
echo "baseline: $base"
echo "stekas:   $ours"
"$PY" - "$base" "$ours" <<'PYEOF'
import json, sys
b, s = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ref = b["/my/tickets"]
for path, r in s.items():
    print(f"{path}: median {r['median_ms']} ms = {r['median_ms'] / ref['median_ms']:.2f}x,"
          f" p95 {r['p95_ms']} ms = {r['p95_ms'] / ref['p95_ms']:.2f}x"
          f" helpdesk_mgmt's /my/tickets ({ref['median_ms']} / {ref['p95_ms']} ms)")
PYEOF
