#!/usr/bin/env python3
"""Rebuild stekas_helpdesk/i18n_extra/lt.po from the OCA helpdesk templates and
the Odoo pages our clients see whose Lithuanian Odoo leaves empty.

The OCA helpdesk addons ship no Lithuanian translation. Odoo loads every po file
of a module's i18n_extra/ folder at install/update, and applies an entry whose
occurrence is ``model:...:helpdesk_mgmt.<xmlid>`` (or ``model_terms:...``) to that
helpdesk_mgmt record, whichever module the file belongs to. So the model and
model_terms entries of the OCA templates are kept here; ``code:`` occurrences are
dropped (Odoo reads code translations only from the module's own po files).

Existing translations are kept; new terms come untranslated (the pytest suite
then fails until they are translated). Usage: python3 scripts/i18n_extra_update.py
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "stekas_helpdesk" / "i18n_extra" / "lt.po"
OCA_MODULES = (
    "helpdesk_mgmt",
    "helpdesk_mgmt_timesheet",
    "helpdesk_mgmt_project",
    "project_timesheet_time_control",
)
# Odoo's own records a client meets in the portal (its layout, home, account and
# security pages, pagers, the rating page and the login confirmations). Odoo's
# lt.po leaves some of their terms empty; only those are kept, by record prefix.
CORE_RECORDS = {
    "portal": (
        "portal.portal_layout",
        "portal.portal_my_home",
        "portal.portal_my_security",
        "portal.side_content",
        "portal.my_account_link",
        "portal.user_dropdown",
        "portal.pager",
        "portal.record_pager",
        "portal.portal_my_details_fields",
        "portal.frontend_layout",
    ),
    "rating": ("rating.rating_external_page",),
    "account": ("account.portal_my_home_invoice", "account.portal_my_invoices"),
    "sale": ("sale.portal_my_home_sale",),
    "web": ("web.login_successful",),
    "auth_signup": ("auth_signup.login_successful",),
}
HEADER = """\
Lithuanian for the records of the OCA helpdesk addons (helpdesk_mgmt,
helpdesk_mgmt_timesheet, helpdesk_mgmt_project), which ship no lt.po.
Also the terms of Odoo's portal, rating and login pages that Odoo's own
lt.po leaves empty. Loaded by Odoo with stekas_helpdesk (i18n_extra); regenerate with
scripts/i18n_extra_update.py. Code terms (Python/JS) cannot be supplied here."""


def addon_po(module, name):
    import odoo.addons  # noqa: PLC0415 - only needed to find the installed addons

    for base in odoo.addons.__path__:
        path = Path(base) / module / "i18n" / name
        if path.exists():
            return polib.pofile(str(path))
    raise SystemExit(f"{module}: no i18n/{name} on the addons path")


def oca_template(module):
    return addon_po(module, f"{module}.pot")


def core_entries(module, prefixes):
    """Odoo's lt.po entries of `module` left empty, on records of `prefixes`."""
    for entry in addon_po(module, "lt.po"):
        if entry.msgstr:
            continue
        occurrences = [
            occ
            for occ in entry.occurrences
            if occ[0].startswith(("model:", "model_terms:"))
            and occ[0].split(":", 2)[-1].startswith(prefixes)
        ]
        if occurrences:
            yield polib.POEntry(msgid=entry.msgid, occurrences=occurrences)


def build(translations):
    po = polib.POFile(wrapwidth=78)
    po.header = HEADER
    po.metadata = {
        "Project-Id-Version": "Odoo Server 18.0",
        "Language": "lt",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    }
    entries = {}
    sources = [(module, oca_template(module)) for module in OCA_MODULES]
    sources += [
        (module, list(core_entries(module, prefixes)))
        for module, prefixes in CORE_RECORDS.items()
    ]
    for module, template in sources:
        for src in template:
            occurrences = [
                occ
                for occ in src.occurrences
                if occ[0].startswith(("model:", "model_terms:"))
            ]
            if not occurrences:
                continue
            entry = entries.get(src.msgid)
            if entry is None:
                entry = entries[src.msgid] = polib.POEntry(
                    msgid=src.msgid,
                    msgstr=translations.get(src.msgid, ""),
                    occurrences=[],
                )
                entry.modules = []
            entry.modules.append(module)
            entry.occurrences.extend(
                occ for occ in occurrences if occ not in entry.occurrences
            )
    for entry in entries.values():
        label = "modules" if len(entry.modules) > 1 else "module"
        entry.comment = f"{label}: {', '.join(entry.modules)}"
        po.append(entry)
    return po


def main():
    translations = {}
    if TARGET.exists():
        translations = {e.msgid: e.msgstr for e in polib.pofile(str(TARGET))}
    po = build(translations)
    TARGET.parent.mkdir(exist_ok=True)
    po.save(str(TARGET))
    missing = [e.msgid for e in po if not e.msgstr]
    print(f"{TARGET.relative_to(ROOT)}: {len(po)} entries, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
