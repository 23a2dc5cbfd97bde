"""GET requests and requests/{id}: only the public register (published, masked), in both
formats as the specification shows them, with its filters; nothing else exists here."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from appeals.models import Appeal
from appeals.services import appeal_answer
from appeals.services.publication import publication_approve, publication_withdraw
from appeals.tests.open311.conftest import BASE, assert_error, children, json_of, xml_of
from officials.models import Official
from portal.accounts.iin import make_iin
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
IIN = make_iin(random.Random(3), dt.date(1990, 1, 1))
PRIVATE_TEXT = f"My IIN is {IIN} and my phone +7 701 123 45 67; the clinic queue is three weeks long."


@pytest.fixture
def publish(file_appeal: Callable[..., Any], head: Official) -> Callable[..., Appeal]:
    """File an appeal that asks to be published and have the agency's head approve it."""

    def make(**overrides: Any) -> Appeal:
        appeal: Appeal = file_appeal(publish=True, **overrides)
        publication_approve(actor=head.user, publication=appeal.publication)
        return appeal

    return make


def rows(client: Client, **query: Any) -> list[dict[str, Any]]:
    response = client.get(f"{BASE}/requests.json", query)
    assert response.status_code == 200, response.content
    return json_of(response)  # type: ignore[no-any-return]


def test_a_published_appeal_is_listed_masked_with_every_field(client: Client, publish, citizen: User) -> None:
    appeal = publish(text=PRIVATE_TEXT)
    [row] = rows(client)
    assert list(row) == REQUEST_FIELDS
    assert row["service_request_id"] == appeal.tracking_number
    assert row["status"] == "open"
    assert row["service_code"] == "ministry-of-health.application"
    assert row["agency_responsible"] == appeal.agency.name_en
    assert row["address_id"] == "KZ-75" and row["address"] == appeal.region.name_en
    assert row["zipcode"] is row["lat"] is row["long"] is row["media_url"] is None
    assert "clinic queue is three weeks long" in row["description"]
    assert IIN not in row["description"] and "123 45 67" not in row["description"]
    assert citizen.full_name not in str(row)
    requested = dt.datetime.fromisoformat(row["requested_datetime"])
    assert requested == appeal.registered_at.replace(microsecond=0) and row["requested_datetime"].endswith(
        "+05:00"
    )
    expected = dt.datetime.fromisoformat(row["expected_datetime"])
    assert expected == appeal.due_at.replace(microsecond=0)


def test_one_published_appeal_by_its_number(client: Client, publish) -> None:
    appeal = publish()
    [row] = json_of(client.get(f"{BASE}/requests/{appeal.tracking_number}.json"))
    assert list(row) == REQUEST_FIELDS and row["service_request_id"] == appeal.tracking_number


