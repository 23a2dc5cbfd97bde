"""Who may run which live session: the officials (officer or head) of the session's agency
moderate and answer; only its head schedules; a superuser may do all of it anywhere."""

from __future__ import annotations

from django.db.models import Q

from appeals.backoffice.scope import active_official
from officials.models import Agency, Official
from portal.accounts.models import User

TEAM_ROLES = (Official.Role.OFFICER, Official.Role.HEAD)


def _superuser(user: User) -> bool:
    return bool(user.is_active and user.is_superuser)


def team_scope(user: User, *, prefix: str = "") -> Q | None:
    """A filter for the sessions (`prefix` ""), or questions (`prefix` "session__"), `user` may
    moderate; None means nothing, an empty Q everything."""
    if _superuser(user):
        return Q()
    official = active_official(user)
    if official is None or official.role not in TEAM_ROLES:
        return None
    return Q(**{f"{prefix}agency_id": official.agency_id})


def on_team(user: User, agency: Agency | int) -> bool:
    """Moderates and answers the sessions of `agency`."""
    if _superuser(user):
        return True
    agency_id = agency if isinstance(agency, int) else agency.pk
    official = active_official(user)
    return official is not None and official.role in TEAM_ROLES and official.agency_id == agency_id


def may_schedule(user: User, agency: Agency) -> bool:
    if _superuser(user):
        return True
    official = active_official(user)
    return official is not None and official.role == Official.Role.HEAD and official.agency_id == agency.pk


def schedulable_agencies(user: User) -> list[Agency]:
    if _superuser(user):
        return list(Agency.objects.active())
    official = active_official(user)
    if official is None or official.role != Official.Role.HEAD:
        return []
    return [official.agency]
