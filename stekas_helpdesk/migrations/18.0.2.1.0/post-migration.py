# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every mail to a client shows the administrator's contacts (R-INT-5). The
templates are noupdate (the client edits their wording): the footer is added
to each language of the bodies that do not have it yet, the rest is kept.
Existing tickets count as told their number, consultant and (closed) asked
for feedback."""

import json

from odoo import SUPERUSER_ID, api

FOOTER = '<t t-out="({company} or user.company_id)._stekas_render_client_footer()"/>'
# template -> the company of the record it is rendered for
TEMPLATES = {
    "stekas_helpdesk.mail_template_intake_incomplete": "object.company_id",
    "stekas_helpdesk.mail_template_reassignment_decision": (
        "object.ticket_id.company_id"
    ),
    "stekas_helpdesk.mail_template_journal_extract": "object.company_id",
    "stekas_helpdesk.mail_template_pii_destroyed": "object.company_id",
}


def add_footer(body, company):
    """`body` with the footer before its last closing tag, if it has none."""
    if not body or "_stekas_render_client_footer" in body:
        return body
    footer = FOOTER.format(company=company)
    end = body.rfind("</")
    return body[:end] + footer + body[end:] if end >= 0 else body + footer


def mark_told(cr):
    """Tickets from before this version were registered and assigned without
    these mails: their clients are not sent them at the next edit."""
    cr.execute(
        """
        UPDATE helpdesk_ticket
           SET stekas_registered_mail_sent = stekas_intake_complete,
               stekas_client_told_user_id = user_id
        """
    )
    cr.execute(
        """
        UPDATE helpdesk_ticket t
           SET stekas_rating_request_sent = TRUE
          FROM helpdesk_ticket_stage s
         WHERE s.id = t.stage_id AND s.closed
        """
    )


def migrate(cr, version):
    if not version:
        return
    mark_told(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, company in TEMPLATES.items():
        template = env.ref(xmlid, raise_if_not_found=False)
        if not template:
            continue
        cr.execute("SELECT body_html FROM mail_template WHERE id = %s", [template.id])
        bodies = cr.fetchone()[0] or {}
        updated = {lang: add_footer(body, company) for lang, body in bodies.items()}
        if updated != bodies:
            cr.execute(
                "UPDATE mail_template SET body_html = %s WHERE id = %s",
                [json.dumps(updated), template.id],
            )
    env.invalidate_all()
