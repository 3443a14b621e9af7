# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..lib import quota


class StekasSupportContractPeriod(models.Model):
    """The figures of one period of a support contract (R-BIL-1): free hours,
    used, remaining, overage and paid time, kept by the journal entries."""

    _name = "stekas.support.contract.period"
    _description = "Support contract period"
    _order = "date_start desc, id desc"
    _rec_name = "date_start"

    contract_id = fields.Many2one(
        "stekas.support.contract", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    date_start = fields.Date(string="Start date", required=True, readonly=True)
    date_end = fields.Date(string="End date", required=True, readonly=True)
    free_minutes = fields.Integer(readonly=True, help="Free minutes of the period.")
    used_minutes = fields.Integer(
        readonly=True, help="Free minutes consumed by quota-type entries."
    )
    overage_minutes = fields.Integer(
        readonly=True, help="Quota-type minutes beyond the free hours (paid)."
    )
    paid_minutes = fields.Integer(
        readonly=True, help="Minutes of paid work types (always billed)."
    )
    free_type_minutes = fields.Integer(
        readonly=True, help="Minutes of free work types (never billed)."
    )
    last_work_date = fields.Date(
        string="Latest work date",
        readonly=True,
        help="Work date of the period's latest entry: an entry logged on or "
        "after it is allocated without re-reading the period.",
    )
    alerts_sent = fields.Char(
        readonly=True, help="Alert thresholds already sent for this period."
    )
    free_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    used_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    remaining_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    overage_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    paid_hours = fields.Float(compute="_compute_hours", digits=(16, 2))
    billable_hours = fields.Float(
        compute="_compute_hours",
        digits=(16, 2),
        help="Overage and paid time: what the client pays for this period.",
    )
    is_current = fields.Boolean(compute="_compute_is_current")

    _sql_constraints = [
        (
            "contract_start_uniq",
            "unique(contract_id, date_start)",
            "A contract has one record per period.",
        )
    ]

    @api.depends("free_minutes", "used_minutes", "overage_minutes", "paid_minutes")
    def _compute_hours(self):
        for period in self:
            period.free_hours = period.free_minutes / 60.0
            period.used_hours = period.used_minutes / 60.0
            period.remaining_hours = (
                max(0, period.free_minutes - period.used_minutes) / 60.0
            )
            period.overage_hours = period.overage_minutes / 60.0
            period.paid_hours = period.paid_minutes / 60.0
            period.billable_hours = (
                period.overage_minutes + period.paid_minutes
            ) / 60.0

    def _compute_is_current(self):
        today = self.env["stekas.support.contract"]._stekas_today()
        for period in self:
            period.is_current = period.date_start <= today <= period.date_end

    @api.depends("contract_id", "date_start", "date_end")
    def _compute_display_name(self):
        for period in self:
            period.display_name = (
                f"{period.contract_id.name or ''} {period.date_start or ''}"
                f" – {period.date_end or ''}"
            ).strip()

    def _get_alert_thresholds(self):
        self.ensure_one()
        return quota.parse_thresholds(self.contract_id.alert_thresholds)

    def _stekas_send_alerts(self):
        """Alert once per threshold and period (R-BIL-1): an activity for the
        client's consultant and, when the client opted in, an e-mail."""
        template = None
        for period in self:
            sent = set(quota.parse_thresholds(period.alerts_sent))
            reached = quota.reached_thresholds(
                period.used_minutes, period.free_minutes, period._get_alert_thresholds()
            )
            new = [threshold for threshold in reached if threshold not in sent]
            if not new:
                continue
            period.alerts_sent = ", ".join(str(t) for t in sorted(sent | set(new)))
            threshold = max(new)
            period._stekas_notify_consultant(threshold)
            if template is None:
                template = self.env.ref(
                    "stekas_billing.mail_template_quota_alert",
                    raise_if_not_found=False,
                )
            if period.contract_id.alert_email_opt_in and template:
                template.with_context(stekas_threshold=threshold).send_mail(period.id)

    def _stekas_notify_consultant(self, threshold):
        self.ensure_one()
        contract = self.contract_id
        contract.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(contract.consultant_id or self.env.user).id,
            summary=self.env._(
                "%(client)s used %(threshold)s%% of its free hours",
                client=contract.partner_id.display_name,
                threshold=threshold,
            ),
            note=self.env._(
                "Period %(start)s – %(end)s: %(used)s of %(free)s free hours used, "
                "%(overage)s hours beyond them.",
                start=self.date_start,
                end=self.date_end,
                used=quota.format_hours_minutes(self.used_minutes),
                free=quota.format_hours_minutes(self.free_minutes),
                overage=quota.format_hours_minutes(self.overage_minutes),
            ),
        )
