"""R-BIL-1 rev. 2: a contract's periods are counted from its start date and a
period its end date cuts gets its free minutes prorated by days."""

import datetime
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

D = date
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture(scope="module")
def periods():
    from conftest import load_pure

    return load_pure("stekas_helpdesk", "periods")


@pytest.mark.parametrize(
    "day, anchor, period, bounds",
    [
        # From the 1st the periods are the calendar ones, as before.
        (D(2026, 2, 14), D(2025, 1, 1), "month", (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2026, 5, 5), D(2025, 1, 1), "quarter", (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 5, 5), D(2025, 1, 1), "year", (D(2026, 1, 1), D(2026, 12, 31))),
        # A year from 15 March runs to 14 March.
        (D(2027, 3, 14), D(2026, 3, 15), "year", (D(2026, 3, 15), D(2027, 3, 14))),
        (D(2027, 3, 15), D(2026, 3, 15), "year", (D(2027, 3, 15), D(2028, 3, 14))),
        # A quarter is three months from the start, not a calendar quarter.
        (D(2026, 5, 1), D(2026, 2, 10), "quarter", (D(2026, 2, 10), D(2026, 5, 9))),
        (D(2026, 5, 10), D(2026, 2, 10), "quarter", (D(2026, 5, 10), D(2026, 8, 9))),
        # From 31 January: 31 Jan, 28 Feb (clamped), 31 Mar, 30 Apr.
        (D(2026, 2, 27), D(2026, 1, 31), "month", (D(2026, 1, 31), D(2026, 2, 27))),
        (D(2026, 2, 28), D(2026, 1, 31), "month", (D(2026, 2, 28), D(2026, 3, 30))),
        (D(2026, 3, 31), D(2026, 1, 31), "month", (D(2026, 3, 31), D(2026, 4, 29))),
        (D(2028, 2, 29), D(2026, 1, 31), "month", (D(2028, 2, 29), D(2028, 3, 30))),
        # A year from 29 February starts on 28 February in common years.
        (D(2025, 3, 1), D(2024, 2, 29), "year", (D(2025, 2, 28), D(2026, 2, 27))),
        (D(2028, 2, 29), D(2024, 2, 29), "year", (D(2028, 2, 29), D(2029, 2, 27))),
    ],
)
def test_anchored_bounds(periods, day, anchor, period, bounds):
    assert periods.anchored_bounds(day, anchor, period) == bounds


def test_anchored_bounds_unknown_period(periods):
    with pytest.raises(periods.PeriodError):
        periods.anchored_bounds(D(2026, 1, 1), D(2026, 1, 1), "week")


def test_contract_ending_mid_month_is_prorated(periods, quota):
    """2 h a month, the contract ends 15 January: 15 of 31 days, 58 minutes."""
    start, end, full_end = periods.contract_period(
        D(2026, 1, 10), D(2025, 1, 1), D(2026, 1, 15), "month"
    )
    assert (start, end, full_end) == (D(2026, 1, 1), D(2026, 1, 15), D(2026, 1, 31))
    assert quota.prorated_minutes(120, start, end, full_end) == 120 * 15 // 31 == 58


def test_whole_period_keeps_its_minutes(periods, quota):
    start, end, full_end = periods.contract_period(
        D(2026, 1, 10), D(2025, 1, 1), D(2026, 1, 31), "month"
    )
    assert end == full_end
    assert quota.prorated_minutes(120, start, end, full_end) == 120


def test_last_day_of_a_year_contract(periods, quota):
    """A year from 15 March ending 15 March: the next year's period is one day."""
    start, end, full_end = periods.contract_period(
        D(2027, 3, 15), D(2026, 3, 15), D(2027, 3, 15), "year"
    )
    assert (start, end, full_end) == (D(2027, 3, 15), D(2027, 3, 15), D(2028, 3, 14))
    assert quota.prorated_minutes(6000, start, end, full_end) == 6000 // 366


