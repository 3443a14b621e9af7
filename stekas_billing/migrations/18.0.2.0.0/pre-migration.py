# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One naming rule (ARCHITECTURE.md): XML ids follow Odoo's guideline."""

from odoo.addons.stekas_helpdesk.migrations.rename import rename_xmlids

MODULE = "stekas_billing"

XMLIDS = [
    ("mail_template_stekas_prepayment_invoice", "mail_template_prepayment_invoice"),
    ("mail_template_stekas_quota_alert", "mail_template_quota_alert"),
    ("mail_template_stekas_statement", "mail_template_statement"),
    ("ir_cron_stekas_billing_run", "ir_cron_billing_run"),
    ("ir_cron_stekas_expire_contracts", "ir_cron_expire_contracts"),
]


def migrate(cr, version):
    if not version:
        return
    rename_xmlids(cr, MODULE, XMLIDS)
