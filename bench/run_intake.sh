#!/usr/bin/env bash
# Intake with stekas_helpdesk versus helpdesk_mgmt alone, in one run: two
# databases, the same script (bench/intake.py) in `odoo shell`, ratios at the end.
#   BENCH_N=1000 BENCH_ATT_N=20 BENCH_ATT_KB=1024 bash bench/run_intake.sh
# BENCH_COMPLETE=1: senders whose contact data is complete (no automatic reply).
# BENCH_DB_PREFIX names the databases (default stk_bench_); BENCH_REUSE=1 keeps
# and reuses databases that already exist instead of installing afresh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_postgres
APATH=$(addons_path)
PREFIX=${BENCH_DB_PREFIX:-stk_bench_}
PORT=${TEST_HTTP_PORT:-8169}
run() {  # db modules
    if [ "${BENCH_REUSE:-}" != 1 ] || ! psql -d "$1" -tAc 'select 1' >/dev/null 2>&1; then
        dropdb --if-exists "$1"
        odoo_cmd -d "$1" --addons-path="$APATH" -i "$2" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="$PORT" --max-cron-threads=0
    fi
    odoo_cmd shell -d "$1" --addons-path="$APATH" --log-level=warn \
        --http-port="$PORT" <"$ROOT/bench/intake.py" | grep '^BENCH '
    [ "${BENCH_REUSE:-}" = 1 ] || dropdb --if-exists "$1"
}
base=$(run "${PREFIX}base" helpdesk_mgmt | sed 's/^BENCH //')
ours=$(run "${PREFIX}stekas" stekas_helpdesk,stekas_billing | sed 's/^BENCH //')
echo "baseline: $base"
echo "stekas:   $ours"
"$PY" - "$base" "$ours" <<'PYEOF'
import json, sys
b, s = json.loads(sys.argv[1]), json.loads(sys.argv[2])
n, att_n, mb = s["n"], s["att_n"], s["att_kb"] / 1024
print(f"plain e-mails: {s['plain_s'] / b['plain_s']:.2f}x the baseline "
      f"({1000 * s['plain_s'] / n:.1f} ms vs {1000 * b['plain_s'] / n:.1f} ms per e-mail; "
      f"{s['plain_queries_per_mail']} vs {b['plain_queries_per_mail']} queries per e-mail; "
      f"{s.get('auto_replies', 0)} automatic replies)")
# Cost of the attachment: time per e-mail with a file minus per plain e-mail.
extra_s = (s["att_s"] / att_n - s["plain_s"] / n) / mb
extra_b = (b["att_s"] / att_n - b["plain_s"] / n) / mb
print(f"with a {mb:g} MB text/CSV file: {s['att_s'] / b['att_s']:.2f}x the baseline")
print(f"attachment cost: {1000 * extra_s:.0f} ms per MB (baseline {1000 * extra_b:.0f} ms"
      f" per MB); the guard's scan: {1000 * (extra_s - extra_b):.0f} ms per MB")
PYEOF
