"""Public questions through their life, moderation, abuse, posts and images (PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from appeals.models import AppealStatus, Channel, EventKind, Notification
from appeals.services import appeal_answer, appeal_rate
from appeals.stats.rollups.selectors import summary
from appeals.sweep import run_sweep
from blogs.models import Blog, BlogEvent, BlogEventKind, BlogQuestion, BlogReport, Moderation
from blogs.selectors import question_timeline
from blogs.services import (
    MAX_IMAGE_SIZE,
    RateLimited,
    blog_image_add,
    blog_item_hide,
    blog_item_report,
    blog_post_write,
    blog_profile_update,
    blog_question_approve,
    blog_question_ask,
    blog_question_make_private,
    blog_question_reject,
    blog_report_dismiss,
)
from conftest import almaty_time
from officials.models import Official
from portal.domain_errors import InvalidInput, NotAllowed
from portal.masking import TOKENS

pytestmark = pytest.mark.django_db

ASKED = almaty_time(2026, 4, 14, 10)  # Tuesday: due Wednesday 6 May 2026
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_ask_moderate_publish_escalate_answer_rate(ask, head, officer, citizen) -> None:
    question = ask(now=ASKED, text="My phone is +7 701 123 45 67, write to me at me@mail.kz.")
    appeal = question.appeal
    assert (appeal.channel, appeal.appeal_type, appeal.agency_id) == (
        Channel.BLOG,
        "inquiry",
        question.blog.agency_id,
    )
    assert appeal.due_on.isoformat() == "2026-05-06"
    assert question.state == Moderation.PENDING and question.public_text == ""
    assert "blog_moderation" in kinds_for(head.user) and "blog_moderation" in kinds_for(officer.user)

    question = blog_question_approve(actor=officer.user, question=question, now=almaty_time(2026, 4, 15, 9))
    assert question.state == Moderation.PUBLISHED and question.is_listed
    assert question.public_text == f"My phone is {TOKENS['phone']}, write to me at {TOKENS['email']}."
    assert "blog_published" in kinds_for(citizen)

    run_sweep(now=almaty_time(2026, 5, 8, 12))
    appeal.refresh_from_db()
    assert appeal.escalation_level == 1 and appeal.overdue_since is not None

    appeal_answer(
        actor=officer.user, appeal=appeal, text="We hired two specialists.", now=almaty_time(2026, 5, 11, 10)
    )
    assert "answered" in kinds_for(citizen)
    appeal_rate(actor=citizen, appeal=appeal, rating=4, resolved=True, now=almaty_time(2026, 5, 12, 10))

    question.refresh_from_db()
    kinds = [entry.kind for entry in question_timeline(question)]
    assert kinds == ["asked", "published", "escalated", "answered", "rated"]
    assert list(BlogEvent.objects.filter(question=question).values_list("kind", flat=True)) == [
        BlogEventKind.ASKED,
        BlogEventKind.APPROVED,
    ]
    figures = summary(agency_ids=[question.blog.agency_id], channel=Channel.BLOG)
    assert (figures["received"], figures["answered"], figures["answered_on_time"]) == (1, 1, 0)


def test_moderator_may_edit_the_published_text_and_it_is_masked_again(ask, head) -> None:
    question = blog_question_approve(
        actor=head.user,
        question=ask(),
        public_subject="Clinic queues",
        public_text="Shortened; call 87011234567",
    )
    assert (question.public_subject, question.public_text) == (
        "Clinic queues",
        f"Shortened; call {TOKENS['phone']}",
    )


def test_rejection_leaves_the_appeal_without_consideration_with_the_reason(ask, head, citizen) -> None:
    question = blog_question_reject(actor=head.user, question=ask(), reason="abusive", note="Insults.")
    question.appeal.refresh_from_db()
    assert question.state == Moderation.REJECTED and not question.is_listed
    assert question.moderation_reason == "abusive or obscene language. Insults."
    assert question.appeal.status == AppealStatus.REJECTED
    assert "rejected" in kinds_for(citizen)


def test_rejection_needs_a_legal_ground(ask, head) -> None:
    with pytest.raises(InvalidInput):
        blog_question_reject(actor=head.user, question=ask(), reason="boring")


def test_converting_to_private_keeps_the_appeal_running(ask, officer, citizen) -> None:
    question = blog_question_make_private(
        actor=officer.user, question=ask(), note="It contains your address."
    )
    question.appeal.refresh_from_db()
    assert question.state == Moderation.PRIVATE and question.appeal.status == AppealStatus.REGISTERED
    assert "blog_private" in kinds_for(citizen)
    with pytest.raises(InvalidInput, match="already been moderated"):
        blog_question_approve(actor=officer.user, question=question)


def test_only_the_agencys_officials_moderate(ask, make_official) -> None:
    question = ask()
    stranger = make_official("ministry-of-education", Official.Role.HEAD)
    with pytest.raises(NotAllowed):
        blog_question_approve(actor=stranger.user, question=question)
    question.refresh_from_db()
    assert question.state == Moderation.PENDING


def test_a_closed_blog_takes_no_question(ask, blog: Blog) -> None:
    blog.is_open = False
    blog.save()
    with pytest.raises(InvalidInput, match="not taking questions"):
        ask()
    assert not BlogQuestion.objects.exists()


def test_a_blog_with_an_incomplete_profile_takes_no_question(ask, blog: Blog) -> None:
    blog.position = ""
    blog.save()
    with pytest.raises(InvalidInput, match="not taking questions"):
        ask()


def test_a_citizen_without_a_complete_profile_cannot_ask(ask, make_citizen) -> None:
    with pytest.raises(NotAllowed, match="full name, IIN and postal address"):
        ask(actor=make_citizen(complete=False))
    assert not BlogQuestion.objects.exists()


def test_empty_or_overlong_questions_are_refused_and_nothing_is_saved(ask) -> None:
    with pytest.raises(InvalidInput):
        ask(text="   ")
    with pytest.raises(InvalidInput):
        ask(subject="x" * 201)
    assert not BlogQuestion.objects.exists()


def test_hiding_an_answer_records_who_and_why_and_deletes_nothing(published, officer, citizen) -> None:
    question = published()
    appeal_answer(actor=officer.user, appeal=question.appeal, text="Answer with a typo.")
    reader = citizen
    report = blog_item_report(actor=reader, question=question, part="answer", reason="Wrong data")
    assert blog_item_report(actor=reader, question=question, part="answer", reason="again") == report

    question = blog_item_hide(actor=officer.user, question=question, part="answer", reason="Contains a name")
    assert question.answer_hidden_reason == "Contains a name" and question.is_listed
    event = BlogEvent.objects.get(question=question, kind=BlogEventKind.HIDDEN)
    assert (event.actor, event.note, event.data["part"]) == (officer.user, "Contains a name", "answer")
    report.refresh_from_db()
    assert report.resolved_by == officer.user
    assert question.appeal.answers.count() == 1
    assert "blog_hidden" in kinds_for(citizen)
    with pytest.raises(InvalidInput, match="already hidden"):
        blog_item_hide(actor=officer.user, question=question, part="answer", reason="again")


def test_hiding_a_question_takes_it_off_the_lists(published, head) -> None:
    question = blog_item_hide(actor=head.user, question=published(), part="question", reason="Spam")
    assert not question.is_listed
    assert not BlogQuestion.objects.listed().exists()


def test_only_published_items_can_be_reported(ask, citizen) -> None:
    with pytest.raises(InvalidInput, match="published"):
        blog_item_report(actor=citizen, question=ask(), part="question", reason="x")
    assert not BlogReport.objects.exists()


def test_an_answer_cannot_be_reported_before_there_is_one(published, citizen) -> None:
    with pytest.raises(InvalidInput, match="no published answer"):
        blog_item_report(actor=citizen, question=published(), part="answer", reason="x")


def test_reports_are_rate_limited_per_reader(
    published, make_citizen, django_capture_on_commit_callbacks
) -> None:
    reader = make_citizen()
    questions = [published(subject=f"Question {n}") for n in range(21)]
    for question in questions[:20]:
        with django_capture_on_commit_callbacks(execute=True):  # reports are counted once committed
            blog_item_report(actor=reader, question=question, part="question", reason="spam")
    with pytest.raises(RateLimited):
        blog_item_report(actor=reader, question=questions[20], part="question", reason="spam")
    assert BlogReport.objects.count() == 20


def test_a_dismissed_report_leaves_the_item(published, citizen, officer) -> None:
    question = published()
    report = blog_report_dismiss(
        actor=officer.user,
        report=blog_item_report(actor=citizen, question=question, part="question", reason="x"),
    )
    question.refresh_from_db()
    assert report.resolved_at is not None and question.is_listed


def test_posts_are_stored_with_their_language_configuration(blog, head) -> None:
    post = blog_post_write(
        actor=head.user, blog=blog, title="Приём", body="Текст", language="ru", publish=True
    )
    assert post.search_config == "russian" and post.published_at is not None
    post = blog_post_write(
        actor=head.user, blog=blog, title="Қабылдау", body="Мәтін", language="kk", publish=False, post=post
    )
    assert post.search_config == "simple" and post.published_at is None


def test_images_are_checked_by_content_and_size(blog, head) -> None:
    image = blog_image_add(actor=head.user, blog=blog, upload=SimpleUploadedFile("a.png", PNG), alt="Clinic")
    assert image.content_type == "image/png" and PurePath(image.file.name).name != "a.png"  # generated name
    with pytest.raises(InvalidInput, match=r"not an accepted file \(JPEG, PNG\)"):
        blog_image_add(
            actor=head.user, blog=blog, upload=SimpleUploadedFile("x.png", b"%PDF-1.4 hello"), alt="x"
        )
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * MAX_IMAGE_SIZE)
    with pytest.raises(InvalidInput, match=r"at most 5\.0"):
        blog_image_add(actor=head.user, blog=blog, upload=big, alt="x")


def test_profile_photo_and_opening_need_a_complete_profile(blog, head) -> None:
    with pytest.raises(InvalidInput, match="name and position"):
        blog_profile_update(actor=head.user, blog=blog, name="A", position="", is_open=True)
    updated = blog_profile_update(
        actor=head.user,
        blog=blog,
        name="A",
        position="Minister",
        is_open=True,
        photo=SimpleUploadedFile("p.jpg", JPEG),
    )
    assert updated.photo_content_type == "image/jpeg" and updated.photo.name.startswith("blogs/photos/")
    with pytest.raises(InvalidInput, match=r"not an accepted file \(JPEG, PNG\)"):
        blog_profile_update(
            actor=head.user,
            blog=blog,
            name="A",
            position="M",
            is_open=True,
            photo=SimpleUploadedFile("p.gif", b"GIF89a" + b"\x00" * 20),
        )


def test_blog_questions_count_in_the_statistics_by_channel(
    ask: Callable[..., BlogQuestion], file_appeal
) -> None:
    question = ask()
    file_appeal()  # an ordinary appeal to the same agency
    figures = summary(agency_ids=[question.blog.agency_id], channel=Channel.BLOG)
    assert figures["received"] == 1


def test_escalation_appears_on_the_timeline_as_an_event(ask) -> None:
    question = ask(now=ASKED)
    run_sweep(now=almaty_time(2026, 5, 8, 12))
    assert question.appeal.events.filter(kind=EventKind.ESCALATED).count() == 1
    assert [e.kind for e in question_timeline(question)] == ["asked", "escalated"]


def test_asking_is_a_single_transaction(ask, monkeypatch) -> None:
    """If writing the question fails after the appeal is filed, no appeal remains either."""
    from appeals.models import Appeal

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(BlogEvent.objects, "create", fail)
    with pytest.raises(RuntimeError):
        ask()
    assert not Appeal.objects.exists()


def test_questions_go_through_blog_question_ask(blog, citizen, almaty) -> None:
    question = blog_question_ask(
        actor=citizen, blog=blog, region=almaty, subject="S", text="T", language="kk"
    )
    assert question.search_config == "simple" and question.language == "kk"


def test_a_redirected_question_stays_on_its_blog_and_shows_the_competent_agencys_answer(
    published, officer, make_official
) -> None:
    from appeals.services import appeal_redirect
    from blogs.selectors import answered_questions, question_timeline
    from officials.models import Agency

    question = published()
    akimat = Agency.objects.get(slug="akimat-kz-75")
    successor = appeal_redirect(
        actor=officer.user, appeal=question.appeal, to_agency=akimat, reason="Local matter."
    )
    question.refresh_from_db()
    assert question.appeal == successor and successor.channel == "blog"

    akimat_officer = make_official(akimat)
    appeal_answer(actor=akimat_officer.user, appeal=successor, text="The akimat will repair it.")
    assert list(answered_questions(question.blog)) == [question]
    kinds = [entry.kind for entry in question_timeline(question)]
    assert "redirected" in kinds and "answered" in kinds
