"""The warning before acting on a colleague's appeal: when an appeal is assigned to another
official, every action but an internal note needs an explicit confirmation sent with the form
(`colleague_confirmed`), checked here on the server, so a stale page or a wrong tab cannot
answer, redirect or reassign someone else's work unnoticed."""

from __future__ import annotations

from django.http import HttpRequest

from appeals.models import Appeal
from officials.models import Official
from portal.accounts.models import User

CONFIRM_FIELD = "colleague_confirmed"
UNGUARDED_ACTIONS = frozenset({"note"})


def colleague_assignee(user: User, appeal: Appeal) -> Official | None:
    """The official the appeal is assigned to, when that is someone other than `user`."""
    if appeal.assignee_id is None or appeal.assignee is None:
        return None
    return None if appeal.assignee.user_id == user.pk else appeal.assignee


def needs_colleague_confirmation(request: HttpRequest, appeal: Appeal, action: str) -> bool:
    if action in UNGUARDED_ACTIONS:
        return False
    if colleague_assignee(request.user, appeal) is None:  # type: ignore[arg-type]
        return False
    return request.POST.get(CONFIRM_FIELD) != "1"
