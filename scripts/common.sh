# Shared by scripts/test.sh and scripts/run.sh: find Odoo, its addons path and a
# PostgreSQL server. Any Odoo 18 the user installed (pip, source checkout on
# PYTHONPATH, Debian package, Docker image) is used; only where there is none does
# find_odoo set one up in .venv/ (scripts/odoo_setup.sh).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-python3}
ADDONS="stekas_helpdesk,stekas_billing"

say() { printf '\n=== %s\n' "$*"; }

odoo_available() {
    "$PY" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' >/dev/null 2>&1
}

find_odoo() {
    # PY becomes an interpreter that imports Odoo 18: $PYTHON or python3 as installed,
    # else the project's .venv/ from an earlier set-up, else a new set-up there. The
    # first two cost one import, so a machine with Odoo never reaches the set-up.
    # PYTHON is exported so that scripts started from here use the same one.
    local base=$PY
    if ! odoo_available; then
        PY=$ROOT/.venv/bin/python
        if ! { [ -x "$PY" ] && odoo_available; }; then
            PY=$base
            source "$ROOT/scripts/odoo_setup.sh"
            setup_odoo_venv || return 1
        fi
    fi
    export PYTHON=$PY
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

install_python_deps() {
    "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt" "$@"
}

install_oca_addons() {
    # --no-deps: the OCA wheels require the `odoo` distribution, which a source or
    # Debian install of Odoo does not register with pip.
    "$PY" -m pip install -q --disable-pip-version-check --no-deps -r "$ROOT/requirements-oca.txt"
}

addons_path() {
    # Odoo's own addons, the OCA addons pip put under <site-packages>/odoo/addons,
    # and this repository.
    "$PY" - "$ROOT" <<'PYEOF'
import os, sys, importlib.metadata as md
import odoo
import odoo.addons
paths = list(odoo.addons.__path__)
src_addons = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "addons")
if os.path.isdir(os.path.join(src_addons, "web")):
    paths.append(src_addons)
try:
    oca = str(md.distribution("odoo-addon-helpdesk_mgmt").locate_file("odoo/addons"))
    paths.append(oca)
except md.PackageNotFoundError:
    pass
paths.append(sys.argv[1])
seen = []
for p in paths:
    p = os.path.realpath(p)
    if os.path.isdir(p) and p not in seen:
        seen.append(p)
print(",".join(seen))
PYEOF
}

ensure_postgres() {
    # A server already answering (CI service, Docker, the user's own) is used as it is.
    if command -v pg_isready >/dev/null && pg_isready -q ${PGHOST:+-h "$PGHOST"}; then
        ensure_db_role; return
    fi
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        say "PostgreSQL server not found: installing it from Debian"
        as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq postgresql >/dev/null || return 1
    fi
    if command -v pg_lsclusters >/dev/null; then
        if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
            ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
            as_root pg_createcluster "$ver" main >/dev/null || return 1
        fi
        pg_lsclusters -h | while read -r ver name _; do
            as_root pg_ctlcluster "$ver" "$name" start 2>/dev/null || true
        done
    fi
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    pg_isready -q || return 1
    ensure_db_role
}

ensure_db_role() {
    # Odoo refuses to run as the `postgres` role: use one named after this user.
    local role=${PGUSER:-$(id -un)}
    if psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then return; fi
    if [ "$(id -u)" = 0 ] || command -v sudo >/dev/null; then
        as_root su postgres -c "createuser --superuser '$role'" 2>/dev/null || true
    fi
    psql -d postgres -tAc 'select 1' >/dev/null 2>&1
}

odoo_cmd() { "$PY" -m odoo "$@"; }

create_lithuanian_db() {
    # $1: database, $2: addons path. A company in Lithuania, as Odoo's database
    # manager makes one for that country: Lithuanian, euro, Vilnius time, and
    # Odoo installs its Lithuanian accounting (l10n_lt: chart, 21 % VAT) by itself
    # when the company's country is set.
    odoo_cmd -d "$1" --addons-path="$2" -i base --stop-after-init --load-language=lt_LT
    odoo_cmd shell -d "$1" --addons-path="$2" --log-level=warn --no-http <<'PY'
lithuania = env.ref("base.lt")
env.ref("base.main_company").write(
    {"country_id": lithuania.id, "currency_id": env.ref("base.EUR").id}
)
env["res.users"].with_context(active_test=False).search([]).write(
    {"tz": "Europe/Vilnius"}
)
env.ref("base.user_admin").write({"lang": "lt_LT"})
env.cr.commit()
PY
}

ensure_chromium() {
    # Odoo's HttpCase tours drive a headless Chromium.
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null && return 0
    say "Chromium not found: installing it from Debian for the browser tests"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq chromium >/dev/null
}

ensure_system_tools() {
    # The personal-data guard reads PDFs with poppler's pdftotext and images with
    # Tesseract's Lithuanian model (R-PII-1); the mail server tests fetch from a
    # Dovecot IMAP server (tests/mailservers). All come from Debian.
    local missing=()
    command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    command -v tesseract >/dev/null || missing+=(tesseract-ocr)
    tesseract --list-langs 2>/dev/null | grep -qx lit || missing+=(tesseract-ocr-lit)
    [ ${#missing[@]} = 0 ] && return 0
    say "Installing from Debian: ${missing[*]}"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq "${missing[@]}" >/dev/null
}
