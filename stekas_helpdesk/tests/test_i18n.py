# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

try:
    import polib
except ImportError:  # pragma: no cover - polib is an Odoo requirement
    polib = None


def untranslated_terms(env, module):
    """Terms Odoo exports for `module` that its i18n/lt.po does not translate."""
    po = polib.pofile(file_path(f"{module}/i18n/lt.po"))
    translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
    reader = TranslationModuleReader(env.cr, modules=[module], lang="en_US")
    # Demo records (xml ids "demo_*") are invented Lithuanian data, not UI terms.
    return sorted(
        {
            source
            for _module, _type, _name, res_id, source, _value, _comments in reader
            if source not in translated and ".demo_" not in str(res_id)
        }
    )


@tagged("post_install", "-at_install")
class TestLithuanianTranslation(TransactionCase):
    def test_every_term_has_a_lithuanian_translation(self):
        missing = untranslated_terms(self.env, "stekas_helpdesk")
        self.assertFalse(
            missing, f"run scripts/i18n_update.sh and translate: {missing[:15]}"
        )
