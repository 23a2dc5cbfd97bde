"""No English on the consultation pages in Kazakh and Russian (the check of
portal/tests/test_no_english.py), in every state a citizen meets: the list, an open consultation
with the ballot, its errors, a refused second vote, and a closed one with results and response."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from blogs.consultations.models import Consultation, QuestionKind
from blogs.consultations.services import (
    consultation_comment,
    consultation_comment_approve,
    consultation_publish,
    consultation_question_save,
    consultation_respond,
    consultation_save,
    consultation_vote,
    consultations_close_due,
)
from portal.tests.test_no_english import english_in

pytestmark = pytest.mark.django_db


def _consultation(head, agency, region, *, closes_in: dt.timedelta) -> Consultation:
    now = timezone.now()
    consultation = consultation_save(
        actor=head.user,
        agency=agency,
        region=region,
        title="Емханалардың жұмыс уақыты",
        summary="Сенбі күні емханалар ашық болуы керек пе?",
        draft_text="Сенбі күні 9:00-ден 14:00-ге дейін.",  # noqa: RUF001 - Kazakh text
        language="kk",
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + closes_in,
        results_live=False,
        response_days=10,
    )
    consultation_question_save(
        actor=head.user,
        consultation=consultation,
        text="Қолдайсыз ба?",  # noqa: RUF001 - Kazakh text
        kind=QuestionKind.SINGLE,
        options=["Иә", "Жоқ"],
    )
    consultation_question_save(
        actor=head.user, consultation=consultation, text="Ыңғайлы ма?", kind=QuestionKind.SCALE, position=2
    )
    return consultation_publish(actor=head.user, consultation=consultation, now=now - dt.timedelta(days=3))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_english_on_consultation_pages(language, head, health_ministry, almaty, make_voter) -> None:
    open_one = _consultation(head, health_ministry, almaty, closes_in=dt.timedelta(days=5))
    voter = make_voter(language=language)
    client = Client()
    client.force_login(voter)
    lang = f"/{language}/consultations"
    question = open_one.questions.first()
    option = question.options.first()
    pages = {
        "list": Client().get(f"{lang}/"),
        "open, anonymous": Client().get(f"{lang}/{open_one.pk}/"),
        "open, ballot": client.get(f"{lang}/{open_one.pk}/"),
        "ballot, empty": client.post(f"{lang}/{open_one.pk}/vote/", {}),
        "comment, empty": client.post(f"{lang}/{open_one.pk}/comment/", {}),
    }
    consultation_vote(actor=voter, consultation=open_one, region=almaty, answers={question.pk: [option.pk]})
    pages["second vote"] = client.post(
        f"{lang}/{open_one.pk}/vote/", {f"q{question.pk}": option.pk, "region": almaty.pk}
    )
    pages["voted"] = client.get(f"{lang}/{open_one.pk}/")

    closed = _consultation(head, health_ministry, almaty, closes_in=dt.timedelta(seconds=1))
    comment = consultation_comment(actor=voter, consultation=closed, text="Жақсы ұсыныс.")
    consultation_comment_approve(actor=head.user, comment=comment)
    consultation_vote(
        actor=voter,
        consultation=closed,
        region=almaty,
        answers={closed.questions.first().pk: [closed.questions.first().options.first().pk]},
    )
    Consultation.objects.filter(pk=closed.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    consultations_close_due()
    pages["closed, awaiting response"] = Client().get(f"{lang}/{closed.pk}/")
    closed.refresh_from_db()
    consultation_respond(actor=head.user, consultation=closed, text="Тыңдадық, өзгерттік.")
    pages["closed, responded"] = Client().get(f"{lang}/{closed.pk}/")

    problems = {}
    for name, response in pages.items():
        assert response.status_code in (200, 400, 409), (name, response.status_code)
        found = english_in(response.content.decode())
        if found:
            problems[name] = found
    assert not problems, f"English on {language} pages: {problems}"
