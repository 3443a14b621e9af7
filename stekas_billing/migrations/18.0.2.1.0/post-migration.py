# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One opt-in (R-HIS-2 rev. 2): the statement opt-in becomes the extract
opt-in. After the update, when stekas_helpdesk's extract columns exist; the
old columns are left by Odoo (the fields are no longer stored).

The statement template is `noupdate`: a database made before the journal's
fields took the `stekas_` prefix keeps a body that names the old field, which
the statement now sent to every opted-in client would fail to render."""

from odoo.tools import SQL

from odoo.addons.stekas_billing.migrations.optin import migrate_statement_optins

RENAMED_IN_STATEMENT = {"entry.billed_hours": "entry.stekas_billed_hours"}


def rename_statement_fields(cr):
    for old, new in RENAMED_IN_STATEMENT.items():
        cr.execute(
            SQL(
                """
                UPDATE mail_template t
                   SET body_html = (
                       SELECT jsonb_object_agg(lang, replace(body, %(old)s, %(new)s))
                         FROM jsonb_each_text(t.body_html) AS b(lang, body)
                   )
                  FROM ir_model_data d
                 WHERE d.model = 'mail.template'
                   AND d.module = 'stekas_billing'
                   AND d.name = 'mail_template_statement'
                   AND d.res_id = t.id
                   AND t.body_html::text LIKE %(pattern)s
                """,
                old=old,
                new=new,
                pattern=f"%{old}%",
            )
        )


def migrate(cr, version):
    if not version:
        return
    migrate_statement_optins(cr)
    rename_statement_fields(cr)
