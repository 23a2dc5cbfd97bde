"""Following: who may subscribe and how, and the e-mails each change of the register writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail

from appeals.models import Appeal, Notification, Subscription
from appeals.services import appeal_answer
from appeals.services.publication import publication_withdraw
from appeals.subscriptions.services import (
    subscription_confirm,
    subscription_end,
    subscription_follow,
    subscription_request,
    subscription_set_frequency,
)
from appeals.subscriptions.targets import resolve_target
from appeals.subscriptions.tokens import subscription_to_confirm
from appeals.tests.subscriptions.conftest import IIN, subscription_mails
from officials.models import Official
from portal.accounts.models import User
from portal.domain_errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db

AGENCY = {"target": "agency", "agency": "ministry-of-health"}


def test_a_verified_citizen_follows_in_one_click_and_gets_no_confirmation(citizen: User) -> None:
    subscription = subscription_follow(
        actor=citizen, target=resolve_target(AGENCY), frequency="daily", language="en"
    )
    assert subscription.confirmed_at is not None and subscription.user == citizen
    assert subscription.next_digest_at is not None
    assert subscription_mails() == []


def test_an_unverified_citizen_must_confirm_the_address_first(make_citizen: Callable[..., User]) -> None:
    user = make_citizen(verified=False)
    subscription = subscription_follow(
        actor=user, target=resolve_target(AGENCY), frequency="each", language="en"
    )
    assert subscription.confirmed_at is None
    [confirmation] = subscription_mails()
    assert confirmation.kind == "subscription_confirm" and confirmation.email == user.email


def test_a_visitor_gets_one_confirmation_and_nothing_else_until_confirming(
    published_file: Callable[..., Appeal], officer: Official
) -> None:
    subscription_request(
        actor=None, email="Reader@Example.kz", target=resolve_target(AGENCY), frequency="each", language="en"
    )
    subscription_request(
        actor=None, email="reader@example.kz", target=resolve_target(AGENCY), frequency="each", language="en"
    )
    [confirmation] = subscription_mails()
    assert confirmation.email == "reader@example.kz" and "/subscriptions/confirm/" in confirmation.body
    published_file()  # a change the unconfirmed address must not hear of
    assert subscription_mails(kind="subscription_event") == []


def test_confirming_starts_the_e_mails_and_a_repeat_request_changes_nothing(
    published_file: Callable[..., Appeal],
) -> None:
    subscription_request(
        actor=None, email="reader@example.kz", target=resolve_target(AGENCY), frequency="each", language="en"
    )
    subscription = Subscription.objects.get(email="reader@example.kz")
    token = subscription_to_confirm_token(subscription)
    subscription_confirm(actor=None, subscription=subscription_to_confirm(token))
    subscription_request(
        actor=None, email="reader@example.kz", target=resolve_target(AGENCY), frequency="daily", language="en"
    )
    subscription.refresh_from_db()
    assert subscription.frequency == "each" and subscription.confirmed_at is not None
    assert len(subscription_mails(kind="subscription_confirm")) == 1
    published_file()
    assert [row.email for row in subscription_mails(kind="subscription_event")] == ["reader@example.kz"]


def subscription_to_confirm_token(subscription: Subscription) -> str:
    from appeals.subscriptions.tokens import confirm_token

    return confirm_token(subscription)


def test_confirmation_ties_the_subscription_to_the_verified_account_of_the_address(citizen: User) -> None:
    subscription_request(
        actor=None,
        email=citizen.email.upper(),
        target=resolve_target(AGENCY),
        frequency="each",
        language="en",
    )
    subscription = Subscription.objects.get()
    subscription_confirm(actor=None, subscription=subscription)
    subscription.refresh_from_db()
    assert subscription.user == citizen


def test_each_change_of_a_followed_appeal_is_one_e_mail_per_address(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription], officer: Official, almaty
) -> None:
    by_agency = follow(**AGENCY)
    both = follow(**AGENCY)
    follow(user=both.user, target="region", region=almaty.code)  # same address, two ways in
    follow("daily", **AGENCY)  # the digest's business, not an immediate e-mail
    appeal = published_file()
    published = subscription_mails(kind="subscription_event")
    assert sorted(row.email for row in published) == sorted([by_agency.email, both.email])
    appeal_answer(actor=officer.user, appeal=appeal, text="We have shortened the queue.")
    answered = subscription_mails(kind="subscription_event")[len(published) :]
    assert sorted(row.email for row in answered) == sorted([by_agency.email, both.email])
    assert all(f"Register: appeal {appeal.tracking_number} answered" == row.subject for row in answered)


def test_the_e_mail_has_one_click_unsubscribe_headers_and_link(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription]
) -> None:
    subscription = follow(**AGENCY)
    published_file()
    [row] = subscription_mails(kind="subscription_event")
    link = row.headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http") and "/en/accounts/subscriptions/unsubscribe/" in link
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in row.body
    assert row.appeal_id is None and row.recipient_id == subscription.user_id


def test_the_e_mail_holds_masked_words_only(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription], citizen: User
) -> None:
    follow(**AGENCY)
    appeal = published_file(
        subject=f"My IIN {IIN}, call +7 701 123 45 67", text="Private text, write to me@example.kz"
    )
    [row] = subscription_mails(kind="subscription_event")
    for secret in (IIN, "701 123 45 67", "me@example.kz", citizen.full_name, citizen.email, "Private text"):
        assert secret not in row.body and secret not in row.subject
    assert "[IIN hidden]" in row.body and appeal.tracking_number in row.body


def test_the_e_mail_is_in_the_subscriber_language(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription]
) -> None:
    follow(language="kk", **AGENCY)
    follow(language="ru", **AGENCY)
    published_file()
    rows = {row.language: row for row in subscription_mails(kind="subscription_event")}
    assert set(rows) == {"kk", "ru"}
    assert "/kk/accounts/subscriptions/unsubscribe/" in rows["kk"].body
    assert "Тізілім" in rows["kk"].subject and "Реестр" in rows["ru"].subject


def test_a_search_follower_hears_of_matching_appeals_only(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription]
) -> None:
    subscription = follow(target="search", q="queue")
    published_file(subject="Clinic queue", text="The queue at the clinic is long.")
    published_file(subject="Road repair", text="The road to the village is broken.")
    [row] = subscription_mails(kind="subscription_event")
    assert row.email == subscription.email and "Clinic queue" in row.body


def test_a_withdrawn_publication_is_no_longer_reported(
    published_file: Callable[..., Appeal],
    follow: Callable[..., Subscription],
    officer: Official,
    citizen: User,
) -> None:
    follow(**AGENCY)
    appeal = published_file()
    publication_withdraw(actor=citizen, publication=appeal.publication)
    before = len(subscription_mails())
    appeal_answer(actor=officer.user, appeal=appeal, text="Answered after the withdrawal.")
    assert len(subscription_mails()) == before


def test_changing_frequency_and_ending_are_the_owner_s_alone(
    follow: Callable[..., Subscription], make_citizen: Callable[..., User]
) -> None:
    subscription = follow(**AGENCY)
    stranger = make_citizen()
    with pytest.raises(NotAllowed):
        subscription_set_frequency(actor=stranger, subscription_id=subscription.pk, frequency="daily")
    with pytest.raises(NotAllowed):
        subscription_end(actor=stranger, subscription_id=subscription.pk, by_token=False)
    changed = subscription_set_frequency(
        actor=subscription.user, subscription_id=subscription.pk, frequency="daily"
    )
    assert changed.frequency == "daily" and changed.next_digest_at is not None
    assert subscription_end(actor=subscription.user, subscription_id=subscription.pk, by_token=False)
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"target": "agency", "agency": "no-such-agency"},
        {"target": "region", "region": "KZ-00"},
        {"target": "appeal", "appeal": "DLG-2026-999999"},
        {"target": "search", "status": "nonsense"},
        {"target": "search", "q": "a\x00b"},
        {"target": "planet"},
    ],
)
def test_a_bad_target_is_refused_clearly(params: dict[str, str]) -> None:
    with pytest.raises(InvalidInput):
        resolve_target(params)


def test_a_bad_address_is_refused() -> None:
    with pytest.raises(InvalidInput):
        subscription_request(
            actor=None, email="not an address", target=resolve_target(AGENCY), frequency="each", language="en"
        )
    assert not Subscription.objects.exists()


def test_an_unpublished_appeal_cannot_be_followed(file_appeal: Callable[..., Appeal]) -> None:
    appeal = file_appeal(publish=True)  # pending moderation
    with pytest.raises(InvalidInput):
        resolve_target({"target": "appeal", "appeal": appeal.tracking_number})


def test_no_mail_is_sent_by_the_request_itself() -> None:
    subscription_request(
        actor=None, email="reader@example.kz", target=resolve_target(AGENCY), frequency="each", language="en"
    )
    assert mail.outbox == []  # the outbox row is delivered by Celery after commit, not in the request
    assert Notification.objects.filter(status="pending").count() == 1


def test_an_address_never_confirmed_is_forgotten_once_its_link_expires(citizen: User) -> None:
    import datetime as dt

    from django.utils import timezone

    from appeals.subscriptions.services import subscriptions_forget_unconfirmed

    subscription_request(
        actor=None, email="late@example.kz", target=resolve_target(AGENCY), frequency="each", language="en"
    )
    subscription_follow(actor=citizen, target=resolve_target(AGENCY), frequency="each", language="en")
    assert subscriptions_forget_unconfirmed(now=timezone.now() + dt.timedelta(days=2)) == 0
    assert subscriptions_forget_unconfirmed(now=timezone.now() + dt.timedelta(days=4)) == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == [citizen.email]


def test_a_withdrawn_appeal_is_named_without_its_words(
    published_file: Callable[..., Appeal], follow: Callable[..., Subscription], citizen: User
) -> None:
    from appeals.subscriptions.targets import describe

    appeal = published_file(subject="Clinic queue")
    subscription = follow(target="appeal", appeal=appeal.tracking_number)
    assert "Clinic queue" in describe(subscription, "en")
    publication_withdraw(actor=citizen, publication=appeal.publication)
    subscription.refresh_from_db()
    assert describe(subscription, "en") == f"appeal {appeal.tracking_number} (no longer in the register)"
