"""Who may see and act on which appeals. The one definition every view, action and API uses.

officer: the agency's appeals; head: the agency's and its children's; oversight: the appeals
escalated to their body (level 2) and the statistics of the agencies below it; superuser: all.
An official whose `Official` row or user account is deactivated sees nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from officials.models import Official

if TYPE_CHECKING:
    from appeals.models import Appeal, AppealQuerySet
    from portal.accounts.models import User


def active_official(user: User) -> Official | None:
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        official: Official | None = user.official
    except Official.DoesNotExist:
        return None
    if official is None or not official.is_active:
        return None
    return official


def is_superuser(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _descendants(official: Official) -> set[int]:
    """The official's agency and every agency below it, computed once per loaded official."""
    cached: set[int] | None = getattr(official, "_descendant_ids", None)
    if cached is None:
        cached = official.agency.descendant_ids()
        official._descendant_ids = cached  # type: ignore[attr-defined]
    return cached


def appeal_scope(user: User) -> Q | None:
    """A filter on Appeal for what `user` may see as an official; None means nothing."""
    if is_superuser(user):
        return Q()
    official = active_official(user)
    if official is None:
        return None
    if official.role == Official.Role.OFFICER:
        return Q(agency_id=official.agency_id)
    if official.role == Official.Role.HEAD:
        return Q(agency_id__in=_descendants(official))
    return Q(escalated_to_id=official.agency_id, escalation_level__gte=2)


def scoped_appeals(user: User) -> AppealQuerySet:
    """The appeals `user` may see, as a chainable queryset (empty when nothing)."""
    from appeals.models import Appeal

    scope = appeal_scope(user)
    if scope is None:
        return Appeal.objects.none()
    return Appeal.objects.filter(scope)


def can_handle(user: User, appeal: Appeal) -> bool:
    """May `user` work on `appeal` as an official (assign, answer, redirect, …)?"""
    if is_superuser(user):
        return True
    official = active_official(user)
    if official is None:
        return False
    if official.role == Official.Role.OFFICER:
        return appeal.agency_id == official.agency_id
    if official.role == Official.Role.HEAD:
        return appeal.agency_id in _descendants(official)
    return appeal.escalated_to_id == official.agency_id and appeal.escalation_level >= 2


def can_see_personal_data(user: User, appeal: Appeal) -> bool:
    """The citizen's IIN, address and phone are shown only inside the official's scope."""
    return can_handle(user, appeal)


def can_extend(user: User, appeal: Appeal) -> bool:
    """Only the head of the agency (or of a body above it) may extend a term."""
    if is_superuser(user):
        return True
    official = active_official(user)
    return (
        official is not None
        and official.role == Official.Role.HEAD
        and appeal.agency_id in _descendants(official)
    )


def statistics_agency_ids(user: User) -> set[int] | None:
    """Agencies whose figures `user` may see on the dashboard; None means every agency.

    An officer sees their agency; a head and an oversight official see their body and every
    agency below it. Someone who is not an official sees none (an empty set).
    """
    if is_superuser(user):
        return None
    official = active_official(user)
    if official is None:
        return set()
    if official.role == Official.Role.OFFICER:
        return {official.agency_id}
    return set(_descendants(official))
