"""Every write to blogs: one transaction each, keyword-only, with the actor; an event row for
every moderation step. The appeal behind a question is only ever changed by `appeals.services`.

Lock order (see `appeals.services`): the appeal first, then its blog question. Every service here
that locks a question takes its appeal's lock before it (`_lock_question`); the appeal services
that touch a question (a redirect moves it to the successor) already hold the appeal's lock when
they do. Two paths taking the two rows in opposite orders would deadlock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals.backoffice.scope import can_handle
from appeals.models import Appeal, AppealType, Channel
from appeals.notifications import notify
from appeals.services import appeal_file, appeal_reject
from appeals.services.common import require_text
from appeals.services.filing import require_complete_profile
from appeals.services.handling import RejectionReason
from appeals.transitions import lock_appeal
from appeals.uploads import check_upload
from blogs.models import (
    Blog,
    BlogEvent,
    BlogEventKind,
    BlogQuestion,
    BlogReport,
    Moderation,
    Post,
    PostImage,
    ReportedPart,
    search_config_for,
)
from blogs.scope import can_moderate
from officials.models import Official, Region
from portal.accounts.models import User
from portal.domain_errors import InvalidInput, NotAllowed, RateLimited
from portal.masking import mask_personal_data
from portal.ratelimit import hit as rate_limit_hit

# Questions are appeals: the web view counts them in the portal's "file_appeal" budget; reports
# count in the "blog_report" budget per reader (settings.DIALOG_RATE_LIMITS, portal.ratelimit).

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
MAX_IMAGE_SIZE = 5 * 1024 * 1024


# --- helpers --------------------------------------------------------------------------------


def _event(
    blog: Blog,
    *,
    kind: str,
    actor: User | None,
    question: BlogQuestion | None = None,
    post: Post | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> BlogEvent:
    return BlogEvent.objects.create(
        blog=blog,
        question=question,
        post=post,
        kind=kind,
        actor=actor,
        note=note,
        data=data or {},
        created_at=at or timezone.now(),
    )


def _require_moderator(actor: User, blog: Blog) -> None:
    if not can_moderate(actor, blog):
        raise NotAllowed(
            _("Only the officials of %(agency)s may moderate this blog.") % {"agency": blog.agency.name}
        )


def _lock_question(question: BlogQuestion) -> BlogQuestion:
    """The question and the appeal behind it, locked in the documented order: appeal, then
    question. A redirect committed in between moves the question to the successor appeal; the
    loop then locks that one too (still appeal before question)."""
    while True:
        appeal_id = BlogQuestion.objects.values_list("appeal_id", flat=True).get(pk=question.pk)
        lock_appeal(appeal_id)
        locked = (
            BlogQuestion.objects.select_for_update(of=("self",))
            .select_related("blog__agency", "appeal__agency", "appeal__citizen")
            .get(pk=question.pk)
        )
        if locked.appeal_id == appeal_id:
            return locked


def _require_pending(question: BlogQuestion) -> None:
    if question.state != Moderation.PENDING:
        raise InvalidInput(
            _("This question has already been moderated (%(state)s).")
            % {"state": question.get_state_display()},
            code="already_moderated",
        )


def check_image(upload: UploadedFile) -> str:
    """A JPEG or PNG (by content, not name) within the size limit, or a clear InvalidInput."""
    return check_upload(upload, allowed=IMAGE_TYPES, max_size=MAX_IMAGE_SIZE)


# --- blogs and posts (written in the admin) ---------------------------------------------------


# Each write below starts with its validation-only twin (`*_validate`): the admin's forms call the
# twin in `clean()`, so a refusal is shown on the form as it was typed; the write runs it again.


def blog_create_validate(*, actor: User, head: Official) -> None:
    if not (actor.is_active and actor.is_superuser):
        raise NotAllowed(_("Only an administrator may open a blog."))
    if head.role != Official.Role.HEAD or not head.is_active:
        raise InvalidInput(_("A blog belongs to an active head of an agency."), code="not_head")
    if Blog.objects.filter(agency_id=head.agency_id).exists():
        raise InvalidInput(_("%(agency)s already has a blog.") % {"agency": head.agency.name}, code="exists")


def blog_create(*, actor: User, head: Official) -> Blog:
    blog_create_validate(actor=actor, head=head)
    return Blog.objects.create(
        agency=head.agency, head=head, name=head.user.full_name, position=head.position, is_open=False
    )


def _require_editor(actor: User, blog: Blog) -> None:
    if not can_moderate(actor, blog):
        raise NotAllowed(
            _("Only the officials of %(agency)s may edit this blog.") % {"agency": blog.agency.name}
        )


def blog_profile_validate(
    *, actor: User, blog: Blog, name: str, position: str, is_open: bool, photo: UploadedFile | None = None
) -> str | None:
    """The checks of `blog_profile_update`, writing nothing; the photo's type when there is one."""
    _require_editor(actor, blog)
    if is_open and not (name.strip() and position.strip()):
        raise InvalidInput(
            _("Give the head's name and position before opening the blog for questions."),
            code="profile_incomplete",
        )
    return check_image(photo) if photo is not None else None


