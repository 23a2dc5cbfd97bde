"""Races between a blog's moderation and the appeal's own services, on separate PostgreSQL
connections: both lock the appeal before the question, so neither waits for the other in a circle."""

from __future__ import annotations

import pytest
from django.db import connection

from appeals.models import Appeal, Notification
from appeals.tests.test_races import hold_statistics_rollups
from officials.models import Official
from portal.tests.concurrency import run_queued

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


@pytest.fixture
def filed(transactional_reference, make_official, file_appeal) -> tuple[Appeal, Official]:
    return file_appeal(), make_official("ministry-of-health", Official.Role.OFFICER)  # type: ignore[return-value]


def test_rejecting_a_blog_question_while_its_appeal_is_redirected_does_not_deadlock(
    filed, make_official
) -> None:
    from appeals.models import AppealStatus
    from appeals.services import appeal_redirect
    from blogs.models import Blog, BlogQuestion, Moderation
    from blogs.services import blog_question_reject
    from officials.models import Agency

    appeal, officer = filed
    head = make_official("ministry-of-health", Official.Role.HEAD)
    blog = Blog.objects.create(
        agency=appeal.agency, head=head, name="Head", position="Minister", is_open=True
    )
    question = BlogQuestion.objects.create(blog=blog, appeal=appeal, language="en")
    education = Agency.objects.get(slug="ministry-of-education")

    def redirect() -> Appeal:
        return appeal_redirect(actor=officer.user, appeal=appeal, to_agency=education, reason="Schools.")

    def reject() -> BlogQuestion:
        return blog_question_reject(actor=head.user, question=question, reason="abusive")

    # The redirect takes the appeal's lock, then waits to add its copy to the statistics rollup
    # (held here); the rejection starts meanwhile. Released, the redirect moves the question to the
    # successor. Taking question-then-appeal, the rejection would now hold the question the
    # redirect needs while waiting for the appeal the redirect holds: a deadlock.
    with hold_statistics_rollups() as counter:
        results = run_queued([redirect, reject], behind=counter)
    assert not [r for r in results if isinstance(r, BaseException)], results
    question.refresh_from_db()
    successor = results[0]
    assert question.state == Moderation.REJECTED and question.appeal_id == successor.pk
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.REDIRECTED
    # The competent agency decides on the successor itself; the citizen is told the question
    # was not published.
    assert Appeal.objects.get(pk=successor.pk).status == AppealStatus.REGISTERED
    assert Notification.objects.filter(appeal=successor, kind="blog_not_published").count() == 1
