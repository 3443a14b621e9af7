"""R-HIS-1, R-HIS-2: periods of the journal and its extracts."""

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


def test_last_day_of_month_counts_in_that_month(periods):
    totals = periods.monthly_totals(
        [(D(2026, 1, 31), 13, 24), (D(2026, 2, 1), 61, 72), (D(2026, 1, 2), 1, 12)]
    )
    assert totals == {"2026-01": [2, 14, 36], "2026-02": [1, 61, 72]}


def test_thousand_entries_monthly_total_is_exact(periods):
    totals = periods.monthly_totals([(D(2026, 5, 1), 13, 24)] * 1000)
    assert totals["2026-05"] == [1000, 13000, 24000]
