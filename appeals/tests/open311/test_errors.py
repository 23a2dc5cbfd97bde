"""Whatever is wrong with a request, the answer is the specification's error document with a
4xx — never a 500, never an HTML page: missing or wrong formats, methods, jurisdictions,
parameters, NUL bytes and broken UTF-8."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from appeals.tests.open311.conftest import BASE, assert_error, json_of, xml_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "services",
        "services.html",
        "services.JSON",
        "discovery",
        "requests",
        "requests.yaml",
        "services/ministry-of-health.complaint",
        "requests/DLG-2026-000001",
    ],
)
def test_an_address_without_json_or_xml_is_a_400_in_xml(client: Client, path: str) -> None:
    description = assert_error(client.get(f"{BASE}/{path}"), 400, fmt="xml")
    assert ".json or .xml" in description


@pytest.mark.parametrize("path", ["", "nothing.json", "tokens/123.json", "services/a/b.json"])
def test_an_unknown_method_is_a_404(client: Client, path: str) -> None:
    fmt = "json" if path.endswith(".json") else "xml"
    assert_error(client.get(f"{BASE}/{path}"), 404, fmt=fmt)


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
@pytest.mark.parametrize(
    "path", ["discovery.json", "services.xml", "requests.json", "requests/DLG-2026-1.xml"]
)
def test_other_methods_are_405_with_allow(client: Client, method: str, path: str) -> None:
    response = getattr(client, method)(f"{BASE}/{path}")
    assert_error(response, 405, fmt=path.rsplit(".", 1)[1])
    assert "GET" in response["Allow"]


def test_post_is_only_for_requests(client: Client) -> None:
    response = client.post(f"{BASE}/services.json", {})
    assert_error(response, 405)
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["discovery.json", "services.json", "requests.json"])
def test_a_wrong_jurisdiction_is_a_404_and_the_right_one_is_accepted(client: Client, path: str) -> None:
    assert "sfgov.org" in assert_error(client.get(f"{BASE}/{path}", {"jurisdiction_id": "sfgov.org"}), 404)
    assert client.get(f"{BASE}/{path}", {"jurisdiction_id": "kz"}).status_code == 200
    assert client.get(f"{BASE}/{path}", {"jurisdiction_id": ""}).status_code == 200  # empty = not sent


@override_settings(OPEN311_JURISDICTION="almaty.kz")
def test_the_jurisdiction_is_a_setting(client: Client) -> None:
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "almaty.kz"}).status_code == 200
    assert_error(client.get(f"{BASE}/services.json", {"jurisdiction_id": "kz"}), 404)


def test_an_unknown_parameter_is_a_400_naming_the_allowed_ones(client: Client) -> None:
    description = assert_error(client.get(f"{BASE}/services.json", {"colour": "red"}), 400)
    assert "colour" in description and "jurisdiction_id" in description


def test_a_single_parameter_given_twice_is_a_400(client: Client) -> None:
    assert_error(client.get(f"{BASE}/requests.json?start_date=2026-01-01&start_date=2026-01-02"), 400)


def test_an_unknown_language_is_a_400(client: Client) -> None:
    assert_error(client.get(f"{BASE}/services.xml", {"lang": "fr"}), 400, fmt="xml")


def test_the_api_key_on_a_read_is_accepted_and_grants_nothing(client: Client) -> None:
    assert client.get(f"{BASE}/services.json", {"api_key": "anything"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{BASE}/services/%00.json", 400),
        (f"{BASE}/services.json?jurisdiction_id=%00", 400),
        (f"{BASE}/requests.json?service_code=%C3%28", 400),
        (f"{BASE}/requests.xml?status=open%00", 400),
        # Bytes that are not UTF-8 in the path reach Django re-quoted ("%FF%FE"): no such request.
        (f"{BASE}/requests/%FF%FE.json", 404),
    ],
)
def test_nul_bytes_and_broken_utf8_are_4xx_in_the_georeport_format(
    client: Client, path: str, status: int
) -> None:
    fmt = "json" if ".json" in path else "xml"
    assert_error(client.get(path), status, fmt=fmt)


def test_a_nul_byte_in_a_posted_report_is_a_400(client: Client, api_key: str) -> None:
    body = f"api_key={api_key}&service_code=ministry-of-health.report&description=pot%00hole"
    response = client.post(f"{BASE}/requests.json", body, content_type="application/x-www-form-urlencoded")
    assert_error(response, 400)


def test_control_characters_cannot_break_the_xml(client: Client, api_key: str) -> None:
    """A report may hold characters XML 1.0 cannot carry; the documents stay well-formed."""
    response = client.post(
        f"{BASE}/requests.xml",
        {
            "api_key": api_key,
            "service_code": "ministry-of-health.report",
            "attribute[region]": "KZ-75",
            "description": "bell\x07 and escape\x1b characters",
            "attribute[subject]": "x\x0b",
        },
    )
    assert response.status_code == 201
    xml_of(response)
    assert xml_of(client.get(f"{BASE}/services/ministry-of-health.report.xml")).tag == "service_definition"


@override_settings(DIALOG_RATE_LIMITS={"open311": {"ip": "3/minute"}})
def test_too_many_calls_from_one_address_are_a_429(client: Client) -> None:
    for _call in range(3):
        assert client.get(f"{BASE}/discovery.json").status_code == 200
    refused = client.get(f"{BASE}/discovery.json")
    assert_error(refused, 429)
    assert json_of(refused)[0]["code"] == "rate_limited"
    assert int(refused["Retry-After"]) > 0


def test_head_is_answered_like_get(client: Client) -> None:
    assert client.head(f"{BASE}/services.json").status_code == 200
