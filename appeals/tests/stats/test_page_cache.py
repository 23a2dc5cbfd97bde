"""The statistics page's body and the API's cached bytes: a repeat view touches no database, a
new published version shows, languages and filters never mix, and a warm API hit makes few cache
round trips (counted, not timed)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client
from rest_framework.test import APIClient

from appeals.services import appeal_file
from officials.models import Agency, Region
from portal.tests.redis_trips import counted_round_trips

pytestmark = pytest.mark.django_db
HEADINGS = {
    "kk": "Мемлекеттік органдар өтініштерге қалай жауап береді",
    "ru": "Как государственные органы отвечают на обращения",
    "en": "How agencies answer appeals",
}
CACHE_OPERATIONS = (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "delete",
    "delete_many",
    "incr",
    "decr",
    "touch",
    "has_key",
    "get_or_set",
)


@pytest.fixture
def exact(settings) -> None:
    settings.STATS_MIN_CELL = 1
    settings.STATS_PERTURBATION = False


@pytest.fixture
def cache_calls(monkeypatch) -> Iterator[list[str]]:
    """Every call on the default cache, by name: each is one round trip to Redis."""
    calls: list[str] = []
    backend = caches["default"]
    for name in CACHE_OPERATIONS:
        original = getattr(backend, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(backend, name, counted)
    yield calls


def page(response) -> str:
    """The page without its per-request script nonce."""
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def file_one(citizen) -> None:
    appeal_file(
        actor=citizen,
        appeal_type="inquiry",
        agency=Agency.objects.get(slug="ministry-of-health"),
        region=Region.objects.get(code="KZ-10"),
        subject="S",
        text="T",
    )


def test_a_repeat_view_of_the_page_makes_no_database_query(
    client: Client, history, django_assert_num_queries
) -> None:
    first = client.get("/en/stats/", {"region": "KZ-75"})
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get("/en/stats/", {"region": "KZ-75"})
    assert again.status_code == 200 and page(again) == page(first) and "Clear filters" in page(again)
    unfiltered = client.get("/en/stats/")
    assert page(unfiltered) != page(first) and "Clear filters" not in page(unfiltered)


def test_the_page_changes_when_a_new_version_is_published(
    client: Client, history, citizen, exact, django_capture_on_commit_callbacks
) -> None:
    first = page(client.get("/en/stats/"))
    assert page(client.get("/en/stats/")) == first
    with django_capture_on_commit_callbacks(execute=True):
        file_one(citizen)  # STATS_PUBLISH_SECONDS is 0 in tests: published at once
    assert page(client.get("/en/stats/")) != first


def test_languages_do_not_mix_and_the_sign_in_state_is_per_request(
    client: Client, history, citizen, django_assert_num_queries
) -> None:
    for language in HEADINGS:
        client.get(f"/{language}/stats/")
    with django_assert_num_queries(0):
        pages = {language: page(client.get(f"/{language}/stats/")) for language in HEADINGS}
    for language, html in pages.items():
        assert HEADINGS[language] in html
        assert all(heading not in html for other, heading in HEADINGS.items() if other != language)
    assert "Sign out" not in pages["en"]
    client.force_login(citizen)
    signed_in = page(client.get("/en/stats/"))
    assert "Sign out" in signed_in and HEADINGS["en"] in signed_in


def test_a_filter_form_with_errors_is_not_cached(client: Client, history) -> None:
    wrong = {"date_from": "2026-05", "date_to": "2026-01"}
    for _ in range(2):
        html = page(client.get("/en/stats/", wrong))
        assert "The end date must be on or after the start date." in html


def test_a_warm_api_hit_makes_one_redis_round_trip(history, settings, monkeypatch) -> None:
    """The throttle's counter and the bytes in one script (appeals/stats/publish/fast_path.py);
    the published version is remembered in the process for up to a second."""
    settings.STATS_PUBLISH_SECONDS = 60
    api = APIClient()
    first = api.get("/api/v1/stats/agencies/")
    assert first.status_code == 200
    with counted_round_trips(monkeypatch) as sent:
        again = api.get("/api/v1/stats/agencies/")
    assert again.status_code == 200 and again.content == first.content
    assert len(sent) == 1, sent


def test_a_warm_page_view_makes_one_cache_round_trip(
    client: Client, history, settings, cache_calls: list[str]
) -> None:
    settings.STATS_PUBLISH_SECONDS = 60
    client.get("/en/stats/")
    cache_calls.clear()
    assert client.get("/en/stats/").status_code == 200
    assert len(cache_calls) <= 1, cache_calls
