"""Account e-mails (not tied to an appeal): rendered in the user's language, sent after commit.

Appeal notifications go through the outbox (`appeals.notifications`); these are few, sent once,
and a failure must never undo or break what the user just did, so they are sent with Django's
mail API after the transaction commits and a failure is logged (the user can ask again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import User
from portal.accounts.tokens import email_verification_token, user_uid

logger = logging.getLogger(__name__)


def user_language(user: User) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in codes else settings.LANGUAGE_CODE


def render_account_email(user: User, template: str, context: dict[str, Any]) -> EmailMessage:
    """`emails/<template>_subject.txt` and `emails/<template>.txt` in the user's language."""
    with translation.override(user_language(user)):
        full_context = {"user": user, **context}
        subject = "".join(render_to_string(f"emails/{template}_subject.txt", full_context).splitlines())
        body = render_to_string(f"emails/{template}.txt", full_context)
    return EmailMessage(subject=subject.strip(), body=body, to=[user.email])


def send_after_commit(message: EmailMessage) -> None:
    def send() -> None:
        try:
            message.send()
        except Exception:  # the mail server's errors vary; none may break the page
            logger.exception("Could not send account e-mail %r", message.subject)

    transaction.on_commit(send)


def language_url(user: User, view_name: str, **kwargs: Any) -> Callable[[str], str]:
    """A function of the site's base URL giving `view_name` in the user's language."""
    with translation.override(user_language(user)):
        path = reverse(view_name, kwargs=kwargs)
    return lambda base_url: f"{base_url.rstrip('/')}{path}"


def send_verification_email(user: User, *, base_url: str) -> None:
    link = language_url(
        user,
        "accounts:verify_email",
        uidb64=user_uid(user),
        token=email_verification_token.make_token(user),
    )(base_url)
    send_after_commit(render_account_email(user, "verify_email", {"link": link}))


def send_account_exists_email(user: User, *, base_url: str) -> None:
    """Someone tried to sign up with an address that has an account: tell its owner, not them."""
    context = {
        "login_link": language_url(user, "accounts:login")(base_url),
        "reset_link": language_url(user, "accounts:password_reset")(base_url),
    }
    send_after_commit(render_account_email(user, "account_exists", context))
