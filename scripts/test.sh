#!/usr/bin/env bash
# The test command (README): lint, pure tests, then the Odoo suite where Odoo is
# importable. Its last line sums both suites as "N passed, N failed".
set -uo pipefail
export PIP_ROOT_USER_ACTION=ignore
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
LOGS="$ROOT/.test-logs"; mkdir -p "$LOGS"
status=0
passed=0; failed=0; skipped=0
# A failing check that is not a test (lint, an ERROR line in the log) counts as one failure.
fail_check() { echo "FAILED: $*"; status=1; failed=$((failed + 1)); }
note_failure() { echo "FAILED: $*"; status=1; }
start_all=$(date +%s)

# Odoo first: where none is installed it is set up in .venv/, and the rest then runs
# with that interpreter. Where that fails the Odoo suite is skipped, loudly, below.
if find_odoo; then have_odoo=1; else have_odoo=; fi

say "Python dependencies"
install_python_deps -r "$ROOT/requirements-test.txt" || { echo "pip install failed"; exit 1; }

ensure_system_tools || fail_check "poppler-utils / tesseract-ocr-lit / dovecot-imapd could not be installed"

say "Lint: ruff"
"$PY" -m ruff check --no-fix . && "$PY" -m ruff format --check . || fail_check "ruff"
say "Lint: pylint-odoo (OCA mandatory checks)"
"$PY" -m pylint --rcfile=.pylintrc-mandatory stekas_helpdesk stekas_billing || fail_check "pylint-odoo"
"$PY" scripts/gen_readme.py --check || fail_check "README.rst out of date: run python3 scripts/gen_readme.py"

say "Lint: prettier on XML (OCA style)"
if command -v npm >/dev/null; then
    (npm install --silent --no-audit --no-fund >/dev/null \
        && npx --no-install prettier --check "stekas_*/**/*.xml") || fail_check "prettier"
else
    echo "npm not found: XML formatting not checked"
fi

say "Pure tests (pytest, no Odoo)"
t0=$(date +%s)
# tests/mailservers needs an Odoo database: its own stage below
"$PY" -m pytest -q -p no:cacheprovider --ignore=tests/mailservers tests 2>&1 | tee "$LOGS/pytest.log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
count_pytest() {
    # $1: a pytest log; its summary line is added to the closing counts
    local line p f sk
    line=$(grep -E '[0-9]+ (passed|failed|errors?|skipped)' "$1" | tail -1)
    p=$(grep -oE '[0-9]+ passed' <<<"$line" | awk '{s+=$1} END {print s+0}')
    f=$(grep -oE '[0-9]+ (failed|errors?)' <<<"$line" | awk '{s+=$1} END {print s+0}')
    sk=$(grep -oE '[0-9]+ skipped' <<<"$line" | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + sk))
}
count_pytest "$LOGS/pytest.log"
echo "pure suite: $(( $(date +%s) - t0 ))s"

