"""Idempotency-Key on the write endpoints: replay within 24 hours, per caller, refusals not kept,
a reused key with another request refused (the concurrent cases are in appeals/tests/test_races.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from appeals.models import Appeal
from appeals.tests.api.test_citizen_api import payload
from officials.tests.fixtures import token_client
from portal.models import IdempotencyRecord

pytestmark = pytest.mark.django_db

URL = "/api/v1/appeals/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def file(client: APIClient, key: str, **overrides: object):  # type: ignore[no-untyped-def]
    return client.post(URL, payload(**overrides), format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retry_replays_the_first_response_and_files_nothing(citizen) -> None:
    client = token_client(citizen)
    first = file(client, "k-1")
    again = file(client, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Appeal.objects.count() == 1
    assert file(client, "k-2").status_code == 201 and Appeal.objects.count() == 2


def test_the_same_key_with_another_request_is_refused(citizen) -> None:
    client = token_client(citizen)
    file(client, "k-1")
    other = file(client, "k-1", subject="Something else")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert "different request" in other.json()["detail"]
    assert Appeal.objects.count() == 1


def test_keys_belong_to_their_caller(citizen, make_citizen) -> None:
    file(token_client(citizen), "shared")
    assert file(token_client(make_citizen()), "shared").status_code == 201
    assert Appeal.objects.count() == 2


def test_a_refusal_is_not_kept_so_a_corrected_request_may_reuse_the_key(citizen) -> None:
    client = token_client(citizen)
    assert file(client, "k-1", subject="").status_code == 400
    assert file(client, "k-1").status_code == 201 and Appeal.objects.count() == 1


def test_after_24_hours_a_key_is_new_again(citizen) -> None:
    client = token_client(citizen)
    file(client, "k-1")
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=24, minutes=1))
    assert "Idempotent-Replayed" not in file(client, "k-1")
    assert Appeal.objects.count() == 2


@pytest.mark.parametrize("key", ["", "with space", "x" * 256, "ключ"])
def test_a_malformed_key_is_a_400(citizen, key: str) -> None:
    response = token_client(citizen).post(URL, payload(), format="json", headers={"Idempotency-Key": key})
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_invalid"
    assert not Appeal.objects.exists()


def test_a_blog_question_sent_twice_with_a_key_is_asked_once(citizen, head, almaty) -> None:
    from django.test import Client

    from blogs.models import Blog, BlogQuestion

    blog = Blog.objects.create(agency=head.agency, head=head, name="H", position="Minister", is_open=True)
    client = Client()
    client.force_login(citizen)
    data = {"subject": "Roads", "text": "When will the road be fixed?", "region": almaty.pk}
    first = client.post(f"/en/blogs/{blog.slug}/ask/", data, HTTP_IDEMPOTENCY_KEY="q-1")
    again = client.post(f"/en/blogs/{blog.slug}/ask/", data, HTTP_IDEMPOTENCY_KEY="q-1")
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert BlogQuestion.objects.count() == 1


def test_the_schema_documents_the_header_on_every_write(client) -> None:
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    writes = [
        (path, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method == "post" and ("/appeals/" in path)
    ]
    assert {path for path, _ in writes} >= {
        "/api/v1/appeals/",
        "/api/v1/agency/appeals/{tracking_number}/answer/",
        "/api/v1/agency/appeals/{tracking_number}/redirect/",
        "/api/v1/agency/appeals/{tracking_number}/extend/",
        "/api/v1/agency/appeals/{tracking_number}/assign/",
    }
    for path, operation in writes:
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "Idempotency-Key" in headers, path
