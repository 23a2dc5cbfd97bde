"""The answering workbench on the officials' appeal page: templates without JavaScript, the
preview, drafts, the language confirmation, the head's approval, linked duplicates answered
together, and the heads' screens for templates and the approval rule."""

from __future__ import annotations

import pytest

from appeals.models import (
    Answer,
    AnswerDraft,
    AnswerTemplate,
    Appeal,
    AppealLink,
    AppealStatus,
    ApprovalRule,
    PendingAnswer,
)
from appeals.services import appeal_answer, appeal_link
from officials.models import Agency

pytestmark = pytest.mark.django_db


def page_url(appeal: Appeal, action: str = "change") -> str:
    return f"/admin/appeals/appeal/{appeal.pk}/{action}/"


@pytest.fixture
def templates(health_ministry: Agency, education) -> dict[str, AnswerTemplate]:  # type: ignore[no-untyped-def]
    return {
        "own": AnswerTemplate.objects.create(
            agency=health_ministry,
            language="en",
            title="Clinic queues",
            text="Dear {citizen_name}, see {tracking_number}.",
        ),
        "national": AnswerTemplate.objects.create(
            agency=None, language="ru", title="Общий ответ", text="Уважаемый(ая) {citizen_name}!"
        ),
        "foreign": AnswerTemplate.objects.create(
            agency=education, language="en", title="School places", text="Schools."
        ),
    }


