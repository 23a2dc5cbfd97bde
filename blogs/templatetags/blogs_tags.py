"""Template helpers of the blog pages: masked text, a question's public status."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from appeals.models import Appeal, AppealStatus
from portal.masking import render_masked

register = template.Library()


@register.filter
def masked(text: str) -> SafeString:
    """Text with personal data masked, escaped, in paragraphs."""
    return render_masked(text or "")


@register.filter
def masked_inline(text: str) -> SafeString:
    return render_masked(text or "", paragraphs=False)


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    tag_class: str


@register.filter
def question_status(appeal: Appeal) -> Status:
    """Where a question stands, in words (the colour of the tag only repeats them)."""
    if appeal.answered_at is not None:
        return Status("answered", _("Answered"), "govuk-tag--green")
    if appeal.status == AppealStatus.REDIRECTED:
        return Status("redirected", _("Sent to another agency"), "govuk-tag--grey")
    if appeal.status in (AppealStatus.REJECTED, AppealStatus.WITHDRAWN):
        return Status("closed", _("Closed without an answer"), "govuk-tag--grey")
    if appeal.overdue_since is not None:
        return Status("overdue", _("Overdue"), "govuk-tag--red")
    return Status("waiting", _("Waiting for an answer"), "govuk-tag--blue")
