# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import logging
import secrets
from datetime import datetime, timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL, consteq

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.utils import must_run_without_delay

from ...lib import contact_zone, html_text, intake

_logger = logging.getLogger(__name__)

# How long the automatic reply waits for other work on its ticket (the scans of
# the client's files, `_stekas_intake_reply_must_wait`), and how often it looks.
INTAKE_REPLY_MAX_WAIT = timedelta(minutes=10)
INTAKE_REPLY_RETRY_SECONDS = 5

# The ticket's intake fields that complete the contact's empty fields (R-INT-2).
CONTACT_FIELD_OF_INTAKE_FIELD = {
    "stekas_intake_firstname": "firstname",
    "stekas_intake_lastname": "lastname",
    "stekas_intake_function": "function",
    "stekas_intake_phone": "phone",
    "partner_email": "email",
}
# The ticket's contact fields a channel (the portal form, the call wizard) fills
# in; a mode-A client's ticket takes the empty ones from the client's records.
CLIENT_CONTACT_TICKET_FIELDS = (
    "partner_email",
    "stekas_intake_company_name",
    "stekas_intake_firstname",
    "stekas_intake_lastname",
    "stekas_intake_function",
    "stekas_intake_phone",
)


# Intake and registration (R-INT-1..5), a room of its own beside routing and
# the personal-data guard: each file can be read whole.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # --- intake data (R-INT-2), copied from the contact at registration so that
    # the journal shows them as they were; editable on the ticket.
    stekas_intake_company_name = fields.Char(
        string="Client company",
        compute="_compute_stekas_intake_contact",
        store=True,
        readonly=False,
        tracking=True,
    )
    stekas_intake_firstname = fields.Char(
        string="Contact first name",
        compute="_compute_stekas_intake_contact",
        store=True,
        readonly=False,
    )
    stekas_intake_lastname = fields.Char(
        string="Contact last name",
        compute="_compute_stekas_intake_contact",
        store=True,
        readonly=False,
    )
    stekas_intake_function = fields.Char(
        string="Contact job position",
        compute="_compute_stekas_intake_contact",
        store=True,
        readonly=False,
    )
    stekas_intake_phone = fields.Char(
        string="Contact phone",
        compute="_compute_stekas_intake_contact",
        store=True,
        readonly=False,
    )
    partner_email = fields.Char(
        compute="_compute_stekas_partner_contact", store=True, readonly=False
    )
    partner_name = fields.Char(
        compute="_compute_stekas_partner_contact", store=True, readonly=False
    )
    stekas_is_serious = fields.Boolean(
        string="Serious problem / special wish",
        tracking=True,
        help="A serious problem or special wish must be described in detail in "
        "writing (R-INT-3): the description then needs at least "
        f"{intake.DETAILED_DESCRIPTION_MIN_CHARS} characters.",
    )
    stekas_service_mode = fields.Selection(
        related="commercial_partner_id.stekas_service_mode",
        string="Service mode",
        help="The client's service mode: what its requests must carry (R-INT-2) "
        "and who takes them (R-ASG-3). A sender of no known client is served "
        "through the administrator.",
    )
    # --- completeness (R-INT-4)
    stekas_intake_missing_codes = fields.Char(
        string="Intake Missing Codes",
        compute="_compute_stekas_intake_missing",
        store=True,
        help="Technical: codes of the missing intake items.",
    )
    stekas_intake_complete = fields.Boolean(
        compute="_compute_stekas_intake_missing",
        store=True,
        string="Intake complete",
    )
    stekas_intake_missing_text = fields.Char(
        compute="_compute_stekas_intake_missing_text", string="Missing intake data"
    )
    stekas_intake_reply_pending = fields.Boolean(
        string="Intake Reply Pending",
        copy=False,
        help="Technical: an incoming e-mail left the intake incomplete; the "
        "automatic reply is sent once the e-mail is posted.",
    )
    stekas_intake_token = fields.Char(
        string="Intake Token",
        copy=False,
        groups="base.group_user",
        help="Technical: the key of the intake link sent to the client, valid "
        "until the intake is complete; not the ticket's access token.",
    )
    # --- registration (R-INT-1)
    stekas_received_date = fields.Datetime(
        string="Received",
        default=fields.Datetime.now,
        required=True,
        copy=False,
        tracking=True,
    )
    stekas_registered_mail_sent = fields.Boolean(
        string="Registration Mail Sent",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Technical: the client was told the registration number (R-INT-5).",
    )
    stekas_registered_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Registered by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )

    @api.depends("partner_id")
    def _compute_stekas_intake_contact(self):
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
    def _compute_stekas_partner_contact(self):
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
        "commercial_partner_id.stekas_service_mode",
    )
    def _compute_stekas_intake_missing(self):
        for ticket in self:
            codes = intake.missing_items(
                ticket._stekas_get_intake_data(),
                serious=ticket.stekas_is_serious,
                mode=ticket._stekas_get_service_mode(),
            )
            ticket.stekas_intake_missing_codes = ",".join(codes)
            ticket.stekas_intake_complete = not codes

    @api.depends("stekas_intake_missing_codes", "stekas_is_serious")
    @api.depends_context("lang")
    def _compute_stekas_intake_missing_text(self):
        for ticket in self:
            ticket.stekas_intake_missing_text = ", ".join(
                ticket._stekas_get_intake_missing_labels()
            )

    # ------------------------------------------------------------------
    # Intake (R-INT-2..4)
    # ------------------------------------------------------------------

    def _stekas_get_default_intake_channel(self):
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

    def _stekas_get_service_mode(self):
        """The service mode the ticket's intake follows (R-INT-2): its
        client's, mode B for a sender of no known client."""
        self.ensure_one()
        # sudo: the mode is the client's configuration, read for any channel
        return self.sudo().commercial_partner_id.stekas_service_mode or intake.MODE_B

    def _stekas_get_intake_data(self):
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

    def _stekas_get_intake_item_labels(self):
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

    def _stekas_get_intake_missing_labels(self):
        self.ensure_one()
        labels = self._stekas_get_intake_item_labels()
        codes = [c for c in (self.stekas_intake_missing_codes or "").split(",") if c]
        return [labels[code] for code in codes]

    # ------------------------------------------------------------------
    # The intake as a reason not to work on a ticket (R-INT-4)
    # ------------------------------------------------------------------

    def _stekas_get_work_blockers(self, action):
        blockers = super()._stekas_get_work_blockers(action)
        for ticket in self.filtered(lambda t: not t.stekas_intake_complete):
            blockers.setdefault(ticket, []).append(
                ticket._stekas_get_intake_blocker_message(action)
            )
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
        if action == "route":
            return _(
                "Urgent ticket %(ticket)s cannot be routed: its intake is "
                "incomplete. Missing: %(items)s.",
                **values,
            )
        return _(
            "Ticket %(ticket)s cannot be assigned: its intake is incomplete. "
            "Missing: %(items)s.",
            **values,
        )

    def _stekas_apply_intake_values(self, values, overwrite=False):
        """Fill intake items in from `values` (item code -> text).

        Without `overwrite` only the missing items are filled: what a client
        sends by e-mail or through a token link never replaces known data. The
        contact's own empty fields are completed as well.
        """
        self.ensure_one()
        field_of = self._stekas_get_intake_item_fields()
        current = self._stekas_get_intake_data()
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

    def _stekas_update_contact_from_intake(self):
        """Copy intake data to the empty fields of the ticket's contact."""
        for ticket in self:
            ticket._stekas_complete_contact(
                ticket.partner_id,
                {
                    pfield: ticket[tfield]
                    for tfield, pfield in CONTACT_FIELD_OF_INTAKE_FIELD.items()
                },
            )

    @api.model
    def _stekas_complete_contact(self, partner, values):
        """Write `values` (contact field -> value) to the empty fields of the
        person `partner`: intake data completes a contact, never overwrites it."""
        if not partner or partner.is_company:
            return
        partner_vals = {
            pfield: value
            for pfield, value in values.items()
            if value and not partner[pfield]
        }
        if partner_vals:
            partner.write(partner_vals)

    def _stekas_get_intake_item_fields(self):
        return {
            "company": "stekas_intake_company_name",
            "firstname": "stekas_intake_firstname",
            "lastname": "stekas_intake_lastname",
            "function": "stekas_intake_function",
            "phone": "stekas_intake_phone",
            "email": "partner_email",
            "purpose": "name",
        }

    def _stekas_send_intake_reply(self):
        """Tell the client what is missing, in their language (R-INT-4).

        The reply is the editable mail template ``mail_template_intake_
        incomplete``, posted to the client alone by the company
        (`_stekas_post_client_mail`).
        """
        tickets = self.filtered(lambda t: not t.stekas_intake_complete)
        if not tickets:
            return self.env["mail.message"]
        tickets._stekas_ensure_intake_token()
        return tickets._stekas_post_client_mail(
            "stekas_helpdesk.mail_template_intake_incomplete"
        )

    def _stekas_send_registered_mail(self):
        """Tell the client, once per ticket, that the request is registered
        under its number (R-INT-5): when it is created complete, or when the
        missing items are completed later."""
        # sudo: the mark is technical, the mail the company's
        tickets = self.sudo().filtered(
            lambda t: t.stekas_intake_complete
            and not t.stekas_registered_mail_sent
            and (t.partner_id or t.partner_email)
        )
        if not tickets:
            return self.env["mail.message"]
        # marked first: the posting must not send it a second time
        tickets.with_context(stekas_marking_notice=True).write(
            {"stekas_registered_mail_sent": True}
        )
        return tickets.sudo(False)._stekas_post_client_mail(
            "stekas_helpdesk.mail_template_registered"
        )

    def _notify_by_email_get_base_mail_values(self, message, additional_values=None):
        values = super()._notify_by_email_get_base_mail_values(
            message, additional_values=additional_values
        )
        if message.message_type == "auto_comment":
            # RFC 3834: the automatic reply says it is one, so that a client's
            # own automatic replies (out of office) do not answer it.
            headers = ast.literal_eval(values.get("headers") or "{}")
            headers["Auto-Submitted"] = "auto-replied"
            # ... and answers the client's mail, so that the client's mail
            # program shows it in that conversation (RFC 5322 3.6.4)
            answered = self._stekas_get_answered_message_id()
            if answered:
                headers["In-Reply-To"] = answered
                references = (values.get("references") or "").split()
                if answered not in references:
                    references.append(answered)
                values["references"] = " ".join(references)
            values["headers"] = repr(headers)
        return values

    def _stekas_get_answered_message_id(self):
        """The Message-Id of the client's mail an automatic mail answers: the
        mail being processed (the gateway names it in the context, before the
        ticket holds it), else the latest mail the ticket received."""
        self.ensure_one()
        answered = self.env.context.get("stekas_answered_message_id")
        if answered:
            return answered
        # sudo: the mail is sent whoever's action posts it
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "=", "email"),
                    ("message_id", "!=", False),
                ],
                order="id desc",
                limit=1,
            )
            .message_id
        )

    def _stekas_get_intake_portal_url(self):
        """The intake link of the automatic reply: its own token, not the
        ticket's access token, which opens the ticket for good."""
        self.ensure_one()
        self._stekas_ensure_intake_token()
        # sudo: the token is internal; the reply may be rendered for anyone
        token = self.sudo().stekas_intake_token
        return f"{self.get_base_url()}/my/ticket/{self.id}/intake?access_token={token}"

    def _stekas_ensure_intake_token(self):
        # sudo: the token field is internal; the automatic reply makes it
        tickets = self.sudo().filtered(
            lambda t: not t.stekas_intake_token and not t.stekas_intake_complete
        )
        for ticket in tickets:
            ticket.stekas_intake_token = secrets.token_urlsafe(32)

    def _stekas_check_intake_token(self, token):
        """Whether `token` opens this ticket's intake page: only its own
        intake token, and only while the intake is incomplete."""
        self.ensure_one()
        # sudo: the token field is internal
        ticket = self.sudo()
        return bool(
            token
            and ticket.stekas_intake_token
            and not ticket.stekas_intake_complete
            and consteq(ticket.stekas_intake_token, token)
        )

    def _stekas_expire_intake_token(self):
        """A complete intake needs no link: its token never opens it again."""
        # sudo: the token field is internal
        done = self.sudo().filtered(
            lambda t: t.stekas_intake_token and t.stekas_intake_complete
        )
        if done:
            done.stekas_intake_token = False

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
                stekas_gateway_followers=True,
                stekas_answered_message_id=msg.get("message_id"),
                stekas_brief_fields_get=True,
            ),
        ).message_new(msg, custom_values=values)
        ticket = ticket.with_context(stekas_brief_fields_get=False)
        email = ticket.partner_id.email or tools.email_normalize(
            msg.get("email_from") or ""
        )
        if email and email != ticket.partner_email:
            ticket.partner_email = email
        if not ticket.stekas_intake_complete:
            ticket._stekas_apply_signature_items_safely(msg)
        if ticket.stekas_intake_complete:
            ticket.stekas_intake_reply_pending = False
        return ticket

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        # Odoo's mail.thread.message_new describes every field of the model,
        # with every attribute translated, only to learn whether the name
        # field exists: on a ticket of some 120 fields a tenth of a mail's
        # processing. Asked so (nothing named) from the gateway's ticket
        # creation, each field is described by its type alone.
        if (
            allfields is None
            and attributes is None
            and self.env.context.get("stekas_brief_fields_get")
        ):
            attributes = ["type"]
        return super().fields_get(allfields=allfields, attributes=attributes)

    # The intake items a signature may fill: the e-mail is the sender's address.
    _STEKAS_SIGNATURE_ITEMS = ("company", "firstname", "lastname", "function", "phone")

    def _stekas_apply_signature_items_safely(self, msg):
        """The signature is a help, not a condition: whatever it holds, the
        mail is registered; the items it could not give are asked for by the
        intake reply. Only a signature that gives items costs a savepoint."""
        self.ensure_one()
        try:
            found = self._stekas_get_signature_items(msg)
            if found:
                with self.env.cr.savepoint():
                    self._stekas_apply_signature_items(found)
        except Exception:
            _logger.warning(
                "Could not read the sender's signature of ticket %s: the mail "
                "is registered without it.",
                self.id,
                exc_info=True,
            )

    def _stekas_get_signature_items(self, msg):
        """The missing intake items the sender's signature gives (R-INT-2):
        the position and phone an unknown sender signs with are not asked for
        again."""
        self.ensure_one()
        name, email = tools.parse_contact_from_email(msg.get("email_from") or "")
        items = contact_zone.split(
            html_text.rendered_text(str(msg.get("body") or "")), name, email
        ).items
        missing = (self.stekas_intake_missing_codes or "").split(",")
        return {
            code: items[code]
            for code in self._STEKAS_SIGNATURE_ITEMS
            if code in missing and items.get(code)
        }

    def _stekas_apply_signature_items(self, found):
        """Fill the intake items `found` in a signature; the dispatcher is told
        which items came from it, to check them."""
        self.ensure_one()
        if not self._stekas_apply_intake_values(found):
            return
        labels = self._stekas_get_intake_item_labels()
        self.message_post(
            body=self.env._(
                "Taken from the sender's e-mail signature, to be checked: %(items)s.",
                items=", ".join(labels[code] for code in found),
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    def message_update(self, msg, update_vals=None):
        self = self.with_context(stekas_gateway_followers=True)
        author = self.env["res.partner"].browse(msg.get("author_id"))
        for ticket in self.filtered(lambda t: not t.stekas_intake_complete):
            if not ticket._stekas_is_trusted_author(author):
                continue
            found = intake.parse_reply(tools.html2plaintext(msg.get("body") or ""))
            # Reply again only when the e-mail brought something: an
            # auto-responder must not start a ping-pong of automatic replies.
            if (
                ticket._stekas_apply_intake_values(found)
                and not ticket.stekas_intake_complete
            ):
                ticket.stekas_intake_reply_pending = True
        return super().message_update(msg, update_vals=update_vals)

    def _stekas_is_trusted_author(self, author):
        """A known sender of the ticket's own company, or STEKAS staff."""
        self.ensure_one()
        if not author:
            return False
        if any(not user.share for user in author.user_ids):
            return True
        return bool(self.partner_id) and (
            author.commercial_partner_id == self.commercial_partner_id
        )

    def _stekas_is_allowed_follower(self, partner):
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
            allowed = partners.filtered(ticket._stekas_is_allowed_follower)
            if allowed:
                super(HelpdeskTicket, ticket)._message_subscribe(
                    partner_ids=allowed.ids,
                    subtype_ids=subtype_ids,
                    customer_ids=customer_ids,
                )
        return True

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        # A later step of the same hook (the personal-data guard) may ask to
        # send the reply itself, once it is done.
        if msg_vals.get("message_type") == "email" and not self.env.context.get(
            "stekas_intake_reply_later"
        ):
            self._stekas_send_pending_intake_reply()
        return res

    def _stekas_send_pending_intake_reply(self):
        """Send the automatic reply of the tickets still waiting for it: by a
        job on ``root.stekas_mail`` (`_stekas_intake_reply_job`), queued in
        the mail's transaction, so that the mail fetch does not render and
        send it and a mail whose transaction rolls back is never answered; at
        once where jobs run at once (no runner: the context
        `queue_job__no_delay`, the variable `QUEUE_JOB__NO_DELAY`)."""
        pending = self.filtered("stekas_intake_reply_pending")
        if not pending:
            return
        if must_run_without_delay(self.env):
            pending.stekas_intake_reply_pending = False
            pending._stekas_send_intake_reply()
            return
        queued_at = fields.Datetime.to_string(fields.Datetime.now())
        for ticket in pending:
            ticket.with_delay(
                **ticket._stekas_prepare_intake_reply_job_options()
            )._stekas_intake_reply_job(
                ticket._stekas_get_answered_message_id(), queued_at
            )

    def _stekas_prepare_intake_reply_job_options(self):
        """The reply job's options: one waiting job per ticket (a second mail
        while it waits is answered by it, with the items then missing)."""
        self.ensure_one()
        return {
            "channel": "root.stekas_mail",
            "identity_key": f"stekas_intake_reply:{self.id}",
            "max_retries": 5,
            "description": self.env._("Automatic reply to a client's request"),
        }

    def _stekas_intake_reply_must_wait(self):
        """Whether the automatic reply waits for other work on this ticket
        (the personal-data room: the scans of the client's files)."""
        self.ensure_one()
        return False

    def _stekas_intake_reply_job(self, answered_message_id=False, queued_at=False):
        """The job sending the automatic reply (R-INT-4), once: the ticket's
        row is locked and its pending mark read again, so a job run twice, or
        two jobs at once, send one reply; none when the intake was completed
        in the meantime. While `_stekas_intake_reply_must_wait`, for at most
        `INTAKE_REPLY_MAX_WAIT` after it was queued, it is put off."""
        self.ensure_one()
        queued = fields.Datetime.to_datetime(queued_at) or datetime.min
        if (
            fields.Datetime.now() - queued < INTAKE_REPLY_MAX_WAIT
            and self._stekas_intake_reply_must_wait()
        ):
            raise RetryableJobError(
                "The ticket's files are still being scanned.",
                seconds=INTAKE_REPLY_RETRY_SECONDS,
                ignore_retry=True,
            )
        self.flush_recordset(["stekas_intake_reply_pending"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM helpdesk_ticket WHERE id = %s "
                "AND stekas_intake_reply_pending FOR UPDATE",
                self.id,
            )
        )
        if not self.env.cr.fetchone():
            return "Nothing to send: the reply was sent or is no longer due."
        self.invalidate_recordset(["stekas_intake_reply_pending"])
        self.stekas_intake_reply_pending = False
        ticket = self.with_context(
            stekas_answered_message_id=answered_message_id or False
        )
        messages = ticket._stekas_send_intake_reply()
        return f"{len(messages)} automatic reply sent."
