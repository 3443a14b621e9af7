# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter

from lxml import html
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import safe_eval

from ..lib import intake


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # --- intake data (R-INT-2), copied from the contact at registration so that
    # the journal shows them as they were; editable on the ticket.
    stekas_intake_company_name = fields.Char(
        string="Client company",
        compute="_compute_intake_contact",
        store=True,
        readonly=False,
        tracking=True,
    )
    stekas_intake_firstname = fields.Char(
        string="Contact first name",
        compute="_compute_intake_contact",
        store=True,
        readonly=False,
    )
    stekas_intake_lastname = fields.Char(
        string="Contact last name",
        compute="_compute_intake_contact",
        store=True,
        readonly=False,
    )
    stekas_intake_function = fields.Char(
        string="Contact job position",
        compute="_compute_intake_contact",
        store=True,
        readonly=False,
    )
    stekas_intake_phone = fields.Char(
        string="Contact phone",
        compute="_compute_intake_contact",
        store=True,
        readonly=False,
    )
    partner_email = fields.Char(
        compute="_compute_partner_contact", store=True, readonly=False
    )
    partner_name = fields.Char(
        compute="_compute_partner_contact", store=True, readonly=False
    )
    stekas_is_serious = fields.Boolean(
        string="Serious problem / special wish",
        tracking=True,
        help="A serious problem or special wish must be described in detail in "
        "writing (R-INT-3): the description then needs at least "
        f"{intake.DETAILED_DESCRIPTION_MIN_CHARS} characters.",
    )
    # --- completeness (R-INT-4)
    stekas_intake_missing_codes = fields.Char(
        string="Intake Missing Codes",
        compute="_compute_intake_missing",
        store=True,
        help="Technical: codes of the missing intake items.",
    )
    stekas_intake_complete = fields.Boolean(
        compute="_compute_intake_missing",
        store=True,
        string="Intake complete",
    )
    stekas_intake_missing_text = fields.Char(
        compute="_compute_intake_missing_text", string="Missing intake data"
    )
    stekas_intake_reply_pending = fields.Boolean(
        string="Intake Reply Pending",
        copy=False,
        help="Technical: an incoming e-mail left the intake incomplete; the "
        "automatic reply is sent once the e-mail is posted.",
    )
    # --- registration (R-INT-1)
    stekas_received_date = fields.Datetime(
        string="Received",
        default=fields.Datetime.now,
        required=True,
        copy=False,
        tracking=True,
    )
    stekas_registered_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Registered by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    # --- consultant choice (R-ASG-1, R-ASG-2), urgency (R-CON-2), group (R-CON-3)
    stekas_preferred_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Preferred consultant",
        domain=[("share", "=", False)],
        tracking=True,
        help="The consultant the client asked for. A wish, not a rule: the "
        "dispatcher may assign whoever can do the work soonest (R-ASG-2).",
    )
    stekas_is_urgent = fields.Boolean(
        string="Urgent",
        tracking=True,
        help="Especially urgent: assigned at once to an available consultant of "
        "the team on duty (R-CON-2).",
    )
    stekas_specialist_ids = fields.Many2many(
        comodel_name="res.users",
        relation="helpdesk_ticket_specialist_rel",
        column1="ticket_id",
        column2="user_id",
        string="Working group",
        domain=[("share", "=", False)],
        help="Other specialists working on this ticket (R-CON-3): they follow "
        "it, see it among their tickets and can log time on it.",
    )
    stekas_reassignment_ids = fields.One2many(
        comodel_name="stekas.reassignment",
        inverse_name="ticket_id",
        string="Reassignment requests",
    )
    stekas_reassignment_pending_count = fields.Integer(
        string="Reassignment Pending Count",
        compute="_compute_reassignment_pending_count",
    )

    @api.depends("partner_id")
    def _compute_intake_contact(self):
        for ticket in self:
            partner = ticket.partner_id
            if not partner:
                continue
            company = partner.commercial_partner_id
            ticket.stekas_intake_company_name = (
                company.name if company.is_company else False
            )
            person = partner if not partner.is_company else partner.browse()
            ticket.stekas_intake_firstname = person.firstname
            ticket.stekas_intake_lastname = person.lastname
            ticket.stekas_intake_function = person.function
            ticket.stekas_intake_phone = person.phone or person.mobile

    # Separate from the intake fields: the mail gateway sets the e-mail, and a
    # field given at creation protects every field of its compute method.
    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for ticket in self.filtered("partner_id"):
            ticket.partner_email = ticket.partner_id.email
            ticket.partner_name = ticket.partner_id.name

    @api.depends(
        "stekas_intake_company_name",
        "stekas_intake_firstname",
        "stekas_intake_lastname",
        "stekas_intake_function",
        "stekas_intake_phone",
        "partner_email",
        "name",
        "description",
        "stekas_is_serious",
    )
    def _compute_intake_missing(self):
        for ticket in self:
            codes = intake.missing_items(
                ticket._get_intake_data(), serious=ticket.stekas_is_serious
            )
            ticket.stekas_intake_missing_codes = ",".join(codes)
            ticket.stekas_intake_complete = not codes

    @api.depends("stekas_intake_missing_codes", "stekas_is_serious")
    @api.depends_context("lang")
    def _compute_intake_missing_text(self):
        for ticket in self:
            ticket.stekas_intake_missing_text = ", ".join(
                ticket._get_intake_missing_labels()
            )

    @api.depends("stekas_reassignment_ids.state")
    def _compute_reassignment_pending_count(self):
        for ticket in self:
            ticket.stekas_reassignment_pending_count = len(
                ticket.stekas_reassignment_ids.filtered(lambda r: r.state == "pending")
            )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        if attributes is None and self.env.context.get("stekas_gateway_fields_get"):
            # mail.thread.message_new only asks whether a field exists: the
            # full description of every field (translated labels, help...)
            # was a fifth of an e-mail's intake (issue 8).
            attributes = ["type"]
        return super().fields_get(allfields=allfields, attributes=attributes)

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("stekas_gateway_fields_get"):
            self = self.with_context(stekas_gateway_fields_get=None)
        for vals in vals_list:
            if not vals.get("channel_id"):
                vals["channel_id"] = self._get_default_intake_channel().id
        explicit_user = [bool(vals.get("user_id")) for vals in vals_list]
        tickets = super().create(vals_list)
        # An assignment by default (the company's "auto assign" option) yields
        # to the intake gate and to urgent routing instead of refusing.
        defaulted = self.browse(
            [t.id for t, given in zip(tickets, explicit_user, strict=True) if not given]
        ).filtered(
            lambda t: t.user_id and (t.stekas_is_urgent or not t.stekas_intake_complete)
        )
        if defaulted:
            defaulted.write({"user_id": False, "assigned_date": False})
        gated = tickets.filtered(
            lambda t: t.user_id or not (t.stage_id.unattended or t.stage_id.closed)
        )
        gated._stekas_check_workable("assign")
        for ticket in tickets.filtered("stekas_specialist_ids"):
            ticket.message_subscribe(ticket.stekas_specialist_ids.partner_id.ids)
        tickets.filtered("stekas_is_urgent")._route_urgent()
        return tickets

    def write(self, vals):
        gate = False
        if vals.get("user_id"):
            gate = "assign"
        elif vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if not (stage.unattended or stage.closed):
                gate = "stage"
        res = super().write(vals)
        if gate:
            self._stekas_check_workable(gate)
        if set(vals) & set(self._get_intake_item_fields().values()) - {"name"}:
            # sudo: a consultant completing the intake on the ticket fills the
            # empty fields of the ticket's own contact, never overwriting them.
            self.sudo()._update_contact_from_intake()
        if vals.get("stekas_specialist_ids"):
            for ticket in self:
                ticket.message_subscribe(ticket.stekas_specialist_ids.partner_id.ids)
        if vals.get("stekas_is_urgent"):
            self._route_urgent()
        return res

    # ------------------------------------------------------------------
    # Intake (R-INT-2..4)
    # ------------------------------------------------------------------

    def _get_default_intake_channel(self):
        """Phone for staff typing a ticket in, web for portal users (R-INT-1)."""
        xmlid = (
            "helpdesk_mgmt.helpdesk_ticket_channel_web"
            if self.env.user.share
            else "helpdesk_mgmt.helpdesk_ticket_channel_phone"
        )
        return (
            self.env.ref(xmlid, raise_if_not_found=False)
            or self.env["helpdesk.ticket.channel"]
        )

    def _get_intake_data(self):
        self.ensure_one()
        return {
            "company": self.stekas_intake_company_name,
            "firstname": self.stekas_intake_firstname,
            "lastname": self.stekas_intake_lastname,
            "function": self.stekas_intake_function,
            "phone": self.stekas_intake_phone,
            "email": self.partner_email,
            "purpose": self.name,
            "description": self.description,
        }

    def _get_intake_item_labels(self):
        _ = self.env._
        return {
            "company": _("client company name"),
            "firstname": _("contact person's first name"),
            "lastname": _("contact person's last name"),
            "function": _("contact person's job position"),
            "phone": _("contact person's phone"),
            "email": _("contact person's e-mail"),
            "purpose": _("short purpose of the request"),
            "description": _("description of the problem")
            if not self[:1].stekas_is_serious
            else _(
                "detailed written description of the serious problem or "
                "special wish (at least %(count)s characters)",
                count=intake.DETAILED_DESCRIPTION_MIN_CHARS,
            ),
        }

    def _get_intake_missing_labels(self):
        self.ensure_one()
        labels = self._get_intake_item_labels()
        codes = [c for c in (self.stekas_intake_missing_codes or "").split(",") if c]
        return [labels[code] for code in codes]

    # ------------------------------------------------------------------
    # The work guard: may this ticket be worked on?
    # ------------------------------------------------------------------

    def _stekas_check_workable(self, action="assign"):
        """The one guard every way of working on a ticket goes through:
        assignment ("assign"), a move to a working stage ("stage"), urgent
        routing ("route") and time logging ("time"). It refuses with every
        reason at once; `_stekas_get_work_blockers` says what the reasons are."""
        blockers = self._stekas_get_work_blockers(action)
        if blockers:
            raise UserError(
                "\n".join(r for reasons in blockers.values() for r in reasons)
            )

    def _stekas_get_work_blockers(self, action):
        """Hook: {ticket: [reason, ...]} for the tickets of `self` that cannot be
        worked on by `action`. Here: an incomplete intake (R-INT-4); other
        addons add their own reasons (stekas_billing: the prepayment, R-BIL-4)."""
        blockers = {}
        for ticket in self.filtered(lambda t: not t.stekas_intake_complete):
            blockers[ticket] = [ticket._stekas_get_intake_blocker_message(action)]
        return blockers

    def _stekas_get_intake_blocker_message(self, action):
        self.ensure_one()
        _ = self.env._
        values = {
            "ticket": self.display_name,
            "items": self.stekas_intake_missing_text,
        }
        if action == "stage":
            return _(
                "Ticket %(ticket)s cannot move on: its intake is incomplete. "
                "Missing: %(items)s.",
                **values,
            )
        if action == "time":
            return _(
                "Time cannot be logged on ticket %(ticket)s: its intake is "
                "incomplete. Missing: %(items)s.",
                **values,
            )
        return _(
            "Ticket %(ticket)s cannot be assigned: its intake is incomplete. "
            "Missing: %(items)s.",
            **values,
        )

    def _apply_intake_values(self, values, overwrite=False):
        """Fill intake items in from `values` (item code -> text).

        Without `overwrite` only the missing items are filled: what a client
        sends by e-mail or through a token link never replaces known data. The
        contact's own empty fields are completed as well.
        """
        self.ensure_one()
        field_of = self._get_intake_item_fields()
        current = self._get_intake_data()
        ticket_vals = {
            field_of[code]: value.strip()
            for code, value in values.items()
            if code in field_of
            and value
            and value.strip()
            and (
                overwrite or code in (self.stekas_intake_missing_codes or "").split(",")
            )
            and value.strip() != (current.get(code) or "")
        }
        if not ticket_vals:
            return False
        self.write(ticket_vals)  # also completes the contact's empty fields
        return True

    def _update_contact_from_intake(self):
        """Copy intake data to the empty fields of the ticket's contact."""
        partner_field_of = {
            "stekas_intake_firstname": "firstname",
            "stekas_intake_lastname": "lastname",
            "stekas_intake_function": "function",
            "stekas_intake_phone": "phone",
            "partner_email": "email",
        }
        for ticket in self:
            partner = ticket.partner_id
            if not partner or partner.is_company:
                continue
            partner_vals = {
                pfield: ticket[tfield]
                for tfield, pfield in partner_field_of.items()
                if ticket[tfield] and not partner[pfield]
            }
            if partner_vals:
                partner.write(partner_vals)

    def _get_intake_item_fields(self):
        return {
            "company": "stekas_intake_company_name",
            "firstname": "stekas_intake_firstname",
            "lastname": "stekas_intake_lastname",
            "function": "stekas_intake_function",
            "phone": "stekas_intake_phone",
            "email": "partner_email",
            "purpose": "name",
        }

    def _send_intake_reply(self):
        """Tell the client what is missing, in their language (R-INT-4).

        The reply is the editable mail template ``helpdesk_ticket_intake_
        incomplete_mail_template``, rendered as the mail composer would (its
        subject, sender, recipients, language) but posted directly, with its
        body compiled once (see ``_render_intake_reply_bodies``): the
        composer made this reply cost three times the rest of the e-mail's
        intake (issue 8).
        """
        tickets = self.filtered(lambda t: not t.stekas_intake_complete)
        if not tickets:
            return self.env["mail.message"]
        # the cached id, not env.ref(): no existence query for every e-mail
        template = self.env["mail.template"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "stekas_helpdesk.mail_template_intake_incomplete",
                raise_if_not_found=True,
            )
        )
        for ticket in tickets:
            ticket._portal_ensure_token()
        values_all = template._generate_template(
            tickets.ids,
            ("subject", "email_from", "partner_to", "email_to", "email_cc"),
            find_or_create_partners=True,
        )
        langs = template._render_lang(tickets.ids)
        bodies = tickets._render_intake_reply_bodies(template)
        messages = self.env["mail.message"]
        for ticket in tickets:
            messages |= ticket.message_post(
                **ticket._prepare_intake_reply_values(
                    template,
                    values_all[ticket.id],
                    bodies[ticket.id],
                    langs.get(ticket.id),
                )
            )
        return messages

    @api.model
    @tools.ormcache("source", cache="templates")
    def _get_intake_reply_compiled_body(self, source):
        """The QWeb code of a mail template body, compiled once per body text.

        Odoo compiles a mail template's body from its text at every rendering
        (twice through the mail composer: to check it, then to render it),
        which made the R-INT-4 reply the most expensive part of e-mail intake
        (issue 8). The key is the text itself: an edited template, or another
        language's text, is compiled afresh.
        """
        return self.env["ir.qweb"]._compile(
            html.fragment_fromstring(source, create_parent="div")
        )

    def _render_intake_reply_bodies(self, template):
        """{ticket id: body} of `template` rendered on these tickets in each
        one's language, as ``template._render_field("body_html", ids,
        compute_lang=True, post_process=True)`` does, with the compiled code
        kept between calls. Users who may not render arbitrary template code
        (neither admin nor template editor) get Odoo's own checked rendering.
        """
        env = self.env
        if not (
            env.su
            or env.is_admin()
            or env.user.has_group("mail.group_mail_template_editor")
        ):
            return template._render_field(
                "body_html", self.ids, compute_lang=True, post_process=True
            )
        results = {}
        for lang_template, res_ids in template._classify_per_lang(self.ids).values():
            source = lang_template.body_html
            if not source:
                results.update(dict.fromkeys(res_ids, ""))
                continue
            functions, def_name = self._get_intake_reply_compiled_body(str(source))
            render = functions[def_name]
            variables = lang_template._render_eval_context()
            qweb = lang_template.env["ir.qweb"]
            rendered = {}
            for record in lang_template.env[self._name].browse(res_ids):
                values = dict(variables, object=record)
                qweb_env = qweb._prepare_environment(values)
                safe_eval.check_values(values)
                # [5:-6]: the <div> wrapped around the fragment to compile it
                rendered[record.id] = Markup("".join(render(qweb_env, values))[5:-6])
            results.update(
                lang_template._render_template_postprocess(self._name, rendered)
            )
        return results

    def _prepare_intake_reply_values(self, template, values, body, lang):
        """message_post arguments of the automatic reply (R-INT-4)."""
        self.ensure_one()
        post_values = {
            "body": body,
            "author_id": self.env.user.partner_id.id,  # as the mail composer
            "subject": values.get("subject") or "",
            "partner_ids": values.get("partner_ids", []),
            # an automatic message: not client content for the guard
            "message_type": "auto_comment",
            "subtype_xmlid": "mail.mt_comment",
            "email_add_signature": False,
            "email_layout_xmlid": template.email_layout_xmlid or None,
            "mail_auto_delete": template.auto_delete,
            "force_email_lang": lang,
        }
        if values.get("email_from"):
            post_values["email_from"] = values["email_from"]
        return post_values

    def _get_intake_portal_url(self):
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url(suffix="/intake")

    # ------------------------------------------------------------------
    # Mail gateway (R-INT-1, R-INT-4)
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg, custom_values=None):
        values = dict(custom_values or {})
        # the cached id, not env.ref(): no existence query for every e-mail
        channel_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "helpdesk_mgmt.helpdesk_ticket_channel_email"
        )
        if channel_id:
            values.setdefault("channel_id", channel_id)
        if not msg.get("author_id"):
            values.setdefault(
                "partner_email", tools.email_normalize(msg.get("email_from") or "")
            )
        values.setdefault("stekas_intake_reply_pending", True)
        # Cc partners of other companies must not become followers: followers
        # of a ticket can read it in the portal.
        ticket = super(
            HelpdeskTicket,
            self.with_context(
                stekas_gateway_followers=True, stekas_gateway_fields_get=True
            ),
        ).message_new(msg, custom_values=values)
        email = ticket.partner_id.email or tools.email_normalize(
            msg.get("email_from") or ""
        )
        if email and email != ticket.partner_email:
            ticket.partner_email = email
        if ticket.stekas_intake_complete:
            ticket.stekas_intake_reply_pending = False
        return ticket

    def message_update(self, msg, update_vals=None):
        self = self.with_context(stekas_gateway_followers=True)
        author = self.env["res.partner"].browse(msg.get("author_id"))
        for ticket in self.filtered(lambda t: not t.stekas_intake_complete):
            if not ticket._is_trusted_author(author):
                continue
            found = intake.parse_reply(tools.html2plaintext(msg.get("body") or ""))
            # Reply again only when the e-mail brought something: an
            # auto-responder must not start a ping-pong of automatic replies.
            if ticket._apply_intake_values(found) and not ticket.stekas_intake_complete:
                ticket.stekas_intake_reply_pending = True
        return super().message_update(msg, update_vals=update_vals)

    def _is_trusted_author(self, author):
        """A known sender of the ticket's own company, or STEKAS staff."""
        self.ensure_one()
        if not author:
            return False
        if any(not user.share for user in author.user_ids):
            return True
        return bool(self.partner_id) and (
            author.commercial_partner_id == self.commercial_partner_id
        )

    def _is_allowed_follower(self, partner):
        self.ensure_one()
        if any(not user.share for user in partner.user_ids):
            return True
        return bool(self.commercial_partner_id) and (
            partner.commercial_partner_id == self.commercial_partner_id
        )

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Through the mail gateway, only the client's own company and STEKAS
        staff become followers: followers can read the ticket in the portal.
        This covers the Cc of new e-mails and the author of replies, known or
        forged."""
        context = self.env.context
        if not (
            partner_ids
            and (context.get("stekas_gateway_followers") or context.get("from_alias"))
        ):
            return super()._message_subscribe(
                partner_ids=partner_ids,
                subtype_ids=subtype_ids,
                customer_ids=customer_ids,
            )
        partners = self.env["res.partner"].browse(partner_ids)
        for ticket in self:
            allowed = partners.filtered(ticket._is_allowed_follower)
            if allowed:
                super(HelpdeskTicket, ticket)._message_subscribe(
                    partner_ids=allowed.ids,
                    subtype_ids=subtype_ids,
                    customer_ids=customer_ids,
                )
        return True

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if msg_vals.get("message_type") == "email":
            pending = self.filtered("stekas_intake_reply_pending")
            if pending:
                pending.stekas_intake_reply_pending = False
                pending._send_intake_reply()
        return res

    # ------------------------------------------------------------------
    # Urgent routing (R-CON-2)
    # ------------------------------------------------------------------

    def _get_urgent_candidates(self):
        """Consultants of the ticket's team who can take an urgent call now."""
        self.ensure_one()
        consultant_group = self.env.ref(
            "stekas_helpdesk.stekas_helpdesk_group_consultant"
        )
        return self.team_id.user_ids.filtered(
            lambda u: u.stekas_on_duty
            and not u.share
            and u.active
            and consultant_group in u.groups_id
        )

    def _route_urgent(self):
        tickets = self.filtered(
            lambda t: t.stekas_is_urgent and not t.user_id and not t.stage_id.closed
        )
        if not tickets:
            return
        candidates = self.env["res.users"].union(
            *(ticket._get_urgent_candidates() for ticket in tickets)
        )
        load = Counter(
            {
                user.id: count
                for user, count in self._read_group(
                    [
                        ("stekas_is_urgent", "=", True),
                        ("stage_id.closed", "=", False),
                        ("user_id", "in", candidates.ids),
                    ],
                    ["user_id"],
                    ["__count"],
                )
            }
        )
        template = self.env.ref("stekas_helpdesk.mail_template_urgent_assigned")
        for ticket in tickets:
            if not ticket.stekas_intake_complete:
                ticket._alert_dispatchers(
                    self.env._(
                        "Urgent ticket %(ticket)s cannot be routed: its intake is "
                        "incomplete. Missing: %(items)s.",
                        ticket=ticket.display_name,
                        items=ticket.stekas_intake_missing_text,
                    )
                )
                continue
            available = ticket._get_urgent_candidates()
            if not available:
                ticket._alert_dispatchers(
                    self.env._(
                        "Urgent ticket %(ticket)s: no consultant of team %(team)s is "
                        "on duty. Please assign it by hand.",
                        ticket=ticket.display_name,
                        team=ticket.team_id.display_name or "-",
                    )
                )
                continue
            consultant = min(available, key=lambda u: (load[u.id], u.id))
            load[consultant.id] += 1
            ticket.user_id = consultant
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=consultant.id,
                summary=self.env._("Urgent: contact the client now"),
                note=self.env._(
                    "Call %(name)s at %(phone)s.",
                    name=ticket.partner_name or ticket.partner_email or "-",
                    phone=ticket.stekas_intake_phone or "-",
                ),
            )
            template.send_mail(
                ticket.id, email_layout_xmlid="mail.mail_notification_light"
            )

    def _get_dispatchers(self):
        """The dispatchers to alert: those of the ticket's team, else all;
        managers only when there is no plain dispatcher."""
        self.ensure_one()
        group = self.env.ref("stekas_helpdesk.stekas_helpdesk_group_dispatcher")
        manager = self.env.ref("stekas_helpdesk.stekas_helpdesk_group_manager")
        root = self.env.ref("base.user_root")
        for users in (self.team_id.user_ids, group.users):
            users = (
                users.filtered(
                    lambda u: group in u.groups_id and u.active and not u.share
                )
                - root
            )
            plain = users.filtered(lambda u: manager not in u.groups_id)
            if plain or users:
                return plain or users
        return self.env["res.users"]

    def _alert_dispatchers(self, message):
        self.ensure_one()
        for user in self._get_dispatchers():
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Urgent ticket needs a consultant"),
                note=message,
            )
        self.message_post(body=message, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_reassignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stekas_helpdesk.stekas_reassignment_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_request_reassignment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request another consultant"),
            "res_model": "stekas.reassignment",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }
