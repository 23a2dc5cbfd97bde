"""The home page: no database query once its body is cached, and the counts it shows follow the
reference data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from officials.models import Agency, Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_home_page_makes_no_query_once_cached(django_assert_num_queries) -> None:
    client = Client()
    with django_assert_num_queries(2):  # the two counts, once
        first = client.get("/en/")
    with django_assert_num_queries(0):
        again = client.get("/en/")
    assert first.status_code == again.status_code == 200
    assert "Write to the state and get an answer" in again.content.decode()
    # Each language has its own body.
    with django_assert_num_queries(0):
        russian = client.get("/ru/").content.decode()
    assert "Write to the state and get an answer" not in russian


def test_the_counts_follow_a_change_to_the_agencies(django_capture_on_commit_callbacks) -> None:
    client = Client()
    active = Agency.objects.active().count()
    regions = Region.objects.count()
    assert f"{active} agencies</span>" in client.get("/en/").content.decode()
    agency = Agency.objects.active().first()
    assert agency is not None
    with django_capture_on_commit_callbacks(execute=True):
        agency.is_active = False
        agency.save()
    page = client.get("/en/").content.decode()
    assert f"{active - 1} agencies</span>" in page
    assert f'<span class="dialog-figure">{regions}</span>' in page
