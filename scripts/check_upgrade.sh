#!/usr/bin/env bash
# The upgrade test: a database made by the addons as they were at UPGRADE_FROM
# (from git, with demo data), filled with contracts, quota periods, journal
# entries (free, split, overage, billed on a posted invoice), extracts, transfer
# requests and audit records, is upgraded with `-u` to this code; then every
# record, value, XML id and lock must still be there (scripts/upgrade_fill.py,
# scripts/upgrade_check.py). Called by scripts/test.sh; exits non-zero on failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
# The last commit before the restructure that renamed fields, models and XML ids.
UPGRADE_FROM=${UPGRADE_FROM:-4e0bea9a8bd6092bf8b716d423857d447e51a974}
LOGS="$ROOT/.test-logs"; mkdir -p "$LOGS"
PORT=${TEST_HTTP_PORT:-8169}
db="stk_upgrade_$$"
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${KEEP_TEST_DB:-}" ] || dropdb --if-exists "$db" 2>/dev/null' EXIT

if ! git cat-file -e "$UPGRADE_FROM^{commit}" 2>/dev/null; then
    git fetch -q --unshallow 2>/dev/null || git fetch -q origin "$UPGRADE_FROM" 2>/dev/null
fi
git cat-file -e "$UPGRADE_FROM^{commit}" 2>/dev/null \
    || { echo "commit $UPGRADE_FROM is not in this clone: cannot build the old version"; exit 1; }
mkdir -p "$work/old"
git archive "$UPGRADE_FROM" stekas_helpdesk stekas_billing | tar -x -C "$work/old"
APATH=$(addons_path)
OLD_APATH=${APATH//$ROOT/$work/old}
common=(-d "$db" --http-port="$PORT" --max-cron-threads=0)

step() { printf '%s: %s\n' "$1" "$2"; }
dropdb --if-exists "$db" 2>/dev/null
t0=$(date +%s)
# UPGRADE_TEMPLATE_DB (for repeated runs while developing): a database of the old
# version kept from an earlier run is copied instead of installed again.
tpl=${UPGRADE_TEMPLATE_DB:-}
if [ -n "$tpl" ] && psql -d "$tpl" -tAc 'select 1' >/dev/null 2>&1; then
    createdb -T "$tpl" "$db" || exit 1
else
    odoo_cmd "${common[@]}" --addons-path="$OLD_APATH" -i "$ADDONS" --stop-after-init \
        --log-level=warn >"$LOGS/upgrade-old.log" 2>&1 \
        || { tail -20 "$LOGS/upgrade-old.log"; echo "installing the old version failed"; exit 1; }
    [ -z "$tpl" ] || createdb -T "$db" "$tpl"
fi
step "old version installed" "$(( $(date +%s) - t0 ))s"
UPGRADE_SNAPSHOT="$work/snapshot.json" odoo_cmd shell "${common[@]}" --addons-path="$OLD_APATH" \
    --log-level=warn <"$ROOT/scripts/upgrade_fill.py" >"$LOGS/upgrade-fill.log" 2>&1
grep -q "UPGRADE FILL OK" "$LOGS/upgrade-fill.log" \
    || { tail -30 "$LOGS/upgrade-fill.log"; echo "filling the old database failed"; exit 1; }
grep "UPGRADE FILL OK" "$LOGS/upgrade-fill.log"
t0=$(date +%s)
odoo_cmd "${common[@]}" --addons-path="$APATH" -u "$ADDONS" --stop-after-init \
    --log-level=info >"$LOGS/upgrade.log" 2>&1
rc=$?
step "upgraded with -u" "$(( $(date +%s) - t0 ))s, exit code $rc"
status=0
[ "$rc" = 0 ] || status=1
if grep -E ' (ERROR|CRITICAL) | WARNING .*(stekas_helpdesk|stekas_billing)' "$LOGS/upgrade.log"; then
    echo "the upgrade logged errors or warnings of the STEKAS addons"; status=1
fi
UPGRADE_SNAPSHOT="$work/snapshot.json" odoo_cmd shell "${common[@]}" --addons-path="$APATH" \
    --log-level=warn <"$ROOT/scripts/upgrade_check.py" >"$LOGS/upgrade-check.log" 2>&1
grep -A40 "UPGRADE CHECK" "$LOGS/upgrade-check.log" || { tail -30 "$LOGS/upgrade-check.log"; status=1; }
grep -q "UPGRADE CHECK OK" "$LOGS/upgrade-check.log" || status=1
exit "$status"
