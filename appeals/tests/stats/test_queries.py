"""Exact figures of `summary()` and the breakdowns on the hand-built history."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from appeals.stats.rollups.selectors import StatsFilter, median, summary, totals_by
from appeals.stats.wilson import wilson_interval
from officials.models import Agency

pytestmark = pytest.mark.django_db


def test_every_metric_of_an_agency(history) -> None:
    assert summary(agency_ids=[history.health.pk]) == {
        "received": 6,
        "answered": 3,
        "answered_on_time": 2,
        "overdue": 2,
        "open": 2,
        "escalated": 2,
        "redirected": 1,
        "response_rate": 0.5,
        "response_rate_ci": [0.1876, 0.8124],
        "on_time_rate": 0.3333,
        "on_time_rate_ci": [0.0968, 0.7000],
        # A8 (a blog question, open, within its term) is not yet due; the five others are.
        "not_yet_due": 1,
        "on_time_rate_of_due": 0.4,
        "on_time_rate_of_due_ci": [0.1176, 0.7693],
        "median_response_days": 17,
        "satisfaction": {"mean": 4.0, "count": 1},
    }


def test_the_redirected_copy_is_received_by_the_new_agency(history) -> None:
    figures = summary(agency_ids=[history.akimat.pk])
    assert (figures["received"], figures["open"], figures["redirected"]) == (1, 1, 0)


def test_an_agency_that_answered_everything_late(history) -> None:
    figures = summary(agency_ids=[history.education.pk])
    assert figures["received"] == figures["answered"] == figures["overdue"] == 1
    assert figures["on_time_rate"] == 0.0 and figures["on_time_rate_ci"] == [0.0, 0.7935]
    assert figures["median_response_days"] == 17


def test_zero_received_gives_nulls_not_errors(history) -> None:
    quiet = Agency.objects.get(slug="ministry-of-defence")
    figures = summary(agency_ids=[quiet.pk])
    assert figures["received"] == 0
    assert figures["response_rate"] is figures["response_rate_ci"] is figures["median_response_days"] is None
    assert figures["satisfaction"] == {"mean": None, "count": 0}


def test_registration_days_are_almaty_days(history) -> None:
    """A8 came in at 00:30 on 21 April in Almaty (still 20 April in UTC)."""
    health = [history.health.pk]
    assert summary(agency_ids=health, date_from=dt.date(2026, 4, 21))["received"] == 1
    assert summary(agency_ids=health, date_to=dt.date(2026, 4, 20))["received"] == 5
    assert (
        summary(agency_ids=health, date_from=dt.date(2026, 4, 15), date_to=dt.date(2026, 4, 20))["received"]
        == 0
    )


def test_channel_selects_blog_questions(history) -> None:
    assert summary(channel="blog")["received"] == 1
    assert summary(channel="web")["received"] == 6 + 1 + 1 - 1  # health w/o A8, akimat, education


def test_breakdowns_add_up_to_the_total(history) -> None:
    total = summary()
    for grouping in ("agency", "region", "appeal_type", "month", "agency_region"):
        rows = totals_by(grouping, StatsFilter())
        assert sum(t.counts["received"] for t in rows.values()) == total["received"] == 8
    months = totals_by("month", StatsFilter())
    assert set(months) == {"2026-04"}


def test_median_is_exact_over_the_distribution() -> None:
    assert median(Counter()) is None
    assert median(Counter({4: 1, 17: 1, 19: 1})) == 17
    assert median(Counter({2: 1, 3: 1})) == 2.5
    assert median(Counter({1: 5, 9: 5})) == 5
    assert median(Counter({1: 5, 9: 6})) == 9


def test_wilson_tells_two_of_three_from_two_thousand_of_three_thousand() -> None:
    small = wilson_interval(2, 3)
    large = wilson_interval(2000, 3000)
    assert small and large
    assert small[1] - small[0] > 0.5 > 0.05 > large[1] - large[0]
    assert wilson_interval(0, 0) is None
    assert wilson_interval(5, 5) == (pytest.approx(0.5655, abs=1e-4), 1.0)


def test_whole_months_read_the_month_grain_and_other_dates_the_day_grain(history) -> None:
    """The same figures either way; whole months never touch the day tables."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def tables(filters: StatsFilter) -> tuple[dict, str]:
        with CaptureQueriesContext(connection) as captured:
            found = totals_by("agency", filters)
        return found, " ".join(q["sql"] for q in captured.captured_queries)

    april = StatsFilter(date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 30))
    by_month, sql = tables(april)
    assert "appealmonth" in sql and "appealdaystats" not in sql and "appealresponsedays" not in sql
    by_day, sql = tables(StatsFilter(date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 29)))
    assert "appealmonth" not in sql
    assert by_month == by_day  # nothing was registered on 30 April
    everything, sql = tables(StatsFilter())
    assert "appealmonth" in sql and "appealdaystats" not in sql
    assert everything == totals_by("agency", StatsFilter(date_from=dt.date(2026, 4, 2)))
