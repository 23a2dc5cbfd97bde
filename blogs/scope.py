"""Who may moderate which blog and who may read a question that is not (or no longer) public.

An official moderates only the blog of their own agency (officer or head); a superuser all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from appeals.backoffice.scope import active_official
from officials.models import Official

if TYPE_CHECKING:
    from blogs.models import Blog, BlogQuestion
    from portal.accounts.models import User


def moderation_scope(user: User, *, prefix: str = "blog__") -> Q | None:
    """A filter for what `user` may moderate; None means nothing, an empty Q everything.

    `prefix` is the path from the filtered model to the blog: "blog__" for posts and questions,
    "" for Blog itself, "question__blog__" for reports."""
    if user.is_active and user.is_superuser:
        return Q()
    official = active_official(user)
    if official is None or official.role not in (Official.Role.OFFICER, Official.Role.HEAD):
        return None
    return Q(**{f"{prefix}agency_id": official.agency_id})


def can_moderate(user: User, blog: Blog) -> bool:
    if user.is_active and user.is_superuser:
        return True
    official = active_official(user)
    return (
        official is not None
        and official.role in (Official.Role.OFFICER, Official.Role.HEAD)
        and official.agency_id == blog.agency_id
    )


def can_read_question(user: User, question: BlogQuestion) -> bool:
    """Published questions are public (a hidden one shows only that it was hidden, and why);
    anything else only for the author and the blog's agency."""
    if question.state == "published":
        return True
    if not user.is_authenticated:
        return False
    return question.appeal.citizen_id == user.pk or can_moderate(user, question.blog)
