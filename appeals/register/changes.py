"""The one place that hears of every change the register's public can see.

Services call `register_changed` inside their transaction, with the appeal locked: a status
change (`appeals.transitions.transition`; a rating closes the appeal, so it is one), an answer
(`appeals.services.handling.send_answer`), the publication itself and its withdrawal
(`appeals.services.publication`). It stamps the publication's `changed_at`, refreshes its search
document when the words changed, and sends `appeals.signals.register_change` for subscriptions to
write their deliveries in the same transaction. An appeal nobody published costs one indexed read.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.utils import timezone

from appeals.models import Publication, PublicationState
from appeals.register.search import refresh_search_document
from appeals.signals import register_change


class RegisterChange(StrEnum):
    PUBLISHED = "published"  # approved by the agency: now in the register
    ANSWERED = "answered"  # an answer was sent (shown unless withheld)
    STATUS = "status"  # any other change of status (assigned, redirected, closed, …)
    WITHDRAWN = "withdrawn"  # the citizen withdrew publication: gone from the register


def register_changed(*, appeal_id: int, kind: RegisterChange, at: dt.datetime | None = None) -> None:
    """Record that the published appeal `appeal_id` changed; nothing if it is not published
    (a withdrawal is reported even though the publication is no longer live)."""
    publication = Publication.objects.filter(appeal_id=appeal_id).only("id", "state").first()
    if publication is None:
        return
    if kind != RegisterChange.WITHDRAWN and publication.state != PublicationState.PUBLISHED:
        return
    moment = at or timezone.now()
    Publication.objects.filter(pk=publication.pk).update(changed_at=moment)
    if kind in (RegisterChange.ANSWERED, RegisterChange.PUBLISHED):
        refresh_search_document(publication.pk)
    register_change.send(
        sender=Publication, publication_id=publication.pk, appeal_id=appeal_id, kind=str(kind), at=moment
    )
