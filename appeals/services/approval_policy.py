"""Who must have an answer approved, who may approve it, and handing an answer in. The rule is
asked by `appeal_answer` under the appeal's row lock, so the admin, the agency API and a group
answer all obey it alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from appeals.backoffice.scope import active_official, can_extend, is_superuser
from appeals.models import AnswerDraft, Appeal, ApprovalRule, EventKind, PendingAnswer
from appeals.notifications import notify
from appeals.transitions import record_event
from officials.models import Official
from portal.accounts.models import User
from portal.domain_errors import InvalidInput


def approval_rule(appeal: Appeal) -> ApprovalRule | None:
    return ApprovalRule.objects.filter(agency_id=appeal.agency_id).first()


def is_deputy_head(user: User, rule: ApprovalRule | None) -> bool:
    official = active_official(user)
    return bool(
        official is not None
        and rule is not None
        and official.agency_id == rule.agency_id
        and rule.deputy_heads.filter(pk=official.pk).exists()
    )


def needs_approval(actor: User, appeal: Appeal) -> bool:
    """An officer's answer, where the agency requires approval, unless the officer is one of the
    agency's deputy heads; heads, oversight officials and superusers answer directly."""
    official = active_official(actor)
    if is_superuser(actor) or official is None or official.role != Official.Role.OFFICER:
        return False
    rule = approval_rule(appeal)
    return rule is not None and rule.required and not is_deputy_head(actor, rule)


def may_approve(user: User, appeal: Appeal) -> bool:
    """The head of the agency (or of a body above it), a deputy head it names, a superuser."""
    return can_extend(user, appeal) or is_deputy_head(user, approval_rule(appeal))


def approvers_of(appeal: Appeal) -> list[User]:
    rule = approval_rule(appeal)
    heads = [o.user for o in Official.objects.heads_of(appeal.agency).select_related("user")]
    deputies = [o.user for o in rule.deputy_heads.active().select_related("user")] if rule else []
    return list({u.pk: u for u in heads + deputies}.values())


def hand_in_for_approval(
    *,
    actor: User,
    appeal: Appeal,
    text: str,
    uploads: Sequence[UploadedFile],
    further: bool,
    language: str,
    at: dt.datetime,
    register_withheld: bool = False,
) -> PendingAnswer:
    """For a locked appeal: the answer waits for the approver. The legal clock keeps running
    (the status does not change), so the sweep still reminds and escalates."""
    if uploads:
        raise InvalidInput(
            _(
                "Answers that need the head's approval are sent without files: attach them in a "
                "further answer once this one is sent."
            ),
            code="files_need_approval",
        )
    pending = PendingAnswer.objects.create(
        appeal=appeal,
        author=actor,
        text=text,
        language=language,
        further=further,
        created_at=at,
        register_withheld=register_withheld,
    )
    AnswerDraft.objects.filter(appeal=appeal).delete()
    record_event(
        appeal,
        kind=EventKind.APPROVAL_REQUESTED,
        actor=actor,
        note=text,
        data={"pending_answer": pending.pk},
        internal=True,
        at=at,
    )
    notify(users=approvers_of(appeal), kind="approval_requested", appeal=appeal)
    return pending
