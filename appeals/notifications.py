"""Writing notifications to the outbox, in the recipient's language, inside the caller's
transaction. Delivery is queued after commit (see `appeals.outbox`)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from appeals.bulk import insert_values
from appeals.models import Appeal, Notification
from appeals.outbox import enqueue_delivery
from portal.accounts.models import User

# kind -> (subject, message). Placeholders: %(number)s, %(agency)s, %(due)s, %(note)s, %(target)s.
MESSAGES: dict[str, tuple[Any, Any]] = {
    "registered": (
        _("Appeal %(number)s registered"),
        _(
            "Your appeal %(number)s to %(agency)s was registered on %(registered)s. The answer is due by %(due)s."
        ),
    ),
    "assigned": (
        _("Appeal %(number)s assigned to you"),
        _("Appeal %(number)s has been assigned to you. It is due by %(due)s."),
    ),
    "clarification_requested": (
        _("Appeal %(number)s: the agency asks for a clarification"),
        _("%(agency)s asks you to clarify appeal %(number)s: %(note)s The term is paused until you answer."),
    ),
    "clarification_received": (
        _("Appeal %(number)s: the citizen has answered"),
        _(
            "The citizen has answered the clarification request on appeal %(number)s. It is now due by %(due)s."
        ),
    ),
    "answered": (
        _("Appeal %(number)s answered"),
        _("%(agency)s has answered your appeal %(number)s. Read the answer and rate it on the portal."),
    ),
    "redirected": (
        _("Appeal %(number)s sent to the competent agency"),
        _(
            "%(agency)s has passed your appeal to %(target)s, which is competent to answer it. Reason: %(note)s"
        ),
    ),
    "redirect_received": (
        _("Appeal %(number)s received by redirect"),
        _("Appeal %(number)s was redirected to %(agency)s. The answer is due by %(due)s."),
    ),
    "rejected": (
        _("Appeal %(number)s left without consideration"),
        _("%(agency)s has left your appeal %(number)s without consideration. Reason: %(note)s"),
    ),
    "withdrawn": (
        _("Appeal %(number)s withdrawn"),
        _("Appeal %(number)s has been withdrawn by the citizen."),
    ),
    "extended": (
        _("Appeal %(number)s: the term is extended"),
        _("The term for your appeal %(number)s is extended until %(due)s. Reason: %(note)s"),
    ),
    "reminder": (
        _("Appeal %(number)s is due soon"),
        _("Appeal %(number)s to %(agency)s is due by %(due)s and has no answer yet."),
    ),
    "escalated_head": (
        _("Overdue: appeal %(number)s"),
        _(
            "Appeal %(number)s to %(agency)s was due by %(due)s and has not been answered. As head of the agency you are now accountable for it."
        ),
    ),
    "escalated_citizen": (
        _("Appeal %(number)s is overdue"),
        _(
            "The answer to your appeal %(number)s was due by %(due)s. The head of %(agency)s has been made accountable for it."
        ),
    ),
    "escalated_oversight": (
        _("Escalated to your body: appeal %(number)s"),
        _(
            "Appeal %(number)s to %(agency)s was due by %(due)s and is still unanswered. It is now in the queue of %(target)s."
        ),
    ),
    # The head's approval of officers' answers (appeals.services.approval).
    "approval_requested": (
        _("Appeal %(number)s: an answer awaits your approval"),
        _("An answer to appeal %(number)s is waiting for your approval. The appeal is due by %(due)s."),
    ),
    "approval_returned": (
        _("Appeal %(number)s: your answer was returned"),
        _("Your answer to appeal %(number)s was returned for rework: %(note)s It is due by %(due)s."),
    ),
    "information_added": (
        _("Appeal %(number)s: the citizen has added information"),
        _(
            "The citizen has added information to appeal %(number)s. Read it on the appeal's page; the term is unchanged: the answer is due by %(due)s."
        ),
    ),
    "rate_reminder": (
        _("Appeal %(number)s: how was the answer?"),
        _(
            "%(agency)s answered your appeal %(number)s. Please rate the answer on the portal: it takes a minute and counts in the agency's public statistics. If the answer does not satisfy you, you can complain about it to the superior body from the same page."
        ),
    ),
    # A closed public consultation's response obligation (appeals.services.duty).
    "consultation_response_due": (
        _("Consultation response %(number)s is due by %(due)s"),
        _(
            "A public consultation of %(agency)s has closed. Its published response (what was heard and what was changed) is registered as appeal %(number)s and is due by %(due)s; it counts in the agency's statistics like any appeal."
        ),
    ),
    # Heads' blogs (blogs.services).
    "blog_moderation": (
        _("Public question %(number)s waits for moderation"),
        _(
            "A citizen has asked %(agency)s a public question on its blog (%(number)s). Moderate it in the officials' area; the answer is due by %(due)s."
        ),
    ),
    "blog_published": (
        _("Your question %(number)s is published"),
        _(
            "Your question to %(agency)s is now published on its blog. The answer is due by %(due)s and will be published under the question."
        ),
    ),
    "blog_private": (
        _("Your question %(number)s will not be published"),
        _(
            "Your question to %(agency)s will not be published on the blog: %(note)s It remains an appeal and will be answered to you privately by %(due)s."
        ),
    ),
    "blog_not_published": (
        _("Your question %(number)s will not be published"),
        _("Your question to %(agency)s will not be published on the blog. Reason: %(note)s"),
    ),
    "blog_hidden": (
        _("Question %(number)s: a moderator has hidden part of it"),
        _(
            "A moderator of the blog of %(agency)s has hidden %(target)s of your public question %(number)s. Reason: %(note)s"
        ),
    ),
    # Live sessions (blogs.live.conversion): an unanswered question became this appeal.
    "live_question_filed": (
        _("Your live question is now appeal %(number)s"),
        _(
            'Your question to the live session "%(note)s" was not answered during the session. It is now appeal %(number)s to %(agency)s, on the legal clock: the answer is due by %(due)s.'
        ),
    ),
    # The public register (appeals.services.publication).
    "publication_moderation": (
        _("Appeal %(number)s: publication waits for moderation"),
        _(
            "The citizen asked to publish appeal %(number)s to %(agency)s in the public register. Check the masking and publish it, or refuse on a legal ground, in the officials' area."
        ),
    ),
    "publication_published": (
        _("Appeal %(number)s is published in the register"),
        _(
            "Your appeal %(number)s to %(agency)s is now in the public register, with personal data hidden and without your name. You can withdraw the publication on the appeal's page at any time."
        ),
    ),
    "publication_refused": (
        _("Appeal %(number)s will not be published"),
        _(
            "%(agency)s refused to publish your appeal %(number)s in the public register. Reason: %(note)s The appeal itself will be answered as usual by %(due)s."
        ),
    ),
}


@functools.lru_cache(maxsize=8192)
def _formatted_date(day: dt.date, language: str) -> str:
    """A date in the language's own format (month names too), whatever language is active.

    Remembered per process: a sweep writes tens of thousands of letters about a handful of
    dates, and formatting one under `translation.override` cost a quarter of the sweep."""
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def _context(appeal: Appeal, extra: Mapping[str, Any], language: str) -> dict[str, Any]:
    return {
        "number": appeal.tracking_number,
        "agency": appeal.agency.name_in(language),
        "due": _formatted_date(appeal.due_on, language),
        "registered": _formatted_date(appeal.registered_on, language),
        "note": "",
        "target": "",
        **{key: str(value) for key, value in extra.items()},
    }


def build_notification(
    *, user: User, kind: str, appeal: Appeal, extra: Mapping[str, Any] | None = None
) -> Notification:
    """An unsaved outbox row, rendered in the user's language (no queries)."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    subject_text, message_text = MESSAGES[kind]
    with translation.override(language):
        context = _context(appeal, extra or {}, language)
        subject = str(subject_text) % context
        body = render_to_string(
            "emails/notification.txt",
            {
                "user": user,
                "message": str(message_text) % context,
                "link": f"{settings.PORTAL_BASE_URL}/{language}/appeals/{appeal.tracking_number}/",
            },
        )
    return Notification(
        recipient=user,
        email=user.email,
        appeal=appeal,
        kind=kind,
        language=language,
        subject=subject[:250],
        body=body,
    )


