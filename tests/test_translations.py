"""Every string users see has a Lithuanian translation (the users work in Lithuanian).

That lt.po holds every term Odoo exports is checked by the Odoo suite
(tests/test_i18n.py in each addon); here: the files themselves.
"""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}")


@pytest.fixture(params=ADDONS)
def po(request):
    path = ROOT / request.param / "i18n" / "lt.po"
    assert path.exists(), f"{request.param} has no i18n/lt.po"
    return polib.pofile(str(path))


def test_every_entry_is_translated(po):
    missing = [e.msgid for e in po if not e.obsolete and not e.msgstr]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def test_placeholders_are_kept(po):
    wrong = [
        e.msgid
        for e in po
        if e.msgstr and _placeholders(e.msgid) != _placeholders(e.msgstr)
    ]
    assert not wrong, f"placeholders differ: {wrong[:10]}"
