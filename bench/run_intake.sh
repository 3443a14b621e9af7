#!/usr/bin/env bash
# Intake with stekas_helpdesk versus helpdesk_mgmt alone, in one run: two
# databases, the same script (bench/intake.py) in `odoo shell`, ratios at the end.
#   BENCH_N=1000 BENCH_ATT_N=20 BENCH_ATT_KB=1024 bash bench/run_intake.sh
# BENCH_COMPLETE=1: senders whose contact data is complete (no automatic reply).
# BENCH_ROUNDS=3: measure both databases in turn three times and give each
# round's ratio and their median (other work on the machine moves single runs).
# BENCH_DB_PREFIX names the databases (default stk_bench_); BENCH_REUSE=1 keeps
# and reuses databases that already exist instead of installing afresh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_postgres
APATH=$(addons_path)
PREFIX=${BENCH_DB_PREFIX:-stk_bench_}
PORT=${TEST_HTTP_PORT:-8169}
ROUNDS=${BENCH_ROUNDS:-1}
run() {  # db modules last_round
    if ! psql -d "$1" -tAc 'select 1' >/dev/null 2>&1 \
        || { [ "${BENCH_REUSE:-}" != 1 ] && [ "$3" = first ]; }; then
        dropdb --if-exists "$1"
        odoo_cmd -d "$1" --addons-path="$APATH" -i "$2" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="$PORT" --max-cron-threads=0
    fi
    odoo_cmd shell -d "$1" --addons-path="$APATH" --log-level=warn \
        --http-port="$PORT" <"$ROOT/bench/intake.py" | grep '^BENCH '
}
bases=()
ours=()
for round in $(seq 1 "$ROUNDS"); do
    when=$([ "$round" = 1 ] && echo first || echo next)
    bases+=("$(run "${PREFIX}base" helpdesk_mgmt "$when" | sed 's/^BENCH //')")
    ours+=("$(run "${PREFIX}stekas" stekas_helpdesk,stekas_billing "$when" | sed 's/^BENCH //')")
    echo "baseline: ${bases[-1]}"
    echo "stekas:   ${ours[-1]}"
done
if [ "${BENCH_REUSE:-}" != 1 ]; then
    dropdb --if-exists "${PREFIX}base"
    dropdb --if-exists "${PREFIX}stekas"
fi
"$PY" - "${bases[@]}" "${ours[@]}" <<'PYEOF'
import json, statistics, sys
runs = [json.loads(a) for a in sys.argv[1:]]
half = len(runs) // 2
pairs = list(zip(runs[:half], runs[half:]))


def figures(b, s):
    n, att_n, mb = s["n"], s["att_n"], s["att_kb"] / 1024
    # Cost of the attachment: time per e-mail with a file minus per plain e-mail.
    extra_s = (s["att_s"] / att_n - s["plain_s"] / n) / mb
    extra_b = (b["att_s"] / att_n - b["plain_s"] / n) / mb
    return {
        "ratio": s["plain_s"] / b["plain_s"],
        "ms": 1000 * s["plain_s"] / n,
        "ms_base": 1000 * b["plain_s"] / n,
        "att_ratio": s["att_s"] / b["att_s"],
        "extra": 1000 * extra_s,
        "extra_base": 1000 * extra_b,
        "scan": 1000 * (extra_s - extra_b),
    }


rounds = [figures(b, s) for b, s in pairs]
b, s = pairs[-1]
med = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
mid = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]  # its times
if len(rounds) > 1:
    print("rounds, plain e-mails: " + ", ".join(f"{r['ratio']:.2f}x" for r in rounds))
print(f"plain e-mails: {mid['ratio']:.2f}x the baseline "
      f"({mid['ms']:.1f} ms vs {mid['ms_base']:.1f} ms per e-mail; "
      f"{s['plain_queries_per_mail']} vs {b['plain_queries_per_mail']} queries per e-mail; "
      f"{s.get('auto_replies', 0)} automatic replies of {s['n']})")
print(f"with a {s['att_kb'] / 1024:g} MB text/CSV file: {med['att_ratio']:.2f}x the baseline")
print(f"attachment cost: {med['extra']:.0f} ms per MB (baseline {med['extra_base']:.0f} ms"
      f" per MB); the guard's scan: {med['scan']:.0f} ms per MB")
PYEOF
