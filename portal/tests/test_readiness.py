"""/readyz: the database, the cache and the broker, each taken away for real."""

from __future__ import annotations

import pytest
from django.test import override_settings

from appeals.tests.broker import UNREACHABLE, broker_down

pytestmark = pytest.mark.django_db


def test_readyz_is_200_when_everything_answers(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "cache": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_503_naming_the_broker_when_it_is_down(client) -> None:
    with broker_down():
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["broker"].startswith("error")
    assert body["database"] == "ok" and body["cache"] == "ok"


def test_readyz_is_503_naming_the_cache_when_it_is_down(client) -> None:
    unreachable_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable_cache):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"].startswith("error") and response.json()["database"] == "ok"


def test_readyz_does_not_leak_connection_urls(client) -> None:
    with broker_down():
        body = client.get("/readyz").content.decode()
    assert "redis://" not in body and "127.0.0.1" not in body


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_naming_the_database_when_it_is_down(client) -> None:
    from django.db import connection

    port = connection.settings_dict["PORT"]
    if connection.vendor != "postgresql":
        pytest.skip("takes a PostgreSQL server away by pointing at a port nothing listens on")
    connection.close()
    connection.settings_dict["PORT"] = "9"
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert response.status_code == 503
    assert response.json()["database"].startswith("error") and response.json()["broker"] == "ok"