run_odoo_suite() {
    # $1: label, $2: "demo" or "nodemo"
    local label=$1 demo=$2 db log
    db="stk_test_${demo}_$$"
    log="$LOGS/odoo-$demo.log"
    local args=(-d "$db" --addons-path="$APATH" -i "$ADDONS" --stop-after-init
                --test-enable --test-tags="/stekas_helpdesk,/stekas_billing"
                --log-level=info --http-port="${TEST_HTTP_PORT:-8169}" --max-cron-threads=0)
    [ "$demo" = nodemo ] && args+=(--without-demo=all)
    say "Odoo suite ($label): fresh database $db"
    dropdb --if-exists "$db" 2>/dev/null
    local t0=$(date +%s)
    odoo_cmd "${args[@]}" >"$log" 2>&1
    local rc=$?
    echo "odoo exit code $rc, $(( $(date +%s) - t0 ))s, log in $log"
    local res
    res=$(grep -E 'odoo.tests.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -1)
    local of oe on
    if [ -n "$res" ]; then
        read -r of oe on < <(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$res")
    else
        of=0; oe=1; on=0
        echo "No test result line in the Odoo log: counting the run as one error."
    fi
    # Odoo counts skipped tests as run: they are reported, never counted as passed.
    local osk
    osk=$(grep -cE ' INFO .*: skipped ' "$log" || true)
    echo "$label: $on tests, $of failed, $oe errors, $osk skipped"
    passed=$((passed + on - of - oe - osk)); failed=$((failed + of + oe))
    skipped=$((skipped + osk))
    # Any ERROR/CRITICAL line fails the run; so does a WARNING from these addons.
    # Failed tests log ERROR lines and make Odoo exit non-zero: those are counted
    # once, as the tests; other ERROR lines and exit codes count as one failure each.
    local check=fail_check
    [ $((of + oe)) = 0 ] || check=note_failure
    if grep -E ' (ERROR|CRITICAL) ' "$log" >/dev/null; then
        echo "ERROR lines in the Odoo log ($label):"; grep -E ' (ERROR|CRITICAL) ' "$log" | head -40
        $check "ERROR lines in the Odoo log ($label)"
    fi
    if grep -E ' WARNING .*(stekas_helpdesk|stekas_billing)' "$log" >/dev/null; then
        echo "WARNING lines from the STEKAS addons ($label):"; grep -E ' WARNING .*(stekas_helpdesk|stekas_billing)' "$log" | head -40
        fail_check "WARNING lines from the STEKAS addons ($label)"
    fi
    [ "$rc" = 0 ] || $check "odoo exited with $rc ($label)"
    [ $((of + oe)) = 0 ] || status=1
    if [ "$demo" = demo ] && [ "$rc" = 0 ]; then
        say "Uninstalling stekas_billing, then stekas_helpdesk ($label)"
        odoo_cmd shell -d "$db" --addons-path="$APATH" --log-level=warn \
            --http-port="${TEST_HTTP_PORT:-8169}" --max-cron-threads=0 \
            <"$ROOT/scripts/check_uninstall.py" >"$LOGS/uninstall.log" 2>&1 \
            || { tail -20 "$LOGS/uninstall.log"; fail_check "uninstall check"; }
        grep -E 'UNINSTALL CHECK OK|leftover' "$LOGS/uninstall.log"
    fi
    [ "$demo" = nodemo ] && run_mail_servers "$db"
    [ -n "${KEEP_TEST_DB:-}" ] || dropdb --if-exists "$db" 2>/dev/null
}

run_mail_servers() {
    # $1: a database with both addons installed (the no-demo suite's, after its
    # tests). Dovecot, an SMTP sink and a real Odoo server process: what Odoo's
    # test mode cannot show (fetchmail's commits, SMTP). PostgreSQL is restarted
    # by one test only in CI, where nothing else uses it.
    say "Mail through real IMAP/SMTP servers"
    local t0 log="$LOGS/mailservers.log" cluster="" restart=""
    t0=$(date +%s)
    # A harness server left by an interrupted earlier run holds the port: stop it
    # (only this stage's own servers, by their command line).
    pkill -f "scripts/odoo_server.py .*--http-port=${STEKAS_MAIL_HTTP_PORT:-8331}( |$)" 2>/dev/null \
        && sleep 2
    if [ -n "${CI:-}" ] && command -v pg_lsclusters >/dev/null; then
        cluster=$(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 " " $2; exit}')
        [ -n "$cluster" ] && restart=1
    fi
    STEKAS_MAIL_DB="$1" STEKAS_ADDONS_PATH="$APATH" \
        STEKAS_MAIL_PG_RESTART="$restart" STEKAS_MAIL_PG_CLUSTER="${cluster:-15 main}" \
        "$PY" -m pytest -q -p no:cacheprovider -rs tests/mailservers 2>&1 | tee "$log"
    [ "${PIPESTATUS[0]}" = 0 ] || status=1
    count_pytest "$log"
    echo "mail servers stage: $(( $(date +%s) - t0 ))s"
}

if [ -n "$have_odoo" ]; then
    say "Odoo $("$PY" -c 'import odoo.release as r; print(r.version)') found"
    install_oca_addons || { echo "OCA addons install failed"; exit 1; }
    ensure_postgres || { echo "PostgreSQL could not be started"; exit 1; }
    ensure_chromium || fail_check "Chromium could not be installed: the browser tests cannot run"
    APATH=$(addons_path)
    echo "addons path: $APATH"
    t0=$(date +%s)
    run_odoo_suite "with demo data" demo
    if [ -z "${SKIP_NODEMO:-}" ]; then
        run_odoo_suite "without demo data" nodemo
    else
        maildb="stk_test_mail_$$"
        dropdb --if-exists "$maildb" 2>/dev/null
        odoo_cmd -d "$maildb" --addons-path="$APATH" -i "$ADDONS" --stop-after-init \
            --without-demo=all --max-cron-threads=0 --log-level=warn \
            --http-port="${TEST_HTTP_PORT:-8169}" >"$LOGS/mail-db.log" 2>&1 \
            && run_mail_servers "$maildb" || fail_check "database for the mail server tests"
        dropdb --if-exists "$maildb" 2>/dev/null
    fi
    if [ -z "${SKIP_UPGRADE:-}" ]; then
        say "Upgrade test: the addons as they were (git), filled, upgraded to this code"
        t1=$(date +%s)
        # One test: it passes only if every record, value, XML id and lock survived.
        if bash "$ROOT/scripts/check_upgrade.sh"; then
            passed=$((passed + 1))
        else
            note_failure "upgrade test"; failed=$((failed + 1))
        fi
        echo "upgrade test: $(( $(date +%s) - t1 ))s"
    fi
    echo "odoo suites: $(( $(date +%s) - t0 ))s"
else
    cat <<'MSG'

######################################################################
#  NO ODOO 18 HERE: NONE IMPORTABLE AND THE SET-UP IN .venv/ FAILED  #
#  (SEE ITS MESSAGE ABOVE). THE ODOO TEST SUITE WAS SKIPPED.         #
#  ONLY LINT AND PURE TESTS RAN.                                     #
######################################################################
MSG
fi

echo "total wall time: $(( $(date +%s) - start_all ))s"
if [ "$skipped" -gt 0 ]; then
    echo "${passed} passed, ${failed} failed, ${skipped} skipped"
else
    echo "${passed} passed, ${failed} failed"
fi
exit "$status"
