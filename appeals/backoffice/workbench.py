"""What the inbox keeps per official: the last visit (for the "new since your last visit"
marker) and named saved filters. Writes about the official's own workbench, never about an
appeal, so they stay out of `appeals.services` and its event trail."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.models import InboxVisit, SavedInboxFilter
from appeals.models.workbench import SESSION_GAP
from portal.accounts.models import User
from portal.domain_errors import InvalidInput

# Query parameters that are about one page of the list, not about what it shows.
TRANSIENT_PARAMETERS = frozenset({"p", "e", "_changelist_filters", "all"})
MAX_SAVED_FILTERS = 30


def inbox_visit_record(*, actor: User, now: dt.datetime | None = None) -> dt.datetime | None:
    """Note that `actor` opened the inbox; return the moment from which appeals count as new
    (the start of the previous working session), or None on a first visit."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = InboxVisit.objects.select_for_update().filter(user=actor).first()
        if visit is None:
            InboxVisit.objects.create(user=actor, last_at=now)
            return None
        if now - visit.last_at > SESSION_GAP:
            visit.previous_at = visit.last_at
        visit.last_at = now
        visit.save(update_fields=["previous_at", "last_at"])
        return visit.previous_at


def inbox_new_since(user: User) -> dt.datetime | None:
    return InboxVisit.objects.filter(user=user).values_list("previous_at", flat=True).first()


def clean_query(query: str) -> str:
    """The filter part of an inbox query string, re-encoded (paging and errors dropped)."""
    params = QueryDict(query[:1000], mutable=True)
    for name in TRANSIENT_PARAMETERS:
        params.pop(name, None)
    return params.urlencode()[:500]


def saved_filters(user: User) -> QuerySet[SavedInboxFilter]:
    return SavedInboxFilter.objects.filter(owner=user).order_by("name", "pk")


def saved_filter_save(*, actor: User, name: str, query: str) -> SavedInboxFilter:
    """Save the inbox query under `name` for `actor` (replacing one of the same name)."""
    name = " ".join(name.split())[:80]
    if not name:
        raise InvalidInput(_("Give the filter a name."), code="name")
    with transaction.atomic():
        existing = SavedInboxFilter.objects.select_for_update().filter(owner=actor, name=name).first()
        if existing is None and saved_filters(actor).count() >= MAX_SAVED_FILTERS:
            raise InvalidInput(
                _("You can keep at most %(count)d saved filters; delete one first.")
                % {"count": MAX_SAVED_FILTERS},
                code="too_many",
            )
        saved, _created = SavedInboxFilter.objects.update_or_create(
            owner=actor, name=name, defaults={"query": clean_query(query)}
        )
    return saved


def saved_filter_delete(*, actor: User, filter_id: int) -> bool:
    """Delete one of `actor`'s own saved filters; someone else's is not found."""
    deleted, _rows = SavedInboxFilter.objects.filter(owner=actor, pk=filter_id).delete()
    return bool(deleted)
