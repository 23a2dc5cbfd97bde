"""Asking and reading a public question in Chromium, phone-sized, checked with axe-core."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from appeals.services import appeal_answer
from blogs.models import Blog, BlogQuestion
from blogs.services import blog_post_write, blog_question_approve
from officials.models import Agency, Official, Region
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    """Give the browser a session of `user` (sign-in itself is the accounts pages' business)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_asking_and_reading_a_public_question_on_a_phone(
    phone_page, live_server, make_citizen, make_official
) -> None:
    page = phone_page
    head = make_official("ministry-of-health", Official.Role.HEAD)
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    blog = Blog.objects.create(
        agency=Agency.objects.get(slug="ministry-of-health"),
        head=head,
        name="Aigerim Sultanova",
        position="Minister of Health",
        about="I answer questions about clinics and hospitals.",
        is_open=True,
    )
    blog_post_write(
        actor=head.user,
        blog=blog,
        title="Clinics open on Saturdays",
        language="en",
        publish=True,
        body="From **June** every city clinic opens on Saturdays.\n\n## Why\n\nTo shorten the queues.",
    )
    citizen = make_citizen()

    page.goto("/en/blogs/")
    assert page.locator("h1").inner_text() == "Blogs of the heads of agencies"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    screenshot(page, "blogs-index-phone")

    page.get_by_role("link", name="Aigerim Sultanova").click()
    page.wait_for_url(f"**/en/blogs/{blog.slug}/")
    assert_accessible(page)
    screenshot(page, "blogs-blog-phone")

    sign_in(page, live_server, citizen)
    page.get_by_role("button", name="Ask a public question").click()
    page.wait_for_url("**/ask/")
    assert page.get_by_text("will be published on this blog").is_visible()
    page.get_by_role("button", name="Send the question").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    screenshot(page, "blogs-ask-errors-phone")

    page.get_by_label("Subject").fill("Saturday opening of clinic No. 5")
    page.get_by_label("Your question").fill(
        "Will clinic No. 5 open on Saturdays too? My number is +7 701 123 45 67."
    )
    page.get_by_label("Region the question concerns").select_option(
        value=str(Region.objects.get(code="KZ-75").pk)
    )
    page.get_by_role("button", name="Send the question").click()
    page.wait_for_url("**/questions/*/")
    assert page.get_by_text("This question is waiting for moderation.").is_visible()
    assert_accessible(page)
    screenshot(page, "blogs-question-pending-phone")

    question = BlogQuestion.objects.get()
    blog_question_approve(actor=officer.user, question=question)
    appeal_answer(actor=officer.user, appeal=question.appeal, text="Yes: from 1 June, 9:00 to 14:00.")

    page.context.clear_cookies()  # a reader who is not signed in
    page.goto(f"/en/blogs/{blog.slug}/questions/{question.pk}/")
    assert page.locator("h1").inner_text() == "Saturday opening of clinic No. 5"
    assert page.get_by_text("[phone number hidden]").is_visible()
    assert "701 123" not in page.content()
    assert page.get_by_text("Yes: from 1 June, 9:00 to 14:00.").is_visible()
    timeline = page.locator(".dialog-blog-timeline").inner_text()
    assert "Asked" in timeline and "Published" in timeline and "Answered" in timeline
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    screenshot(page, "blogs-question-answered-phone")

    page.goto(f"/en/blogs/{blog.slug}/")
    page.get_by_role("link", name="Clinics open on Saturdays").click()
    assert page.locator(".dialog-prose h3").inner_text() == "Why"
    assert_accessible(page)
    screenshot(page, "blogs-post-phone")