def test_one_published_appeal_in_xml_has_the_specifications_shape(client: Client, publish) -> None:
    appeal = publish()
    root = xml_of(client.get(f"{BASE}/requests/{appeal.tracking_number}.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert children(request) == REQUEST_FIELDS
    assert request.findtext("service_request_id") == appeal.tracking_number
    assert request.findtext("status") == "open"
    empty = request.find("lat")
    assert empty is not None and empty.text is None  # null is an empty element


def test_the_list_in_xml_has_the_specifications_shape(client: Client, publish) -> None:
    publish()
    publish(subject="Second")
    root = xml_of(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    assert [children(r) for r in root.findall("request")] == [REQUEST_FIELDS, REQUEST_FIELDS]


def test_an_unpublished_appeal_does_not_exist_here(client: Client, file_appeal, citizen) -> None:
    private: Appeal = file_appeal()
    pending: Appeal = file_appeal(publish=True)  # asked, not yet approved
    for appeal in (private, pending):
        assert_error(client.get(f"{BASE}/requests/{appeal.tracking_number}.json"), 404)
        assert_error(client.get(f"{BASE}/requests/{appeal.tracking_number}.xml"), 404, fmt="xml")
    assert rows(client) == []
    assert rows(client, service_request_id=f"{private.tracking_number},{pending.tracking_number}") == []


def test_a_withdrawn_publication_is_gone(client: Client, publish, citizen) -> None:
    appeal = publish()
    publication_withdraw(actor=citizen, publication=appeal.publication)
    assert_error(client.get(f"{BASE}/requests/{appeal.tracking_number}.json"), 404)
    assert rows(client) == []


def test_an_answered_appeal_is_closed_and_its_detail_carries_the_answer(
    client: Client, publish, head
) -> None:
    appeal = publish()
    appeal_answer(actor=head.user, appeal=appeal, text="The clinic has hired two paediatricians.")
    [row] = json_of(client.get(f"{BASE}/requests/{appeal.tracking_number}.json"))
    assert row["status"] == "closed"
    assert "The clinic has hired two paediatricians." in row["status_notes"]
    [listed] = rows(client)
    assert listed["status"] == "closed"
    assert dt.datetime.fromisoformat(listed["updated_datetime"]) >= dt.datetime.fromisoformat(
        listed["requested_datetime"]
    )


def test_filters_by_status_service_and_id(client: Client, publish, head) -> None:
    complaint = publish(appeal_type="complaint")
    application = publish()
    appeal_answer(actor=head.user, appeal=application, text="Done.")
    assert [r["service_request_id"] for r in rows(client, status="open")] == [complaint.tracking_number]
    assert [r["service_request_id"] for r in rows(client, status="closed")] == [application.tracking_number]
    assert len(rows(client, status="open,closed")) == 2
    by_code = rows(client, service_code="ministry-of-health.complaint")
    assert [r["service_request_id"] for r in by_code] == [complaint.tracking_number]
    both = rows(client, service_code="ministry-of-health.complaint,ministry-of-health.application")
    assert len(both) == 2
    assert rows(client, service_code="ministry-of-education.complaint") == []
    by_id = rows(client, service_request_id=complaint.tracking_number, status="closed")  # the id overrides
    assert [r["service_request_id"] for r in by_id] == [complaint.tracking_number]


def test_the_window_is_90_days_by_default_and_by_dates(client: Client, publish) -> None:
    appeal = publish(now=timezone.now() - dt.timedelta(days=120))
    assert rows(client) == []
    before = (
        (appeal.registered_at - dt.timedelta(minutes=1)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    assert len(rows(client, start_date=before)) == 1
    day = timezone.localdate(appeal.registered_at).isoformat()
    assert len(rows(client, start_date=day, end_date=day)) == 1
    assert len(rows(client, end_date=day)) == 1
    after = (appeal.registered_at + dt.timedelta(minutes=1)).isoformat()
    assert rows(client, start_date=after) == []


@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "yesterday"},
        {"start_date": "2026-02-30"},
        {"start_date": "2026-01-01T00:00:00"},  # no offset
        {"end_date": "2026-13-01T00:00:00Z"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2025-12-01T00:00:00Z"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # > 90 days
        {"status": "pending"},
        {"service_code": "not a code"},
        {"page_size": "0"},
        {"page_size": "1001"},
        {"page": "-1"},
        {"q": "clinic"},
    ],
)
def test_bad_filters_are_400s(client: Client, query: dict[str, str]) -> None:
    assert_error(client.get(f"{BASE}/requests.json", query), 400)


def test_pages_are_linked(client: Client, publish) -> None:
    first, second, third = publish(), publish(), publish()
    response = client.get(f"{BASE}/requests.json", {"page_size": 2})
    assert [r["service_request_id"] for r in json_of(response)] == [
        third.tracking_number,
        second.tracking_number,
    ]
    link = response["Link"]
    assert link.endswith('>; rel="next"') and "page=2" in link
    last = client.get(f"{BASE}/requests.json", {"page_size": 2, "page": 2})
    assert [r["service_request_id"] for r in json_of(last)] == [first.tracking_number]
    assert "Link" not in last


def test_an_earlier_number_of_a_redirected_appeal_finds_it(client: Client, publish) -> None:
    appeal = publish()
    [row] = json_of(client.get(f"{BASE}/requests/{appeal.tracking_number.lower()}.json"))
    assert row["service_request_id"] == appeal.tracking_number


def test_the_list_reads_a_fixed_number_of_queries(
    client: Client, publish, django_assert_max_num_queries
) -> None:
    for _n in range(5):
        publish()
    with django_assert_max_num_queries(3):
        assert len(rows(client)) == 5