def blog_profile_update(
    *,
    actor: User,
    blog: Blog,
    name: str,
    position: str,
    about: str = "",
    is_open: bool,
    photo: UploadedFile | None = None,
) -> Blog:
    """The head's profile. A blog opens for questions only with a complete profile."""
    content_type = blog_profile_validate(
        actor=actor, blog=blog, name=name, position=position, is_open=is_open, photo=photo
    )
    name, position, about = name.strip(), position.strip(), about.strip()
    with transaction.atomic():
        blog = Blog.objects.select_for_update().get(pk=blog.pk)
        blog.name, blog.position, blog.about, blog.is_open = name[:200], position[:300], about[:2000], is_open
        if photo is not None and content_type is not None:
            blog.photo.save(photo.name or "photo", photo, save=False)
            blog.photo_content_type = content_type
        blog.save()
    return blog


def blog_image_validate(*, actor: User, blog: Blog, upload: UploadedFile, alt: str) -> tuple[str, str]:
    """The checks of `blog_image_add`, writing nothing: the cleaned text alternative and the type."""
    _require_editor(actor, blog)
    return require_text(alt, field=_("Text alternative"), limit=300), check_image(upload)


def blog_image_add(*, actor: User, blog: Blog, upload: UploadedFile, alt: str) -> PostImage:
    alt, content_type = blog_image_validate(actor=actor, blog=blog, upload=upload, alt=alt)
    return PostImage.objects.create(
        blog=blog, file=upload, content_type=content_type, size=upload.size or 0, alt=alt, uploaded_by=actor
    )


def blog_post_validate(
    *, actor: User, blog: Blog, title: str, body: str, post: Post | None = None
) -> tuple[str, str]:
    """The checks of `blog_post_write`, writing nothing: the cleaned title and text."""
    if not can_moderate(actor, blog):
        raise NotAllowed(
            _("Only the officials of %(agency)s may write in this blog.") % {"agency": blog.agency.name}
        )
    if post is not None and post.blog_id != blog.pk:
        raise InvalidInput(_("This post belongs to another blog."))
    return require_text(title, field=_("Title"), limit=200), require_text(body, field=_("Text"), limit=50_000)


def blog_post_write(
    *,
    actor: User,
    blog: Blog,
    title: str,
    body: str,
    language: str,
    publish: bool,
    post: Post | None = None,
    now: dt.datetime | None = None,
) -> Post:
    """Create or edit a post. The Markdown is stored; it is sanitised whenever it is shown."""
    title, body = blog_post_validate(actor=actor, blog=blog, title=title, body=body, post=post)
    moment = now or timezone.now()
    with transaction.atomic():
        if post is None:
            post = Post(blog=blog, author=actor)
        post.title, post.body, post.language = title, body, language
        post.search_config = search_config_for(language)
        if publish and post.published_at is None:
            post.published_at = moment
        elif not publish:
            post.published_at = None
        post.save()
        _event(
            blog,
            kind=BlogEventKind.POST_WRITTEN,
            actor=actor,
            post=post,
            at=moment,
            data={"published": post.published_at is not None},
        )
    return post


def blog_post_hide(*, actor: User, post: Post, reason: str, now: dt.datetime | None = None) -> Post:
    reason = require_text(reason, field=_("Reason"), limit=1000)
    _require_moderator(actor, post.blog)
    moment = now or timezone.now()
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("blog").get(pk=post.pk)
        if post.hidden_at is not None:
            raise InvalidInput(_("This post is already hidden."), code="already_hidden")
        post.hidden_at, post.hidden_reason = moment, reason
        post.save(update_fields=("hidden_at", "hidden_reason", "updated_at"))
        _event(post.blog, kind=BlogEventKind.POST_HIDDEN, actor=actor, post=post, note=reason, at=moment)
    return post


# --- public questions ------------------------------------------------------------------------


