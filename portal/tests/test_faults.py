"""Degrade, don't die: each test takes a real service away.

Redis: a second redis-server on a free port serves as the cache and the broker, then is
stopped. PostgreSQL: the portal is started (gunicorn) with DATABASE_URL on a port where
nothing listens."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from appeals.models import Appeal, AppealStatus, Notification
from appeals.tests.api.test_citizen_api import payload
from appeals.tests.broker import _reset_connections
from officials.tests.fixtures import token_client
from portal.celery import app as celery_app
from portal.fuzz import free_port

ROOT = Path(__file__).resolve().parent.parent.parent


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s")


class DoomedRedis:
    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process, self.url = process, url

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def doomed_redis(settings) -> Iterator[DoomedRedis]:
    """A redis-server of the test's own that is the cache and the broker until it is stopped."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    redis = DoomedRedis(process, f"redis://127.0.0.1:{port}/0")
    previous_broker = celery_app.conf.broker_url
    try:
        wait_for_port(port, process)
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        # Rate limits and throttles really counted (the test settings lift some of them).
        settings.DIALOG_RATE_LIMITS = {
            "file_appeal": {"account": "100/hour", "ip": "100/hour"},
            "sign_in": {"ip": "100/hour"},
        }
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "100/minute"},
        }
        celery_app.conf.broker_url = redis.url
        _reset_connections()
        cache.set("fault-test", "up")
        assert cache.get("fault-test") == "up"  # the portal really uses this Redis
        yield redis
    finally:
        redis.stop()
        celery_app.conf.broker_url = previous_broker
        _reset_connections()


@pytest.mark.django_db
def test_with_redis_down_filing_and_answering_succeed_and_say_so_in_the_log(
    doomed_redis, citizen, officer, caplog, django_capture_on_commit_callbacks
) -> None:
    citizen_api = token_client(citizen)
    assert citizen_api.get("/api/v1/appeals/").status_code == 200  # throttled through Redis
    doomed_redis.stop()

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        filed = citizen_api.post("/api/v1/appeals/", payload(), format="json")
    assert filed.status_code == 201, filed.content
    appeal = Appeal.objects.get(tracking_number=filed.json()["tracking_number"])
    assert "not enforced: the cache is unreachable" in caplog.text

    with django_capture_on_commit_callbacks(execute=True):
        answered = token_client(officer.user).post(
            f"/api/v1/agency/appeals/{appeal.tracking_number}/answer/",
            {"text": "Every Tuesday."},
            format="json",
        )
    assert answered.status_code == 200, answered.content
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    # The citizen's e-mails wait in the outbox for the broker to come back.
    waiting = Notification.objects.filter(appeal=appeal, status=Notification.Status.PENDING)
    assert waiting.filter(kind="answered").exists()


@pytest.mark.django_db
def test_with_redis_down_a_token_can_be_had_and_statistics_are_served_uncached(doomed_redis, citizen) -> None:
    doomed_redis.stop()
    token = APIClient().post(
        "/api/v1/auth/token/", {"email": citizen.email, "password": "correct horse battery"}, format="json"
    )
    assert token.status_code == 200, token.content
    for _ in range(2):
        stats = APIClient().get("/api/v1/stats/agencies/")
        assert stats.status_code == 200 and "results" in stats.json()
    assert APIClient().get("/api/v1/stats/regions/", {"format": "csv"}).status_code == 200


@pytest.mark.django_db
def test_with_redis_down_healthz_names_what_is_down(doomed_redis, client) -> None:
    assert client.get("/healthz").json()["cache"] == "ok"
    doomed_redis.stop()
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["database"] == "ok"
    assert body["cache"].startswith("error") and body["broker"].startswith("error")


# --- PostgreSQL down ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal_without_database(tmp_path_factory) -> Iterator[str]:
    """The portal under gunicorn, its DATABASE_URL pointing at a port where nothing listens."""
    port, dead_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead_port}/dialog",
        "DIALOG_VAR_DIR": str(tmp_path_factory.mktemp("var")),
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(port, server, seconds=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (a local test server)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/", "Sorry, the service is unavailable"),
        ("/ru/", "Извините, сервис недоступен"),
        ("/kk/", "Кешіріңіз, қызмет қолжетімсіз"),
    ],
)
def test_with_postgresql_down_pages_are_a_503_in_the_users_language(
    portal_without_database, path: str, heading: str
) -> None:
    status, headers, body = fetch(portal_without_database + path)
    assert status == 503
    assert headers["Retry-After"].isdigit()
    assert heading in body


@pytest.mark.parametrize(
    ("language", "words"), [("en", "temporarily unavailable"), ("ru", "временно недоступен")]
)
def test_with_postgresql_down_the_api_is_a_json_503(portal_without_database, language, words) -> None:
    status, headers, body = fetch(
        portal_without_database + "/api/v1/regions/", **{"Accept-Language": language}
    )
    assert status == 503
    assert headers["Retry-After"].isdigit()
    assert headers["Content-Type"] == "application/json"
    document = json.loads(body)
    assert document["code"] == "service_unavailable" and words in document["detail"]