def test_a_template_fills_the_answer_box_without_javascript(client_for, officer, appeal, templates) -> None:
    page = client_for(officer).get(page_url(appeal)).content.decode()
    assert "Clinic queues" in page and "Общий ответ" in page and "School places" not in page
    assert 'id="appeal-language"' in page and "English" in page

    response = client_for(officer).post(
        page_url(appeal, "answer"),
        {"answer-template": templates["own"].pk, "answer-text": "", "use_template": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dear {citizen_name}, see {tracking_number}." in html
    # Another agency's template is never used, whatever is posted.
    response = client_for(officer).post(
        page_url(appeal, "answer"),
        {"answer-template": templates["foreign"].pk, "answer-text": "Mine", "use_template": "1"},
    )
    assert "Schools." not in response.content.decode()
    assert not Answer.objects.exists()


def test_the_preview_shows_the_email_and_the_filled_answer_and_sends_nothing(
    client_for, officer, appeal, citizen
) -> None:
    response = client_for(officer).post(
        page_url(appeal, "answer"),
        {"answer-text": "Dear {citizen_name}, done.", "answer-language": "en", "preview": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: what the citizen will receive" in html
    assert f"Appeal {appeal.tracking_number} answered" in html and citizen.email in html
    assert f"Dear {citizen.get_full_name()}, done." in html
    assert not Answer.objects.exists()


def test_an_answer_in_another_language_asks_for_a_confirmation(client_for, officer, appeal) -> None:
    data = {"answer-text": "Ответ готов.", "answer-language": "ru"}
    response = client_for(officer).post(page_url(appeal, "answer"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The appeal is written in English" in html
    assert 'type="checkbox" name="answer-language_confirmed"' in html
    assert not Answer.objects.exists()
    response = client_for(officer).post(
        page_url(appeal, "answer"), {**data, "answer-language_confirmed": "on"}
    )
    assert response.status_code == 302
    assert Answer.objects.get(appeal=appeal).text == "Ответ готов."


def test_drafts_save_by_fetch_and_by_button_and_colleagues_see_whose(
    client_for, officer, head, appeal
) -> None:
    response = client_for(officer).post(
        page_url(appeal, "draft"), {"answer-text": "Half written"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200 and "Draft saved" in response.json()["detail"]
    assert AnswerDraft.objects.get(appeal=appeal).text == "Half written"
    page = client_for(head).get(page_url(appeal)).content.decode()
    assert f"draft by {officer.user.get_full_name()}" in page and "Half written" in page

    response = client_for(head).post(
        page_url(appeal, "draft"), {"answer-text": "Rewritten", "save_draft": "1"}
    )
    assert response.status_code == 302
    draft = AnswerDraft.objects.get(appeal=appeal)
    assert (draft.text, draft.author) == ("Rewritten", head.user)


def test_a_colleague_of_another_agency_cannot_save_a_draft(client_for, officer_b, appeal) -> None:
    response = client_for(officer_b).post(page_url(appeal, "draft"), {"answer-text": "x"})
    assert response.status_code == 404
    assert not AnswerDraft.objects.exists()


def test_head_approves_an_officers_answer_on_the_page(
    client_for, officer, head, appeal, health_ministry
) -> None:
    ApprovalRule.objects.create(agency=health_ministry, required=True)
    response = client_for(officer).post(
        page_url(appeal, "answer"), {"answer-text": "Done.", "answer-language": "en"}
    )
    assert response.status_code == 302
    pending = PendingAnswer.objects.get(appeal=appeal)
    officer_page = client_for(officer).get(page_url(appeal)).content.decode()
    assert "Awaiting approval" in officer_page and "Approve and send" not in officer_page

    head_page = client_for(head).get(page_url(appeal)).content.decode()
    assert "Approve and send" in head_page and "Return for rework" in head_page
    # An officer posting the approval is refused by the service.
    refused = client_for(officer).post(page_url(appeal, "approve"), {"approve-pending": pending.pk})
    assert refused.status_code == 403
    response = client_for(head).post(page_url(appeal, "approve"), {"approve-pending": pending.pk})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    assert Answer.objects.get(appeal=appeal).author == officer.user


def test_head_returns_an_answer_with_a_comment(client_for, officer, head, appeal, health_ministry) -> None:
    ApprovalRule.objects.create(agency=health_ministry, required=True)
    pending = appeal_answer(actor=officer.user, appeal=appeal, text="Too short.")
    response = client_for(head).post(
        page_url(appeal, "return"), {"return-pending": pending.pk, "return-comment": "Add the order number."}
    )
    assert response.status_code == 302
    page = client_for(officer).get(page_url(appeal)).content.decode()
    assert "Add the order number." in page and "Too short." in page  # the comment, and the draft


def test_similar_appeals_are_listed_linked_and_answered_together(
    client_for, officer, file_appeal, make_citizen
) -> None:
    first = file_appeal(subject="Pothole on Abay avenue", text="Deep pothole on Abay avenue near house 10.")
    second = file_appeal(
        actor=make_citizen(), subject="Abay avenue pothole", text="The pothole on Abay avenue broke my wheel."
    )
    page = client_for(officer).get(page_url(first)).content.decode()
    assert "Similar appeals" in page and second.tracking_number in page

    response = client_for(officer).post(page_url(first, "link"), {"link-other": second.tracking_number})
    assert response.status_code == 302
    assert AppealLink.objects.count() == 1
    page = client_for(officer).get(page_url(first)).content.decode()
    assert "Also send this answer to the linked appeals" in page

    response = client_for(officer).post(
        page_url(first, "answer"),
        {
            "answer-text": "Dear {citizen_name}, repaired.",
            "answer-language": "en",
            "answer-also_to": [second.pk],
        },
    )
    assert response.status_code == 302
    for appeal in (first, second):
        assert Answer.objects.get(appeal=appeal).text == f"Dear {appeal.citizen.get_full_name()}, repaired."


def test_linking_an_appeal_outside_the_scope_says_it_is_not_there(
    client_for, officer, appeal, file_appeal
) -> None:
    other = file_appeal(agency=Agency.objects.get(slug="ministry-of-education"))
    response = client_for(officer).post(page_url(appeal, "link"), {"link-other": other.tracking_number})
    assert response.status_code == 400
    assert "There is no appeal with this number among those you may see." in response.content.decode()
    assert not AppealLink.objects.exists()


def test_group_answer_to_an_unlinked_appeal_is_refused(
    client_for, officer, file_appeal, make_citizen
) -> None:
    first, second = file_appeal(), file_appeal(actor=make_citizen())
    third = file_appeal(actor=make_citizen())
    appeal_link(actor=officer.user, appeal=first, other=second)
    response = client_for(officer).post(
        page_url(first, "answer"), {"answer-text": "Done.", "answer-also_to": [third.pk]}
    )
    assert response.status_code == 400  # not one of the choices
    assert not Answer.objects.exists()


# --- the heads' screens


def test_officers_read_their_agencys_and_national_templates_and_change_none(
    client_for, officer, templates
) -> None:
    listing = client_for(officer).get("/admin/appeals/answertemplate/").content.decode()
    assert "Clinic queues" in listing and "Общий ответ" in listing and "School places" not in listing
    assert client_for(officer).get("/admin/appeals/answertemplate/add/").status_code == 403
    response = client_for(officer).post(
        f"/admin/appeals/answertemplate/{templates['own'].pk}/change/",
        {"language": "en", "title": "Changed", "text": "x"},
    )
    assert response.status_code == 403
    assert client_for(officer).get(
        f"/admin/appeals/answertemplate/{templates['foreign'].pk}/change/"
    ).status_code in (
        302,
        404,
    )


def test_a_head_adds_templates_for_their_own_agency_only(
    client_for, head, templates, health_ministry
) -> None:
    response = client_for(head).post(
        "/admin/appeals/answertemplate/add/",
        {"language": "kk", "title": "Кезек", "text": "Құрметті {citizen_name}!"},
    )
    assert response.status_code == 302
    assert AnswerTemplate.objects.get(title="Кезек").agency == health_ministry
    response = client_for(head).post(
        f"/admin/appeals/answertemplate/{templates['national'].pk}/change/",
        {"language": "ru", "title": "Changed", "text": "x"},
    )
    assert response.status_code == 403


def test_a_head_sets_the_approval_rule_for_their_agency(client_for, head, officer, health_ministry) -> None:
    response = client_for(head).post(
        "/admin/appeals/approvalrule/add/", {"required": "on", "deputy_heads": [officer.pk]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = ApprovalRule.objects.get()
    assert rule.agency == health_ministry and rule.required and list(rule.deputy_heads.all()) == [officer]
    assert client_for(head).get("/admin/appeals/approvalrule/add/").status_code == 403


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "ru",
            ["Язык обращения", "Применить шаблон", "Предпросмотр", "Сохранить черновик", "Похожие обращения"],
        ),
        ("kk", ["Өтініш тілі", "Үлгіні қолдану", "Алдын ала қарау", "Жобаны сақтау", "Ұқсас өтініштер"]),
    ],
)
def test_the_workbench_speaks_the_officials_language(
    client_for, officer, file_appeal, make_citizen, language, words
) -> None:
    first = file_appeal(subject="Pothole on Abay avenue", text="Deep pothole on Abay avenue near house 10.")
    file_appeal(
        actor=make_citizen(), subject="Abay avenue pothole", text="The pothole on Abay avenue is deep."
    )
    client = client_for(officer)
    client.cookies["django_language"] = language
    html = client.get(page_url(first), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for word in words:
        assert word in html
    for english in ("Use the template", "Save draft", "Similar appeals", "Language of the appeal"):
        assert english not in html
