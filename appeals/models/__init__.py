from appeals.models.appeal import Appeal, AppealQuerySet, AppealStatus, AppealType, Channel
from appeals.models.audit import PersonalDataView
from appeals.models.content import Answer, Attachment
from appeals.models.deadlines import CalendarException, DeadlinePolicy, Escalation
from appeals.models.drafts import DraftFile, FilingDraft
from appeals.models.events import AppealEvent, EventKind
from appeals.models.notifications import Notification
from appeals.models.rollups import AppealDayStats, AppealResponseDays
from appeals.models.tracking import TrackingCounter

__all__ = [
    "Answer",
    "Appeal",
    "AppealDayStats",
    "AppealEvent",
    "AppealQuerySet",
    "AppealResponseDays",
    "AppealStatus",
    "AppealType",
    "Attachment",
    "CalendarException",
    "Channel",
    "DeadlinePolicy",
    "DraftFile",
    "Escalation",
    "EventKind",
    "FilingDraft",
    "Notification",
    "PersonalDataView",
    "TrackingCounter",
]
