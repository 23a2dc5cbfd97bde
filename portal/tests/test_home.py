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


def test_the_layout_parts_remembered_per_process_follow_the_language_and_the_page() -> None:
    """The footer, stylesheets and language links are worked out once per process (issue 13):
    each language still gets its own words and each page its own language links."""
    client = Client()
    for _ in range(2):
        english = client.get("/en/").content.decode()
        russian = client.get("/ru/").content.decode()
        assert "Privacy notice" in english
        assert "Privacy notice" not in russian
        assert "Уведомление о персональных данных" in russian  # noqa: RUF001 (Russian)
        assert 'href="/ru/" lang="ru"' in english
        assert 'href="/en/" lang="en"' in russian
        statistics = client.get("/en/stats/").content.decode()
        assert 'href="/kk/stats/" lang="kk"' in statistics
        assert "Privacy notice" in statistics
