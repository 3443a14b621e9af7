# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.stekas_helpdesk.tests.test_i18n import (
    code_terms_not_loaded,
    untranslated_terms,
)


@tagged("post_install", "-at_install")
class TestLithuanianTranslation(TransactionCase):
    def test_every_term_has_a_lithuanian_translation(self):
        missing = untranslated_terms(self.env, "stekas_billing")
        self.assertFalse(
            missing, f"run scripts/i18n_update.sh and translate: {missing[:15]}"
        )

    def test_every_code_message_is_loaded_in_lithuanian(self):
        missing = code_terms_not_loaded(self.env, "stekas_billing")
        self.assertFalse(missing, f"shown in English: {missing[:15]}")