def blog_question_ask(
    *,
    actor: User,
    blog: Blog,
    region: Region,
    subject: str,
    text: str,
    language: str,
    now: dt.datetime | None = None,
) -> BlogQuestion:
    """A citizen's public question: an inquiry appeal to the blog's agency (channel "blog"),
    on the normal clock, published only after moderation."""
    require_complete_profile(actor)
    if not (blog.is_open and blog.is_complete and blog.head.is_active and blog.agency.is_active):
        raise InvalidInput(
            _(
                "This blog is not taking questions at the moment. You can still write to %(agency)s "
                "with an ordinary appeal."
            )
            % {"agency": blog.agency.name},
            code="blog_closed",
        )
    moment = now or timezone.now()
    with transaction.atomic():
        appeal = appeal_file(
            actor=actor,
            appeal_type=AppealType.INQUIRY,
            agency=blog.agency,
            region=region,
            subject=subject,
            text=text,
            channel=Channel.BLOG,
            now=moment,
        )
        question = BlogQuestion.objects.create(
            blog=blog, appeal=appeal, language=language, search_config=search_config_for(language)
        )
        _event(blog, kind=BlogEventKind.ASKED, actor=actor, question=question, at=moment)
        moderators = [
            o.user for o in Official.objects.active().filter(agency=blog.agency).select_related("user")
        ]
        notify(users=moderators, kind="blog_moderation", appeal=appeal)
    return question


def blog_question_approve(
    *,
    actor: User,
    question: BlogQuestion,
    public_subject: str | None = None,
    public_text: str | None = None,
    now: dt.datetime | None = None,
) -> BlogQuestion:
    """Publish the question. The published text is the citizen's (or the moderator's edit of
    it), with IINs, phone numbers and e-mail addresses masked either way."""
    moment = now or timezone.now()
    with transaction.atomic():
        question = _lock_question(question)
        _require_moderator(actor, question.blog)
        _require_pending(question)
        appeal = question.appeal
        subject = require_text(public_subject or appeal.subject, field=_("Subject"), limit=200)
        text = require_text(public_text or appeal.text, field=_("Text"))
        question.public_subject = mask_personal_data(subject)[:200]
        question.public_text = mask_personal_data(text)
        question.state = Moderation.PUBLISHED
        question.published_at = question.moderated_at = moment
        question.moderated_by = actor
        question.save()
        _event(
            question.blog,
            kind=BlogEventKind.APPROVED,
            actor=actor,
            question=question,
            at=moment,
            data={"edited": question.public_text != mask_personal_data(appeal.text)},
        )
        notify(users=[appeal.citizen], kind="blog_published", appeal=appeal)
    return question


def _settle(
    question: BlogQuestion,
    *,
    state: str,
    kind: str,
    reason: str,
    actor: User,
    moment: dt.datetime,
    data: dict[str, Any] | None = None,
) -> None:
    """Close a pending question's moderation without publishing it, and record who and why."""
    question.state = state
    question.moderation_reason = reason
    question.moderated_at, question.moderated_by = moment, actor
    question.save()
    _event(question.blog, kind=kind, actor=actor, question=question, note=reason, data=data or {}, at=moment)


def blog_question_reject(
    *, actor: User, question: BlogQuestion, reason: str, note: str = "", now: dt.datetime | None = None
) -> BlogQuestion:
    """Refuse publication on one of the law's grounds; the appeal is left without
    consideration on the same ground (if still open and still with the blog's agency), and the
    citizen sees why."""
    if reason not in RejectionReason.values:
        raise InvalidInput(_("Choose a reason for refusing publication."), code="reason")
    note = note.strip()
    label = str(RejectionReason(reason).label)
    explanation = f"{label}. {note}" if note else label
    moment = now or timezone.now()
    with transaction.atomic():
        question = _lock_question(question)
        _require_moderator(actor, question.blog)
        _require_pending(question)
        _settle(
            question,
            state=Moderation.REJECTED,
            kind=BlogEventKind.REJECTED,
            reason=explanation,
            actor=actor,
            moment=moment,
            data={"reason": reason},
        )
        # The appeal is left without consideration too, unless it has moved on: answered, or
        # redirected to a competent agency, which decides on it itself.
        if question.appeal.is_open and can_handle(actor, question.appeal):
            appeal_reject(actor=actor, appeal=question.appeal, reason=reason, note=note, now=moment)
        else:
            notify(
                users=[question.appeal.citizen],
                kind="blog_not_published",
                appeal=question.appeal,
                extra={"note": explanation},
            )
    return question


def blog_question_make_private(
    *, actor: User, question: BlogQuestion, note: str, now: dt.datetime | None = None
) -> BlogQuestion:
    """Not published (it carries personal data, say), but still answered as a private appeal."""
    note = require_text(note, field=_("Reason"), limit=1000)
    moment = now or timezone.now()
    with transaction.atomic():
        question = _lock_question(question)
        _require_moderator(actor, question.blog)
        _require_pending(question)
        _settle(
            question,
            state=Moderation.PRIVATE,
            kind=BlogEventKind.MADE_PRIVATE,
            reason=note,
            actor=actor,
            moment=moment,
        )
        notify(
            users=[question.appeal.citizen], kind="blog_private", appeal=question.appeal, extra={"note": note}
        )
    return question


