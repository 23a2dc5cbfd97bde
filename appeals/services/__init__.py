"""Every write to an appeal goes through these functions: one transaction, one event each."""

from appeals.services.citizen import appeal_clarify, appeal_rate, appeal_withdraw
from appeals.services.clock import appeal_extend, appeal_request_clarification
from appeals.services.complaints import appeal_complain
from appeals.services.filing import appeal_file
from appeals.services.handling import (
    appeal_answer,
    appeal_assign,
    appeal_note,
    appeal_reject,
    refuse_unintended_second_answer,
)
from appeals.services.redirect import appeal_redirect

__all__ = [
    "appeal_answer",
    "appeal_assign",
    "appeal_clarify",
    "appeal_complain",
    "appeal_extend",
    "appeal_file",
    "appeal_note",
    "appeal_rate",
    "appeal_redirect",
    "appeal_reject",
    "appeal_request_clarification",
    "appeal_withdraw",
    "refuse_unintended_second_answer",
]
