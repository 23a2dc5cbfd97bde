"""The appeal's history for officials, in the official's language: each event's kind and status
change by their labels, and its details (`AppealEvent.data`, stored with stable internal keys
for the API and the statistics) as labelled lines, with dates, agencies and officials named."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appeals.models import AppealEvent, AppealStatus
from appeals.services.handling import RejectionReason
from officials.models import Agency
from portal.accounts.models import User

# Every key the services write into an event's details, with the label an official reads.
DETAIL_LABELS: dict[str, Promise] = {
    "due_on": gettext_lazy("due date"),
    "agency": gettext_lazy("agency"),
    "assignee": gettext_lazy("assigned to"),
    "on_time": gettext_lazy("on time"),
    "reason": gettext_lazy("reason"),
    "from": gettext_lazy("previous due date"),
    "until": gettext_lazy("new due date"),
    "paused_on": gettext_lazy("clock paused on"),
    "resumed_on": gettext_lazy("clock resumed on"),
    "paused_working_days": gettext_lazy("working days paused"),
    "rating": gettext_lazy("rating (1 to 5)"),
    "resolved": gettext_lazy("answered the question"),
    "about": gettext_lazy("about"),
    "tracking_number": gettext_lazy("new tracking number"),
    "to_agency": gettext_lazy("to"),
    "from_agency": gettext_lazy("from"),
    "from_tracking_number": gettext_lazy("previous tracking number"),
    "late": gettext_lazy("late"),
    "redirect_deadline": gettext_lazy("redirect deadline"),
    "level": gettext_lazy("escalation level"),
    "approved_by": gettext_lazy("approved by"),
}
# Labels that depend on the kind of event: a linked appeal's number is not a "new" number.
KIND_LABELS: dict[tuple[str, str], Promise] = {
    ("linked", "tracking_number"): gettext_lazy("linked appeal"),
}
# Row ids kept for the machinery, meaningless to a reader.
HIDDEN_KEYS = frozenset({"pending_answer"})
DATE_KEYS = frozenset({"due_on", "from", "until", "paused_on", "resumed_on", "redirect_deadline"})
AGENCY_KEYS = frozenset({"agency", "to_agency", "from_agency"})
COMPLAINT_ABOUT = {"answer": gettext_lazy("the answer"), "late": gettext_lazy("a late answer")}


@dataclass
class HistoryEntry:
    event: AppealEvent
    title: str
    status_change: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)


def _status_label(value: str) -> str:
    if not value:
        return "—"
    try:
        return str(AppealStatus(value).label)
    except ValueError:
        return value


def _date(value: Any) -> str:
    try:
        return formats.date_format(dt.date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


def _value(key: str, value: Any, agencies: dict[str, str], officials: dict[str, str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if key in DATE_KEYS:
        return _date(value)
    if key in AGENCY_KEYS:
        return agencies.get(str(value), str(value))
    if key == "assignee":
        return officials.get(str(value), str(value))
    if key == "reason" and value in RejectionReason.values:
        return str(RejectionReason(value).label)
    if key == "about":
        return str(COMPLAINT_ABOUT.get(str(value), value))
    return str(value)


def status_change(event: AppealEvent) -> str:
    """ "registered → assigned to an official", or "" when the event changed no status."""
    if not (event.from_status or event.to_status):
        return ""
    return f"{_status_label(event.from_status)} → {_status_label(event.to_status)}"


def readable_history(events: list[AppealEvent]) -> list[HistoryEntry]:
    """`events` (oldest first) as the official's page shows them; two queries whatever their number."""
    slugs = {str(e.data[k]) for e in events for k in AGENCY_KEYS if (e.data or {}).get(k)}
    agencies = {a.slug: a.name for a in Agency.objects.filter(slug__in=slugs)} if slugs else {}
    emails = {str(e.data["assignee"]) for e in events if (e.data or {}).get("assignee")}
    officials = {u.email: u.get_full_name() for u in User.objects.filter(email__in=emails)} if emails else {}
    entries = []
    for event in events:
        entry = HistoryEntry(event=event, title=str(event.get_kind_display()).capitalize())
        entry.status_change = status_change(event)
        for key, value in (event.data or {}).items():
            if key in HIDDEN_KEYS:
                continue
            label = str(KIND_LABELS.get((event.kind, key)) or DETAIL_LABELS.get(key, key.replace("_", " ")))
            entry.details.append((label.capitalize(), _value(key, value, agencies, officials)))
        entries.append(entry)
    return entries
