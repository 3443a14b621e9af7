"""Every string users see has a Lithuanian translation (the users work in Lithuanian).

That lt.po holds every term Odoo exports is checked by the Odoo suite
(tests/test_i18n.py in each addon); here: the files themselves, and the
i18n_extra/lt.po files that translate the OCA helpdesk records (their XML tags,
t-out/{{ }} expressions and %s placeholders must come out unchanged).
"""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}")
EXTRA = sorted(ROOT.glob("*/i18n_extra/lt.po"))
# In i18n_extra (OCA terms, often whole XML fragments): every tag with its
# attributes, every {{ }} expression and every %s / %(name)s placeholder.
MARKUP = re.compile(r"<[^>]+>|\{\{.*?\}\}|%(?:\([a-z_]+\))?[sd]")
# Attributes whose text Odoo translates inside a term (as its own translators do).
TEXT_ATTRIBUTE = re.compile(r'\b(title|alt|placeholder)="[^"]*"')


def _markup(text):
    return sorted(TEXT_ATTRIBUTE.sub(r'\1=""', m) for m in MARKUP.findall(text))


@pytest.fixture(params=ADDONS)
def po(request):
    path = ROOT / request.param / "i18n" / "lt.po"
    assert path.exists(), f"{request.param} has no i18n/lt.po"
    return polib.pofile(str(path))


@pytest.fixture(params=EXTRA, ids=[str(p.relative_to(ROOT)) for p in EXTRA])
def extra_po(request):
    return polib.pofile(str(request.param))


def test_every_entry_is_translated(po):
    missing = [e.msgid for e in po if not e.obsolete and not e.msgstr]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_every_translation_is_in_the_pot(po):
    """Odoo merges <addon>.pot into lt.po when it loads it and drops what the
    .pot lacks: a translation missing from the .pot is never loaded."""
    pot_path = Path(po.fpath).with_name(Path(po.fpath).parent.parent.name + ".pot")
    pot = {e.msgid for e in polib.pofile(str(pot_path)) if not e.obsolete}
    lost = [e.msgid for e in po if not e.obsolete and e.msgid not in pot]
    assert not lost, f"in lt.po but not in the .pot: {lost[:10]}"


def test_every_code_term_is_marked_for_odoo(po):
    """Odoo loads the translation of a string in Python code only from an
    entry commented `odoo-python` (`odoo-javascript` for the web client):
    without it the user reads the English message."""
    unmarked = [
        e.msgid
        for e in po
        if not e.obsolete
        and any(occurrence.startswith("code:") for occurrence, _ in e.occurrences)
        and not {"odoo-python", "odoo-javascript"} & set(e.comment.split("\n"))
    ]
    assert not unmarked, f"code terms Odoo will not load: {unmarked[:10]}"


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def test_placeholders_are_kept(po):
    wrong = [
        e.msgid
        for e in po
        if e.msgstr and _placeholders(e.msgid) != _placeholders(e.msgstr)
    ]
    assert not wrong, f"placeholders differ: {wrong[:10]}"


def test_extra_files_exist():
    assert ROOT / "stekas_helpdesk" / "i18n_extra" / "lt.po" in EXTRA


def test_extra_every_entry_is_translated(extra_po):
    test_every_entry_is_translated(extra_po)


def test_extra_placeholders_are_kept(extra_po):
    test_placeholders_are_kept(extra_po)
    wrong = [
        e.msgid for e in extra_po if e.msgstr and _markup(e.msgid) != _markup(e.msgstr)
    ]
    assert not wrong, f"markup or placeholders differ: {wrong[:10]}"


def test_extra_entries_name_records_only(extra_po):
    """Only record terms load from another module's po file: no code terms,
    and every entry names its module (Odoo's po reader needs the comment)."""
    code = [
        e.msgid
        for e in extra_po
        if any(o.startswith("code:") for o, _ in e.occurrences)
    ]
    bare = [e.msgid for e in extra_po if not e.occurrences]
    unnamed = [e.msgid for e in extra_po if not re.match(r"modules?: \w+", e.comment)]
    assert not code, f"code terms cannot be loaded from i18n_extra: {code[:10]}"
    assert not bare, f"entries without occurrence: {bare[:10]}"
    assert not unnamed, f"entries without '#. module:' comment: {unnamed[:10]}"
