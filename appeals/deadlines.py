"""Deadline arithmetic: the policy in force, the registration day, the due date and the next
step the sweep must take. Pure functions over an appeal and a calendar; no queries but `policy_for`."""

from __future__ import annotations

import calendar as month_calendar
import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from appeals.calendar import WorkingCalendar, end_of_day, local_date, start_of_day
from appeals.models import Appeal, AppealStatus, AppealType, DeadlinePolicy
from appeals.models.appeal import CLOCK_RUNNING, NextAction
from officials.models import Agency
from portal.reference_cache import remembered

# The Administrative Procedural Code's terms; an administrator may change them per type.
DEFAULT_TERMS = {
    "answer_days": 15,
    "extension_months": 2,
    "redirect_days": 3,
    "reminder_days": 3,
    "level2_days": 5,
}
DEFAULT_ANSWER_DAYS = {AppealType.COMPLAINT: 20}


def default_policy(appeal_type: str) -> DeadlinePolicy:
    terms = {**DEFAULT_TERMS, "answer_days": DEFAULT_ANSWER_DAYS.get(appeal_type, 15)}  # type: ignore[call-overload]
    return DeadlinePolicy(appeal_type=appeal_type, **terms)


def policy_for(appeal_type: str) -> DeadlinePolicy:
    """The policy in force for the type (a copy), from the reference data each process
    remembers (`portal.reference_cache`); the default terms when none is stored."""
    policies = remembered(
        "appeals.deadline-policies", lambda: {p.appeal_type: p for p in DeadlinePolicy.objects.all()}
    )
    policy = policies.get(appeal_type)
    return copy.copy(policy) if policy is not None else default_policy(appeal_type)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Registration:
    registered_at: dt.datetime
    registered_on: dt.date
    due_on: dt.date
    extension_limit_on: dt.date

    def appeal_fields(self) -> dict[str, Any]:
        """What registration sets on a new appeal: its registration, its term (due and original
        due date: no extension yet) and the limit of any extension."""
        return {
            "status": AppealStatus.REGISTERED,
            "registered_at": self.registered_at,
            "registered_on": self.registered_on,
            "due_on": self.due_on,
            "original_due_on": self.due_on,
            "extension_limit_on": self.extension_limit_on,
        }


def register(*, submitted_at: dt.datetime, policy: DeadlinePolicy, calendar: WorkingCalendar) -> Registration:
    """An appeal that arrives on a day off is registered at the start of the next working day."""
    arrival_day = local_date(submitted_at)
    registered_on = calendar.working_day_on_or_after(arrival_day)
    registered_at = submitted_at if registered_on == arrival_day else start_of_day(registered_on)
    return Registration(
        registered_at=registered_at,
        registered_on=registered_on,
        due_on=calendar.add_working_days(registered_on, policy.answer_days),
        extension_limit_on=add_months(registered_on, policy.extension_months),
    )


def apply_policy(appeal: Appeal, policy: DeadlinePolicy) -> None:
    appeal.term_days = policy.answer_days
    appeal.reminder_days = policy.reminder_days
    appeal.level2_days = policy.level2_days
    appeal.redirect_days = policy.redirect_days
    appeal.extension_months = policy.extension_months


def redirect_deadline(appeal: Appeal, calendar: WorkingCalendar) -> dt.date:
    """The last day on which a redirect is on time."""
    return calendar.add_working_days(appeal.registered_on, appeal.redirect_days)


def reminder_day(appeal: Appeal, calendar: WorkingCalendar) -> dt.date:
    return calendar.subtract_working_days(appeal.due_on, appeal.reminder_days)


def level2_day(appeal: Appeal, calendar: WorkingCalendar) -> dt.date:
    return calendar.add_working_days(appeal.due_on, appeal.level2_days)


def schedule_next_action(appeal: Appeal, calendar: WorkingCalendar) -> None:
    """Set the one next step the sweep must take for this appeal, and when (or none)."""
    action: str = ""
    at: dt.datetime | None = None
    if appeal.status in CLOCK_RUNNING:
        if appeal.escalation_level == 0 and appeal.reminder_sent_at is None:
            action, at = NextAction.REMINDER, start_of_day(reminder_day(appeal, calendar))
        elif appeal.escalation_level == 0:
            action, at = NextAction.ESCALATE_1, end_of_day(appeal.due_on)
        elif appeal.escalation_level == 1:
            action, at = NextAction.ESCALATE_2, end_of_day(level2_day(appeal, calendar))
    appeal.next_action, appeal.next_action_at = action, at


def working_days_left(appeal: Appeal, today: dt.date, calendar: WorkingCalendar) -> int:
    """Working days left until the due date (0 on the due day, negative when overdue)."""
    if today <= appeal.due_on:
        return calendar.working_days_between(today, appeal.due_on)
    return -calendar.working_days_between(appeal.due_on, today)


# --- rules the services, the sweep and the demo's bulk writer share ------------------------------


def resume_clock(appeal: Appeal, *, today: dt.date, calendar: WorkingCalendar) -> int:
    """The citizen has answered a clarification request: the due date moves by the working days
    the clock was paused. Returns those days."""
    assert appeal.paused_on is not None
    paused_days = calendar.working_days_between(appeal.paused_on, today)
    appeal.due_on = calendar.add_working_days(appeal.due_on, paused_days)
    appeal.paused_on = None
    return paused_days


def within_extension_cap(appeal: Appeal, until: dt.date) -> bool:
    """An extension may not go past the cap set at registration (months from registration)."""
    return until <= appeal.extension_limit_on


def escalate_to_head(appeal: Appeal) -> None:
    """Ladder level 1, at the due date: the appeal is overdue and the head is accountable."""
    appeal.overdue_since = appeal.due_at
    appeal.escalation_level = 1


def escalate_to_oversight(appeal: Appeal, body: Agency | None) -> None:
    """Ladder level 2: the oversight body (if there is one) gets the appeal in its queue."""
    appeal.escalation_level = 2
    appeal.escalated_to = body
