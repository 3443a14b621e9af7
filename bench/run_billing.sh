#!/usr/bin/env bash
# Billing run: the STEKAS billing run versus sale_timesheet's own
# invoicing wizard on the same number of clients, entries and durations, in one
# database (both sides' data side by side, each side rolled back after it runs).
# Two sizes, in two months: BENCH_CLIENTS (default 500) and a tenth of it
# (BENCH_SMALL_CLIENTS), BENCH_ENTRIES entries each (default 200), for the
# scaling figure (10x the data in at most 11x the time).
#   BENCH_CLIENTS=500 BENCH_ENTRIES=200 bash bench/run_billing.sh
# BENCH_DB_PREFIX names the database (default stk_bench_); BENCH_REUSE=1 keeps
# it, and reuses it and its data when they exist. BENCH_REPEAT runs each pair
# that many times (the fastest kept); BENCH_PROFILE=ours|base writes a cProfile
# of that side's first large run to /tmp/billing_<side>.prof.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_postgres
APATH=$(addons_path)
DB=${BENCH_DB_PREFIX:-stk_bench_}billing
PORT=${TEST_HTTP_PORT:-8169}
CLIENTS=${BENCH_CLIENTS:-500}
SMALL=${BENCH_SMALL_CLIENTS:-$((CLIENTS / 10))}
export BENCH_ENTRIES=${BENCH_ENTRIES:-200}
if [ "${BENCH_REUSE:-}" != 1 ] || ! psql -d "$DB" -tAc 'select 1' >/dev/null 2>&1; then
    dropdb --if-exists "$DB"
    odoo_cmd -d "$DB" --addons-path="$APATH" -i stekas_helpdesk,stekas_billing \
        --without-demo=all --stop-after-init --log-level=warn --http-port="$PORT" \
        --max-cron-threads=0
fi
shell() {  # script; the environment says which month and size
    BENCH_SCRIPT="$ROOT/bench/$1" odoo_cmd shell -d "$DB" --addons-path="$APATH" \
        --log-level=warn --http-port="$PORT" <"$ROOT/bench/$1" | grep '^BENCH ' | sed 's/^BENCH //'
}
# the small size in September, the large one in October
BENCH_CLIENTS=$SMALL BENCH_MONTH=2026-09-01 shell billing_fill.py || true
BENCH_CLIENTS=$CLIENTS BENCH_MONTH=2026-10-01 shell billing_fill.py || true
small=$(BENCH_PROFILE= BENCH_MONTH=2026-09-01 shell billing_run.py)
large=$(BENCH_MONTH=2026-10-01 shell billing_run.py)
[ "${BENCH_REUSE:-}" = 1 ] || dropdb --if-exists "$DB"
echo "small: $small"
echo "large: $large"
"$PY" - "$small" "$large" <<'PYEOF'
import json, sys
small, large = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for run in (small, large):
    o, b = run["ours"], run["base"]
    print(f"{run['clients']} clients, {run['entries']} entries: ours {o['s']:.2f} s "
          f"({o['queries']} queries, {o['invoices']} invoices) vs sale_timesheet "
          f"{b['s']:.2f} s ({b['queries']} queries, {b['invoices']} invoices): "
          f"{run['ratio']:.2f}x; CPU (Odoo + PostgreSQL backend) "
          f"{run['cpu_s']['ours']:.2f} s vs {run['cpu_s']['base']:.2f} s: "
          f"{run['cpu_ratio']:.2f}x")
scale = large["entries"] / small["entries"]
for side in ("ours", "base"):
    print(f"{side}: {scale:.0f}x the data in "
          f"{large[side]['s'] / small[side]['s']:.1f}x the time "
          f"({large['cpu_s'][side] / small['cpu_s'][side]:.1f}x the CPU time)")
PYEOF