# Stand-ins for the two per-appeal parts of a letter, replaced after rendering (the template
# does not escape: it is plain text).
_MESSAGE_SLOT = "\x00message\x00"
_LINK_SLOT = "\x00link\x00"


class NotificationBatch:
    """Many outbox rows at once (the sweep writes thousands per run). The same rows
    `build_notification` makes, but each (kind, language)'s texts are translated and each
    recipient's letter rendered once per batch, not once per row; the rows are written with one
    COPY and their delivery queued after commit."""

    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []  # {field: value}: written with one COPY
        self._texts: dict[tuple[str, str], tuple[str, str]] = {}
        self._letters: dict[tuple[int, str], str] = {}

    def add(self, *, user: User, kind: str, appeal: Appeal, extra: Mapping[str, Any] | None = None) -> None:
        language = user.preferred_language or settings.LANGUAGE_CODE
        subject_text, message_text = self._translated(kind, language)
        context = _context(appeal, extra or {}, language)
        letter = self._letter(user, language)
        link = f"{settings.PORTAL_BASE_URL}/{language}/appeals/{appeal.tracking_number}/"
        self.rows.append(
            {
                "recipient_id": user.pk,
                "email": user.email,
                "appeal_id": appeal.pk,
                "kind": kind,
                "language": language,
                "subject": (subject_text % context)[:250],
                "body": letter.replace(_MESSAGE_SLOT, message_text % context).replace(_LINK_SLOT, link),
            }
        )

    def save_and_enqueue(self) -> list[int]:
        ids = insert_values(Notification, self.rows, with_ids=True)
        if ids:
            transaction.on_commit(lambda: enqueue_delivery(ids))
        return ids

    def _translated(self, kind: str, language: str) -> tuple[str, str]:
        key = (kind, language)
        if key not in self._texts:
            subject_text, message_text = MESSAGES[kind]
            with translation.override(language):
                self._texts[key] = (str(subject_text), str(message_text))
        return self._texts[key]

    def _letter(self, user: User, language: str) -> str:
        key = (user.pk, language)
        if key not in self._letters:
            with translation.override(language):
                self._letters[key] = render_to_string(
                    "emails/notification.txt", {"user": user, "message": _MESSAGE_SLOT, "link": _LINK_SLOT}
                )
        return self._letters[key]


def notify(
    *, users: Iterable[User], kind: str, appeal: Appeal, extra: dict[str, Any] | None = None
) -> list[Notification]:
    """Write notifications for `users` in the current transaction; queue delivery after commit."""
    rows = [build_notification(user=u, kind=kind, appeal=appeal, extra=extra) for u in users]
    return save_and_enqueue(rows)


def save_and_enqueue(rows: list[Notification]) -> list[Notification]:
    if not rows:
        return rows
    saved = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in saved]
    transaction.on_commit(lambda: enqueue_delivery(ids))
    return saved
