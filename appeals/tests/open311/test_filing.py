"""POST requests: a verified citizen's report becomes a real appeal through appeal_file, with
every rule of the citizen API; the client's own id makes it idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from appeals.models import Appeal, AppealStatus, Channel
from appeals.models.publication import Publication
from appeals.tests.open311.conftest import BASE, api_key_of, assert_error, children, json_of, xml_of
from officials.models import Agency
from officials.tests.fixtures import token_client

pytestmark = pytest.mark.django_db


def report(api_key: str, **fields: Any) -> dict[str, Any]:
    return {
        "api_key": api_key,
        "jurisdiction_id": "kz",
        "service_code": "ministry-of-health.complaint",
        "attribute[region]": "KZ-75",
        "description": "The clinic on Abay avenue has had no paediatrician for two months.\nNobody answers.",
        **fields,
    }


def test_a_verified_citizens_report_files_a_real_appeal(client: Client, citizen, api_key: str) -> None:
    response = client.post(
        f"{BASE}/requests.json",
        report(api_key, address_string="Abay avenue 10, Almaty", lat="43.2389", long="76.8897"),
    )
    assert response.status_code == 201, response.content
    [created] = json_of(response)
    assert list(created) == ["service_request_id", "service_notice", "account_id"]
    appeal = Appeal.objects.get(tracking_number=created["service_request_id"])
    assert appeal.citizen == citizen
    assert appeal.agency.slug == "ministry-of-health" and appeal.appeal_type == "complaint"
    assert appeal.region.code == "KZ-75" and appeal.channel == Channel.API
    assert appeal.status == AppealStatus.REGISTERED
    assert appeal.subject == "The clinic on Abay avenue has had no paediatrician for two months."
    assert appeal.text.startswith("The clinic on Abay avenue")
    assert "Location: Abay avenue 10, Almaty" in appeal.text
    assert "43.2389, 76.8897" in appeal.text
    assert appeal.tracking_number in created["service_notice"]
    assert created["account_id"] is None
    assert not Publication.objects.filter(appeal=appeal).exists()


def test_the_response_in_xml_has_the_specifications_shape(client: Client, api_key: str) -> None:
    root = xml_of(client.post(f"{BASE}/requests.xml", report(api_key)))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert children(request) == ["service_request_id", "service_notice", "account_id"]
    assert Appeal.objects.filter(tracking_number=request.findtext("service_request_id")).exists()


def test_the_appeal_is_the_same_as_through_the_citizen_api(client: Client, citizen, api_key: str) -> None:
    [created] = json_of(client.post(f"{BASE}/requests.json", report(api_key)))
    mine = token_client(citizen).get(f"/api/v1/appeals/{created['service_request_id']}/").json()
    assert mine["status"] == "registered" and mine["agency"]["slug"] == "ministry-of-health"


def test_a_report_can_ask_to_be_published(client: Client, api_key: str) -> None:
    [created] = json_of(
        client.post(f"{BASE}/requests.json", report(api_key, **{"attribute[publish]": "true"}))
    )
    publication = Publication.objects.get(appeal__tracking_number=created["service_request_id"])
    assert publication.state == "pending"
    assert "moderator" in created["service_notice"]


def test_a_local_body_needs_no_region(client: Client, api_key: str) -> None:
    local = Agency.objects.filter(region__isnull=False, is_active=True).select_related("region").first()
    assert local is not None
    fields = report(api_key, service_code=f"{local.slug}.report")
    del fields["attribute[region]"]
    [created] = json_of(client.post(f"{BASE}/requests.json", fields))
    assert Appeal.objects.get(tracking_number=created["service_request_id"]).region == local.region


def test_address_id_may_name_the_region(client: Client, api_key: str) -> None:
    fields = report(api_key, address_id="KZ-11")
    del fields["attribute[region]"]
    [created] = json_of(client.post(f"{BASE}/requests.json", fields))
    assert Appeal.objects.get(tracking_number=created["service_request_id"]).region.code == "KZ-11"


def test_a_ministry_needs_the_region(client: Client, api_key: str) -> None:
    fields = report(api_key)
    del fields["attribute[region]"]
    assert "attribute[region]" in assert_error(client.post(f"{BASE}/requests.json", fields), 400)
    assert not Appeal.objects.exists()


def test_the_contact_fields_never_replace_the_verified_account(client: Client, citizen, api_key: str) -> None:
    fields = report(
        api_key, email="someone@else.kz", first_name="Mallory", last_name="X", phone="+77011234567"
    )
    [created] = json_of(client.post(f"{BASE}/requests.json", fields))
    appeal = Appeal.objects.get(tracking_number=created["service_request_id"])
    assert appeal.citizen == citizen
    assert "Mallory" not in appeal.text and "someone@else.kz" not in appeal.text


# --- the same client id twice: one appeal ------------------------------------------------------


def test_the_same_client_request_id_twice_files_one_appeal(client: Client, citizen, api_key: str) -> None:
    fields = report(api_key, **{"attribute[client_request_id]": "fms-report-1234"})
    first = client.post(f"{BASE}/requests.json", fields)
    second = client.post(f"{BASE}/requests.json", fields)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert second["Idempotent-Replayed"] == "true"
    assert Appeal.objects.filter(citizen=citizen).count() == 1


def test_the_idempotency_key_header_works_too(client: Client, citizen, api_key: str) -> None:
    for _attempt in range(2):
        response = client.post(f"{BASE}/requests.xml", report(api_key), HTTP_IDEMPOTENCY_KEY="retry-77")
        assert response.status_code == 201
    assert Appeal.objects.filter(citizen=citizen).count() == 1


def test_the_same_client_id_with_another_report_is_refused(client: Client, citizen, api_key: str) -> None:
    key = {"attribute[client_request_id]": "fms-1"}
    assert client.post(f"{BASE}/requests.json", report(api_key, **key)).status_code == 201
    other = report(api_key, description="Something else entirely.", **key)
    assert_error(client.post(f"{BASE}/requests.json", other), 422)
    assert Appeal.objects.filter(citizen=citizen).count() == 1


def test_the_header_and_the_attribute_must_agree(client: Client, api_key: str) -> None:
    fields = report(api_key, **{"attribute[client_request_id]": "a"})
    assert_error(client.post(f"{BASE}/requests.json", fields, HTTP_IDEMPOTENCY_KEY="b"), 400)


def test_a_malformed_client_id_is_a_400_in_the_georeport_format(client: Client, api_key: str) -> None:
    fields = report(api_key, **{"attribute[client_request_id]": "has spaces"})
    assert_error(client.post(f"{BASE}/requests.xml", fields), 400, fmt="xml")
    assert not Appeal.objects.exists()


def test_without_a_client_id_two_posts_are_two_appeals(client: Client, citizen, api_key: str) -> None:
    client.post(f"{BASE}/requests.json", report(api_key))
    client.post(f"{BASE}/requests.json", report(api_key))
    assert Appeal.objects.filter(citizen=citizen).count() == 2


# --- who may file ------------------------------------------------------------------------------


def test_a_missing_api_key_is_a_403(client: Client) -> None:
    fields = report("")
    del fields["api_key"]
    assert "api_key" in assert_error(client.post(f"{BASE}/requests.json", fields), 403)


@pytest.mark.parametrize("key", ["nonsense", "0" * 40, "a" * 5000])
def test_an_invalid_api_key_is_a_403(client: Client, citizen, key: str) -> None:
    assert_error(client.post(f"{BASE}/requests.xml", report(key)), 403, fmt="xml")
    assert not Appeal.objects.exists()


def test_an_api_key_in_the_address_is_refused(client: Client, api_key: str) -> None:
    fields = report(api_key)
    response = client.post(f"{BASE}/requests.json?api_key={api_key}", fields)
    assert "body" in assert_error(response, 400)
    assert not Appeal.objects.exists()


def test_an_officials_token_files_nothing(client: Client, officer) -> None:
    assert "official" in assert_error(
        client.post(f"{BASE}/requests.json", report(api_key_of(officer.user))), 403
    )
    assert not Appeal.objects.exists()


def test_an_inactive_account_files_nothing(client: Client, citizen, api_key: str) -> None:
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    assert_error(client.post(f"{BASE}/requests.json", report(api_key)), 403)


def test_an_unverified_e_mail_address_is_refused_as_by_appeal_file(client: Client, make_citizen) -> None:
    unverified = make_citizen(verified=False)
    errors = json_of(client.post(f"{BASE}/requests.json", report(api_key_of(unverified))))
    assert errors[0]["code"] == "email_unverified"
    assert "Confirm your e-mail address" in errors[0]["description"]
    assert not Appeal.objects.exists()


def test_an_incomplete_profile_is_refused_as_by_appeal_file(client: Client, make_citizen) -> None:
    incomplete = make_citizen(complete=False)
    response = client.post(f"{BASE}/requests.xml", report(api_key_of(incomplete)))
    assert "IIN" in assert_error(response, 403, fmt="xml")
    assert xml_of(response).findtext("error/code") == "profile_incomplete"


@override_settings(DIALOG_RATE_LIMITS={"file_appeal": {"account": "2/hour"}})
def test_the_filing_rate_limit_of_the_citizen_api_applies(client: Client, citizen, api_key: str) -> None:
    assert client.post(f"{BASE}/requests.json", report(api_key)).status_code == 201
    assert client.post(f"{BASE}/requests.json", report(api_key)).status_code == 201
    refused = client.post(f"{BASE}/requests.json", report(api_key))
    assert_error(refused, 429)
    assert int(refused["Retry-After"]) > 0
    assert Appeal.objects.filter(citizen=citizen).count() == 2


# --- what the report says ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"service_code": ""}, 400),
        ({"service_code": "no-such-agency.complaint"}, 404),
        ({"service_code": "ministry-of-health.pothole"}, 404),
        ({"description": "   "}, 400),
        ({"attribute[region]": "KZ-99"}, 400),
        ({"attribute[region]": "KZ-75", "address_id": "KZ-11"}, 400),
        ({"lat": "43.2"}, 400),
        ({"lat": "north", "long": "76.9"}, 400),
        ({"lat": "91", "long": "76.9"}, 400),
        ({"lat": "nan", "long": "76.9"}, 400),
        ({"media_url": "javascript:alert(1)"}, 400),
        ({"attribute[publish]": "maybe"}, 400),
        ({"attribute[colour]": "red"}, 400),
        ({"attribute[region][]": "KZ-75"}, 400),
        ({"attribute[subject]": "x" * 201}, 400),
        ({"description": "x" * 20_000}, 400),
        ({"jurisdiction_id": "sfgov.org"}, 404),
        ({"favourite_colour": "red"}, 400),
    ],
)
def test_bad_reports_are_refused_in_the_georeport_format(
    client: Client, api_key: str, fields: dict[str, str], status: int
) -> None:
    assert_error(client.post(f"{BASE}/requests.json", report(api_key, **fields)), status)
    assert not Appeal.objects.exists()


def test_a_json_body_is_refused_the_specification_asks_for_a_form(client: Client, api_key: str) -> None:
    response = client.post(f"{BASE}/requests.json", report(api_key), content_type="application/json")
    assert "x-www-form-urlencoded" in assert_error(response, 400)


def test_a_wrong_jurisdiction_in_the_address_is_a_404(client: Client, api_key: str) -> None:
    assert_error(client.post(f"{BASE}/requests.json?jurisdiction_id=city.gov", report(api_key)), 404)


def test_errors_come_in_the_language_asked_for(client: Client, api_key: str) -> None:
    english = assert_error(client.post(f"{BASE}/requests.json", report(api_key, service_code="")), 400)
    russian = assert_error(
        client.post(f"{BASE}/requests.json", report(api_key, service_code=""), HTTP_ACCEPT_LANGUAGE="ru"), 400
    )
    kazakh = assert_error(
        client.post(f"{BASE}/requests.json", report(api_key, service_code="", lang="kk")), 400
    )
    assert len({english, russian, kazakh}) == 3
