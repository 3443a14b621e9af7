# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One opt-in for the journal extract and the statement of services (R-HIS-2
rev. 2, R-BIL-6): the old statement opt-in becomes the extract opt-in."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

# The statement template's recipients before the one opt-in; a template a
# user edited is left as it is (the old field still answers, not stored).
OLD_STATEMENT_PARTNER_TO = "{{ (object.stekas_statement_partner_id or object).id }}"
NEW_STATEMENT_PARTNER_TO = (
    "{{ ','.join(str(pid) for pid in object.stekas_extract_recipient_ids.ids)"
    " or object.id }}"
)


def migrate_statement_optins(cr):
    """Every client that had the statement opt-in gets the extract opt-in
    (on its company, where it was set on a contact) and the statement's
    recipient among the extract recipients: its contact, else itself, if it
    has an e-mail address. Nothing to do where the old column is absent (a
    database that never had it, or already migrated)."""
    if not column_exists(cr, "res_partner", "stekas_statement_opt_in"):
        return 0
    if column_exists(cr, "res_partner", "stekas_statement_partner_id"):
        recipient = SQL("COALESCE(old.stekas_statement_partner_id, old.id)")
    else:
        recipient = SQL("old.id")
    cr.execute(
        SQL(
            """
            UPDATE res_partner client
               SET stekas_extract_optin = TRUE,
                   stekas_extract_frequency
                       = COALESCE(client.stekas_extract_frequency, 'monthly')
              FROM res_partner old
             WHERE old.stekas_statement_opt_in
               AND client.id = COALESCE(old.commercial_partner_id, old.id)
            """
        )
    )
    count = cr.rowcount
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner_stekas_extract_recipient_rel
                        (partner_id, recipient_id)
            SELECT DISTINCT COALESCE(old.commercial_partner_id, old.id), recipient.id
              FROM res_partner old
              JOIN res_partner recipient ON recipient.id = %s
             WHERE old.stekas_statement_opt_in
               AND COALESCE(recipient.email, '') != ''
            ON CONFLICT DO NOTHING
            """,
            recipient,
        )
    )
    # Done once: the old opt-in no longer says anything.
    cr.execute(SQL("UPDATE res_partner SET stekas_statement_opt_in = FALSE"))
    cr.execute(
        SQL(
            """
            UPDATE mail_template
               SET partner_to = %s
             WHERE id IN (
                   SELECT res_id FROM ir_model_data
                    WHERE module = 'stekas_billing'
                      AND name = 'mail_template_statement'
                      AND model = 'mail.template')
               AND partner_to = %s
            """,
            NEW_STATEMENT_PARTNER_TO,
            OLD_STATEMENT_PARTNER_TO,
        )
    )
    return count
