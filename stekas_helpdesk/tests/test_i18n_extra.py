# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The OCA helpdesk records our users see come out in Lithuanian.

helpdesk_mgmt ships no lt.po: stekas_helpdesk/i18n_extra/lt.po translates its
records (stages, fields, menus, views, portal templates, mail templates).
"""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestOcaHelpdeskLithuanian(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("lt_LT")
        cls.env["ir.module.module"]._load_module_terms(
            ["helpdesk_mgmt", "stekas_helpdesk"], ["lt_LT"]
        )
        cls.env_lt = cls.env(context=dict(cls.env.context, lang="lt_LT"))

    def test_stage_names(self):
        names = {
            xmlid: self.env_lt.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{xmlid}").name
            for xmlid in ("new", "in_progress", "awaiting", "done", "cancelled")
        }
        self.assertEqual(
            names,
            {
                "new": "Naujas",
                "in_progress": "Vykdomas",
                "awaiting": "Laukia",
                "done": "Išspręstas",
                "cancelled": "Atšauktas",
            },
        )
        # English stays English.
        self.assertEqual(
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").name, "New"
        )

    def test_ticket_field_strings(self):
        fields = self.env_lt["helpdesk.ticket"].fields_get(
            ["stage_id", "user_id", "priority", "category_id"], ["string", "selection"]
        )
        self.assertEqual(fields["stage_id"]["string"], "Etapas")
        self.assertEqual(fields["user_id"]["string"], "Paskirtas konsultantas")
        self.assertEqual(fields["category_id"]["string"], "Kategorija")
        self.assertEqual(fields["priority"]["string"], "Prioritetas")
        self.assertIn(
            ("3", "Labai aukštas"), [tuple(s) for s in fields["priority"]["selection"]]
        )

    def test_portal_ticket_list_template(self):
        view = self.env_lt.ref("helpdesk_mgmt.portal_ticket_list")
        self.assertIn("Kreipiniai etape:", view.arch_db)
        self.assertIn("Paskutinis etapo pakeitimas", view.arch_db)
        self.assertNotIn("Tickets in stage:", view.arch_db)
        self.assertIn("Tickets in stage:", view.with_context(lang="en_US").arch_db)

    def test_menu_and_mail_template(self):
        menu = self.env_lt.ref("helpdesk_mgmt.helpdesk_ticket_menu")
        self.assertEqual(menu.name, "Kreipiniai")
        template = self.env_lt.ref("helpdesk_mgmt.closed_ticket_template")
        self.assertEqual(template.subject, "Kreipinys {{object.number}} uždarytas.")
        self.assertIn("uždarytas", template.body_html)

    def test_timer_strings(self):
        """project_timesheet_time_control (the ticket's timer) ships no lt.po."""
        fields = self.env_lt["account.analytic.line"].fields_get(
            ["date_time", "date_time_end"], ["string"]
        )
        self.assertEqual(fields["date_time"]["string"], "Pradžios laikas")
        self.assertEqual(fields["date_time_end"]["string"], "Pabaigos laikas")
