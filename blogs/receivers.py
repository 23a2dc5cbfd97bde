"""Signal handlers (wired in BlogsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from appeals.models import Appeal
from appeals.signals import appeal_redirected
from blogs.models import BlogQuestion


@receiver(appeal_redirected, dispatch_uid="blogs.follow_redirect")
def question_follows_its_redirected_appeal(
    sender: Any, *, appeal: Appeal, successor: Appeal, **kwargs: Any
) -> None:
    """A public question stays on its blog when the agency redirects it: it now tracks the
    appeal at the competent agency, whose answer is published under the question."""
    BlogQuestion.objects.filter(appeal=appeal).update(appeal=successor)
