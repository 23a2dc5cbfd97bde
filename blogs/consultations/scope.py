"""Who may run which consultation: the officials (officer or head) of its agency; a superuser all.
The same rule as the blogs' moderation (`blogs.scope`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from appeals.backoffice.scope import active_official
from officials.models import Agency, Official

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from portal.accounts.models import User


def agency_scope(user: User, *, prefix: str = "") -> Q | None:
    """A filter for the consultations `user` runs; None means none, an empty Q all. `prefix` is
    the path from the filtered model to the consultation ("" for Consultation itself)."""
    if user.is_active and user.is_superuser:
        return Q()
    official = active_official(user)
    if official is None or official.role not in (Official.Role.OFFICER, Official.Role.HEAD):
        return None
    return Q(**{f"{prefix}agency_id": official.agency_id})


def can_run(user: User, agency: Agency) -> bool:
    if user.is_active and user.is_superuser:
        return True
    official = active_official(user)
    return (
        official is not None
        and official.role in (Official.Role.OFFICER, Official.Role.HEAD)
        and official.agency_id == agency.pk
    )


def runnable_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose consultations `user` may open: their own, or all for a superuser."""
    scope = agency_scope(user)
    if scope is None:
        return Agency.objects.none()
    if not scope:
        return Agency.objects.active()
    official = active_official(user)
    assert official is not None
    return Agency.objects.filter(pk=official.agency_id)
