# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A cancelled or rejected ticket does not ask its client for feedback: the new
stage flag is off on helpdesk_mgmt's unsolved stages, as at install."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["helpdesk.ticket.stage"]._stekas_init_ask_rating()
