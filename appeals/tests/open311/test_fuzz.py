"""Hypothesis throws arbitrary parameters, paths and form bodies at every method: the answer is
always a 2xx or the specification's error document with a 4xx, never a 500 (the Open311
endpoint is outside the OpenAPI schema, so schemathesis does not reach it)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeals.tests.open311.conftest import BASE, assert_error

pytestmark = pytest.mark.django_db

NAMES = st.sampled_from(
    [
        "jurisdiction_id",
        "lang",
        "api_key",
        "service_request_id",
        "service_code",
        "start_date",
        "end_date",
        "status",
        "page",
        "page_size",
        "description",
        "lat",
        "long",
        "address_id",
        "address_string",
        "media_url",
        "attribute[region]",
        "attribute[publish]",
        "attribute[client_request_id]",
        "attribute[subject]",
    ]
) | st.text(max_size=12)
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["kz", "KZ-75", "open", "closed", "ministry-of-health.report", "2026-01-01T00:00:00Z", "1e309"]
    ),
    st.integers().map(str),
)
PARAMS = st.lists(st.tuples(NAMES, VALUES), max_size=6)
PATHS = st.sampled_from(
    [
        "discovery.json",
        "services.xml",
        "services/ministry-of-health.report.json",
        "requests.json",
        "requests.xml",
        "requests/DLG-2026-000001.json",
    ]
)
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_well_answered(response, path: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert_error(response, response.status_code, fmt="json" if path.endswith(".json") else "xml")


@override_settings(DIALOG_RATE_LIMITS={})
@FUZZ
@given(path=PATHS, params=PARAMS)
def test_any_query_is_answered_without_a_500(
    client: Client, path: str, params: list[tuple[str, str]]
) -> None:
    response = client.get(f"{BASE}/{path}?{urlencode(params)}")
    assert_well_answered(response, path)


@override_settings(DIALOG_RATE_LIMITS={})
@FUZZ
@given(params=PARAMS, fmt=st.sampled_from(["json", "xml"]))
def test_any_report_is_answered_without_a_500(
    client: Client, api_key: str, params: list[tuple[str, str]], fmt: str
) -> None:
    body = urlencode([("api_key", api_key), ("service_code", "ministry-of-health.report"), *params])
    response = client.post(f"{BASE}/requests.{fmt}", body, content_type="application/x-www-form-urlencoded")
    assert_well_answered(response, f"requests.{fmt}")


@override_settings(DIALOG_RATE_LIMITS={})
@FUZZ
@given(tail=st.text(max_size=60))
def test_any_address_is_answered_without_a_500(client: Client, tail: str) -> None:
    path = quote(tail, safe="/.")
    response = client.get(f"{BASE}/{path}")
    assert response.status_code < 500, (path, response.status_code)
