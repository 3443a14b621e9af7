"""Periods of the consultation journal (R-HIS-1, R-HIS-2, R-BIL-6).

Journal entries carry a calendar date (the local date the work was done), so
a month or a quarter is a closed range of dates. Nothing here imports odoo.
"""

import datetime
from zoneinfo import ZoneInfo

# The clients' local time (R-BIL-1 periods, journal dates) unless a partner or
# user has a time zone of their own.
DEFAULT_TZ = "Europe/Vilnius"

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
PERIOD_MONTHS = {MONTH: 1, QUARTER: 3, YEAR: 12}

# How often a client gets its journal extract (the stored values of
# res.partner.stekas_extract_frequency), as the period each one covers.
MONTHLY = "monthly"
QUARTERLY = "quarterly"
FREQUENCY_PERIODS = {MONTHLY: MONTH, QUARTERLY: QUARTER}
FREQUENCIES = tuple(FREQUENCY_PERIODS)


class PeriodError(ValueError):
    """A period that cannot be used (unknown period, end before start);
    `reason` says which rule a requested period breaks (REASON_*)."""

    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason


def local_date(moment, tz_name=DEFAULT_TZ):
    """The local date in `tz_name` of `moment`, a naive UTC datetime (as Odoo
    stores them) or an aware one. A date is returned as it is."""
    if moment is None:
        return None
    if not isinstance(moment, datetime.datetime):
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(ZoneInfo(tz_name)).date()


def _first_of_month(year, month_index):
    """The first day of the `month_index`-th month (0-based) after January of
    `year`; the index may run past December."""
    return datetime.date(year + month_index // 12, month_index % 12 + 1, 1)


def period_bounds(day, period=MONTH):
    """First and last date of the month, quarter or year that holds `day`."""
    if period not in PERIOD_MONTHS:
        raise PeriodError(f"Unknown period {period!r}.")
    months = PERIOD_MONTHS[period]
    first_index = (day.month - 1) // months * months
    start = _first_of_month(day.year, first_index)
    end = _first_of_month(day.year, first_index + months) - datetime.timedelta(days=1)
    return start, end


def frequency_period(frequency):
    """The period (MONTH, QUARTER) an extract `frequency` covers."""
    if frequency not in FREQUENCY_PERIODS:
        raise PeriodError(f"Unknown extract frequency: {frequency!r}")
    return FREQUENCY_PERIODS[frequency]


def previous_period(today, frequency):
    """The period of `frequency` that ended last before `today`.

    On 1 February the previous monthly period is January; on any day of
    April-June the previous quarterly period is January-March.
    """
    period = frequency_period(frequency)
    first, _last = period_bounds(today, period)
    return period_bounds(first - datetime.timedelta(days=1), period)


def check_range(date_from, date_to):
    if date_from is None or date_to is None:
        raise PeriodError("Both the start and the end of the period are needed.")
    if date_to < date_from:
        raise PeriodError("The period ends before it starts.", REASON_ORDER)
    return date_from, date_to


def month_key(day):
    """'YYYY-MM' of a date: the month an entry is counted in."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_date(text):
    """A date from 'YYYY-MM-DD' (portal parameters); PeriodError if malformed."""
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError as exc:
        raise PeriodError(f"Not a date: {text!r}") from exc


# The longest period a client or a dispatcher may ask an extract for (R-HIS-2):
# a year, leap day included.
MAX_REQUEST_DAYS = 366

# Why a requested period is refused (PeriodError.reason).
REASON_ORDER = "order"
REASON_FUTURE = "future"
REASON_SPAN = "span"


def work_date(moment, day, tz_name=DEFAULT_TZ):
    """The local date of a journal entry: the day of its start `moment` (a
    naive UTC datetime) in `tz_name` when it has one, else its calendar `day`."""
    return local_date(moment, tz_name) if moment else day


def check_request(date_from, date_to, today, max_days=MAX_REQUEST_DAYS):
    """A period a client names (R-HIS-2): both dates, in order, not after
    `today`, at most `max_days` long. PeriodError with a `reason` otherwise."""
    check_range(date_from, date_to)
    if date_to > today:
        raise PeriodError("The period ends in the future.", REASON_FUTURE)
    if (date_to - date_from).days + 1 > max_days:
        raise PeriodError(f"The period is longer than {max_days} days.", REASON_SPAN)
    return date_from, date_to
