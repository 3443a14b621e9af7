#!/usr/bin/env bash
# Export each addon's translatable strings and merge them into i18n/lt.po, keeping
# the existing Lithuanian translations. Needs Odoo; uses a throwaway database.
# It writes only <addon>/i18n/: the OCA helpdesk terms in <addon>/i18n_extra/lt.po
# are kept by scripts/i18n_extra_update.py.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
ensure_postgres
APATH=$(addons_path)
DB="stk_i18n_$$"
odoo_cmd -d "$DB" --addons-path="$APATH" -i "$ADDONS" --without-demo=all \
    --stop-after-init --log-level=warn --http-port="${TEST_HTTP_PORT:-8169}"
for addon in ${ADDONS//,/ }; do
    pot="$addon/i18n/$addon.pot"
    odoo_cmd -d "$DB" --addons-path="$APATH" --modules="$addon" --i18n-export="$pot" \
        --stop-after-init --log-level=warn --http-port="${TEST_HTTP_PORT:-8169}"
    if [ -f "$addon/i18n/lt.po" ]; then
        msgmerge --quiet --no-fuzzy-matching --update --backup=none "$addon/i18n/lt.po" "$pot"
    else
        msginit --no-translator --locale=lt --input="$pot" --output-file="$addon/i18n/lt.po"
    fi
    echo "$addon: $(msgattrib --untranslated "$addon/i18n/lt.po" | grep -c '^msgid ' || true) untranslated entries"
done
dropdb --if-exists "$DB"
