# Copyright 2026 STEKAS
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contract periods counted from the contract's start (R-BIL-1 rev. 2).

Before 18.0.2.0.x a contract's periods were calendar months, quarters and
years; a contract that does not start on the first day of one (or a quarter or
year that does not start in January, April...) now has anchored periods. Its
open periods (none of whose entries is invoiced) are re-allocated on the
anchored ones: their entries not billed move to the period of the new terms,
which is created as needed and re-allocated, and the old period left empty is
deleted. A period with an invoiced entry stays as it was billed."""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.stekas_billing.models.stekas_support_contract_period import (
    reanchor_open_periods,
)

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    moved = reanchor_open_periods(env)
    _logger.info("Re-anchored %s open contract periods", len(moved))
