"""Who may see and act on which appeals. The one definition every view, action and API uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from officials.models import Official

if TYPE_CHECKING:
    from appeals.models import Appeal
    from portal.accounts.models import User


def active_official(user: User) -> Official | None:
    if not user.is_authenticated or not user.is_active:
        return None
    official: Official | None = getattr(user, "official", None)
    if official is None or not official.is_active:
        return None
    return official


def appeal_scope(user: User) -> Q | None:
    """A filter on Appeal for what `user` may see as an official; None means nothing.

    officer: the agency's appeals; head: the agency's and its children's; oversight: the
    appeals escalated to their body (level 2); superuser: all.
    """
    if user.is_active and user.is_superuser:
        return Q()
    official = active_official(user)
    if official is None:
        return None
    if official.role == Official.Role.OFFICER:
        return Q(agency_id=official.agency_id)
    if official.role == Official.Role.HEAD:
        return Q(agency_id__in=official.agency.descendant_ids())
    return Q(escalated_to_id=official.agency_id, escalation_level__gte=2)


def can_handle(user: User, appeal: Appeal) -> bool:
    """May `user` work on `appeal` as an official (assign, answer, redirect, …)?"""
    if user.is_active and user.is_superuser:
        return True
    official = active_official(user)
    if official is None:
        return False
    if official.role == Official.Role.OFFICER:
        return appeal.agency_id == official.agency_id
    if official.role == Official.Role.HEAD:
        return appeal.agency_id in official.agency.descendant_ids()
    return appeal.escalated_to_id == official.agency_id and appeal.escalation_level >= 2


def can_extend(user: User, appeal: Appeal) -> bool:
    """Only the head of the agency (or of a body above it) may extend a term."""
    if user.is_active and user.is_superuser:
        return True
    official = active_official(user)
    return (
        official is not None
        and official.role == Official.Role.HEAD
        and appeal.agency_id in official.agency.descendant_ids()
    )
