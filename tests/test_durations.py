"""Durations as whole minutes and 'h:mm', shared by both addons."""

import pytest


@pytest.fixture(scope="module")
def durations():
    from conftest import load_pure_lib

    return load_pure_lib("stekas_helpdesk", "durations")


def test_hours_minutes_format(durations):
    assert durations.format_hours_minutes(125) == "2:05"
    assert durations.format_hours_minutes(0) == "0:00"
    assert durations.format_hours_minutes(-65) == "-1:05"


def test_hours_and_minutes_round_trip(durations):
    assert durations.hours_to_minutes(0.2) == 12
    assert durations.hours_to_minutes(None) == 0
    assert durations.minutes_to_hours(90) == 1.5


def test_the_journal_modules_use_the_same_functions(durations):
    from conftest import load_pure_lib

    rounding = load_pure_lib("stekas_helpdesk", "rounding")
    journal_xlsx = load_pure_lib("stekas_helpdesk", "journal_xlsx")
    assert rounding.format_hours_minutes is durations.format_hours_minutes
    assert rounding.hours_to_minutes is durations.hours_to_minutes
    assert journal_xlsx.hours_minutes is durations.format_hours_minutes
