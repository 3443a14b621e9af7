# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _find_record(
        self,
        xmlid=None,
        res_model="ir.attachment",
        res_id=None,
        access_token=None,
        field=None,
    ):
        # /web/content and /web/image serve a file to anyone holding its access
        # token: a ticket's file not meant for the requester is refused here,
        # whatever link or token was handed out.
        record = super()._find_record(
            xmlid=xmlid,
            res_model=res_model,
            res_id=res_id,
            access_token=access_token,
            field=field,
        )
        if record._name == "ir.attachment":
            record._stekas_check_download()
        return record
