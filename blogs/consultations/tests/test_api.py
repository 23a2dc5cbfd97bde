"""GET /api/v1/consultations/, GET /api/v1/consultations/{id}/, POST …/{id}/vote/."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from blogs.consultations.models import Ballot
from blogs.consultations.services import consultation_vote
from blogs.consultations.tests.conftest import option_ids, question_id

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def ballot(consultation, position=1, pick=0, **extra):
    return {
        "region": "KZ-75",
        "answers": [
            {
                "question": question_id(consultation, position),
                "options": [option_ids(consultation, position)[pick]],
            }
        ],
        **extra,
    }


def test_the_list_and_detail_are_public_and_hide_results_until_closing(
    consultation, make_consultation
) -> None:
    make_consultation(publish=False)  # a draft is never listed
    body = client_for().get("/api/v1/consultations/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == consultation.pk and row["stage"] == "open"
    assert row["agency"]["slug"] == "ministry-of-health" and row["region"]["code"] == "KZ-75"
    detail = client_for().get(f"/api/v1/consultations/{consultation.pk}/?lang=ru").json()
    assert [q["kind"] for q in detail["questions"]] == ["single", "multiple", "scale"]
    assert detail["results"] is None and detail["response"] is None


def test_results_after_closing_carry_wilson_intervals(make_consultation, make_voter, almaty) -> None:
    consultation = make_consultation()
    for n in range(8):
        consultation_vote(
            actor=make_voter(),
            consultation=consultation,
            region=almaty,
            answers={question_id(consultation, 1): [option_ids(consultation, 1)[0 if n < 6 else 1]]},
        )
    client = client_for()
    later = consultation.closes_at + dt.timedelta(minutes=1)
    from unittest import mock

    with mock.patch("blogs.consultations.api.timezone.now", return_value=later):
        detail = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    first = detail["results"][0]
    yes, no = first["options"]
    assert yes["votes"] == 6 and no["votes"] in (1, 2, 3)  # a cell of 5 or fewer may move by one
    # One answer per voter: the shares are of the published answers and add up to 100 %.
    assert first["voters"] == yes["votes"] + no["votes"]
    assert yes["share"] + no["share"] == pytest.approx(1.0)
    assert yes["share_ci"][0] < yes["share"] < yes["share_ci"][1]
    region = first["by_region"][0]
    assert region["region"]["code"] == "KZ-75" and region["suppressed"] is False


def test_a_verified_citizen_votes_through_the_api_once(consultation, voter) -> None:
    client = client_for(voter)
    url = f"/api/v1/consultations/{consultation.pk}/vote/"
    first = client.post(url, ballot(consultation), format="json")
    assert first.status_code == 201, first.content
    assert first.json()["ballots"][0]["options"] == [option_ids(consultation, 1)[0]]
    second = client.post(url, ballot(consultation, pick=1), format="json")
    assert second.status_code == 409 and second.json()["code"] == "already_voted"
    changed = client.post(url, ballot(consultation, pick=1, replace=True), format="json")
    assert changed.status_code == 201
    assert Ballot.objects.get().choices.get().option_id == option_ids(consultation, 1)[1]


def test_the_idempotency_key_replays_the_first_vote(consultation, voter) -> None:
    client = client_for(voter)
    url = f"/api/v1/consultations/{consultation.pk}/vote/"
    first = client.post(url, ballot(consultation), format="json", HTTP_IDEMPOTENCY_KEY="vote-1")
    again = client.post(url, ballot(consultation), format="json", HTTP_IDEMPOTENCY_KEY="vote-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({}, 400),
        ({"region": "KZ-75", "answers": []}, 400),
        ({"region": "XX-00", "answers": [{"question": 1, "options": [1]}]}, 400),
        ({"region": "KZ-75", "answers": [{"question": 10**30, "options": [1]}]}, 400),
        ({"region": "KZ-75", "answers": "nope"}, 400),
    ],
)
def test_malformed_votes_are_a_400(consultation, voter, payload, status) -> None:
    response = client_for(voter).post(
        f"/api/v1/consultations/{consultation.pk}/vote/", payload, format="json"
    )
    assert response.status_code == status
    assert not Ballot.objects.exists()


def test_refusals_are_clear_4xx_and_change_nothing(make_consultation, consultation, voter, citizen) -> None:
    url = f"/api/v1/consultations/{consultation.pk}/vote/"
    assert client_for().post(url, ballot(consultation), format="json").status_code == 401
    unverified = client_for(citizen).post(url, ballot(consultation), format="json")
    assert unverified.status_code == 403 and unverified.json()["code"] == "identity_unverified"
    wrong = {
        "region": "KZ-75",
        "answers": [{"question": question_id(consultation, 1), "options": option_ids(consultation, 2)[:1]}],
    }
    assert client_for(voter).post(url, wrong, format="json").status_code == 400
    upcoming = make_consultation(
        opens_at=consultation.opens_at + dt.timedelta(days=3),
        closes_at=consultation.closes_at + dt.timedelta(days=3),
    )
    early = client_for(voter).post(
        f"/api/v1/consultations/{upcoming.pk}/vote/", ballot(upcoming), format="json"
    )
    assert early.status_code == 409 and early.json()["code"] == "not_open_yet"
    draft = make_consultation(publish=False)
    assert (
        client_for(voter)
        .post(f"/api/v1/consultations/{draft.pk}/vote/", ballot(draft), format="json")
        .status_code
        == 404
    )
    assert not Ballot.objects.exists()


def test_unknown_parameters_and_ids_are_4xx(consultation) -> None:
    client = client_for()
    assert client.get("/api/v1/consultations/?colour=red").status_code == 400
    assert client.get(f"/api/v1/consultations/{consultation.pk}/?colour=red").status_code == 400
    assert client.get("/api/v1/consultations/999999999999999999/").status_code == 404
    assert client.get("/api/v1/consultations/abc/").status_code == 404
    assert client.delete(f"/api/v1/consultations/{consultation.pk}/").status_code == 405


def test_nul_bytes_and_bad_utf8_are_a_400(consultation, voter) -> None:
    client = client_for(voter)
    url = f"/api/v1/consultations/{consultation.pk}/vote/"
    nul = client.post(
        url,
        '{"region": "KZ\\u0000", "answers": [{"question": 1, "options": [1]}]}',
        content_type="application/json",
    )
    assert nul.status_code == 400
    bad = client.post(url, b'{"region": "\xff"}', content_type="application/json")
    assert bad.status_code == 400
    assert client_for().get("/api/v1/consultations/?lang=%00").status_code == 400
    assert not Ballot.objects.exists()
