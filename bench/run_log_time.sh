#!/usr/bin/env bash
# Logging time with the STEKAS addons versus helpdesk_mgmt_timesheet alone, in one
# run: two databases, the same script (bench/log_time.py, rolled back at the
# end), ratios printed at the end.
#   BENCH_N=10000 bash bench/run_log_time.sh
# BENCH_DB_PREFIX names the databases (default stk_bench_); BENCH_REUSE=1 keeps
# and reuses databases that already exist instead of installing afresh.
# BENCH_PROFILE=/tmp/x.prof writes a cProfile of each side (x.prof.<db>).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_postgres
APATH=$(addons_path)
PREFIX=${BENCH_DB_PREFIX:-stk_bench_}
PORT=${TEST_HTTP_PORT:-8169}
export BENCH_N=${BENCH_N:-10000}
PROFILE=${BENCH_PROFILE:-}
ROUNDS=${BENCH_ROUNDS:-3}
install() {  # db modules
    if [ "${BENCH_REUSE:-}" != 1 ] || ! psql -d "$1" -tAc 'select 1' >/dev/null 2>&1; then
        dropdb --if-exists "$1"
        odoo_cmd -d "$1" --addons-path="$APATH" -i "$2" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="$PORT" --max-cron-threads=0
    fi
}
measure() {  # db
    BENCH_SCRIPT="$ROOT/bench/log_time.py" BENCH_PROFILE=${PROFILE:+$PROFILE.$1} odoo_cmd shell -d "$1" --addons-path="$APATH" \
        --log-level=warn --http-port="$PORT" <"$ROOT/bench/log_time.py" | grep '^BENCH ' \
        | sed 's/^BENCH //'
}
install "${PREFIX}base" helpdesk_mgmt_timesheet
install "${PREFIX}stekas" stekas_helpdesk,stekas_billing
# A second reference: helpdesk_mgmt_timesheet with sale_timesheet, which
# stekas_billing depends on, so that the cost of that dependency shows apart.
install "${PREFIX}sale" helpdesk_mgmt_timesheet,sale_timesheet
# The two sides alternate, BENCH_ROUNDS times each (the script rolls back), so
# that load from elsewhere on the machine falls on both; medians are compared.
base=()
sale=()
ours=()
for _ in $(seq 1 "$ROUNDS"); do
    base+=("$(measure "${PREFIX}base")")
    sale+=("$(measure "${PREFIX}sale")")
    ours+=("$(measure "${PREFIX}stekas")")
done
if [ "${BENCH_REUSE:-}" != 1 ]; then
    for db in base sale stekas; do dropdb --if-exists "${PREFIX}$db"; done
fi
printf 'baseline: %s\n' "${base[@]}"
printf '+sale:    %s\n' "${sale[@]}"
printf 'stekas:   %s\n' "${ours[@]}"
"$PY" - "${#base[@]}" "${base[@]}" "${ours[@]}" "${sale[@]}" <<'PYEOF'
import json, statistics, sys
rounds = int(sys.argv[1])
runs = [json.loads(arg) for arg in sys.argv[2:]]
def median_of(results):
    merged = dict(results[0])
    for key, value in results[0].items():
        if key.endswith("_s") or key.endswith("_ms"):  # times, CPU included
            merged[key] = round(statistics.median(r[key] for r in results), 2)
    return merged
b, s = median_of(runs[:rounds]), median_of(runs[rounds:2 * rounds])
sale = median_of(runs[2 * rounds:])
print(f"medians of {rounds} alternating rounds")
for key in ("one_by_one", "batch500"):
    print(f"{key}: CPU (Odoo + PostgreSQL backend) {s[key + '_cpu_s'] / b[key + '_cpu_s']:.2f}x"
          f" the baseline ({s[key + '_cpu_s']} s vs {b[key + '_cpu_s']} s),"
          f" {s[key + '_cpu_s'] / sale[key + '_cpu_s']:.2f}x with sale_timesheet"
          f" ({sale[key + '_cpu_s']} s)")
    print(f"{key}: wall {s[key + '_s'] / b[key + '_s']:.2f}x the baseline "
          f"({s[key + '_s']} s vs {b[key + '_s']} s; queries per entry "
          f"{s[key + '_queries_per_entry']} vs {b[key + '_queries_per_entry']});"
          f" {s[key + '_s'] / sale[key + '_s']:.2f}x helpdesk_mgmt_timesheet"
          f" + sale_timesheet ({sale[key + '_s']} s, queries per entry"
          f" {sale[key + '_queries_per_entry']})")
n = s["n"]
print(f"queries of one entry: 11th {s['entry_10_queries']}, {n}th {s['entry_%d_queries' % (n - 1)]},"
      f" after {n} in the period {s['last_entry_queries']} ({s['last_entry_ms']} ms),"
      f" dated back before them {s['backdated_entry_queries']} ({s['backdated_entry_ms']} ms);"
      f" baseline {b['last_entry_queries']} ({b['last_entry_ms']} ms)")
PYEOF
