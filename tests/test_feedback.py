# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from conftest import load_pure_lib

feedback = load_pure_lib("stekas_helpdesk", "feedback")


def test_low_ratings_are_complaints():
    assert feedback.feedback_kind(1) == "complaint"
    assert feedback.feedback_kind(2) == "complaint"


def test_a_marked_comment_is_a_complaint_whatever_the_rating():
    assert feedback.feedback_kind(5, marked_complaint=True) == "complaint"


def test_satisfied_is_praise_okay_is_neutral():
    assert feedback.feedback_kind(5) == "praise"
    assert feedback.feedback_kind(3) == "neutral"


def test_no_rating_is_no_complaint():
    assert feedback.feedback_kind(0) == "neutral"
    assert not feedback.is_complaint(None)
