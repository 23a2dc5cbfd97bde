"""A head rebalances the agency's work: open appeals move from one official to another, each
through `appeal_assign` (its own lock, checks and event), so the trail shows every move."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from appeals.backoffice.workload import Which, open_appeals, open_appeals_of, workload_agency_id
from appeals.services.handling import appeal_assign
from officials.models import Official
from portal.accounts.models import User
from portal.domain_errors import DomainError, InvalidInput, NotAllowed


def workload_reassign(
    *,
    actor: User,
    from_official: Official,
    to_official: Official,
    which: Which,
    today: dt.date,
) -> tuple[int, list[str]]:
    """Move `from_official`'s open appeals (all, due this week, or overdue) to `to_official`.
    Only a head, only between officials of the head's own agency; returns how many moved and
    the refusals of those the assignment service turned down."""
    agency_id = workload_agency_id(actor)
    if agency_id is None:
        raise NotAllowed(_("Only the head of an agency may reassign its appeals."), code="not_head")
    if from_official.agency_id != agency_id or to_official.agency_id != agency_id:
        raise InvalidInput(
            _("Appeals can only be moved between officials of your own agency."), code="other_agency"
        )
    if from_official.pk == to_official.pk:
        raise InvalidInput(_("Choose two different officials."), code="same_official")
    appeals = open_appeals_of(open_appeals(agency_id).filter(assignee=from_official), which, today)
    moved, refused = 0, []
    for appeal in appeals.order_by("due_on", "pk"):
        try:
            appeal_assign(actor=actor, appeal=appeal, assignee=to_official)
            moved += 1
        except DomainError as error:
            refused.append(f"{appeal.tracking_number}: {error}")
    return moved, refused
