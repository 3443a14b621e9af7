"""Rounding of consulting time (R-CON-6).

Consulting time is billed in blocks of the company's step, 12 minutes by
default: 1-12 min -> 12, 13-24 min -> 24, and so on. Durations are handled as
whole minutes so that no sum of rounded entries drifts; Odoo stores hours as
floats, so the conversions at the edges round to the nearest minute first.
"""

# hours_to_minutes, minutes_to_hours and format_hours_minutes are part of this
# module's interface for the journal code; they live in durations.
from .durations import (  # noqa: F401
    format_hours_minutes,
    hours_to_minutes,
    minutes_to_hours,
)

DEFAULT_STEP_MINUTES = 12
MAX_ENTRY_MINUTES = 24 * 60


class DurationError(ValueError):
    """A duration that cannot be a consultation (zero, negative, over a day)."""


def round_up_minutes(minutes, step=DEFAULT_STEP_MINUTES):
    """Round a positive whole number of minutes up to the next block of `step`."""
    if step <= 0:
        raise DurationError("The rounding step must be a positive number of minutes.")
    check_duration_minutes(minutes)
    blocks = -(-minutes // step)  # ceiling division on integers
    return blocks * step


def check_duration_minutes(minutes):
    if minutes <= 0:
        raise DurationError("A consultation must last more than zero minutes.")
    if minutes > MAX_ENTRY_MINUTES:
        raise DurationError("A single consultation entry cannot exceed 24 hours.")
    return minutes
