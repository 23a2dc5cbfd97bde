"""The working-day calendar: weekends, public holidays with their transferred days off, and
the exceptions an administrator has entered (an extra day off, a working Saturday)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone


@cache
def _public_holidays(country: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


class WorkingCalendar:
    """An instance is fixed once loaded (its exceptions are read once), so its answers are
    remembered: the sweep and the bulk demo ask the same few hundred days over and over."""

    def __init__(self, *, country: str, exceptions: Mapping[dt.date, bool] | None = None) -> None:
        self.country = country
        self.exceptions = dict(exceptions or {})
        self._added: dict[tuple[dt.date, int], dt.date] = {}
        self._subtracted: dict[tuple[dt.date, int], dt.date] = {}

    @classmethod
    def load(cls) -> WorkingCalendar:
        """The calendar in force: the configured country and the exceptions in the database."""
        from appeals.models import CalendarException

        rows: Iterable[tuple[dt.date, bool]] = CalendarException.objects.values_list("date", "is_working_day")
        return cls(country=settings.DIALOG_CALENDAR_COUNTRY, exceptions=dict(rows))

    @classmethod
    def current(cls) -> WorkingCalendar:
        """The calendar in force, from the reference data each process remembers
        (`portal.reference_cache`): shared, so its remembered answers serve every request."""
        from portal.reference_cache import remembered

        return remembered("appeals.calendar", cls.load)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        if day.weekday() >= 5:
            return False
        return day not in _public_holidays(self.country, day.year)

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `day` (the day itself does not count)."""
        if count < 0:
            raise ValueError("count must not be negative")
        key = (day, count)
        if key not in self._added:
            self._added[key] = self._count_forward(day, count)
        return self._added[key]

    def _count_forward(self, day: dt.date, count: int) -> dt.date:
        while count:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def subtract_working_days(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day before `day`."""
        key = (day, count)
        if key not in self._subtracted:
            self._subtracted[key] = self._count_back(day, count)
        return self._subtracted[key]

    def _count_back(self, day: dt.date, count: int) -> dt.date:
        while count:
            day -= dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


# Days and their starts are the portal's (settings.TIME_ZONE), whatever zone is activated; the
# default zone is read directly, since looking up the current one (a context-local) cost a
# tenth of seeding a million appeals.


def local_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:  # as timezone.localtime: a naive moment is a bug, not local time
        raise ValueError("local_date() needs an aware datetime")
    return moment.astimezone(timezone.get_default_timezone()).date()


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` ends, in the portal's time zone."""
    return start_of_day(day + dt.timedelta(days=1))
