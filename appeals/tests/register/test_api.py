"""GET /api/v1/register/ and /api/v1/register/{tracking_number}/: public, masked, filtered,
searched in kk/ru/en; 4xx for anything the caller got wrong; and `publish` on POST appeals/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from rest_framework.test import APIClient

from appeals.models import Appeal, Publication, PublicationState
from appeals.services import appeal_answer
from appeals.services.publication import publication_withdraw
from appeals.tests.register.conftest import IIN
from officials.models import Official
from officials.tests.fixtures import token_client
from portal.accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/v1/register/"


def numbers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["tracking_number"] for row in response.json()["results"]]


def test_list_shows_published_appeals_masked_without_the_name(
    published_file: Callable[..., Appeal], file_appeal: Callable[..., Appeal], citizen: User
) -> None:
    appeal = published_file(text=f"I, {citizen.full_name}, IIN {IIN}, ask about the queue.")
    file_appeal(publish=True)  # pending: never shown
    file_appeal()  # not published at all
    response = APIClient().get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and numbers(response) == [appeal.tracking_number]
    row = body["results"][0]
    assert IIN not in row["text"] and citizen.full_name not in row["text"]
    assert "[IIN hidden]" in row["text"] and "[name hidden]" in row["text"]
    assert row["agency"] == {
        "slug": "ministry-of-health",
        "name": "Ministry of Health of the Republic of Kazakhstan",
    }
    assert row["region"]["code"] == "KZ-75" and row["answered_on_time"] is None
    assert "citizen" not in row and citizen.email not in response.content.decode()


def test_detail_has_answer_and_timeline_and_masks_in_the_language_asked(
    published_file: Callable[..., Appeal], officer: Official
) -> None:
    appeal = published_file(text=f"IIN {IIN}")
    appeal_answer(actor=officer.user, appeal=appeal, text="The queue is shortened.")
    response = APIClient().get(f"{URL}{appeal.tracking_number.lower()}/", {"lang": "ru"})
    assert response.status_code == 200
    body = response.json()
    assert body["answers"][0]["text"] == "The queue is shortened." and body["answers"][0]["withheld"] is False
    assert [event["kind"] for event in body["timeline"]] == ["registered", "published", "answered"]
    assert body["answered_on_time"] is True and body["status"] == "answered"
    assert body["agency"]["name"] == "Министерство здравоохранения Республики Казахстан"
    assert "[ИИН скрыт]" in body["text"]


def test_withheld_answer_is_not_in_the_api(published_file: Callable[..., Appeal], officer: Official) -> None:
    appeal = published_file()
    appeal_answer(actor=officer.user, appeal=appeal, text="Your diagnosis is X.", register_withhold_text=True)
    body = APIClient().get(f"{URL}{appeal.tracking_number}/").json()
    assert body["answers"] == [
        {"sent_at": body["answers"][0]["sent_at"], "withheld": True, "text": "", "attachments": []}
    ]
    assert "diagnosis" not in str(body)


def test_pending_refused_withdrawn_and_unknown_are_404(
    published_file: Callable[..., Appeal], file_appeal: Callable[..., Appeal], citizen: User
) -> None:
    pending = file_appeal(publish=True)
    private = file_appeal()
    withdrawn = published_file()
    publication_withdraw(actor=citizen, publication=withdrawn.publication)
    for appeal in (pending, private, withdrawn):
        assert APIClient().get(f"{URL}{appeal.tracking_number}/").status_code == 404
    assert APIClient().get(f"{URL}DLG-2026-999999/").status_code == 404
    assert APIClient().get(URL).json()["count"] == 0


def test_filters(published_file: Callable[..., Appeal], officer: Official) -> None:
    complaint = published_file(appeal_type="complaint")
    answered = published_file()
    appeal_answer(actor=officer.user, appeal=answered, text="Done.")
    client = APIClient()
    assert numbers(client.get(URL, {"appeal_type": "complaint"})) == [complaint.tracking_number]
    assert numbers(client.get(URL, {"status": "answered"})) == [answered.tracking_number]
    assert numbers(client.get(URL, {"status": "open"})) == [complaint.tracking_number]
    assert len(numbers(client.get(URL, {"agency": "ministry-of-health", "region": "KZ-75"}))) == 2
    assert numbers(client.get(URL, {"region": "KZ-71"})) == []
    day = complaint.registered_on.isoformat()
    assert len(numbers(client.get(URL, {"date_from": day, "date_to": day}))) == 2
    assert numbers(client.get(URL, {"date_from": "2099-01-01"})) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
@pytest.mark.parametrize(
    ("subject", "query"),
    [
        ("Ремонт дорог в микрорайоне", "дорога"),
        ("The streetlights are broken", "streetlight"),
        ("Мектептегі асхана жабық", "асхана"),
    ],
)
def test_search_in_kk_ru_en(published_file: Callable[..., Appeal], subject: str, query: str) -> None:
    appeal = published_file(subject=subject, text=subject)
    published_file(subject="Unrelated", text="Nothing to see")
    assert numbers(APIClient().get(URL, {"q": query})) == [appeal.tracking_number]


@pytest.mark.parametrize(
    "params",
    [
        {"agency": "no-such-agency"},
        {"region": "KZ-00"},
        {"appeal_type": "petition"},
        {"status": "lost"},
        {"date_from": "2026-13-01"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
        {"regoin": "KZ-75"},
        {"lang": "fr"},
        {"page": "9999"},
        {"page_size": "abc"},
    ],
)
def test_bad_parameters_are_4xx(params: dict[str, str]) -> None:
    response = APIClient().get(URL, params)
    assert 400 <= response.status_code < 500
    assert response.json()


def test_repeated_parameter_and_unknown_on_detail_are_400(published_file: Callable[..., Appeal]) -> None:
    appeal = published_file()
    assert APIClient().get(f"{URL}?status=open&status=answered").status_code == 400
    assert APIClient().get(f"{URL}{appeal.tracking_number}/", {"q": "x"}).status_code == 400


def test_errors_in_the_language_asked() -> None:
    response = APIClient().get(URL, {"status": "lost"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400 and "Неизвестный статус" in response.content.decode()


def test_writes_are_not_allowed() -> None:
    for method in ("post", "put", "patch", "delete"):
        assert getattr(APIClient(), method)(URL).status_code == 405


def test_citizen_api_accepts_publish(citizen: User) -> None:
    client = token_client(citizen)
    payload = {
        "agency": "ministry-of-health",
        "region": "KZ-75",
        "appeal_type": "inquiry",
        "subject": "Vaccination",
        "text": "When is the next vaccination day?",
    }
    first = client.post("/api/v1/appeals/", {**payload, "publish": True}, format="json")
    second = client.post("/api/v1/appeals/", payload, format="json")
    assert first.status_code == second.status_code == 201
    publication = Publication.objects.get(appeal__tracking_number=first.json()["tracking_number"])
    assert publication.state == PublicationState.PENDING
    assert not Publication.objects.filter(appeal__tracking_number=second.json()["tracking_number"]).exists()
    detail = client.get(f"/api/v1/appeals/{first.json()['tracking_number']}/").json()
    assert detail["publication"] == "pending"
    assert client.post("/api/v1/appeals/", {**payload, "publish": "maybe"}, format="json").status_code == 400


def test_agency_summary_has_protected_figures_rate_and_recent_answers(
    published_file: Callable[..., Appeal], officer: Official
) -> None:
    appeal = published_file()
    appeal_answer(actor=officer.user, appeal=appeal, text="Done.")
    response = APIClient().get(f"{URL}agencies/ministry-of-health/", {"lang": "kk"})
    assert response.status_code == 200
    body = response.json()
    assert body["agency"]["slug"] == "ministry-of-health"
    assert body["figures"]["suppressed"] is True  # one appeal: withheld like every statistic
    assert body["publication_rate"] is None and body["publication_rate_suppressed"] is True
    assert [row["tracking_number"] for row in body["recent_answers"]] == [appeal.tracking_number]
    assert APIClient().get(f"{URL}agencies/no-such-agency/").status_code == 404
    assert APIClient().get(f"{URL}agencies/ministry-of-health/", {"x": "1"}).status_code == 400
