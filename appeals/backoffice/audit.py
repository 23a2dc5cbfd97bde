"""The personal-data audit trail: every time an official is shown a citizen's IIN, address,
phone or files, one row records who, whose, which appeal, where and when."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest

from appeals.models import PersonalDataView
from portal.accounts.models import User
from portal.ratelimit import client_ip

PROFILE = "profile"  # name, e-mail, IIN, postal address, phone
ATTACHMENT = "attachment"
NAME = "name"  # the citizen's name on a list of appeals


def record_personal_data_view(
    *,
    viewer: User,
    citizen_id: int,
    appeal_id: int | None,
    channel: str,
    what: Iterable[str],
    request: HttpRequest | None = None,
) -> PersonalDataView:
    return PersonalDataView.objects.create(
        viewer=viewer,
        citizen_id=citizen_id,
        appeal_id=appeal_id,
        channel=channel,
        what=", ".join(what)[:200],
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip_address=client_ip(request) if request is not None else None,
    )


def views_of(citizen: User) -> QuerySet[PersonalDataView]:
    return PersonalDataView.objects.filter(citizen=citizen).select_related("viewer", "appeal")


def record_personal_data_views(
    *,
    viewer: User,
    pairs: Iterable[tuple[int, int | None]],
    channel: str,
    what: Iterable[str],
    request: HttpRequest | None = None,
) -> int:
    """One row per (citizen, appeal) shown on a list page, written in one query."""
    shown = ", ".join(what)[:200]
    path = request.get_full_path()[:300] if request is not None else ""
    address = client_ip(request) if request is not None else None
    rows = [
        PersonalDataView(
            viewer=viewer,
            citizen_id=citizen_id,
            appeal_id=appeal_id,
            channel=channel,
            what=shown,
            path=path,
            ip_address=address,
        )
        for citizen_id, appeal_id in dict.fromkeys(pairs)
    ]
    PersonalDataView.objects.bulk_create(rows)
    return len(rows)
