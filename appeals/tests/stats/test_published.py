"""Published statistics: rendered bytes served from the cache without the database, conditional
requests, a bounded staleness with an "as of" time, Last-Modified when the figures changed, and
protection applied before anything is cached."""

from __future__ import annotations

import json

import pytest
from django.utils.http import parse_http_date
from rest_framework.test import APIClient

from appeals.services import appeal_file
from appeals.stats.publish.breakdowns import breakdown_rows
from appeals.stats.publish.filters import parse_query
from appeals.stats.rollups import version
from appeals.stats.rollups.selectors import summary
from officials.models import Agency, Official, Region
from officials.tests.fixtures import token_client

pytestmark = pytest.mark.django_db
ENDPOINTS = ("agencies", "regions", "types", "months", "agency-regions")


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def exact(settings) -> None:
    """Tests of freshness read exact figures (test_disclosure.py attacks the protection)."""
    settings.STATS_MIN_CELL = 1
    settings.STATS_PERTURBATION = False


@pytest.fixture
def clock(monkeypatch):
    """The statistics versions' clock, moved by hand."""
    now = [version.time.time_ns()]
    monkeypatch.setattr(version, "_now_ns", lambda: now[0])

    def advance(seconds: float) -> None:
        now[0] += int(seconds * 1e9)

    return advance


def file_one(citizen, slug: str = "ministry-of-health", region: str = "KZ-10") -> None:
    appeal_file(
        actor=citizen,
        appeal_type="inquiry",
        agency=Agency.objects.get(slug=slug),
        region=Region.objects.get(code=region),
        subject="S",
        text="T",
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_cached_response_and_a_304_do_not_touch_the_database(
    api, history, endpoint, fmt, django_assert_num_queries
) -> None:
    url = f"/api/v1/stats/{endpoint}/"
    first = api.get(url, {"format": fmt, "region": "KZ-75"})
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = api.get(url, {"region": "KZ-75", "format": fmt})
        assert again.status_code == 200 and again.content == first.content
        assert again["ETag"] == first["ETag"]
        if fmt == "csv":
            assert again["Content-Disposition"] == first["Content-Disposition"]
            assert again["Content-Type"] == first["Content-Type"]
        unchanged = api.get(url, {"format": fmt, "region": "KZ-75"}, HTTP_IF_NONE_MATCH=first["ETag"])
        assert unchanged.status_code == 304 and unchanged.content == b""
        gzipped = api.get(
            url,
            {"format": fmt, "region": "KZ-75"},
            HTTP_IF_NONE_MATCH=f"W/{first['ETag']}",
            HTTP_ACCEPT_ENCODING="gzip",
        )
        assert gzipped.status_code == 304


def test_unknown_parameters_are_a_400_in_the_language_asked_for_even_when_cached(api, history) -> None:
    assert api.get("/api/v1/stats/agencies/").status_code == 200
    response = api.get("/api/v1/stats/agencies/", {"regoin": "KZ-75", "lang": "ru"})
    assert response.status_code == 400
    assert "Неизвестный параметр" in response.json()["regoin"][0]


def test_figures_are_published_at_most_a_minute_late_with_their_as_of_time(
    api, history, citizen, settings, clock, django_capture_on_commit_callbacks, exact
) -> None:
    settings.STATS_PUBLISH_SECONDS = 60
    first = api.get("/api/v1/stats/regions/")
    as_of = parse_http_date(first["Statistics-As-Of"])
    clock(1)
    with django_capture_on_commit_callbacks(execute=True):
        file_one(citizen)
    clock(29)
    # Within the bound the published figures (and the cache) stand; "as of" says from when.
    held = api.get("/api/v1/stats/regions/")
    assert held.content == first.content and parse_http_date(held["Statistics-As-Of"]) == as_of
    clock(31)
    fresh = api.get("/api/v1/stats/regions/")
    assert fresh.content != first.content
    abai = next(r for r in fresh.json()["results"] if r["region"]["code"] == "KZ-10")
    assert abai["received"] == 1
    assert parse_http_date(fresh["Statistics-As-Of"]) >= as_of + 60


def test_as_of_moves_on_when_nothing_changed_without_emptying_the_cache(
    api, history, settings, clock, django_assert_num_queries
) -> None:
    settings.STATS_PUBLISH_SECONDS = 60
    first = api.get("/api/v1/stats/types/")
    clock(61)
    with django_assert_num_queries(0):
        later = api.get("/api/v1/stats/types/")
    assert later.content == first.content and later["ETag"] == first["ETag"]
    assert parse_http_date(later["Statistics-As-Of"]) >= parse_http_date(first["Statistics-As-Of"]) + 60


def test_last_modified_is_when_this_table_changed_not_when_anything_did(
    api, history, citizen, clock, django_capture_on_commit_callbacks, exact
) -> None:
    params = {"agency": "ministry-of-education"}
    first = api.get("/api/v1/stats/agencies/", params)
    clock(120)
    with django_capture_on_commit_callbacks(execute=True):
        file_one(citizen, slug="ministry-of-health")  # elsewhere: this table's bytes stay
    same = api.get("/api/v1/stats/agencies/", params, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert same.status_code == 304
    again = api.get("/api/v1/stats/agencies/", params)
    assert again["Last-Modified"] == first["Last-Modified"] and again["ETag"] == first["ETag"]
    clock(120)
    with django_capture_on_commit_callbacks(execute=True):
        file_one(citizen, slug="ministry-of-education")
    changed = api.get("/api/v1/stats/agencies/", params, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(first["Last-Modified"])


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_cache_holds_protected_figures_only_and_officials_get_the_public_ones(
    api, history, make_official, endpoint
) -> None:
    """Protection is on (the defaults): what the cache serves is the protected table, whoever
    asks, and officials' exact figures (their dashboard's `summary`) never come from it."""
    official = make_official(history.health, Official.Role.HEAD)
    url = f"/api/v1/stats/{endpoint}/"
    params = {"page_size": "500"}
    by_official = token_client(official.user).get(url, params)
    anonymous = api.get(url, params)
    signed_in = APIClient()
    signed_in.force_login(official.user)
    by_session = signed_in.get(url, params)
    assert by_official.content == anonymous.content == by_session.content
    protected = breakdown_rows(endpoint, parse_query(api.get(url, params).wsgi_request.GET), "en")
    # The same as computed afresh with protection: nothing unprotected went into the cache.
    protected_rows = json.loads(json.dumps(protected))
    assert anonymous.json()["results"] == protected_rows
    # And the officials' exact figures are untouched by what the public cache holds.
    assert summary(agency_ids=[history.health.pk])["received"] == 6


def test_a_page_on_another_site_may_read_the_as_of_time(api, history) -> None:
    response = api.get("/api/v1/stats/agencies/", HTTP_ORIGIN="https://newsroom.example")
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Statistics-As-Of"} <= exposed
