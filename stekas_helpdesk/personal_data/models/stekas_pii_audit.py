# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models

from ...lib import personal_data


class StekasPiiAudit(models.Model):
    """What the personal-data guard found and did (R-PII-4). Never the data:
    kinds, counts, the file's hash, when, from whom, and what was done."""

    _name = "stekas.pii.audit"
    _description = "Personal data guard audit"
    _order = "create_date desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", index=True, ondelete="set null", readonly=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner", string="From", readonly=True, ondelete="set null"
    )
    source = fields.Selection(
        [
            ("mail", "E-mail"),
            ("portal", "Customer portal"),
            ("backoffice", "Back office"),
            ("retention", "Retention period"),
        ],
        required=True,
        readonly=True,
    )
    content_type = fields.Selection(
        [("attachment", "Attachment"), ("body", "Message text")],
        required=True,
        readonly=True,
    )
    checksum = fields.Char(string="File hash (SHA-1)", readonly=True, index=True)
    file_size = fields.Integer(readonly=True)
    mimetype = fields.Char(readonly=True)
    status = fields.Selection(
        [
            (personal_data.STATUS_CERTAIN, "Personal data"),
            (personal_data.STATUS_SUSPECT, "Suspected personal data"),
            (personal_data.STATUS_CANNOT_VERIFY, "Cannot verify"),
            (personal_data.STATUS_CLEAN, "No personal data"),
        ],
        required=True,
        readonly=True,
    )
    action = fields.Selection(
        [
            ("destroyed", "Destroyed"),
            ("quarantined", "Quarantined"),
            ("kept", "Kept as personal data"),
            ("released", "Released by the dispatcher"),
            ("expired", "Destroyed after the retention period"),
        ],
        required=True,
        readonly=True,
    )
    kinds = fields.Char(string="Kinds found", readonly=True)
    counts = fields.Text(readonly=True, help="Counts per kind and level, as JSON.")
    reasons = fields.Char(string="Why it could not be verified", readonly=True)
    copies_destroyed = fields.Integer(
        readonly=True, help="Other copies of the same file destroyed with it."
    )
    client_notified = fields.Boolean(readonly=True)

    @api.model
    def _prepare_vals_from_report(self, report):
        """Values describing a detector report, without any detected value."""
        return {
            "status": report.status,
            "kinds": ", ".join(report.kinds()),
            "counts": json.dumps(report.counts(), sort_keys=True),
            "reasons": ", ".join(sorted({reason for _p, reason in report.unreadable})),
        }
