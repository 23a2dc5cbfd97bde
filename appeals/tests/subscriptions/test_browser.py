"""In Chromium at 390 px: follow an agency from its register page, manage and stop on the
account page; a visitor's double opt-in and one-click unsubscribe pages. axe-core on each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from appeals.models import Subscription
from appeals.services import appeal_file
from appeals.services.publication import publication_approve
from appeals.subscriptions.tokens import confirm_token, unsubscribe_token
from officials.models import Agency, Official, Region
from portal.tests.browser import assert_accessible, screenshot, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # make_citizen's


@pytest.fixture
def narrow_page(browser: Any, live_server: Any, transactional_reference: None) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def check(page: Any, name: str) -> None:
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    assert_accessible(page)
    screenshot(page, name)


@pytest.fixture
def published(make_citizen, make_official) -> Any:
    author = make_citizen()
    officer = make_official("ministry-of-health", Official.Role.OFFICER)
    appeal = appeal_file(
        actor=author,
        appeal_type="application",
        agency=Agency.objects.get(slug="ministry-of-health"),
        region=Region.objects.get(code="KZ-75"),
        subject="Clinic queue",
        text="The queue at clinic No. 5 is three weeks long.",
        publish=True,
    )
    publication_approve(actor=officer.user, publication=appeal.publication)
    return appeal


def test_follow_an_agency_then_manage_and_stop_on_the_account_page(
    narrow_page, make_citizen, published
) -> None:
    page = narrow_page
    citizen = make_citizen(email="follower@example.kz")
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", citizen.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/appeals/")

    page.goto("/en/register/agencies/ministry-of-health/")
    check(page, "subscriptions-agency-page-390")
    page.locator("main .dialog-follow button", has_text="Follow").click()
    page.wait_for_url("**/en/register/agencies/ministry-of-health/")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert page.locator("main .dialog-follow a", has_text="Following").is_visible()
    check(page, "subscriptions-agency-followed-390")
    subscription = Subscription.objects.get(user=citizen)
    assert subscription.confirmed_at is not None and subscription.frequency == "daily"

    page.locator("main .dialog-follow a", has_text="Following").click()
    page.wait_for_url("**/en/accounts/subscriptions/")
    check(page, "subscriptions-account-list-390")
    page.get_by_label("For each change").check()
    page.locator(f"#subscription-{subscription.pk} button", has_text="Save").click()
    page.wait_for_url("**/en/accounts/subscriptions/")
    subscription.refresh_from_db()
    assert subscription.frequency == "each"
    page.locator(f"#subscription-{subscription.pk} button", has_text="Stop following").click()
    page.wait_for_url("**/en/accounts/subscriptions/")
    assert page.locator(".govuk-summary-card").count() == 0
    check(page, "subscriptions-account-empty-390")
    assert not Subscription.objects.exists()

    # The register's list follows the current search; a published appeal's page follows it.
    page.goto("/en/register/?q=queue&region=KZ-75")
    check(page, "subscriptions-register-search-390")
    page.locator("main .dialog-follow button", has_text="Follow").click()
    page.wait_for_url("**/en/register/?q=queue&region=KZ-75")
    search = Subscription.objects.get(user=citizen)
    assert search.target == "search" and search.query == {"q": "queue", "region": "KZ-75"}
    page.goto(f"/en/register/{published.tracking_number}/")
    check(page, "subscriptions-register-appeal-390")
    page.locator("main .dialog-follow button", has_text="Follow").click()
    page.wait_for_url(f"**/en/register/{published.tracking_number}/")
    assert Subscription.objects.filter(user=citizen, target="appeal").count() == 1


@pytest.mark.parametrize("language", ["en", "kk"])
def test_a_visitor_confirms_by_e_mail_and_unsubscribes_without_signing_in(
    narrow_page, published, language: str
) -> None:
    page = narrow_page
    page.goto(f"/{language}/register/agencies/ministry-of-health/")
    page.locator("main .dialog-follow a.govuk-button").click()
    page.wait_for_url(f"**/{language}/accounts/subscriptions/follow/**")
    check(page, f"subscriptions-follow-form-{language}-390")
    submit(page.locator("main form button[type=submit]"))  # no address: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, f"subscriptions-follow-error-{language}-390")
    page.fill("#id_email", f"reader-{language}@example.kz")
    submit(page.locator("main form button[type=submit]"))
    assert page.locator("h1").count() == 1
    check(page, f"subscriptions-check-email-{language}-390")

    subscription = Subscription.objects.get(email=f"reader-{language}@example.kz")
    page.goto(f"/{language}/accounts/subscriptions/confirm/{confirm_token(subscription)}/")
    check(page, f"subscriptions-confirm-{language}-390")
    submit(page.locator("main form button[type=submit]"))
    check(page, f"subscriptions-confirmed-{language}-390")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    page.goto(f"/{language}/accounts/subscriptions/unsubscribe/{unsubscribe_token(subscription)}/")
    check(page, f"subscriptions-unsubscribe-{language}-390")
    submit(page.locator("main form button[type=submit]"))
    check(page, f"subscriptions-unsubscribed-{language}-390")
    assert not Subscription.objects.exists()
