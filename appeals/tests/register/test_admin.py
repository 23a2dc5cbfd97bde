"""Moderation in the admin: only the officials of the agency that holds the appeal see and
decide; each step posts to its own URL; every step is an event and the citizen is told."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from appeals.models import Appeal, AppealEvent, EventKind, Notification, Publication, PublicationState
from appeals.services import appeal_answer
from appeals.tests.register.conftest import IIN
from officials.models import Official
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def url(publication: Publication, step: str = "change") -> str:
    return f"/admin/appeals/publication/{publication.pk}/{step}/"


@pytest.fixture
def pending(file_appeal: Callable[..., Appeal]) -> Publication:
    appeal = file_appeal(publish=True, text=f"Nurse Zhanna Bekova was rude. My IIN is {IIN}.")
    return appeal.publication


def test_the_queue_and_page_show_the_original_and_the_masked_preview(
    client_for: Callable[[Any], Any], officer: Official, pending: Publication
) -> None:
    listing = client_for(officer).get("/admin/appeals/publication/?state=pending")
    assert listing.status_code == 200 and pending.appeal.tracking_number in listing.content.decode()
    page = client_for(officer).get(url(pending))
    body = page.content.decode()
    assert page.status_code == 200
    assert IIN in body  # the original, for the moderator
    assert "IIN hidden" in body  # the preview
    assert 'action="/admin/appeals/publication/' in body


def test_other_agencies_and_the_public_see_nothing(
    client_for: Callable[[Any], Any], officer_b: Official, pending: Publication, citizen: User
) -> None:
    assert client_for(officer_b).get(url(pending)).status_code == 404
    assert (
        pending.appeal.tracking_number
        not in client_for(officer_b).get("/admin/appeals/publication/").content.decode()
    )
    response = client_for(officer_b).post(url(pending, "approve"), {"approve-hidden_phrases": ""})
    assert response.status_code == 404
    assert client_for(officer_b).post(url(pending, "refuse"), {"refuse-ground": "abusive"}).status_code == 404
    assert client_for(None).get(url(pending)).status_code == 302  # to the sign-in page
    citizen_client = client_for(citizen)
    assert citizen_client.get(url(pending)).status_code in (302, 403)
    assert Publication.objects.get(pk=pending.pk).state == PublicationState.PENDING


def test_preview_changes_nothing_then_publish_hides_more(
    client_for: Callable[[Any], Any], officer: Official, pending: Publication
) -> None:
    client = client_for(officer)
    preview = client.post(
        url(pending, "approve"), {"approve-hidden_phrases": "Zhanna Bekova", "preview": "1"}
    )
    assert preview.status_code == 200 and "hidden by the agency" in preview.content.decode()
    assert Publication.objects.get(pk=pending.pk).state == PublicationState.PENDING
    done = client.post(url(pending, "approve"), {"approve-hidden_phrases": "Zhanna Bekova\n"})
    assert done.status_code == 302
    publication = Publication.objects.get(pk=pending.pk)
    assert publication.state == PublicationState.PUBLISHED and "Bekova" not in publication.public_text
    assert AppealEvent.objects.filter(appeal=pending.appeal, kind=EventKind.PUBLICATION_APPROVED).exists()
    assert Notification.objects.filter(appeal=pending.appeal, kind="publication_published").exists()
    # Decided: a second decision is refused with 409, the page has no forms any more.
    again = client.post(url(pending, "refuse"), {"refuse-ground": "abusive"})
    assert again.status_code == 409
    assert 'name="refuse-ground"' not in client.get(url(pending)).content.decode()


def test_refuse_needs_a_legal_ground(
    client_for: Callable[[Any], Any], officer: Official, pending: Publication
) -> None:
    client = client_for(officer)
    assert client.post(url(pending, "refuse"), {"refuse-ground": ""}).status_code == 400
    assert client.post(url(pending, "refuse"), {"refuse-ground": "because"}).status_code == 400
    response = client.post(
        url(pending, "refuse"), {"refuse-ground": "third_parties", "refuse-note": "Names."}
    )
    assert response.status_code == 302
    publication = Publication.objects.get(pk=pending.pk)
    assert publication.state == PublicationState.REFUSED and publication.refusal_ground == "third_parties"
    assert Notification.objects.filter(appeal=pending.appeal, kind="publication_refused").exists()


def test_steps_answer_only_post_and_the_page_only_get(
    client_for: Callable[[Any], Any], officer: Official, pending: Publication
) -> None:
    client = client_for(officer)
    assert client.get(url(pending, "approve")).status_code == 302
    assert client.post(url(pending)).status_code == 405
    assert client.put(url(pending)).status_code == 405
    assert Publication.objects.get(pk=pending.pk).state == PublicationState.PENDING


def test_withholding_an_answer_already_sent(
    client_for: Callable[[Any], Any], officer: Official, pending: Publication
) -> None:
    answer = appeal_answer(actor=officer.user, appeal=pending.appeal, text="Your diagnosis is X.")
    client = client_for(officer)
    response = client.post(url(pending, "approve"), {"approve-withhold_answers": [str(answer.pk)]})
    assert response.status_code == 302
    assert type(answer).objects.get(pk=answer.pk).register_withheld is True


def test_the_answer_form_offers_withholding_only_for_published_appeals(
    client_for: Callable[[Any], Any],
    officer: Official,
    pending: Publication,
    file_appeal: Callable[..., Appeal],
) -> None:
    client = client_for(officer)
    page = client.get(f"/admin/appeals/appeal/{pending.appeal_id}/change/").content.decode()
    assert "answer-register_withhold_text" in page
    private = file_appeal()
    page = client.get(f"/admin/appeals/appeal/{private.pk}/change/").content.decode()
    assert "answer-register_withhold_text" not in page
    sent = client.post(
        f"/admin/appeals/appeal/{pending.appeal_id}/answer/",
        {"answer-text": "Private details.", "answer-language": "en", "answer-register_withhold_text": "on"},
    )
    assert sent.status_code == 302
    assert pending.appeal.answers.get().register_withheld is True
