"""Signal handlers (wired in BlogsConfig.ready): they only hand over to `blogs.services`."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from appeals.models import Appeal
from appeals.signals import appeal_redirected
from blogs.services import blog_question_follow_redirect


@receiver(appeal_redirected, dispatch_uid="blogs.follow_redirect")
def question_follows_its_redirected_appeal(
    sender: Any, *, appeal: Appeal, successor: Appeal, **kwargs: Any
) -> None:
    blog_question_follow_redirect(appeal=appeal, successor=successor)
