#!/usr/bin/env bash
# Intake, old code vs this checkout, side by side: three databases (helpdesk_mgmt
# alone, the addons of BENCH_OLD_ROOT, the addons of this checkout) measured in
# turn BENCH_ROUNDS times by their own bench/intake.py (it rolls back), so that
# whatever else the machine does weighs on all three alike.
#   git archive <commit> | tar -x -C /tmp/old
#   BENCH_OLD_ROOT=/tmp/old BENCH_N=300 BENCH_ROUNDS=3 bash bench/ab_intake.sh
# Prints each round's times and ratios, then the medians.
set -euo pipefail
NEW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OLD_ROOT=${BENCH_OLD_ROOT:?the old code to compare with}
PREFIX=${BENCH_DB_PREFIX:-stk_bench_ab_}
PORT=${TEST_HTTP_PORT:-8169}
ROUNDS=${BENCH_ROUNDS:-3}
export BENCH_N=${BENCH_N:-300} BENCH_ATT_N=${BENCH_ATT_N:-5}
apath() { (cd "$1" && source scripts/common.sh && addons_path); }
A_OLD=$(apath "$OLD_ROOT")
A_NEW=$(apath "$NEW_ROOT")
install() {  # db addons-path modules
    if ! psql -d "$1" -tAc 'select 1' >/dev/null 2>&1; then
        python3 -m odoo -d "$1" --addons-path="$2" -i "$3" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="$PORT" --max-cron-threads=0
    fi
}
measure() {  # db addons-path root
    python3 -m odoo shell -d "$1" --addons-path="$2" --log-level=warn \
        --http-port="$PORT" <"$3/bench/intake.py" | grep '^BENCH ' | sed 's/^BENCH //'
}
install "${PREFIX}base" "$A_NEW" helpdesk_mgmt
install "${PREFIX}old" "$A_OLD" stekas_helpdesk,stekas_billing
install "${PREFIX}new" "$A_NEW" stekas_helpdesk,stekas_billing
runs=()
for round in $(seq 1 "$ROUNDS"); do
    runs+=("$(measure "${PREFIX}base" "$A_NEW" "$NEW_ROOT")")
    runs+=("$(measure "${PREFIX}old" "$A_OLD" "$OLD_ROOT")")
    runs+=("$(measure "${PREFIX}new" "$A_NEW" "$NEW_ROOT")")
    echo "round $round: base ${runs[-3]}"
    echo "round $round: old  ${runs[-2]}"
    echo "round $round: new  ${runs[-1]}"
done
python3 - "${runs[@]}" <<'PYEOF'
import json, statistics, sys
runs = [json.loads(a) for a in sys.argv[1:]]
rounds = [runs[i : i + 3] for i in range(0, len(runs), 3)]
rows = []
for number, (base, old, new) in enumerate(rounds, 1):
    row = {
        "old/base": old["plain_s"] / base["plain_s"],
        "new/base": new["plain_s"] / base["plain_s"],
        "new/old": new["plain_s"] / old["plain_s"],
        "att new/old": new["att_s"] / old["att_s"],
    }
    rows.append(row)
    print(f"round {number}: " + ", ".join(f"{k} {v:.2f}x" for k, v in row.items()))
print("median: " + ", ".join(
    f"{k} {statistics.median(r[k] for r in rows):.2f}x" for k in rows[0]
))
PYEOF
