"""R-HIS-1, R-HIS-2, R-BIL-1: periods of the journal, its extracts and the
contracts, in the clients' local dates."""

import datetime

import pytest

D = datetime.date


@pytest.fixture(scope="module")
def periods():
    from conftest import load_pure

    return load_pure("stekas_helpdesk", "periods")


@pytest.mark.parametrize(
    "today, frequency, expected",
    [
        (D(2026, 2, 1), "monthly", (D(2026, 1, 1), D(2026, 1, 31))),
        (D(2026, 3, 31), "monthly", (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2024, 3, 5), "monthly", (D(2024, 2, 1), D(2024, 2, 29))),
        (D(2026, 1, 15), "monthly", (D(2025, 12, 1), D(2025, 12, 31))),
        (D(2026, 4, 1), "quarterly", (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 6, 30), "quarterly", (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 2, 10), "quarterly", (D(2025, 10, 1), D(2025, 12, 31))),
        (D(2026, 12, 31), "quarterly", (D(2026, 7, 1), D(2026, 9, 30))),
    ],
)
def test_previous_period(periods, today, frequency, expected):
    assert periods.previous_period(today, frequency) == expected


def test_unknown_frequency(periods):
    with pytest.raises(periods.PeriodError):
        periods.previous_period(D(2026, 1, 1), "weekly")


def test_range_checks(periods):
    assert periods.check_range(D(2026, 1, 1), D(2026, 1, 1))
    with pytest.raises(periods.PeriodError):
        periods.check_range(D(2026, 2, 1), D(2026, 1, 1))
    with pytest.raises(periods.PeriodError):
        periods.parse_date("31/01/2026")
    assert periods.parse_date(" 2026-01-31 ") == D(2026, 1, 31)


@pytest.mark.parametrize(
    "day, period, bounds",
    [
        (D(2026, 1, 31), "month", (D(2026, 1, 1), D(2026, 1, 31))),
        (D(2028, 2, 10), "month", (D(2028, 2, 1), D(2028, 2, 29))),
        (D(2026, 12, 31), "month", (D(2026, 12, 1), D(2026, 12, 31))),
        (D(2026, 5, 5), "quarter", (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 12, 1), "quarter", (D(2026, 10, 1), D(2026, 12, 31))),
        (D(2026, 7, 14), "year", (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds(periods, day, period, bounds):
    assert periods.period_bounds(day, period) == bounds


def test_unknown_period_is_refused(periods):
    with pytest.raises(periods.PeriodError):
        periods.period_bounds(D(2026, 1, 1), "week")


def test_local_dates_follow_vilnius(periods):
    # 2026-01-31 21:30 UTC is 23:30 in Vilnius (winter, UTC+2): still January.
    assert periods.local_date(datetime.datetime(2026, 1, 31, 21, 30)) == D(2026, 1, 31)
    # 22:30 UTC is already 00:30 on 1 February in Vilnius.
    assert periods.local_date(datetime.datetime(2026, 1, 31, 22, 30)) == D(2026, 2, 1)
    # Summer time (UTC+3): 2026-06-30 20:59 UTC is 23:59 in Vilnius.
    assert periods.local_date(datetime.datetime(2026, 6, 30, 20, 59)) == D(2026, 6, 30)
    assert periods.local_date(D(2026, 3, 1)) == D(2026, 3, 1)


def test_work_date_is_the_vilnius_day_of_the_start(periods):
    # 23:30 UTC on 14 January is 01:30 on 15 January in Vilnius (winter, +2)
    assert periods.work_date(
        datetime.datetime(2026, 1, 14, 23, 30), D(2026, 1, 14)
    ) == D(2026, 1, 15)
    # 23:30 Vilnius on 20 February is 21:30 UTC: still 20 February
    assert periods.work_date(
        datetime.datetime(2026, 2, 20, 21, 30), D(2026, 2, 20)
    ) == D(2026, 2, 20)
    assert periods.work_date(None, D(2026, 3, 1)) == D(2026, 3, 1)


def test_check_request_refuses_bad_periods_with_a_reason(periods):
    today = D(2026, 3, 5)
    assert periods.check_request(D(2026, 1, 15), D(2026, 2, 20), today)
    assert periods.check_request(D(2025, 3, 5), D(2026, 3, 4), today)
    cases = [
        ((D(2026, 2, 20), D(2026, 1, 15)), periods.REASON_ORDER),
        ((D(2026, 3, 1), D(2026, 3, 6)), periods.REASON_FUTURE),
        ((D(2025, 3, 3), D(2026, 3, 4)), periods.REASON_SPAN),
    ]
    for (start, end), reason in cases:
        with pytest.raises(periods.PeriodError) as info:
            periods.check_request(start, end, today)
        assert info.value.reason == reason


@pytest.mark.parametrize(
    "now",
    [
        datetime.datetime(2026, 1, 14, 22, 30),  # 00:30 on the 15th in Vilnius
        datetime.datetime(2026, 1, 14, 23, 59),
        datetime.datetime(2026, 1, 14, 0, 5),
        datetime.datetime(2026, 6, 30, 21, 30),  # summer: 00:30 on 1 July
        datetime.datetime(2026, 3, 29, 1, 30),  # the night clocks go forward
        datetime.datetime(2026, 10, 25, 0, 30),  # the night clocks go back
    ],
)
def test_an_entry_logged_for_a_day_starts_on_that_local_day(periods, now):
    for day in (D(2026, 1, 15), D(2026, 3, 29), D(2026, 10, 25), D(2026, 7, 1)):
        moment = periods.moment_on(day, now)
        assert periods.work_date(moment, day) == day


def test_an_entry_logged_for_a_day_keeps_the_local_time_of_logging(periods):
    # logged at 00:30 in Vilnius (22:30 UTC the day before) for 15 January
    moment = periods.moment_on(D(2026, 1, 15), datetime.datetime(2026, 1, 14, 22, 30))
    assert moment == datetime.datetime(2026, 1, 14, 22, 30)
    # logged at 10:00 in Vilnius for the day before
    moment = periods.moment_on(D(2026, 1, 14), datetime.datetime(2026, 1, 15, 8, 0))
    assert moment == datetime.datetime(2026, 1, 14, 8, 0)
