from appeals.models.appeal import Appeal, AppealQuerySet, AppealStatus, AppealType, Channel
from appeals.models.audit import PersonalDataView
from appeals.models.content import Answer, Attachment
from appeals.models.deadlines import CalendarException, DeadlinePolicy, Escalation
from appeals.models.events import AppealEvent, EventKind
from appeals.models.notifications import Notification
from appeals.models.rollups import (
    AppealDayStats,
    AppealMonthResponseDays,
    AppealMonthStats,
    AppealResponseDays,
)
from appeals.models.tracking import TrackingCounter

__all__ = [
    "Answer",
    "Appeal",
    "AppealDayStats",
    "AppealEvent",
    "AppealMonthResponseDays",
    "AppealMonthStats",
    "AppealQuerySet",
    "AppealResponseDays",
    "AppealStatus",
    "AppealType",
    "Attachment",
    "CalendarException",
    "Channel",
    "DeadlinePolicy",
    "Escalation",
    "EventKind",
    "Notification",
    "PersonalDataView",
    "TrackingCounter",
]
