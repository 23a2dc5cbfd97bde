"""Loading reference data: the officials' (regions, agencies, deputies, from `officials.reference`)
and the appeals' own — the default deadline policies and the calendar's exceptions.

Idempotent: rows are matched on their natural keys (code, slug, key, appeal type, date) and
updated in place, so a second run changes nothing. Input is checked first and every problem
reported together; nothing is written unless all of it is sound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from appeals.deadlines import default_policy
from appeals.models import AppealType, CalendarException, DeadlinePolicy
from officials.reference import (
    REFERENCE_DIR,
    LoadReport,
    ReferenceDataError,
    read_rows,
    reference_problems,
    write_reference,
)

POLICY_FIELDS = ("answer_days", "extension_months", "redirect_days", "reminder_days", "level2_days")


def calendar_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems = []
    for row in rows:
        try:
            dt.date.fromisoformat(str(row.get("date")))
        except ValueError:
            problems.append(f"calendar_exceptions.json: not an ISO date: {row.get('date')!r}")
    return problems


def seed_deadline_policies(report: LoadReport) -> None:
    """Policies are created with the law's defaults once; an administrator's edits stay."""
    for appeal_type in AppealType.values:
        policy = default_policy(appeal_type)
        _, created = DeadlinePolicy.objects.get_or_create(
            appeal_type=appeal_type, defaults={f: getattr(policy, f) for f in POLICY_FIELDS}
        )
        report.add("deadline policies", created)


def load_calendar_exceptions(rows: list[dict[str, Any]], report: LoadReport) -> None:
    for row in rows:
        _, created = CalendarException.objects.update_or_create(
            date=dt.date.fromisoformat(row["date"]),
            defaults={"is_working_day": bool(row["is_working_day"]), "note": row.get("note", "")},
        )
        report.add("calendar exceptions", created)


def load_reference(
    directory: Path = REFERENCE_DIR, *, progress: Callable[[str], None] | None = None
) -> LoadReport:
    """Check every file, then load all of it in one transaction."""
    data, problems = reference_problems(directory)
    calendar = read_rows(directory, "calendar_exceptions.json")
    problems += calendar_problems(calendar)
    if problems:
        raise ReferenceDataError(problems)
    report = LoadReport()
    with transaction.atomic():
        write_reference(data, report=report, say=progress or (lambda _message: None))
        seed_deadline_policies(report)
        load_calendar_exceptions(calendar, report)
    return report
