"""Bad input of any kind gets a clear 4xx, never a 500: NUL bytes and bytes that are not UTF-8
in the path, the query string, headers, form and JSON bodies; every method on every route."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from officials.tests.fixtures import token_client, verified_client

pytestmark = pytest.mark.django_db


def assert_refused(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/regions/%00/",
        "/api/v1/agencies/%00/",
        "/api/v1/deputies/%00/",
        "/api/v1/regions/%FF%FE/",
        "/api/v1/agencies/caf%C3/",
        "/en/appeals/%00/",
        "/en/blogs/%00/",
        "/admin/%00/",
    ],
)
def test_nul_or_broken_utf8_in_the_path_is_a_4xx(client, path: str) -> None:
    assert_refused(client.get(path))


def test_nul_in_the_path_of_the_api_is_a_json_400(client) -> None:
    response = client.get("/api/v1/regions/%00/")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


def test_an_impossible_reference_key_is_a_404_without_a_query(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert client.get("/api/v1/agencies/no such agency!/").status_code == 404
        assert client.get("/api/v1/deputies/12345678901234567890123/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "region=%00",
        "agency=%00",
        "date_from=%00",
        "appeal_type=%FF",
        "lang=%00",
        "format=csv&region=%00",
        "kind=%C3%28",
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/stats/agencies/", "/api/v1/agencies/", "/en/stats/"])
def test_nul_or_broken_utf8_in_the_query_string_is_a_400(client, path: str, query: str) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400, response.content[:300]


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_AUTHORIZATION": "Token abc\x00def"},
        {"HTTP_ACCEPT_LANGUAGE": "en\x00"},
        {"HTTP_X_FORWARDED_FOR": "\x00"},
        {"HTTP_USER_AGENT": "\xff\xfe broken"},  # the latin-1 view WSGI gives of bytes FF FE
        {"HTTP_COOKIE": "sessionid=\x00"},
    ],
)
def test_nul_or_broken_utf8_in_a_header_is_a_400(client, header: dict[str, str]) -> None:
    response = client.get("/api/v1/appeals/", **header)
    assert response.status_code == 400


def test_nul_in_a_json_body_is_a_400_and_nothing_is_filed(citizen, health_ministry, almaty) -> None:
    client = token_client(citizen)
    for payload in (
        {"agency": "\x00", "region": almaty.code, "appeal_type": "complaint", "subject": "s", "text": "t"},
        {"agency": health_ministry.slug, "region": "\x00", "appeal_type": "x", "subject": "s", "text": "t"},
        {"agency": health_ministry.slug, "region": almaty.code, "appeal_type": "complaint", "\x00": 1},
    ):
        response = client.post("/api/v1/appeals/", payload, format="json")
        assert response.status_code == 400, payload
    assert citizen.appeals.count() == 0


def test_broken_utf8_in_a_json_body_is_a_400(citizen) -> None:
    client = token_client(citizen)
    response = client.generic("POST", "/api/v1/appeals/", b'{"subject": "\xff\xfe"}', "application/json")
    assert response.status_code == 400


def test_nul_in_the_token_exchange_is_a_400() -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": "a\x00@example.kz", "password": "x"}, format="json"
    )
    assert response.status_code == 400


def test_nul_in_a_form_is_a_400(client, citizen) -> None:
    response = client.post("/en/accounts/sign-in/", {"username": "x\x00@example.kz", "password": "x"})
    assert response.status_code == 400
    response = client.post(
        "/en/accounts/sign-in/",
        "username=%FF%FE&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_nul_in_a_multipart_form_is_a_400(citizen) -> None:
    client = verified_client(citizen)
    response = client.post("/en/appeals/new/", {"subject": "Roof\x00", "text": "t"})  # multipart
    assert response.status_code == 400


def test_options_and_head_on_every_stats_route_in_every_format(client) -> None:
    for kind in ("agencies", "regions", "types", "months", "agency-regions"):
        for method in ("options", "head", "get"):
            for suffix in ("", "?format=csv", "?format=json", "?format=api"):
                response = getattr(client, method)(f"/api/v1/stats/{kind}/{suffix}")
                assert response.status_code < 500, (method, kind, suffix)


@pytest.mark.parametrize("method", ["options", "head", "post", "put", "patch", "delete", "trace"])
def test_every_method_on_every_api_and_page_route_is_never_a_500(client, citizen, method: str) -> None:
    client.force_login(citizen)
    paths = {
        "/api/v1/regions/",
        "/api/v1/regions/KZ-ALA/",
        "/api/v1/agencies/",
        "/api/v1/agencies/ministry-of-healthcare/",
        "/api/v1/deputies/",
        "/api/v1/appeals/",
        "/api/v1/agency/appeals/",
        "/api/v1/auth/token/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        "/api/v1/stats/agencies/",
        "/en/",
        "/en/stats/",
        "/en/stats/data/",
        "/en/appeals/",
        "/en/appeals/new/",
        "/en/appeals/new/check/",
        "/en/privacy/",
        "/en/help/",
        "/en/accounts/sign-in/",
        "/en/accounts/sign-up/",
        "/en/blogs/",
        "/healthz",
        "/admin/login/",
    }
    for path in sorted(paths):
        response = getattr(client, method)(path)
        assert response.status_code < 500, (method, path, response.content[:200])
