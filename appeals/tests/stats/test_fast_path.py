"""Cached statistics answered before DRF (appeals/stats/publish/fast_path.py): the same bytes and
headers as the view's answer, no database, one Redis round trip, and the throttle still counted —
once per request, hit or miss."""

from __future__ import annotations

import gzip

import pytest
from django.core.cache import cache
from django.test import Client

from appeals.stats.publish.api import StatsViewSet
from portal.tests.redis_trips import counted_round_trips

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/agencies/"
# Differ per response by design.
PER_RESPONSE = {"X-Request-ID"}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()  # no bytes cached by another test under the same version


def headers(response) -> dict[str, str]:
    # gzip pads each response with a random-length name (Django's BREACH mitigation).
    varying = {*PER_RESPONSE, "Content-Length"} if response.has_header("Content-Encoding") else PER_RESPONSE
    return {name: value for name, value in response.items() if name not in varying}


def body(response) -> bytes:
    return gzip.decompress(response.content) if response.has_header("Content-Encoding") else response.content


@pytest.fixture
def view_calls(monkeypatch) -> list[str]:
    """Each time DRF's statistics view handles a request."""
    calls: list[str] = []
    original = StatsViewSet.initial

    def counted(self, request, *args, **kwargs):
        calls.append(request.path)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(StatsViewSet, "initial", counted)
    return calls


@pytest.mark.parametrize(
    ("params", "extra"),
    [
        ({}, {}),
        ({"lang": "ru", "page_size": "2"}, {}),
        ({"format": "csv"}, {}),
        ({}, {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}),
        ({}, {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "https://newsroom.example"}),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "ru"}),
    ],
)
def test_a_hit_is_the_views_answer_without_the_view_or_the_database(
    history, params, extra, view_calls, settings, django_assert_num_queries
) -> None:
    settings.STATS_PUBLISH_SECONDS = 60  # one publication: the same Statistics-As-Of
    client = Client()
    first = client.get(URL, params, **extra)
    assert first.status_code == 200 and view_calls == [URL]
    with django_assert_num_queries(0):
        again = client.get(URL, params, **extra)
    assert view_calls == [URL]  # the view did not run again
    assert again.status_code == 200
    assert body(again) == body(first) and headers(again) == headers(first)


def test_what_the_fast_path_leaves_to_the_view(history, view_calls) -> None:
    client = Client()
    client.get(URL)
    assert client.get(URL, HTTP_ACCEPT="text/html").status_code == 200  # the browsable page
    assert client.get(URL, {"lang": "xx"}).status_code == 400
    assert client.get(URL, {"regoin": "KZ-75"}).status_code == 400
    assert client.head(URL).status_code == 200
    assert len(view_calls) == 5


def test_gzip_and_conditional_requests_are_answered_from_the_cache(history, view_calls) -> None:
    client = Client()
    first = client.get(URL)
    zipped = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == first.content
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert view_calls == [URL]


def test_a_hit_is_one_redis_round_trip(history, settings, monkeypatch) -> None:
    """The throttle's counter and the cached bytes in one script; the published version is
    remembered in the process for up to a second."""
    settings.STATS_PUBLISH_SECONDS = 60
    client = Client()
    first = client.get(URL)
    with counted_round_trips(monkeypatch) as sent:
        again = client.get(URL)
    assert again.content == first.content
    assert len(sent) == 1 and b"EVALSHA" in sent[0], sent


def test_the_throttle_counts_every_request_once_hit_or_miss(history, settings, view_calls) -> None:
    settings.STATS_THROTTLE_RATE = "3/minute"
    client = Client()
    codes = [client.get(URL).status_code for _ in range(4)]
    # A miss counted twice (here and by the view) would refuse the third.
    assert codes == [200, 200, 200, 429]
    refused = client.get(URL, HTTP_ACCEPT_LANGUAGE="ru")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Запрос" in refused.json()["detail"] or "запрос" in refused.json()["detail"]
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get(URL).status_code == 200  # per address
