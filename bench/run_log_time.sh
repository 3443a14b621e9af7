#!/usr/bin/env bash
# Logging time with the STEKAS addons versus helpdesk_mgmt_timesheet alone, in one
# run: two fresh databases, the same script, ratios printed at the end.
#   BENCH_N=10000 bash bench/run_log_time.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_postgres
APATH=$(addons_path)
export BENCH_N=${BENCH_N:-10000}
run() {  # db modules
    dropdb --if-exists "$1"
    odoo_cmd -d "$1" --addons-path="$APATH" -i "$2" --without-demo=all \
        --stop-after-init --log-level=warn --http-port="${TEST_HTTP_PORT:-8169}"
    odoo_cmd shell -d "$1" --addons-path="$APATH" --log-level=warn \
        --http-port="${TEST_HTTP_PORT:-8169}" <"$ROOT/bench/log_time.py" | grep '^BENCH '
    dropdb --if-exists "$1"
}
base=$(run stk_bench_base helpdesk_mgmt_timesheet | sed 's/^BENCH //')
ours=$(run stk_bench_stekas stekas_helpdesk,stekas_billing | sed 's/^BENCH //')
echo "baseline: $base"
echo "stekas:   $ours"
"$PY" - "$base" "$ours" <<'PYEOF'
import json, sys
b, s = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for key in ("one_by_one_s", "batch500_s"):
    print(f"{key}: {s[key] / b[key]:.2f}x the baseline")
PYEOF
