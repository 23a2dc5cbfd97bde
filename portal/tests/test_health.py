from __future__ import annotations

import pytest

from appeals.tests.broker import broker_down

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_cache_and_broker(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client) -> None:
    with broker_down():
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["broker"].startswith("error")


def test_home_page_in_each_language(client) -> None:
    for language in ("kk", "ru", "en"):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
        # The section for journalists (in the main content, not the navigation) links the statistics.
        main = response.content.decode().split("<main", 1)[1]
        assert f'href="/{language}/stats/">' in main


def test_unknown_page_is_a_404_not_a_500(client) -> None:
    assert client.get("/en/no-such-page/").status_code == 404
