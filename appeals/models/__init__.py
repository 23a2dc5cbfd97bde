from appeals.models.answering import AnswerDraft, AnswerTemplate, AppealLink, ApprovalRule, PendingAnswer
from appeals.models.appeal import Appeal, AppealQuerySet, AppealStatus, AppealType, Channel
from appeals.models.audit import PersonalDataView
from appeals.models.content import Answer, Attachment
from appeals.models.deadlines import CalendarException, DeadlinePolicy, Escalation
from appeals.models.drafts import DraftFile, FilingDraft
from appeals.models.events import AppealEvent, EventKind
from appeals.models.notifications import Notification
from appeals.models.publication import Publication, PublicationQuerySet, PublicationState, RefusalGround
from appeals.models.rollups import (
    AppealDayStats,
    AppealMonthResponseDays,
    AppealMonthStats,
    AppealResponseDays,
)
from appeals.models.tracking import TrackingCounter
from appeals.models.workbench import InboxVisit, SavedInboxFilter

__all__ = [
    "Answer",
    "AnswerDraft",
    "AnswerTemplate",
    "Appeal",
    "AppealDayStats",
    "AppealEvent",
    "AppealLink",
    "AppealMonthResponseDays",
    "AppealMonthStats",
    "AppealQuerySet",
    "AppealResponseDays",
    "AppealStatus",
    "AppealType",
    "ApprovalRule",
    "Attachment",
    "CalendarException",
    "Channel",
    "DeadlinePolicy",
    "DraftFile",
    "Escalation",
    "EventKind",
    "FilingDraft",
    "InboxVisit",
    "Notification",
    "PendingAnswer",
    "PersonalDataView",
    "Publication",
    "PublicationQuerySet",
    "PublicationState",
    "RefusalGround",
    "SavedInboxFilter",
    "TrackingCounter",
]
