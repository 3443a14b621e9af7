#!/usr/bin/env python3
"""Rebuild stekas_helpdesk/i18n_extra/lt.po from the OCA helpdesk templates.

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
OCA_MODULES = ("helpdesk_mgmt", "helpdesk_mgmt_timesheet", "helpdesk_mgmt_project")
HEADER = """\
Lithuanian for the records of the OCA helpdesk addons (helpdesk_mgmt,
helpdesk_mgmt_timesheet, helpdesk_mgmt_project), which ship no lt.po.
Loaded by Odoo with stekas_helpdesk (i18n_extra); regenerate with
scripts/i18n_extra_update.py. Code terms (Python/JS) cannot be supplied here."""


def oca_template(module):
    import odoo.addons  # noqa: PLC0415 - only needed to find the installed addons

    for base in odoo.addons.__path__:
        pot = Path(base) / module / "i18n" / f"{module}.pot"
        if pot.exists():
            return polib.pofile(str(pot))
    raise SystemExit(f"{module}: no i18n/{module}.pot on the addons path")


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
    for module in OCA_MODULES:
        for src in oca_template(module):
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
