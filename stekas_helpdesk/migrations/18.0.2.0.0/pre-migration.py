# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One naming rule (ARCHITECTURE.md): own models are `stekas.*`, fields added
to other addons' models start with `stekas_`, XML ids follow Odoo's guideline."""

from odoo.addons.stekas_helpdesk.migrations.rename import (
    rename_fields,
    rename_model,
    rename_template_fields,
    rename_xmlid_prefix,
    rename_xmlids,
    reset_inheriting_views,
)

MODULE = "stekas_helpdesk"

MODELS = [
    ("helpdesk.ticket.reassignment.decision", "stekas.reassignment.decision"),
    ("helpdesk.ticket.reassignment", "stekas.reassignment"),
    ("helpdesk.ticket.register.call", "stekas.register.call"),
]

TICKET_FIELDS = [
    "intake_company_name",
    "intake_firstname",
    "intake_lastname",
    "intake_function",
    "intake_phone",
    "is_serious",
    "intake_missing_codes",
    "intake_complete",
    "intake_missing_text",
    "intake_reply_pending",
    "received_date",
    "registered_by_id",
    "preferred_user_id",
    "is_urgent",
    "specialist_ids",
    "reassignment_ids",
    "reassignment_pending_count",
    "pii_request_ids",
    "pii_lawful",
]
ENTRY_FIELDS = [
    ("consultation_channel", "stekas_consultation_channel"),
    ("billed_minutes", "stekas_billed_minutes"),
    ("billed_hours", "stekas_billed_hours"),
    ("actual_minutes", "stekas_actual_minutes"),
    ("journal_client_id", "stekas_client_id"),
    ("journal_request_date", "stekas_request_date"),
    ("journal_contact_name", "stekas_contact_name"),
    ("journal_contact_function", "stekas_contact_function"),
    ("journal_contact_phone", "stekas_contact_phone"),
    ("journal_contact_email", "stekas_contact_email"),
    ("journal_problem", "stekas_problem"),
]
ATTACHMENT_FIELDS = ["pii_state", "pii_ticket_id"]
PARTNER_FIELDS = [
    "pii_agreement_signed",
    "pii_agreement_date",
    "pii_agreement_valid_until",
    "pii_agreement_document",
    "pii_agreement_document_name",
    "pii_agreement_valid",
]
TRANSFER_REQUEST_FIELDS = [
    ("decided_by", "decided_by_id"),
    ("decided_on", "decided_date"),
]

XMLIDS = [
    (
        "helpdesk_ticket_intake_incomplete_mail_template",
        "mail_template_intake_incomplete",
    ),
    ("helpdesk_ticket_urgent_assigned_mail_template", "mail_template_urgent_assigned"),
    ("stekas_pii_destroyed_mail_template", "mail_template_pii_destroyed"),
    (
        "helpdesk_ticket_reassignment_decision_mail_template",
        "mail_template_reassignment_decision",
    ),
    ("mail_template_stekas_journal_extract", "mail_template_journal_extract"),
    ("ir_attachment_pii_dispatcher_rule", "ir_attachment_rule_pii_dispatcher"),
    ("ir_attachment_pii_internal_rule", "ir_attachment_rule_pii_internal"),
    ("stekas_pii_audit_company_rule", "stekas_pii_audit_rule_company"),
    (
        "stekas_pii_transfer_request_company_rule",
        "stekas_pii_transfer_request_rule_company",
    ),
    (
        "stekas_pii_transfer_request_portal_rule",
        "stekas_pii_transfer_request_rule_portal",
    ),
    ("ir_cron_stekas_journal_extract", "ir_cron_journal_extract"),
    ("ir_cron_stekas_pii_retention", "ir_cron_pii_retention"),
    ("seq_stekas_pii_transfer_request", "ir_sequence_pii_transfer_request"),
]
# views, actions, menus, rules and access rights of the renamed models
XMLID_PREFIXES = [
    ("helpdesk_ticket_reassignment_decision", "stekas_reassignment_decision"),
    ("helpdesk_ticket_reassignment", "stekas_reassignment"),
    ("helpdesk_ticket_register_call", "stekas_register_call"),
    (
        "access_helpdesk_ticket_reassignment_decision",
        "access_stekas_reassignment_decision",
    ),
    ("access_helpdesk_ticket_reassignment", "access_stekas_reassignment"),
    ("access_helpdesk_ticket_register_call", "access_stekas_register_call"),
]

# A cron method renamed by the naming rule: the crons are noupdate (the
# client's schedule stays), so the code they run is changed here. The mail
# templates are loaded again by the post-migration.
CRON_METHODS = [("_cron_pii_destroy_expired", "_cron_stekas_pii_destroy_expired")]


def rename_cron_methods(cr):
    for old, new in CRON_METHODS:
        cr.execute(
            "UPDATE ir_act_server SET code = replace(code, %s, %s) WHERE code LIKE %s",
            (f"model.{old}(", f"model.{new}(", f"%model.{old}(%"),
        )


def migrate(cr, version):
    if not version:
        return
    for old, new in MODELS:
        rename_model(cr, MODULE, old, new)
    ticket_pairs = [(f, "stekas_" + f) for f in TICKET_FIELDS]
    rename_fields(cr, MODULE, "helpdesk.ticket", ticket_pairs)
    rename_template_fields(cr, MODULE, "helpdesk.ticket", ticket_pairs)
    rename_fields(cr, MODULE, "account.analytic.line", ENTRY_FIELDS)
    rename_fields(
        cr, MODULE, "ir.attachment", [(f, "stekas_" + f) for f in ATTACHMENT_FIELDS]
    )
    rename_fields(
        cr, MODULE, "res.partner", [(f, "stekas_" + f) for f in PARTNER_FIELDS]
    )
    rename_fields(cr, MODULE, "stekas.pii.transfer.request", TRANSFER_REQUEST_FIELDS)
    rename_xmlids(cr, MODULE, XMLIDS)
    for old, new in XMLID_PREFIXES:
        rename_xmlid_prefix(cr, MODULE, old, new)
    # stekas_billing's views extend the same views and name renamed fields too;
    # it is updated after this module, as every module that depends on it.
    for module in (MODULE, "stekas_billing"):
        reset_inheriting_views(cr, module)
    rename_cron_methods(cr)
