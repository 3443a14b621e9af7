# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Renames for migration scripts: models, fields and XML ids keep their
records and data when their names change. Run them before the new registry
loads (pre-migration), so that Odoo finds what it knows under the new name
instead of creating it empty and dropping the old."""

from odoo.tools import SQL

# Columns that point at a model by its name.
MODEL_NAME_COLUMNS = [
    ("ir_model", "model"),
    ("ir_model_fields", "model"),
    ("ir_model_fields", "relation"),
    ("ir_model_data", "model"),
    ("ir_ui_view", "model"),
    ("ir_act_window", "res_model"),
    ("ir_act_server", "model_name"),
    ("ir_attachment", "res_model"),
    ("mail_message", "model"),
    ("mail_followers", "res_model"),
    ("mail_activity", "res_model"),
    ("mail_activity_type", "res_model"),
    ("ir_filters", "model_id"),
]
FIELD_XMLID_FILTER = (
    " WHERE module = %s AND name ~ %s"
    " AND model IN ('ir.model.fields', 'ir.model.fields.selection')"
)


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def _table_exists(cr, table):
    cr.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'r'", [table])
    return bool(cr.fetchone())


def _replace_field_xmlids(cr, module, pattern, replacement):
    cr.execute(
        "UPDATE ir_model_data SET name = regexp_replace(name, %s, %s)"
        + FIELD_XMLID_FILTER,
        (pattern, replacement, module, pattern),
    )


def rename_xmlids(cr, module, pairs):
    """Rename XML ids of `module`: (old_name, new_name) pairs."""
    for old, new in pairs:
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE module = %s AND name = %s"
            " AND NOT EXISTS"
            " (SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s)",
            (new, module, old, module, new),
        )


def rename_xmlid_prefix(cr, module, old, new):
    """Rename every XML id of `module` that starts with `old`."""
    cr.execute(
        "UPDATE ir_model_data SET name = %s || substr(name, %s)"
        " WHERE module = %s AND name LIKE %s",
        (new, len(old) + 1, module, old.replace("_", r"\_") + "%"),
    )


def rename_model(cr, module, old, new):
    """Rename a model with its table, the references to it and its XML ids."""
    old_table, new_table = old.replace(".", "_"), new.replace(".", "_")
    if _table_exists(cr, old_table) and not _table_exists(cr, new_table):
        cr.execute(
            SQL(
                "ALTER TABLE %s RENAME TO %s",
                SQL.identifier(old_table),
                SQL.identifier(new_table),
            )
        )
        cr.execute(
            SQL(
                "ALTER SEQUENCE IF EXISTS %s RENAME TO %s",
                SQL.identifier(f"{old_table}_id_seq"),
                SQL.identifier(f"{new_table}_id_seq"),
            )
        )
    for table, column in MODEL_NAME_COLUMNS:
        if _table_exists(cr, table) and _column_exists(cr, table, column):
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    new,
                    SQL.identifier(column),
                    old,
                )
            )
    rename_xmlids(cr, module, [(f"model_{old_table}", f"model_{new_table}")])
    _replace_field_xmlids(
        cr,
        module,
        f"^(field|selection)_{old_table}__",
        f"\\1_{new_table}__",
    )


def rename_fields(cr, module, model, pairs):
    """Rename fields that `module` adds to `model`: (old, new) pairs. The
    column, the field's record and its XML ids follow."""
    table = model.replace(".", "_")
    for old, new in pairs:
        if _column_exists(cr, table, old) and not _column_exists(cr, table, new):
            cr.execute(
                SQL(
                    "ALTER TABLE %s RENAME COLUMN %s TO %s",
                    SQL.identifier(table),
                    SQL.identifier(old),
                    SQL.identifier(new),
                )
            )
        cr.execute(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
            (new, model, old),
        )
        cr.execute(
            "UPDATE ir_model_fields SET relation_field = %s"
            " WHERE relation = %s AND relation_field = %s",
            (new, model, old),
        )
        _replace_field_xmlids(
            cr,
            module,
            f"^(field|selection)_{table}__{old}(__|$)",
            f"\\1_{table}__{new}\\2",
        )


def reset_inheriting_views(cr, module):
    """Empty the arch of the views of `module` that extend other views. The
    update loads them again from their files; until it reaches each one, its
    old arch (naming fields by their old names) would otherwise be combined
    with the views it extends and fail their validation."""
    cr.execute(
        "UPDATE ir_ui_view SET arch_db = jsonb_build_object('en_US', '<data/>')"
        " WHERE inherit_id IS NOT NULL AND id IN (SELECT res_id FROM ir_model_data"
        " WHERE module = %s AND model = 'ir.ui.view')",
        [module],
    )


def rename_template_fields(cr, module, model, pairs):
    """Follow field renames of `model` in the mail templates of `module` on that
    model (`object.<field>` in every language of subject and body), which an
    update does not reload where they are noupdate."""
    for old, new in pairs:
        for column in ("subject", "body_html"):
            cr.execute(
                SQL(
                    "UPDATE mail_template"
                    " SET %s = regexp_replace(%s::text, %s, %s, 'g')::jsonb"
                    " WHERE model = %s AND id IN (SELECT res_id FROM ir_model_data"
                    " WHERE module = %s AND model = 'mail.template')",
                    SQL.identifier(column),
                    SQL.identifier(column),
                    rf"object\.{old}\M",
                    f"object.{new}",
                    model,
                    module,
                )
            )
