"""Durations of support work as whole minutes (R-CON-6, R-BIL-1).

Odoo stores durations as float hours; the rules count whole minutes so that
no sum drifts. These are the only conversions between the two and the only
'h:mm' formatter, used by both addons. Nothing here imports odoo.
"""

MINUTES_PER_HOUR = 60


def hours_to_minutes(hours):
    """Whole minutes of a duration given in hours (0.2 h -> 12)."""
    # round() to the nearest minute: 0.2 h is 11.999999... minutes as a float.
    return int(round(float(hours or 0.0) * MINUTES_PER_HOUR))


def minutes_to_hours(minutes):
    return minutes / float(MINUTES_PER_HOUR)


def format_hours_minutes(minutes):
    """'h:mm' for a whole number of minutes (125 -> '2:05')."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(int(minutes))
    return f"{sign}{minutes // MINUTES_PER_HOUR}:{minutes % MINUTES_PER_HOUR:02d}"
