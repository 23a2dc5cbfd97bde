"""The e-mails of subscriptions, as outbox rows (`appeals.models.Notification`): the confirmation
of an address, one change, a day's digest. Each is rendered in the subscriber's language, holds
only what the register shows (masked subjects, names of bodies), and every one but the
confirmation carries the one-click unsubscribe link in its body and in the List-Unsubscribe and
List-Unsubscribe-Post headers (RFC 8058)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from appeals.models import AppealStatus, Notification, Publication
from appeals.models.subscriptions import Subscription, SubscriptionEvent, SubscriptionEventKind
from appeals.subscriptions.targets import describe
from appeals.subscriptions.tokens import confirm_token, unsubscribe_token
from portal.masking import plain_masked

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def subscriber_language(subscription: Subscription) -> str:
    """An account's preferred language, else the language of the page the subscription was made on."""
    user = subscription.user
    language = user.preferred_language if user is not None else subscription.language
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def _url(view_name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return settings.PORTAL_BASE_URL + reverse(view_name, args=args)


def unsubscribe_url(subscription: Subscription, language: str) -> str:
    return _url("subscriptions:unsubscribe", language, unsubscribe_token(subscription))


def unsubscribe_headers(subscription: Subscription, language: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription, language)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _kind_labels() -> dict[str, str]:
    return {
        SubscriptionEventKind.PUBLISHED: _("newly published in the register"),
        SubscriptionEventKind.ANSWERED: _("answered"),
        SubscriptionEventKind.STATUS: _("its status changed"),
        SubscriptionEventKind.RATED: _("the citizen rated the answer"),
    }


@dataclass(frozen=True)
class Line:
    """One change as the e-mail says it."""

    number: str
    subject: str
    what: str
    when: str
    status: str
    link: str


def _line(publication: Publication, kind: str, at: dt.datetime, language: str) -> Line:
    appeal = publication.appeal
    return Line(
        number=appeal.tracking_number,
        subject=plain_masked(publication.public_subject),
        what=_kind_labels().get(kind, kind),
        when=date_format(timezone.localtime(at), "DATETIME_FORMAT"),
        status=str(AppealStatus(appeal.status).label),
        link=_url("register:detail", language, appeal.tracking_number),
    )


def _row(subscription: Subscription, *, kind: str, language: str, subject: str, body: str) -> Notification:
    return Notification(
        recipient=subscription.user,
        email=subscription.email,
        appeal=None,  # the subscriber is not a party to the appeal: its page never lists this
        kind=kind,
        language=language,
        subject=subject[:250],
        body=body,
        headers={} if kind == "subscription_confirm" else unsubscribe_headers(subscription, language),
    )


def confirmation_row(subscription: Subscription) -> Notification:
    language = subscriber_language(subscription)
    with translation.override(language):
        body = render_to_string(
            "emails/subscription_confirm.txt",
            {
                "what": describe(subscription, language),
                "link": _url("subscriptions:confirm", language, confirm_token(subscription)),
            },
        )
        subject = _("Confirm your subscription on Dialog")
    return _row(subscription, kind="subscription_confirm", language=language, subject=subject, body=body)


def event_row(subscription: Subscription, event: SubscriptionEvent) -> Notification:
    language = subscriber_language(subscription)
    with translation.override(language):
        line = _line(event.publication, event.kind, event.occurred_at, language)
        body = render_to_string(
            "emails/subscription_event.txt",
            {
                "what": describe(subscription, language),
                "line": line,
                "unsubscribe": unsubscribe_url(subscription, language),
                "manage": _url("subscriptions:list", language),
            },
        )
        subject = _("Register: appeal %(number)s %(what)s") % {"number": line.number, "what": line.what}
    return _row(subscription, kind="subscription_event", language=language, subject=subject, body=body)


def digest_row(subscription: Subscription, events: Sequence[SubscriptionEvent], day: dt.date) -> Notification:
    language = subscriber_language(subscription)
    with translation.override(language):
        lines = [_line(event.publication, event.kind, event.occurred_at, language) for event in events]
        body = render_to_string(
            "emails/subscription_digest.txt",
            {
                "what": describe(subscription, language),
                "lines": lines,
                "unsubscribe": unsubscribe_url(subscription, language),
                "manage": _url("subscriptions:list", language),
            },
        )
        subject = _("Register, %(day)s: %(count)s changes in what you follow") % {
            "day": date_format(day, "DATE_FORMAT"),
            "count": len(lines),
        }
    return _row(subscription, kind="subscription_digest", language=language, subject=subject, body=body)