# ----------------------------------------------------------------------
# Property test: random contracts and entries
# ----------------------------------------------------------------------
HORIZON = D(2031, 12, 31)


@st.composite
def contracts(draw):
    start = draw(st.dates(D(2023, 1, 1), D(2027, 12, 31)))
    end = draw(st.none() | st.dates(start, start + datetime.timedelta(days=1200)))
    period = draw(st.sampled_from(["month", "quarter", "year"]))
    free_minutes = draw(st.integers(0, 100 * 60))
    last = end or start + datetime.timedelta(days=1200)
    entries = draw(
        st.lists(
            st.tuples(
                st.dates(start, last),
                st.integers(0, 600),
                st.sampled_from(["quota", "quota", "free", "paid"]),
            ),
            max_size=40,
        )
    )
    return start, end, period, free_minutes, last, entries


def _tiling(periods, start, last, end, period):
    """The contract's periods from its start to `last`, walking from each
    period's end to the next day."""
    tiles = []
    day = start
    while day <= last:
        tiles.append(periods.contract_period(day, start, end, period))
        day = tiles[-1][1] + ONE_DAY
    return tiles


@settings(max_examples=2000, deadline=None)
@given(contracts())
def test_contract_periods_property(periods, quota, contract):
    start, end, period, free_minutes, last, entries = contract
    tiles = _tiling(periods, start, last, end, period)
    # Tiling: the first period starts on the contract's start, each starts
    # the day after the one before ends, none ends after the contract does.
    assert tiles[0][0] == start
    for (_s1, e1, _f1), (s2, _e2, _f2) in zip(tiles, tiles[1:], strict=False):
        assert s2 == e1 + ONE_DAY
    for tile_start, tile_end, full_end in tiles:
        assert tile_start <= tile_end <= full_end
        if end:
            assert tile_end <= end
        # Every day of a period finds that very period (no overlap).
        for day in {tile_start, tile_end, tile_start + (tile_end - tile_start) / 2}:
            assert periods.contract_period(day, start, end, period) == (
                tile_start,
                tile_end,
                full_end,
            )
        # Only the contract's last period may be cut.
        if tile_end < full_end:
            assert end and tile_end == end
    # Allocation per period, entries in chronological order.
    by_period = {}
    for key, (day, minutes, policy) in sorted(
        enumerate(entries), key=lambda item: (item[1][0], item[0])
    ):
        bounds = periods.contract_period(day, start, end, period)
        assert bounds[0] <= day <= bounds[1]
        by_period.setdefault(bounds, []).append(quota.Entry(key, minutes, policy))
    billed = {}
    for (tile_start, tile_end, full_end), period_entries in by_period.items():
        limit = quota.prorated_minutes(free_minutes, tile_start, tile_end, full_end)
        # Proration never exceeds the whole quota, nor its share of days.
        assert 0 <= limit <= free_minutes
        whole_days = (full_end - tile_start).days + 1
        covered = (tile_end - tile_start).days + 1
        assert limit * whole_days <= free_minutes * covered
        allocation = quota.allocate(period_entries, limit)
        figures = quota.period_figures(allocation, period_entries, limit)
        quota_minutes = sum(e.minutes for e in period_entries if e.policy == "quota")
        # Free + overage == billed minutes of the period's quota entries.
        assert figures["used_minutes"] + figures["overage_minutes"] == quota_minutes
        assert figures["used_minutes"] <= limit
        for entry in period_entries:
            split = allocation[entry.key]
            assert entry.key not in billed  # no entry in two periods
            billed[entry.key] = split
            if entry.policy == "quota":
                assert split.free + split.overage == entry.minutes
            else:
                assert split == (0, 0)
    # Every entry is billed once, and only once, over all periods.
    assert set(billed) == set(range(len(entries)))
    assert sum(s.free + s.overage for s in billed.values()) == sum(
        minutes for _d, minutes, policy in entries if policy == "quota"
    )
