"""A real Open311 client library against the live server (pytest-django's live_server): the
`georeport` package (GeoReport v2 for Python 3) reads discovery-listed services, definitions
and requests in JSON and XML exactly as it reads a city's endpoint. It cannot file reports, so
filing is done by a small client that sends what the specification's example request sends
(application/x-www-form-urlencoded, api_key in the body).

`open311` 1.1, the other library on the package index, cannot be imported on Python 3 at all
(it imports its own modules the Python 2 way: `from api import API`), see the README."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from georeport import GeoReport

from appeals.models import Appeal
from appeals.services.publication import publication_approve
from appeals.tests.open311.conftest import BASE, api_key_of
from officials.models import Agency, Official

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endpoint(transactional_reference: None, live_server: Any) -> str:
    return f"{live_server.url}{BASE}"


def file_report(endpoint: str, api_key: str, fmt: str = "json", **fields: str) -> requests.Response:
    """POST Service Request as the specification's example request sends it."""
    return requests.post(
        f"{endpoint}/requests.{fmt}",
        data={
            "api_key": api_key,
            "jurisdiction_id": "kz",
            "service_code": "ministry-of-health.complaint",
            "attribute[region]": "KZ-75",
            "address_string": "Abay avenue 10, Almaty",
            "lat": "43.2389",
            "long": "76.8897",
            "description": "No paediatrician at the clinic for two months.",
            **fields,
        },
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        timeout=30,
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_library_reads_the_services_and_a_definition(endpoint: str, fmt: str) -> None:
    client = GeoReport(endpoint, jurisdiction="kz", output_format=fmt)
    services = client.get_service_list()
    codes = [service["service_code"] for service in services]
    assert "ministry-of-health.complaint" in codes
    assert len(codes) == Agency.objects.active().count() * 6
    definition = client.get_service_definition("ministry-of-health.complaint")
    assert definition["service_code"] == "ministry-of-health.complaint"
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    assert [attribute["code"] for attribute in attributes] == [
        "region",
        "subject",
        "publish",
        "client_request_id",
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_report_filed_and_published_is_followed_through_the_library(
    endpoint: str, make_citizen, make_official, fmt: str
) -> None:
    citizen = make_citizen()
    response = file_report(endpoint, api_key_of(citizen), fmt, **{"attribute[publish]": "true"})
    assert response.status_code == 201, response.text
    appeal = Appeal.objects.get(citizen=citizen)
    assert appeal.tracking_number in response.text

    client = GeoReport(endpoint, jurisdiction="kz", output_format=fmt)
    # Not in the register before a moderator approves its publication.
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_request(appeal.tracking_number)
    assert refused.value.response.status_code == 404

    head = make_official("ministry-of-health", Official.Role.HEAD)
    publication_approve(actor=head.user, publication=appeal.publication)
    request = client.get_service_request(appeal.tracking_number)
    assert request["service_request_id"] == appeal.tracking_number
    assert request["status"] == "open"
    assert request["service_code"] == "ministry-of-health.complaint"
    assert "Abay avenue 10" in request["description"]
    listed = client.get_service_requests(service_code="ministry-of-health.complaint", status="open")
    # xmltodict reads a single <request> as one mapping, not a list of one: the library's way.
    rows = listed if isinstance(listed, list) else [listed]
    assert [row["service_request_id"] for row in rows] == [appeal.tracking_number]


def test_the_same_client_id_over_the_network_files_once(endpoint: str, make_citizen) -> None:
    citizen = make_citizen()
    first = file_report(endpoint, api_key_of(citizen), **{"attribute[client_request_id]": "fms-9"})
    second = file_report(endpoint, api_key_of(citizen), **{"attribute[client_request_id]": "fms-9"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Appeal.objects.filter(citizen=citizen).count() == 1


def test_errors_reach_the_client_in_the_specifications_format(endpoint: str) -> None:
    refused = file_report(endpoint, "not-a-key")
    assert refused.status_code == 403
    assert refused.headers["Content-Type"] == "application/json; charset=utf-8"
    assert refused.json()[0]["code"] == 403
    with pytest.raises(requests.HTTPError) as error:
        GeoReport(endpoint, jurisdiction="sfgov.org").get_service_list()
    assert error.value.response.status_code == 404
    # Bytes that are not UTF-8 in the address: Django re-quotes them, so no such request.
    broken = requests.get(f"{endpoint}/requests/%FF%FE.xml", timeout=30)
    assert broken.status_code == 404
    assert broken.text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<errors>')
