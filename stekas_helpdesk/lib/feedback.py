# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Client feedback on a solved ticket (R-FBK-1): what counts as a complaint."""

# Odoo's rating scale: 1 not satisfied, 3 okay, 5 satisfied (0 = not rated).
RATING_VALUES = (1, 3, 5)
# A rating at most this low is a complaint: 1-2 of 5, "not satisfied".
LOW_RATING_MAX = 2
# A comment is a paragraph or a page, not a file: longer ones are refused.
MAX_FEEDBACK_CHARS = 4000


def is_complaint(rating, marked_complaint=False):
    """A low rating, or any comment the client marked as a complaint."""
    return bool(marked_complaint) or (0 < (rating or 0) <= LOW_RATING_MAX)


def is_praise(rating, marked_complaint=False):
    """A rating above the middle of the scale that is not marked a complaint."""
    return not marked_complaint and (rating or 0) > 3


def feedback_kind(rating, marked_complaint=False):
    """'complaint', 'praise' or 'neutral'."""
    if is_complaint(rating, marked_complaint):
        return "complaint"
    if is_praise(rating, marked_complaint):
        return "praise"
    return "neutral"
