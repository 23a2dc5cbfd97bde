"""The live pages, the cached fragment and the API, from outside, as users and attackers are."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from blogs.live.models import LiveQuestion, LiveSession, LiveVote
from blogs.live.services import live_question_answer, live_session_end, live_session_start
from officials.models import Official
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_pages_in_every_language(client: Client, session: LiveSession, approved, language: str) -> None:
    approved()
    for path in (f"/{language}/live/", f"/{language}/live/{session.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.content.decode()
    assert session.topic in client.get(f"/{language}/live/{session.pk}/").content.decode()


def test_fragment_is_public_cached_and_the_same_for_everybody(
    client: Client,
    session: LiveSession,
    approved,
    head: Official,
    citizen: User,
    django_capture_on_commit_callbacks,
) -> None:
    question = approved(text="When do clinics open on Saturdays?")
    live_session_start(actor=head.user, session=session)
    url = f"/en/live/{session.pk}/answers/"
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert anonymous["Cache-Control"] == "public, max-age=5"
    assert "Cookie" not in anonymous.get("Vary", "")
    assert not anonymous.cookies
    signed_in = Client()
    signed_in.force_login(citizen)
    theirs = signed_in.get(url)
    assert theirs.content == anonymous.content
    assert "Cookie" not in theirs.get("Vary", "") and not theirs.cookies
    assert b"csrfmiddlewaretoken" not in theirs.content

    etag = anonymous["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):  # the cache is dropped after commit
        live_question_answer(actor=head.user, question=question, text="From June, every Saturday.")
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "From June, every Saturday." in changed.content.decode()


def test_fragment_is_served_from_the_cache(
    client: Client, session: LiveSession, django_assert_num_queries
) -> None:
    url = f"/en/live/{session.pk}/answers/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_unknown_ids_are_404(client: Client, session: LiveSession) -> None:
    for path in (
        "/en/live/999999/",
        "/en/live/999999/answers/",
        f"/en/live/{session.pk}/questions/999999/vote/",
        "/api/v1/live/999999/questions/",
    ):
        response = client.post(path) if path.endswith("vote/") else client.get(path)
        assert response.status_code in (302, 404), path


def test_asking_on_the_page(client: Client, session: LiveSession, citizen: User, almaty) -> None:
    client.force_login(citizen)
    response = client.post(f"/en/live/{session.pk}/ask/", {"text": "Why three weeks?", "region": almaty.pk})
    assert response.status_code == 302
    assert LiveQuestion.objects.get().author == citizen
    assert client.post(f"/en/live/{session.pk}/ask/", {"text": "", "region": almaty.pk}).status_code == 400


def test_bad_votes_are_clear_refusals_that_change_nothing(
    client: Client, session: LiveSession, ask, approved, citizen: User, head: Official
) -> None:
    client.force_login(citizen)
    question, pending = approved(), ask()
    url = f"/en/live/{session.pk}/questions/{question.pk}/vote/"
    assert client.post(url).status_code == 302
    twice = client.post(url)
    assert twice.status_code == 409
    assert "already voted" in twice.content.decode()
    assert client.post(f"/en/live/{session.pk}/questions/{pending.pk}/vote/").status_code == 404
    assert client.get(url).status_code == 405
    live_session_end(actor=head.user, session=session)
    assert client.post(f"/en/live/{session.pk}/ask/", {"text": "Late?", "region": 1}).status_code == 409
    assert LiveVote.objects.count() == 1
    question.refresh_from_db()
    assert question.votes == 1


def test_transcript_lists_answers_and_appeals(
    client: Client, session: LiveSession, approved, head: Official
) -> None:
    from blogs.live.conversion import process_live_sessions

    answered, left = approved(text="Answered?"), approved(text="Left?")
    live_session_start(actor=head.user, session=session)
    live_question_answer(actor=head.user, question=answered, text="Yes, answered.")
    live_session_end(actor=head.user, session=session)
    process_live_sessions()
    left.refresh_from_db()
    page = client.get(f"/ru/live/{session.pk}/").content.decode()
    assert left.appeal.tracking_number in page
    assert "Yes, answered." in page


def _token_client(user: User) -> Client:
    token = Token.objects.create(user=user)
    return Client(headers={"authorization": f"Token {token.key}"})


def test_api_lists_asks_and_votes(client: Client, session: LiveSession, approved, citizen: User) -> None:
    question = approved()
    listing = client.get("/api/v1/live/").json()
    assert listing["results"][0]["id"] == session.pk
    questions = client.get(f"/api/v1/live/{session.pk}/questions/").json()
    assert questions["results"][0]["votes"] == 0 and questions["results"][0]["status"] == "approved"

    api = _token_client(citizen)
    asked = api.post(
        f"/api/v1/live/{session.pk}/questions/",
        {"text": "Via the API?", "region": "KZ-75"},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["status"] == "pending"

    vote_url = f"/api/v1/live/{session.pk}/questions/{question.pk}/vote/"
    first = api.post(vote_url, headers={"idempotency-key": "vote-1"})
    assert first.status_code == 200 and first.json()["votes"] == 1
    replay = api.post(vote_url, headers={"idempotency-key": "vote-1"})
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    again = api.post(vote_url)
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    assert client.post(vote_url).status_code in (401, 403)
    question.refresh_from_db()
    assert question.votes == 1


def test_api_refuses_questions_on_a_finished_session(
    session: LiveSession, citizen: User, head: Official, ask: Callable[..., LiveQuestion]
) -> None:
    pending = ask()
    live_session_end(actor=head.user, session=session)
    api = _token_client(citizen)
    response = api.post(
        f"/api/v1/live/{session.pk}/questions/",
        {"text": "Late?", "region": "KZ-75"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert api.post(f"/api/v1/live/{session.pk}/questions/{pending.pk}/vote/").status_code == 404
    assert LiveQuestion.objects.count() == 1
