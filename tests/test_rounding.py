"""R-CON-6: consulting time rounded up to 12-minute blocks."""

import pytest


@pytest.mark.parametrize(
    "minutes, billed",
    [
        (1, 12),
        (12, 12),
        (13, 24),
        (24, 24),
        (25, 36),
        (59, 60),
        (60, 60),
        (61, 72),
        (480, 480),
        (1440, 1440),
    ],
)
def test_round_up_to_12_minute_blocks(rounding, minutes, billed):
    assert rounding.round_up_minutes(minutes) == billed


@pytest.mark.parametrize(
    "step, minutes, billed", [(15, 1, 15), (15, 16, 30), (1, 7, 7)]
)
def test_other_company_steps(rounding, step, minutes, billed):
    assert rounding.round_up_minutes(minutes, step) == billed


@pytest.mark.parametrize("minutes", [0, -5, 1441])
def test_impossible_durations_are_refused(rounding, minutes):
    with pytest.raises(rounding.DurationError):
        rounding.round_up_minutes(minutes)


def test_bad_step_is_refused(rounding):
    with pytest.raises(rounding.DurationError):
        rounding.round_up_minutes(10, 0)


def test_float_hours_are_read_as_whole_minutes(rounding):
    # 0.2 h is 11.99999... minutes in binary floating point: it must bill 12, not 24.
    assert rounding.hours_to_minutes(0.2) == 12
    billed = rounding.round_up_minutes(rounding.hours_to_minutes(0.2))
    assert rounding.minutes_to_hours(billed) == pytest.approx(0.2)
    billed = rounding.round_up_minutes(rounding.hours_to_minutes(13 / 60))
    assert rounding.minutes_to_hours(billed) == pytest.approx(0.4)


def test_a_thousand_entries_sum_without_drift(rounding):
    total = sum(rounding.round_up_minutes(13) for _ in range(1000))
    assert total == 24000
    assert rounding.format_hours_minutes(total) == "400:00"
