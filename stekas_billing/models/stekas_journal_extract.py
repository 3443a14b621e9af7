# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StekasJournalExtract(models.Model):
    """The statement of services (R-BIL-6) is a sent document like the
    journal extract: the same opt-in, recipients and record, sent once per
    client and period by the billing run."""

    _inherit = "stekas.journal.extract"

    kind = fields.Selection(
        selection_add=[("statement", "Statement of services")],
        ondelete={"statement": "cascade"},
    )
    requested_by = fields.Selection(
        selection_add=[("billing", "Billing run")],
        ondelete={"billing": "set default"},
    )

    def _get_mail_template(self):
        if self[:1].kind == "statement":
            return self.env.ref("stekas_billing.mail_template_statement")
        return super()._get_mail_template()

    def _send_mail(self, template, attachment):
        if self.kind != "statement":
            return super()._send_mail(template, attachment)
        # The statement's template is the client's (res.partner) and reads the
        # period from the context. sudo: as for the extract, the document is
        # the system's.
        return (
            template.sudo()
            .with_context(
                stekas_date_from=fields.Date.to_string(self.date_from),
                stekas_date_to=fields.Date.to_string(self.date_to),
            )
            .send_mail(
                self.partner_id.id,
                email_values={"attachment_ids": [attachment.id]},
            )
        )

    def _render_extract_file(self, partner, date_from, date_to, lines, kind="extract"):
        name, data = super()._render_extract_file(
            partner, date_from, date_to, lines, kind=kind
        )
        if kind == "statement":
            _ = self.with_context(lang=partner._stekas_get_mail_lang()).env._
            name = _(
                "statement_of_services_%(start)s_%(end)s.xlsx",
                start=date_from,
                end=date_to,
            )
        return name, data
