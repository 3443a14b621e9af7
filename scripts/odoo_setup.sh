# Sourced by scripts/common.sh when no Odoo 18 is importable: sets one up, without
# questions, in the project's virtual environment .venv/ (ignored by git) and points
# PY at it. Everything it installs is listed in README.md ("Installing Odoo 18").

# The download, used only where ODOO_SOURCE is not set: Odoo 18.0 Community, Odoo's
# nightly source archive, pinned by its build date. This is the one place of the URL
# and the pin (ODOO_RELEASE=latest takes the newest nightly).
ODOO_RELEASE=${ODOO_RELEASE:-20250819}
ODOO_URL=${ODOO_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.${ODOO_RELEASE}.tar.gz}

VENV="$ROOT/.venv"
_apt_updated=

apt_update_once() {
    [ -n "$_apt_updated" ] || { as_root apt-get update -qq && _apt_updated=1; }
}

apt_install_missing() {
    # Installs from Debian those of the named packages that are not installed yet.
    local missing=() p
    command -v dpkg-query >/dev/null || {
        echo "Not a Debian system: make sure these are installed: $*" >&2; return 0; }
    for p in "$@"; do
        installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} = 0 ] && return 0
    say "Installing from Debian: ${missing[*]}" >&2
    apt_update_once && as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# No `grep -q` after a pipe here: it stops reading at the first match, and under
# run.sh's pipefail the writer's SIGPIPE then fails the whole test.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep 'ok installed' >/dev/null; }

debian_has() {
    # wkhtmltopdf is in Debian 12 but left Debian 13: install it only where it exists.
    installed "$1" && return 0
    command -v apt-cache >/dev/null && apt_update_once \
        && apt-cache policy "$1" 2>/dev/null | grep -E 'Candidate: [0-9]' >/dev/null
}

source_root() {
    # The directory holding odoo/release.py: $1 itself or its one subdirectory (an
    # unpacked archive). Both layouts work: official (odoo/, addons/, setup.py) and
    # a tree with every addon inside odoo/addons.
    local f
    for f in "$1/odoo/release.py" "$1"/*/odoo/release.py; do
        [ -f "$f" ] && { dirname "$(dirname "$f")"; return 0; }
    done
    echo "No Odoo source in $1 (no odoo/release.py)." >&2
    return 1
}

download() {
    say "Downloading Odoo 18.0 Community: $1" >&2
    mkdir -p "$(dirname "$2")"
    "$PY" - "$1" "$2.part" <<'PYEOF' && mv "$2.part" "$2"
import shutil, sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], "wb") as f:
        shutil.copyfileobj(r, f)
except OSError as e:
    sys.exit(f"Download failed: {e}")
PYEOF
}

odoo_source() {
    # Prints the Odoo source directory: ODOO_SOURCE (a directory used where it is, or
    # an archive unpacked into .venv/src), else the pinned download.
    local archive dest="$VENV/src/odoo"
    if [ -n "${ODOO_SOURCE:-}" ] && [ -d "$ODOO_SOURCE" ]; then
        source_root "$(cd "$ODOO_SOURCE" && pwd)"; return
    elif [ -n "${ODOO_SOURCE:-}" ]; then
        [ -f "$ODOO_SOURCE" ] || { echo "ODOO_SOURCE=$ODOO_SOURCE does not exist." >&2; return 1; }
        archive=$(cd "$(dirname "$ODOO_SOURCE")" && pwd)/$(basename "$ODOO_SOURCE")
    else
        archive="$VENV/src/$(basename "$ODOO_URL")"
        [ -s "$archive" ] || download "$ODOO_URL" "$archive" || { no_download_message; return 1; }
    fi
    say "Unpacking $archive into .venv/src/odoo" >&2
    rm -rf "$dest" && mkdir -p "$dest" || return 1
    case "$archive" in
        *.zip) "$PY" -m zipfile -e "$archive" "$dest" ;;
        *) tar -xf "$archive" -C "$dest" ;;
    esac || { echo "Could not unpack $archive." >&2; return 1; }
    source_root "$dest"
}

no_download_message() {
    cat >&2 <<MSG

Odoo 18 is not installed here and could not be downloaded from
    $ODOO_URL
(no network, or Odoo no longer serves that nightly build). To go on, get Odoo 18.0
Community on a machine that can (that archive, another nightly source archive of 18.0
from ${ODOO_URL%/*}/, or a git clone of github.com/odoo/odoo
branch 18.0), copy it to this machine and run the same command with ODOO_SOURCE naming
it, e.g. ODOO_SOURCE=~/odoo_18.0.tar.gz make run (a directory works too); or install
Odoo 18 yourself and name its Python with PYTHON=... (README.md, "Installing Odoo 18").
MSG
}

setup_odoo_venv() {
    local base=$PY src cons=()
    say "No Odoo 18 importable by $base: setting one up in .venv/"
    "$base" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' || {
        echo "Odoo 18 needs Python 3.10 to 3.12, $base is $("$base" -V 2>&1): run with PYTHON=python3.12 (or 3.11, 3.10)." >&2
        return 1; }
    # Debian's Python has no ensurepip (so no venv) without python3-venv.
    "$base" -c 'import ensurepip' 2>/dev/null || apt_install_missing python3-venv || return 1
    [ -x "$VENV/bin/python" ] || "$base" -m venv "$VENV" || return 1
    PY=$VENV/bin/python
    src=$(odoo_source) || return 1
    grep -qE '^version_info = \(18,' "$src/odoo/release.py" \
        || { echo "$src is not Odoo 18." >&2; return 1; }
    say "Odoo source: $src"
    # System packages. To build what has no wheel: psycopg2 always (libpq), python-ldap
    # where the requirements name it, with a compiler and this Python's headers. To run:
    # fonts, the PostgreSQL client tools, wkhtmltopdf (PDF reports) where Debian has it.
    local pkgs=(build-essential libpq-dev postgresql-client
                fonts-dejavu-core fonts-font-awesome fonts-inconsolata fonts-roboto-unhinted)
    "$base" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
        || pkgs+=(python3-dev)
    grep -qi '^python-ldap' "$src/requirements.txt" && pkgs+=(libldap2-dev libsasl2-dev)
    debian_has wkhtmltopdf && pkgs+=(wkhtmltopdf)
    apt_install_missing "${pkgs[@]}" || { echo "Could not install: ${pkgs[*]}" >&2; return 1; }
    # An official source pins its requirements per Python version (python_version
    # markers); an unpinned requirements.txt gets the known-good pins.
    grep -q 'python_version' "$src/requirements.txt" || cons=(-c "$ROOT/constraints-odoo18.txt")
    say "Odoo's Python requirements into .venv/ (${cons[*]:-pinned by the source})"
    "$PY" -m pip install -q --disable-pip-version-check -r "$src/requirements.txt" "${cons[@]}" \
        || return 1
    # Last, so that an interrupted set-up is taken up again on the next run: Odoo
    # becomes importable from .venv/ through a .pth file naming the source.
    echo "$src" >"$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo-source.pth"
    odoo_available && say "Odoo 18 set up in .venv/ from $src"
}
