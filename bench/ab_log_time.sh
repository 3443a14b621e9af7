#!/usr/bin/env bash
# Logging time, old code vs this checkout on one database: bench/log_time.py run
# by the code in BENCH_OLD_ROOT (e.g. `git archive <commit> | tar -x -C /tmp/old`)
# and by this checkout in turn, BENCH_ROUNDS times each (the script rolls back).
#   BENCH_OLD_ROOT=/tmp/old BENCH_N=1000 bash bench/ab_log_time.sh
set -euo pipefail
NEW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OLD_ROOT=${BENCH_OLD_ROOT:?the old code to compare with}
DB=${BENCH_DB:-stk_bench_ab}
PORT=${TEST_HTTP_PORT:-8169}
export BENCH_N=${BENCH_N:-1000}
ROUNDS=${BENCH_ROUNDS:-2}
apath() { (cd "$1" && source scripts/common.sh && addons_path); }
A_OLD=$(apath "$OLD_ROOT")
A_NEW=$(apath "$NEW_ROOT")
if ! psql -d "$DB" -tAc 'select 1' >/dev/null 2>&1; then
    python3 -m odoo -d "$DB" --addons-path="$A_OLD" -i stekas_helpdesk,stekas_billing \
        --without-demo=all --stop-after-init --log-level=warn --http-port="$PORT" \
        --max-cron-threads=0
fi
measure() {  # root addons-path
    BENCH_SCRIPT="$1/bench/log_time.py" python3 -m odoo shell -d "$DB" --addons-path="$2" \
        --log-level=warn --http-port="$PORT" <"$1/bench/log_time.py" | grep '^BENCH ' \
        | sed 's/^BENCH //'
}
for _ in $(seq 1 "$ROUNDS"); do
    echo "old: $(measure "$OLD_ROOT" "$A_OLD")"
    echo "new: $(measure "$NEW_ROOT" "$A_NEW")"
done
