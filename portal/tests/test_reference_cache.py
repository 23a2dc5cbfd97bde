"""Reference data remembered per process (portal/reference_cache.py): read once, followed at once
after a committed change here, within a second of one elsewhere, never remembered while a change
of this process is uncommitted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction

from appeals.calendar import WorkingCalendar
from appeals.deadlines import policy_for
from appeals.models import CalendarException, DeadlinePolicy
from officials.models import Agency
from officials.selectors import active_agency, region_by_code
from portal import reference_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def remembering(settings) -> None:
    settings.DIALOG_REFERENCE_CACHE_SECONDS = 60  # the tests' settings switch it off
    reference_cache.forget()
    reference_cache._in_flight = False
    yield
    reference_cache.forget()
    reference_cache._in_flight = False


def test_lookups_read_the_database_once(django_assert_num_queries) -> None:
    active_agency("ministry-of-health"), region_by_code("KZ-75"), policy_for("inquiry")
    WorkingCalendar.current()
    with django_assert_num_queries(0):
        agency = active_agency("ministry-of-health")
        assert agency is not None and agency.slug == "ministry-of-health"
        assert region_by_code("KZ-75") is not None and region_by_code("XX-00") is None
        assert policy_for("inquiry").appeal_type == "inquiry"
        assert WorkingCalendar.current() is WorkingCalendar.current()
    agency.name_en = "Changed by a caller"
    assert active_agency("ministry-of-health").name_en != "Changed by a caller"  # copies


def test_a_committed_change_is_seen_at_once_and_published(django_capture_on_commit_callbacks) -> None:
    assert active_agency("ministry-of-health") is not None
    version = cache.get(reference_cache.VERSION_KEY)
    health = Agency.objects.get(slug="ministry-of-health")
    with django_capture_on_commit_callbacks(execute=True):
        health.is_active = False
        health.save()
    assert active_agency("ministry-of-health") is None
    assert cache.get(reference_cache.VERSION_KEY) != version  # the other processes follow


def test_another_processs_change_is_followed_within_the_version_memo(monkeypatch) -> None:
    assert policy_for("inquiry").answer_days != 3
    DeadlinePolicy.objects.filter(appeal_type="inquiry").update(answer_days=3)  # no signal here
    assert policy_for("inquiry").answer_days != 3  # remembered
    cache.set(reference_cache.VERSION_KEY, "changed elsewhere", timeout=None)
    monkeypatch.setattr(reference_cache, "VERSION_MEMO_SECONDS", 0.0)
    assert policy_for("inquiry").answer_days == 3


def test_nothing_is_remembered_while_a_change_here_is_uncommitted(django_assert_num_queries) -> None:
    wednesday = dt.date(2026, 12, 30)
    assert WorkingCalendar.current().is_working_day(wednesday)
    with transaction.atomic():
        CalendarException.objects.create(date=wednesday, is_working_day=False, note="Test")
        assert not WorkingCalendar.current().is_working_day(wednesday)
        with django_assert_num_queries(1):
            WorkingCalendar.current()  # read afresh: the change may yet be rolled back
