"""GET requests and GET requests/{id}: the public register (appeals their citizens chose to
publish, as moderated and masked), read through the register's selectors only. An appeal that
is not in the register does not exist here, whoever asks and whatever its number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from appeals.models import AppealStatus, AppealType
from appeals.models.appeal import UNANSWERED
from appeals.open311 import catalogue, params
from appeals.open311.errors import bad_request
from appeals.register.selectors import RegisterEntry, published_appeals, register_entries, register_entry

LIST_PARAMETERS = (
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
    "page",
    "page_size",
)
# The specification's default volume: the first 1000 requests.
PAGE_SIZE = 1000
# The most ids one call may name (each is looked up).
MAX_IDS = 100
DESCRIPTION_LIMIT = 4000  # the specification's limit for a description
OPEN, CLOSED = "open", "closed"
# Still with an agency that has to act; everything else is settled (answered, closed, rejected,
# withdrawn). A redirected appeal's register entry is its successor's, so it is open there.
OPEN_STATUSES = (*UNANSWERED, AppealStatus.REDIRECTED)


def w3(moment: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset of the portal's time zone (2026-11-30T10:15:00+05:00)."""
    return None if moment is None else timezone.localtime(moment).isoformat(timespec="seconds")


def _description(entry: RegisterEntry) -> str:
    text = f"{entry.subject}\n\n{entry.text}" if entry.text else entry.subject
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


def _status_notes(entry: RegisterEntry) -> str:
    notes = str(capfirst(entry.status_label))
    if entry.is_open and entry.overdue:
        notes = _("%(status)s; the due date passed without an answer.") % {"status": notes}
    elif entry.answered_on_time is False:
        notes = _("%(status)s, after the due date.") % {"status": notes}
    answers = [answer.text for answer in entry.answers if answer.text]
    if answers:  # the detail carries the latest published answer, masked as the register shows it
        notes = f"{notes}\n\n{answers[-1]}"
    return notes if len(notes) <= DESCRIPTION_LIMIT else notes[: DESCRIPTION_LIMIT - 1] + "…"


def _service_notice(entry: RegisterEntry) -> str:
    return _("The law gives %(agency)s until the end of %(due)s to answer.") % {
        "agency": entry.agency_name,
        "due": date_format(entry.due_on, "DATE_FORMAT"),
    }


def request_row(entry: RegisterEntry) -> dict[str, Any]:
    """One request as the specification lists its fields. Nothing is known of a location
    finer than the region (address, address_id: its ISO 3166-2 code), and files are never
    public, so zipcode, lat, long and media_url are empty."""
    return {
        "service_request_id": entry.tracking_number,
        "status": OPEN if entry.status in OPEN_STATUSES else CLOSED,
        "status_notes": _status_notes(entry),
        "service_name": _("%(agency)s: %(appeal_type)s")
        % {"agency": entry.agency_name, "appeal_type": capfirst(AppealType(entry.appeal_type).label)},
        "service_code": f"{entry.agency_slug}{catalogue.SEPARATOR}{entry.appeal_type}",
        "description": _description(entry),
        "agency_responsible": entry.agency_name,
        "service_notice": _service_notice(entry),
        "requested_datetime": w3(entry.registered_at),
        "updated_datetime": w3(entry.changed_at),
        "expected_datetime": w3(entry.due_at),
        "address": entry.region_name,
        "address_id": entry.region_code,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def request_detail(request_id: str) -> dict[str, Any] | None:
    entry = register_entry(request_id)
    return None if entry is None else request_row(entry)


def _service_filter(codes: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for code in codes:
        match = catalogue.CODE_PATTERN.fullmatch(code)
        if match is None or match["appeal_type"] not in AppealType.values:
            raise bad_request(
                _("The service_code “%(code)s” is not a service code; services.json lists them.")
                % {"code": code[: params.PARAMETER_NAME_LIMIT]}
            )
        pairs.append((match["slug"], match["appeal_type"]))
    return pairs


def request_list(query: QueryDict, *, now: dt.datetime) -> tuple[list[dict[str, Any]], int | None]:
    """One page of the register, newest request first, and the next page's number (None on the
    last). `service_request_id` overrides every other filter, as the specification says."""
    page_size = params.positive_int(query, "page_size", default=PAGE_SIZE, maximum=PAGE_SIZE)
    page = params.positive_int(query, "page", default=1, maximum=1_000_000)
    publications = published_appeals().order_by("-appeal__registered_at", "-appeal_id")
    ids = params.values(query, "service_request_id")
    if ids:
        if len(ids) > MAX_IDS:
            raise bad_request(_("At most %(count)d service_request_id values at once.") % {"count": MAX_IDS})
        publications = publications.filter(appeal__tracking_number__in=[i.upper()[:32] for i in ids])
    else:
        window = params.period(query, now=now)
        publications = publications.filter(
            appeal__registered_at__gte=window.start, appeal__registered_at__lte=window.end
        )
        statuses = params.choices(query, "status", (OPEN, CLOSED))
        if statuses == [OPEN]:
            publications = publications.filter(appeal__status__in=OPEN_STATUSES)
        elif statuses == [CLOSED]:
            publications = publications.exclude(appeal__status__in=OPEN_STATUSES)
        services = _service_filter(params.values(query, "service_code"))
        if services:
            wanted = Q()
            for slug, appeal_type in services:
                wanted |= Q(appeal__agency__slug=slug, appeal__appeal_type=appeal_type)
            publications = publications.filter(wanted)
    offset = (page - 1) * page_size
    rows = list(publications[offset : offset + page_size + 1])
    next_page = page + 1 if len(rows) > page_size else None
    return [request_row(entry) for entry in register_entries(rows[:page_size])], next_page
