# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The mail templates are noupdate from this version on. Until now every update
rewrote them from the module; this last time too, so that they name the fields
as they are called now (the pre-migration renamed the columns), and from now on
the client's edits stay."""

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file

MODULE = "stekas_helpdesk"
TEMPLATE_FILES = [
    "intake/data/mail_template_data.xml",
    "routing/data/mail_template_data.xml",
    "journal/data/mail_template_data.xml",
    "personal_data/data/mail_template_data.xml",
]


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for filename in TEMPLATE_FILES:
        # mode "init": load the records although the file is noupdate
        convert_file(env, MODULE, filename, {}, mode="init")
