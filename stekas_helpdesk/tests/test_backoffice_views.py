# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import StekasHelpdeskCommon


@tagged("post_install", "-at_install")
class TestBackOfficeViews(StekasHelpdeskCommon):
    """The back office as each role sees it: the dispatcher's queue, the
    ticket's kanban and list, one time menu, the dashboard and h:mm."""

    def _arch(self, user, model, view_type, xmlid=None):
        view_id = self.env.ref(xmlid).id if xmlid else False
        views = self.env[model].with_user(user).get_views([(view_id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    # --- the dispatcher's queue ---------------------------------------

    def test_dispatcher_queue_lists_urgent_then_incomplete_first(self):
        action = self.env.ref("stekas_helpdesk.helpdesk_ticket_action_dispatcher_queue")
        self.assertIn(
            self.env.ref("stekas_helpdesk.helpdesk_ticket_menu_dispatcher_queue").id,
            self._visible_menus(self.dispatcher),
        )
        self.assertEqual(action.view_mode.split(",")[0], "list")
        arch = self._arch(
            self.dispatcher,
            "helpdesk.ticket",
            "list",
            "stekas_helpdesk.helpdesk_ticket_view_list_dispatcher_queue",
        )
        order = arch.get("default_order")
        self.assertEqual(
            [part.split()[0] for part in order.split(",")][:3],
            ["stekas_is_urgent", "stekas_intake_complete", "stekas_received_date"],
        )
        # The queue's order is the order the dispatcher reads: an urgent
        # ticket, then an incomplete one, then the rest by date.
        Ticket = self.env["helpdesk.ticket"].with_user(self.dispatcher)
        plain = self._create_ticket(self.contact_a, name="Plain")
        incomplete = Ticket.create(
            {"name": "Incomplete", "description": "<p>x</p>", "partner_name": "Who"}
        )
        urgent = self._create_ticket(self.contact_b, name="Urgent")
        urgent.with_user(self.dispatcher).stekas_is_urgent = True
        found = Ticket.search(
            [("id", "in", (plain | incomplete | urgent).ids)], order=order
        )
        self.assertEqual(found.ids, [urgent.id, incomplete.id, plain.id])

    def test_search_has_urgent_and_incomplete_filters(self):
        arch = self._arch(self.dispatcher, "helpdesk.ticket", "search")
        names = {f.get("name") for f in arch.iter("filter")}
        self.assertLessEqual({"urgent", "intake_incomplete"}, names)

    # --- urgent raises priority ---------------------------------------

    def test_urgent_call_gets_the_highest_priority(self):
        form = Form(self.env["stekas.register.call"].with_user(self.dispatcher))
        form.email = self.contact_a.email
        form.name = "Server down"
        form.description = "Nobody can work."
        form.is_urgent = True
        ticket = self.env["helpdesk.ticket"].browse(
            form.save().action_register()["res_id"]
        )
        self.assertEqual(ticket.priority, "3")

    def test_marking_urgent_later_raises_priority(self):
        ticket = self._create_ticket(self.contact_a)
        self.assertNotEqual(ticket.priority, "3")
        ticket.with_user(self.dispatcher).stekas_is_urgent = True
        self.assertEqual(ticket.priority, "3")

    def test_urgent_wins_over_a_lower_priority_sent_with_it(self):
        # A caller of create/write (JSON-RPC) sending both keeps the rule.
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Both",
                    "description": "<p>x</p>",
                    "partner_id": self.contact_a.id,
                    "stekas_is_urgent": True,
                    "priority": "0",
                }
            )
        )
        self.assertEqual(ticket.priority, "3")

    # --- kanban and list ----------------------------------------------

    def test_kanban_card_shows_urgent_and_incomplete_badges(self):
        arch = self._arch(self.consultant, "helpdesk.ticket", "kanban")
        card = arch.xpath("//t[@t-name='card']")[0]
        self.assertTrue(card.xpath(".//*[@name='stekas_kanban_urgent']"))
        self.assertTrue(card.xpath(".//*[@name='stekas_kanban_incomplete']"))
        fields = {f.get("name") for f in arch.iter("field")}
        self.assertLessEqual({"stekas_is_urgent", "stekas_intake_complete"}, fields)

    def test_ticket_list_is_lean(self):
        arch = self._arch(self.consultant, "helpdesk.ticket", "list")
        shown = [
            f.get("name")
            for f in arch.iter("field")
            if f.get("optional") != "hide"
            and f.get("column_invisible") not in ("1", "True")
            and f.get("widget") != "handle"
        ]
        self.assertLessEqual(len(shown), 9, shown)
        for name in ("number", "name", "user_id", "stage_id", "priority"):
            self.assertIn(name, shown)
        for name in ("planned_hours", "remaining_hours", "total_hours"):
            self.assertNotIn(name, shown)
        self.assertIn("stekas_is_urgent", shown)
        self.assertIn("stekas_intake_missing_text", shown)
        self.assertIn("stekas_is_urgent", arch.get("decoration-danger") or "")
        remaining = arch.xpath("//field[@name='remaining_hours']")
        if remaining:  # where no hours were planned, none "remain"
            self.assertEqual(remaining[0].get("invisible"), "not planned_hours")

    # --- one time menu ------------------------------------------------

    def test_journal_is_the_one_time_menu_of_consultants(self):
        journal = self.env.ref("stekas_helpdesk.account_analytic_line_menu_journal")
        helpdesk_timesheets = self.env.ref(
            "helpdesk_mgmt_timesheet.helpdesk_timesheet_menu"
        )
        timesheet_app = self.env.ref("hr_timesheet.timesheet_menu_root")
        for user in (self.consultant, self.dispatcher):
            visible = self._visible_menus(user)
            self.assertIn(journal.id, visible)
            self.assertNotIn(helpdesk_timesheets.id, visible, user.login)
            self.assertNotIn(timesheet_app.id, visible, user.login)

    def test_consultant_can_create_entries_in_the_journal(self):
        arch = self._arch(
            self.consultant,
            "account.analytic.line",
            "list",
            "stekas_helpdesk.account_analytic_line_view_list_journal",
        )
        self.assertNotIn(arch.get("create"), ("0", "false", "False"))
        form = self._arch(
            self.consultant,
            "account.analytic.line",
            "form",
            "stekas_helpdesk.account_analytic_line_view_form_journal",
        )
        self.assertNotIn(form.get("create"), ("0", "false", "False"))
        ticket = form.xpath("//field[@name='ticket_id']")[0]
        self.assertEqual(ticket.get("readonly"), "id")
        self.assertEqual(ticket.get("required"), "1")

    # --- dashboard ----------------------------------------------------

    def test_dashboard_is_for_dispatchers(self):
        menu = self.env.ref("stekas_helpdesk.helpdesk_ticket_menu_dashboard")
        self.assertIn(menu.id, self._visible_menus(self.dispatcher))
        self.assertNotIn(menu.id, self._visible_menus(self.consultant))
        action = self.env.ref("stekas_helpdesk.helpdesk_ticket_action_dashboard")
        self.assertEqual(action.view_mode.split(",")[:2], ["graph", "pivot"])
        graph = self._arch(
            self.dispatcher,
            "helpdesk.ticket",
            "graph",
            "stekas_helpdesk.helpdesk_ticket_view_graph_dashboard",
        )
        self.assertEqual(graph.xpath("//field")[0].get("name"), "stage_id")
        pivot = self._arch(
            self.dispatcher,
            "helpdesk.ticket",
            "pivot",
            "stekas_helpdesk.helpdesk_ticket_view_pivot_dashboard",
        )
        names = {f.get("name") for f in pivot.iter("field")}
        self.assertLessEqual({"stage_id", "stekas_is_urgent"}, names)
        # The counts the dispatcher reads are her own tickets' counts.
        self._create_ticket(self.contact_a).with_user(
            self.dispatcher
        ).stekas_is_urgent = True
        groups = (
            self.env["helpdesk.ticket"]
            .with_user(self.dispatcher)
            .read_group(
                [("closed", "=", False)], ["stekas_is_urgent"], ["stekas_is_urgent"]
            )
        )
        self.assertTrue(any(g["stekas_is_urgent"] for g in groups))

    # --- h:mm ---------------------------------------------------------

    def test_journal_graph_measures_minutes_not_decimal_hours(self):
        graph = self._arch(
            self.consultant,
            "account.analytic.line",
            "graph",
            "stekas_helpdesk.account_analytic_line_view_graph_journal",
        )
        measures = [
            f.get("name") for f in graph.iter("field") if f.get("type") == "measure"
        ]
        self.assertEqual(measures, ["stekas_billed_minutes"])
        pivot = self._arch(
            self.consultant,
            "account.analytic.line",
            "pivot",
            "stekas_helpdesk.account_analytic_line_view_pivot_journal",
        )
        for field in pivot.iter("field"):
            if field.get("type") == "measure" and "hours" in field.get("name"):
                self.assertEqual(field.get("widget"), "float_time")

    # --- journal entries created in the journal ------------------------

    def _journal_form(self, user):
        return Form(
            self.env["account.analytic.line"].with_user(user),
            view="stekas_helpdesk.account_analytic_line_view_form_journal",
        )

    def test_consultant_logs_time_in_the_journal(self):
        self.env["hr.employee"].create(
            {"name": "Consultant", "user_id": self.consultant.id}
        )
        ticket = self._create_ticket(self.contact_a)
        ticket.with_user(self.dispatcher).user_id = self.consultant
        form = self._journal_form(self.consultant)
        form.ticket_id = ticket
        form.name = "Helped by phone"
        form.unit_amount = 0.25
        entry = form.save()
        self.assertEqual(entry.project_id, ticket.project_id)
        self.assertEqual(entry.stekas_client_id, self.client_a)
        self.assertEqual(entry.stekas_billed_minutes, 24)

    def test_consultant_cannot_log_time_on_another_teams_ticket(self):
        self.env["hr.employee"].create(
            {"name": "Consultant", "user_id": self.consultant.id}
        )
        foreign = self._create_ticket(self.contact_b, team=self.other_team)
        foreign.with_user(self.dispatcher).user_id = self.other_consultant
        with self.assertRaises(AccessError):
            self.env["account.analytic.line"].with_user(self.consultant).create(
                {
                    "ticket_id": foreign.id,
                    "name": "Logged on a ticket I cannot read",
                    "unit_amount": 0.5,
                }
            )
