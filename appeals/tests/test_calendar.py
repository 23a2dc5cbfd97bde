"""The working-day calendar against Kazakhstan's real 2025 and 2026 calendars."""

from __future__ import annotations

import datetime as dt

import pytest

from appeals.calendar import WorkingCalendar
from appeals.models import CalendarException

D = dt.date
KZ = WorkingCalendar(country="KZ")


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),
        D(2026, 1, 2),
        D(2026, 1, 7),  # New Year, Orthodox Christmas
        D(2026, 3, 9),  # Women's Day fell on a Sunday: Monday off
        D(2026, 3, 23),
        D(2026, 3, 24),
        D(2026, 3, 25),  # Nauryz week with transferred days off
        D(2026, 5, 11),  # Victory Day on a Saturday: Monday off
        D(2026, 12, 16),
        D(2025, 1, 3),  # transferred from Sunday 5 January 2025
        D(2025, 3, 10),
        D(2025, 3, 24),
        D(2025, 3, 25),
        D(2025, 9, 1),
        D(2025, 10, 27),
        D(2026, 11, 28),
        D(2026, 11, 29),  # an ordinary weekend
    ],
)
def test_days_off(day: dt.date) -> None:
    assert not KZ.is_working_day(day)


@pytest.mark.parametrize("day", [D(2026, 3, 20), D(2026, 3, 26), D(2026, 5, 12), D(2025, 1, 6)])
def test_working_days(day: dt.date) -> None:
    assert KZ.is_working_day(day)


def test_nauryz_week_is_skipped() -> None:
    # Friday 20 March 2026, then 21-25 March are days off: the next working day is Thursday 26th.
    assert KZ.add_working_days(D(2026, 3, 20), 1) == D(2026, 3, 26)
    assert KZ.working_day_on_or_after(D(2026, 3, 21)) == D(2026, 3, 26)


def test_fifteen_working_days_over_nauryz() -> None:
    assert KZ.add_working_days(D(2026, 3, 16), 15) == D(2026, 4, 9)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert KZ.working_days_between(D(2026, 3, 20), D(2026, 3, 27)) == 2
    assert KZ.working_days_between(D(2026, 3, 27), D(2026, 3, 20)) == 0
    assert KZ.subtract_working_days(D(2026, 3, 27), 2) == D(2026, 3, 20)


@pytest.mark.django_db
def test_loaded_calendar_applies_admin_exceptions() -> None:
    # Reference data marks Sunday 5 January 2025 as a working day (the day off moved to the 3rd).
    calendar = WorkingCalendar.load()
    assert calendar.is_working_day(D(2025, 1, 5))
    CalendarException.objects.create(date=D(2026, 12, 17), is_working_day=False, note="extra day off")
    CalendarException.objects.create(date=D(2026, 12, 19), is_working_day=True, note="working Saturday")
    calendar = WorkingCalendar.load()
    assert not calendar.is_working_day(D(2026, 12, 17))
    assert calendar.is_working_day(D(2026, 12, 19))
