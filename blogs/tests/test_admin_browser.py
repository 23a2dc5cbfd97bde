"""The head's blog pages in the admin, in Chromium: the question moderation list (with questions
waiting, published and reported), a question's page, posts and reports pass axe-core at 390 px
and 1280 px, and nothing is wider than a phone's screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from blogs.models import BlogQuestion
from blogs.services import blog_item_report
from officials.tests.fixtures import verified_client
from portal.tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def sign_in_verified(page: Any, live_server: Any, user: Any) -> None:
    """A session of `user` verified by a TOTP device (the sign-in itself is tested elsewhere)."""
    client = verified_client(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def check_at_both_widths(page: Any, name: str) -> None:
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{page.url} is {overflow}px wider than a {width}px screen"
        screenshot(page, f"blog-admin-{name}-{label}")


def test_the_heads_blog_moderation_pages_are_accessible(
    page, live_server, head, citizen, ask, published, make_citizen
) -> None:
    ask(subject="Queues at clinic No. 5")
    answered: BlogQuestion = published(subject="Insulin at pharmacy No. 12")
    blog_item_report(actor=make_citizen(), question=answered, part="question", reason="spam")
    sign_in_verified(page, live_server, head.user)

    page.goto("/admin/blogs/blogquestion/")
    assert page.locator("#result_list tbody tr").count() == 2
    check_at_both_widths(page, "questions")

    page.locator("#result_list tbody tr").first.locator("a").first.click()
    page.wait_for_load_state()
    check_at_both_widths(page, "question")

    for path, name in [
        ("/admin/blogs/blog/", "blogs"),
        ("/admin/blogs/post/", "posts"),
        ("/admin/blogs/blogreport/", "reports"),
        ("/admin/blogs/blogevent/", "events"),
    ]:
        page.goto(path)
        check_at_both_widths(page, name)
