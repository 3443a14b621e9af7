# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One opt-in (R-HIS-2 rev. 2): the statement opt-in becomes the extract
opt-in. After the update, when stekas_helpdesk's extract columns exist; the
old columns are left by Odoo (the fields are no longer stored)."""

from odoo.addons.stekas_billing.migrations.optin import migrate_statement_optins


def migrate(cr, version):
    if not version:
        return
    migrate_statement_optins(cr)
