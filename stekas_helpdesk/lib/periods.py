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


def moment_on(day, now, tz_name=DEFAULT_TZ):
    """The naive UTC start of an entry logged for the local `day` at `now`'s
    local time of day: its local date in `tz_name` is `day`, whatever the hour
    in UTC (a local time skipped by a DST change moves forward, same day)."""
    tz = ZoneInfo(tz_name)
    if now.tzinfo is None:
        now = now.replace(tzinfo=datetime.timezone.utc)
    local_time = now.astimezone(tz).time().replace(tzinfo=None)
    local = datetime.datetime.combine(day, local_time, tzinfo=tz)
    return local.astimezone(datetime.timezone.utc).replace(tzinfo=None)


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


def _add_months(anchor, months):
    """`anchor` moved by `months` months, its day clamped to the length of the
    month reached (31 January + 1 month is 28 or 29 February)."""
    index = anchor.month - 1 + months
    year, month = anchor.year + index // 12, index % 12 + 1
    last_day = (_first_of_month(year, month) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(anchor.day, last_day))


def anchored_bounds(day, anchor, period=MONTH):
    """First and last date of the month, quarter or year counted from
    `anchor` (a contract's start date) that holds `day`.

    The k-th period starts k months (3, 12) after `anchor`, always counted
    from `anchor` itself, with the day clamped in short months, and ends the
    day before the next one starts: from 31 January the periods start on 31
    January, 28 (29) February, 31 March, 30 April. From the 1st of a month
    (of January for a year, of a calendar quarter's month for a quarter) the
    periods are the calendar ones of `period_bounds`.
    """
    if period not in PERIOD_MONTHS:
        raise PeriodError(f"Unknown period {period!r}.")
    months = PERIOD_MONTHS[period]
    elapsed = (day.year - anchor.year) * 12 + day.month - anchor.month
    index = elapsed // months
    if _add_months(anchor, index * months) > day:
        index -= 1
    start = _add_months(anchor, index * months)
    end = _add_months(anchor, (index + 1) * months) - datetime.timedelta(days=1)
    return start, end


def contract_period(day, date_start, date_end=None, period=MONTH):
    """(start, end, full_end) of the period of a contract running from
    `date_start` to `date_end` (None: open-ended) that holds `day`: the
    anchored period cut by the contract's end date (`end`), and where that
    period would end uncut (`full_end`, equal to `end` for a whole period)."""
    start, full_end = anchored_bounds(day, date_start, period)
    end = min(full_end, date_end) if date_end else full_end
    return start, end, full_end


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
