"""Periods of the consultation journal (R-HIS-1, R-HIS-2, R-BIL-6).

Journal entries carry a calendar date (the local date the work was done), so
a month or a quarter is a closed range of dates. Nothing here imports odoo.
"""

import datetime

MONTHLY = "monthly"
QUARTERLY = "quarterly"
FREQUENCIES = (MONTHLY, QUARTERLY)


class PeriodError(ValueError):
    """A period that cannot be used (unknown frequency, end before start)."""


def month_bounds(day):
    """First and last day of the month of `day`."""
    first = day.replace(day=1)
    next_first = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, next_first - datetime.timedelta(days=1)


def quarter_bounds(day):
    """First and last day of the calendar quarter of `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = datetime.date(day.year, first_month, 1)
    _dummy, last = month_bounds(datetime.date(day.year, first_month + 2, 1))
    return first, last


def period_bounds(day, frequency):
    if frequency == MONTHLY:
        return month_bounds(day)
    if frequency == QUARTERLY:
        return quarter_bounds(day)
    raise PeriodError(f"Unknown extract frequency: {frequency!r}")


def previous_period(today, frequency):
    """The period of `frequency` that ended last before `today`.

    On 1 February the previous monthly period is January; on any day of
    April-June the previous quarterly period is January-March.
    """
    first, _last = period_bounds(today, frequency)
    return period_bounds(first - datetime.timedelta(days=1), frequency)


def check_range(date_from, date_to):
    if date_from is None or date_to is None:
        raise PeriodError("Both the start and the end of the period are needed.")
    if date_to < date_from:
        raise PeriodError("The period ends before it starts.")
    return date_from, date_to


def month_key(day):
    """'YYYY-MM' of a date: the month an entry is counted in."""
    return f"{day.year:04d}-{day.month:02d}"


def monthly_totals(entries):
    """Sum whole minutes per month.

    `entries` is an iterable of (date, actual_minutes, billed_minutes); the
    result maps 'YYYY-MM' to [count, actual_minutes, billed_minutes], sorted
    by month. Integers only, so no total drifts.
    """
    totals = {}
    for day, actual, billed in entries:
        row = totals.setdefault(month_key(day), [0, 0, 0])
        row[0] += 1
        row[1] += int(actual)
        row[2] += int(billed)
    return dict(sorted(totals.items()))


def parse_date(text):
    """A date from 'YYYY-MM-DD' (portal parameters); PeriodError if malformed."""
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError as exc:
        raise PeriodError(f"Not a date: {text!r}") from exc