def blog_item_report(
    *, actor: User, question: BlogQuestion, part: str, reason: str, now: dt.datetime | None = None
) -> BlogReport:
    """A signed-in reader reports a published question or its answer to the moderators."""
    if not actor.is_authenticated or not actor.is_active:
        raise NotAllowed(_("Sign in to report a question or an answer."))
    if part not in ReportedPart.values:
        raise InvalidInput(_("Choose what you are reporting: the question or the answer."), code="part")
    reason = require_text(reason, field=_("Reason"), limit=1000)
    if rate_limit_hit("blog_report", "account", str(actor.pk)):
        raise RateLimited(
            _("You have sent many reports recently. Please wait a while before sending another.")
        )
    moment = now or timezone.now()
    with transaction.atomic():
        question = _lock_question(question)
        if not question.is_listed:
            raise InvalidInput(_("Only a published question can be reported."), code="not_published")
        if part == ReportedPart.ANSWER and (
            question.answer_hidden_at is not None or not question.appeal.answers.exists()
        ):
            raise InvalidInput(_("This question has no published answer to report."), code="no_answer")
        existing = BlogReport.objects.filter(
            question=question, part=part, reporter=actor, resolved_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        report = BlogReport.objects.create(question=question, part=part, reporter=actor, reason=reason)
        _event(
            question.blog,
            kind=BlogEventKind.REPORTED,
            actor=actor,
            question=question,
            note=reason,
            data={"part": part, "report": report.pk},
            at=moment,
        )
    return report


def blog_item_hide(
    *, actor: User, question: BlogQuestion, part: str, reason: str, now: dt.datetime | None = None
) -> BlogQuestion:
    """Hide a published question or its answer from the public. Nothing is deleted: the
    appeal, its answer and the trail stay; the page says it was hidden and why."""
    if part not in ReportedPart.values:
        raise InvalidInput(_("Choose what to hide: the question or the answer."), code="part")
    reason = require_text(reason, field=_("Reason"), limit=1000)
    moment = now or timezone.now()
    with transaction.atomic():
        question = _lock_question(question)
        _require_moderator(actor, question.blog)
        if question.state != Moderation.PUBLISHED:
            raise InvalidInput(_("Only a published question can be hidden."), code="not_published")
        if part == ReportedPart.QUESTION:
            if question.hidden_at is not None:
                raise InvalidInput(_("This question is already hidden."), code="already_hidden")
            question.hidden_at, question.hidden_reason = moment, reason
        else:
            if question.answer_hidden_at is not None:
                raise InvalidInput(_("This answer is already hidden."), code="already_hidden")
            if not question.appeal.answers.exists():
                raise InvalidInput(_("This question has no answer yet."), code="no_answer")
            question.answer_hidden_at, question.answer_hidden_reason = moment, reason
        question.save()
        resolved = BlogReport.objects.filter(question=question, part=part, resolved_at__isnull=True).update(
            resolved_at=moment, resolved_by=actor
        )
        _event(
            question.blog,
            kind=BlogEventKind.HIDDEN,
            actor=actor,
            question=question,
            note=reason,
            data={"part": part, "reports_resolved": resolved},
            at=moment,
        )
        notify(
            users=[question.appeal.citizen],
            kind="blog_hidden",
            appeal=question.appeal,
            extra={"note": reason, "target": ReportedPart(part).label},
        )
    return question


def blog_report_dismiss(*, actor: User, report: BlogReport, now: dt.datetime | None = None) -> BlogReport:
    """The moderator has looked and leaves the item as it is."""
    moment = now or timezone.now()
    with transaction.atomic():
        report = (
            BlogReport.objects.select_for_update(of=("self",))
            .select_related("question__blog")
            .get(pk=report.pk)
        )
        _require_moderator(actor, report.question.blog)
        if report.resolved_at is None:
            report.resolved_at, report.resolved_by = moment, actor
            report.save(update_fields=("resolved_at", "resolved_by"))
    return report


def blog_question_follow_redirect(*, appeal: Appeal, successor: Appeal) -> None:
    """A public question stays on its blog when the agency redirects its appeal: it now tracks the
    appeal at the competent agency, whose answer is published under the question.

    Called (through `appeals.signals.appeal_redirected`) inside `appeal_redirect`'s transaction,
    on purpose: the question must never point at a closed appeal, not even between two commits.
    The redirect holds the appeal's row lock; the question's row is locked after it (the one
    order: the appeal, then its question)."""
    question = BlogQuestion.objects.select_for_update().filter(appeal=appeal).first()
    if question is not None:
        BlogQuestion.objects.filter(pk=question.pk).update(appeal=successor)
