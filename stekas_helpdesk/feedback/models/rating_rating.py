# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ...lib import feedback


class RatingRating(models.Model):
    _inherit = "rating.rating"

    stekas_is_complaint = fields.Boolean(
        string="Marked as complaint",
        help="The client marked the comment as a complaint (R-FBK-1).",
    )
    stekas_feedback_kind = fields.Selection(
        selection=[
            ("complaint", "Complaint"),
            ("praise", "Praise"),
            ("neutral", "Neutral"),
        ],
        string="Feedback",
        compute="_compute_stekas_feedback_kind",
        store=True,
        help="A complaint: a low rating (not satisfied) or a comment the client "
        "marked as one; praise: satisfied.",
    )

    @api.depends("rating", "stekas_is_complaint", "consumed")
    def _compute_stekas_feedback_kind(self):
        for rating in self:
            rating.stekas_feedback_kind = (
                feedback.feedback_kind(rating.rating, rating.stekas_is_complaint)
                if rating.consumed
                else False
            )
