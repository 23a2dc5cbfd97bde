"""The citizen API: a token, filing, listing and reading one's own appeals; 4xx for bad input."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from appeals.models import Appeal, Channel
from appeals.services import appeal_answer
from officials.models import Deputy
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the conftest's citizens


@pytest.fixture
def api(citizen: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    return client


def payload(**overrides: object) -> dict[str, object]:
    return {
        "agency": "ministry-of-health",
        "region": "KZ-75",
        "appeal_type": "inquiry",
        "subject": "Vaccination schedule",
        "text": "When is the next vaccination day at polyclinic No. 5?",
        **overrides,
    }


def test_a_token_for_email_and_password(citizen: User) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": citizen.email.upper(), "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=citizen).key


def test_a_wrong_password_gets_a_401_with_a_message(citizen: User) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": citizen.email, "password": "x"}, format="json"
    )
    assert response.status_code in (401, 403)
    assert "not right" in response.json()["detail"]


def test_officials_cannot_get_a_token_with_a_password(officer) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": officer.user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code in (401, 403)
    assert not Token.objects.filter(user=officer.user).exists()


def test_token_requests_are_rate_limited_per_address(citizen: User, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"sign_in": {"ip": "3/hour"}}
    client = APIClient()
    codes = [
        client.post(
            "/api/v1/auth/token/", {"email": citizen.email, "password": "bad"}, format="json"
        ).status_code
        for _ in range(4)
    ]
    assert codes[-1] == 429 and 429 not in codes[:3]


def test_filing_returns_201_with_number_status_and_dates(api: APIClient) -> None:
    response = api.post("/api/v1/appeals/", payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    appeal = Appeal.objects.get()
    assert body["tracking_number"] == appeal.tracking_number
    assert body["status"] == "registered"
    assert body["registered_at"] and body["due_at"]
    assert body["agency"]["slug"] == "ministry-of-health"
    assert appeal.channel == Channel.API


def test_filing_to_a_deputy(api: APIClient) -> None:
    deputy = Deputy.objects.filter(is_active=True).first()
    response = api.post("/api/v1/appeals/", payload(agency=None, deputy=deputy.pk), format="json")
    assert response.status_code == 201
    assert response.json()["deputy"]["id"] == deputy.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agency": "no-such-agency"}, "agency"),
        ({"agency": None}, "agency"),
        ({"deputy": 1}, "agency"),
        ({"agency": None, "deputy": 999999}, "deputy"),
        ({"region": "KZ-99"}, "region"),
        ({"appeal_type": "bribe"}, "appeal_type"),
        ({"subject": ""}, "subject"),
        ({"text": "x" * 100_000}, "text"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    api: APIClient, overrides: dict[str, object], field: str
) -> None:
    response = api.post("/api/v1/appeals/", payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Appeal.objects.exists()


def test_an_incomplete_profile_is_a_403_with_the_reason(make_citizen) -> None:
    user = make_citizen(complete=False)
    client = APIClient()
    client.force_authenticate(user)
    response = client.post("/api/v1/appeals/", payload(), format="json")
    assert response.status_code == 403
    assert "IIN" in response.json()["detail"] and response.json()["code"] == "profile_incomplete"


def test_html_is_stored_as_typed_and_returned_as_data(api: APIClient) -> None:
    evil = "<script>alert(1)</script>"
    number = api.post("/api/v1/appeals/", payload(subject=evil, text=evil), format="json").json()[
        "tracking_number"
    ]
    detail = api.get(f"/api/v1/appeals/{number}/")
    assert detail["Content-Type"].startswith("application/json")
    assert detail.json()["subject"] == evil


def test_the_list_has_only_my_appeals_and_filters_by_status(
    api: APIClient, citizen: User, make_citizen
) -> None:
    api.post("/api/v1/appeals/", payload(), format="json")
    other = APIClient()
    other.force_authenticate(make_citizen())
    other.post("/api/v1/appeals/", payload(subject="Someone else's"), format="json")
    body = api.get("/api/v1/appeals/").json()
    assert body["count"] == 1 and body["results"][0]["subject"] == "Vaccination schedule"
    assert api.get("/api/v1/appeals/?status=answered").json()["count"] == 0
    assert api.get("/api/v1/appeals/?status=nonsense").status_code == 400


def test_the_list_query_count_is_flat(api: APIClient, django_assert_max_num_queries) -> None:
    for _ in range(10):
        api.post("/api/v1/appeals/", payload(), format="json")
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/appeals/").json()["count"] == 10


def test_the_detail_has_the_answer_and_public_events_only(api: APIClient, officer) -> None:
    number = api.post("/api/v1/appeals/", payload(), format="json").json()["tracking_number"]
    appeal = Appeal.objects.get(tracking_number=number)
    from appeals.services import appeal_note

    appeal_note(actor=officer.user, appeal=appeal, text="internal only")
    appeal_answer(actor=officer.user, appeal=appeal, text="Every Tuesday.")
    body = api.get(f"/api/v1/appeals/{number.lower()}/?lang=ru").json()
    assert body["answers"][0]["text"] == "Every Tuesday."
    kinds = [event["kind"] for event in body["events"]]
    assert kinds == ["registered", "answered"]
    assert body["agency"]["name"] == appeal.agency.name_ru


def test_another_citizen_gets_404_for_my_appeal(api: APIClient, make_citizen) -> None:
    number = api.post("/api/v1/appeals/", payload(), format="json").json()["tracking_number"]
    intruder = APIClient()
    intruder.force_authenticate(make_citizen())
    response = intruder.get(f"/api/v1/appeals/{number}/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("number", ["DLG-2026-999999", "nonsense", "DLG-2026-000001'--"])
def test_a_tampered_tracking_number_is_404(api: APIClient, number: str) -> None:
    assert api.get(f"/api/v1/appeals/{number}/").status_code == 404


def test_anonymous_callers_get_401(db) -> None:
    assert APIClient().get("/api/v1/appeals/").status_code == 401
    assert APIClient().post("/api/v1/appeals/", payload(), format="json").status_code == 401


def test_filing_through_the_api_is_rate_limited(api: APIClient, settings) -> None:
    settings.DIALOG_RATE_LIMITS = {"file_appeal": {"account": "2/hour"}}
    codes = [api.post("/api/v1/appeals/", payload(), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Appeal.objects.count() == 2


def test_the_citizen_api_is_in_the_openapi_schema(tmp_path) -> None:
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/v1/auth/token/", "/api/v1/appeals/", "/api/v1/appeals/{tracking_number}/"):
        assert path in text


def test_an_unconfirmed_email_gets_a_token_but_cannot_file(make_citizen) -> None:
    unverified = make_citizen(verified=False)
    token = APIClient().post(
        "/api/v1/auth/token/", {"email": unverified.email, "password": PASSWORD}, format="json"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    response = client.post("/api/v1/appeals/", payload(), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "email_unverified"
    assert "Confirm your e-mail address" in response.json()["detail"]
    assert not Appeal.objects.exists()


def test_filing_with_a_key_costs_a_fixed_number_of_round_trips(
    api: APIClient, settings, monkeypatch, django_assert_num_queries
) -> None:
    """Counted, not timed (issue 13): with the reference data remembered, a filing is the token,
    the key's claim, the citizen's check, the number, the appeal, its event, its e-mail, the
    rollups (one round trip for both tables), the stored response, the transaction and its
    savepoint; Redis: one script for the API's per-caller throttle, one for both filing limits
    (address and account)."""
    from portal import reference_cache
    from portal.tests.redis_trips import counted_round_trips

    settings.DIALOG_REFERENCE_CACHE_SECONDS = 60
    settings.DIALOG_RATE_LIMITS = {"file_appeal": {"account": "100/hour", "ip": "100/hour"}}
    reference_cache.forget()
    assert (
        api.post("/api/v1/appeals/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="warm").status_code == 201
    )
    with counted_round_trips(monkeypatch) as sent, django_assert_num_queries(13):
        filed = api.post("/api/v1/appeals/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="second")
    assert filed.status_code == 201
    assert sum(b"EVALSHA" in command for command in sent) == 2, sent
    reference_cache.forget()
