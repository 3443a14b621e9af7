# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, plaintext2html

from ...lib import intake
from ..models.helpdesk_ticket import CLIENT_CONTACT_TICKET_FIELDS


class StekasRegisterCall(models.TransientModel):
    """One screen for the dispatcher to register a phone call (R-INT-1, R-INT-2).

    It finds the contact (or its company) from what the caller says, or
    creates them, and registers the ticket with channel "phone".
    """

    _name = "stekas.register.call"
    _description = "Register a phone call"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Known contact",
        domain=[("is_company", "=", False)],
    )
    company_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Known company",
        domain=[("is_company", "=", True)],
    )
    service_mode = fields.Selection(
        related="company_partner_id.stekas_service_mode", string="Service mode"
    )
    company_name = fields.Char(string="Client company")
    firstname = fields.Char(string="First name")
    lastname = fields.Char(string="Last name")
    function = fields.Char(string="Job position")
    phone = fields.Char()
    email = fields.Char(string="E-mail")
    name = fields.Char(string="Purpose")
    description = fields.Text()
    is_serious = fields.Boolean(string="Serious problem / special wish")
    is_urgent = fields.Boolean(string="Urgent")
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Team",
        default=lambda self: self.env.user.helpdesk_team_ids[:1],
    )
    preferred_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Preferred consultant",
        domain=[("share", "=", False)],
    )
    received_date = fields.Datetime(string="Received", default=fields.Datetime.now)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id
        if not partner:
            return
        company = partner.commercial_partner_id
        self.company_partner_id = company if company.is_company else False
        self.company_name = company.name if company.is_company else self.company_name
        self.firstname = partner.firstname
        self.lastname = partner.lastname
        self.function = partner.function
        self.phone = partner.phone or partner.mobile
        self.email = partner.email

    @api.onchange("company_partner_id")
    def _onchange_company_partner_id(self):
        if self.company_partner_id:
            self.company_name = self.company_partner_id.name

    @api.onchange("email", "phone")
    def _onchange_find_contact(self):
        if self.partner_id:
            return
        domain = self._get_contact_domain()
        if domain:
            contact = self.env["res.partner"].search(domain, limit=1)
            if contact:
                self.partner_id = contact
                self._onchange_partner_id()

    def _get_contact_domain(self):
        email = email_normalize(self.email or "")
        if email:
            return [("is_company", "=", False), ("email_normalized", "=", email)]
        digits = "".join(ch for ch in (self.phone or "") if ch.isdigit())
        if len(digits) >= 6:
            return [("is_company", "=", False), ("phone_sanitized", "like", digits)]
        return []

    def _find_or_create_company(self):
        if self.company_partner_id:
            return self.company_partner_id
        name = (self.company_name or "").strip()
        if not name:
            return self.env["res.partner"]
        Partner = self.env["res.partner"]
        return Partner.search(
            [("is_company", "=", True), ("name", "=ilike", name)], limit=1
        ) or Partner.create({"name": name, "is_company": True})

    def _prepare_contact_vals(self, company):
        vals = {
            "firstname": self.firstname,
            "lastname": self.lastname,
            "function": self.function,
            "phone": self.phone,
            "email": self.email,
        }
        vals = {key: value for key, value in vals.items() if value}
        if company:
            vals["parent_id"] = company.id
        return vals

    def _find_or_create_contact(self, company):
        vals = self._prepare_contact_vals(company)
        contact = self.partner_id
        if not contact and (self.firstname or self.lastname):
            domain = self._get_contact_domain()
            contact = domain and self.env["res.partner"].search(domain, limit=1)
        if contact:
            # The dispatcher has just confirmed the data with the caller.
            parent_id = vals.pop("parent_id", False)
            changes = {k: v for k, v in vals.items() if contact[k] != v}
            if parent_id and not contact.parent_id:
                changes["parent_id"] = parent_id
            if changes:
                contact.write(changes)
            return contact
        if not (self.firstname or self.lastname):
            return company
        return self.env["res.partner"].create(vals)

    def _prepare_ticket_vals(self, contact):
        vals = {
            "partner_id": contact.id,
            "stekas_intake_company_name": self.company_name,
            "stekas_intake_firstname": self.firstname,
            "stekas_intake_lastname": self.lastname,
            "stekas_intake_function": self.function,
            "stekas_intake_phone": self.phone,
            "partner_email": self.email,
            "partner_name": contact.name,
            # Never the registering dispatcher by default: assignment is a
            # separate step (or urgent routing, R-CON-2).
            "user_id": False,
            "name": self.name.strip(),
            "description": plaintext2html(self.description or ""),
            "stekas_is_serious": self.is_serious,
            "stekas_is_urgent": self.is_urgent,
            "team_id": self.team_id.id,
            "stekas_preferred_user_id": self.preferred_user_id.id,
            "stekas_received_date": self.received_date or fields.Datetime.now(),
            "channel_id": self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_phone"
            ).id,
        }
        if contact.commercial_partner_id.stekas_service_mode == intake.MODE_A:
            # A mode-A caller gives only the purpose (R-INT-2): what the
            # dispatcher left empty comes from the client's records.
            vals = {
                key: value
                for key, value in vals.items()
                if value or key not in CLIENT_CONTACT_TICKET_FIELDS
            }
            # given with the name, the e-mail is not computed from the contact
            vals.setdefault("partner_email", contact.email)
        return vals

    def action_register(self):
        self.ensure_one()
        if not (self.name or "").strip():
            raise UserError(
                self.env._("State the short purpose of the call: it is the title.")
            )
        company = self._find_or_create_company()
        contact = self._find_or_create_contact(company)
        ticket = self.env["helpdesk.ticket"].create(self._prepare_ticket_vals(contact))
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "target": "current",
        }
