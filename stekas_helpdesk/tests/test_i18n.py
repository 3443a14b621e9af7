# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader, code_translations

try:
    import polib
except ImportError:  # pragma: no cover - polib is an Odoo requirement
    polib = None


def untranslated_terms(env, module):
    """Terms Odoo exports for `module` that its i18n/lt.po does not translate.
    A record's term (a field label, a view's text) counts only where its
    occurrence is listed: Odoo imports those per record, reading the
    occurrences of the .pot merged into lt.po."""
    po = polib.pofile(file_path(f"{module}/i18n/lt.po"))
    po.merge(polib.pofile(file_path(f"{module}/i18n/{module}.pot")))
    translated = set()
    for entry in po:
        if entry.msgstr and not entry.obsolete:
            translated.add(entry.msgid)
            translated.update((entry.msgid, occ) for occ, _line in entry.occurrences)
    reader = TranslationModuleReader(env.cr, modules=[module], lang="en_US")
    # Demo records (xml ids "demo_*") are invented Lithuanian data, not UI terms.
    return sorted(
        {
            source if kind == "code" else f"{source} ({kind}:{name}:{res_id})"
            for _module, kind, name, res_id, source, _value, _comments in reader
            if ".demo_" not in str(res_id)
            and (source if kind == "code" else (source, f"{kind}:{name}:{res_id}"))
            not in translated
        }
    )


def code_terms_not_loaded(env, module):
    """Messages of `module`'s Python code whose Lithuanian Odoo does not load
    at run time (it loads only lt.po entries marked `odoo-python`)."""
    loaded = code_translations.get_python_translations(module, "lt_LT")
    reader = TranslationModuleReader(env.cr, modules=[module], lang="en_US")
    return sorted(
        {
            source
            for _module, kind, _name, _res_id, source, _value, comments in reader
            if kind == "code" and "odoo-python" in comments and source not in loaded
        }
    )


@tagged("post_install", "-at_install")
class TestLithuanianTranslation(TransactionCase):
    def test_every_term_has_a_lithuanian_translation(self):
        missing = untranslated_terms(self.env, "stekas_helpdesk")
        self.assertFalse(
            missing, f"run scripts/i18n_update.sh and translate: {missing[:15]}"
        )

    def test_every_code_message_is_loaded_in_lithuanian(self):
        missing = code_terms_not_loaded(self.env, "stekas_helpdesk")
        self.assertFalse(missing, f"shown in English: {missing[:15]}")
