"""The live sessions' API: `GET live/`, `GET live/{id}/questions/` (public), and for a signed-in
citizen `POST live/{id}/questions/` and `POST live/{id}/questions/{qid}/vote/` (with an
Idempotency-Key). The same services and selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from blogs.live.models import LiveQuestion, LiveSession, QuestionStatus, SessionState
from blogs.live.selectors import public_questions, public_session, public_sessions
from blogs.live.services import QUESTION_LIMIT, live_question_ask, live_question_vote
from officials.models import Region
from portal.api.language import requested_language
from portal.idempotency import OPENAPI_PARAMETER as IDEMPOTENCY_KEY
from portal.idempotency import IdempotentPostMixin
from portal.ratelimit import rate_limit

NAMED_AGENCY = inline_serializer(
    "LiveAgency", {"slug": serializers.CharField(), "name": serializers.CharField()}
)
ERROR = inline_serializer("LiveError", {"detail": serializers.CharField(), "code": serializers.CharField()})
NOT_FOUND = inline_serializer("LiveNotFound", {"detail": serializers.CharField()})
LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=["kk", "ru", "en"], description="Language of names (default: Accept-Language)."
)


class LiveSessionSerializer(serializers.Serializer[LiveSession]):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    host_name = serializers.CharField()
    agency = serializers.SerializerMethodField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=SessionState.choices)
    questions = serializers.IntegerField(source="question_count", help_text="Published questions.")
    answered = serializers.IntegerField(source="answered_count", help_text="Questions answered live.")

    @extend_schema_field(NAMED_AGENCY)
    def get_agency(self, session: LiveSession) -> dict[str, str]:
        return {"slug": session.agency.slug, "name": session.agency.name_in(self.context["language"])}


class LiveQuestionSerializer(serializers.Serializer[LiveQuestion]):
    id = serializers.IntegerField()
    text = serializers.CharField(source="public_text", help_text="Personal data masked.")
    votes = serializers.IntegerField()
    status = serializers.ChoiceField(choices=QuestionStatus.choices)
    answer = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    tracking_number = serializers.CharField(
        source="appeal.tracking_number",
        allow_null=True,
        default=None,
        help_text="When the question was left unanswered: the appeal it became.",
    )


class OwnQuestionSerializer(serializers.Serializer[LiveQuestion]):
    """What the author sees of the question just sent (not public until approved)."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    votes = serializers.IntegerField()
    status = serializers.ChoiceField(choices=QuestionStatus.choices)


class AskSerializer(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField(max_length=QUESTION_LIMIT)
    region = serializers.CharField(
        max_length=10, required=False, help_text="ISO 3166-2 code; default: the agency's region."
    )


def _session(pk: str) -> LiveSession:
    session = public_session(int(pk)) if str(pk).isdigit() and len(str(pk)) < 19 else None
    if session is None:
        raise NotFound(_("No live session has this id."))
    return session


@extend_schema_view(
    list=extend_schema(summary="Live Q&A sessions", parameters=[LANG_PARAMETER], tags=["live"], auth=[]),
)
class LiveSessionViewSet(IdempotentPostMixin, mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Sessions live now, coming and past (the newest first); anyone may read them."""

    serializer_class = LiveSessionSerializer
    permission_classes = (AllowAny,)
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return public_sessions().order_by("-starts_at", "-id")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "language": requested_language(self.request)}

    @extend_schema(
        methods=["GET"],
        summary="A session's published questions, the most voted first",
        responses={200: LiveQuestionSerializer(many=True), 404: NOT_FOUND},
        tags=["live"],
        auth=[],
    )
    @extend_schema(
        methods=["POST"],
        summary="Ask a question (a verified citizen; published after moderation)",
        parameters=[IDEMPOTENCY_KEY],
        request=AskSerializer,
        responses={
            201: OwnQuestionSerializer,
            400: ERROR,
            401: ERROR,
            403: ERROR,
            404: NOT_FOUND,
            409: ERROR,
        },
        tags=["live"],
    )
    @action(detail=True, methods=["get", "post"], url_path="questions")
    def questions(self, request: Request, pk: str) -> Response:
        session = _session(pk)
        if request.method == "POST":
            return self._ask(request, session)
        page = self.paginate_queryset(public_questions(session))
        return self.get_paginated_response(LiveQuestionSerializer(page, many=True).data)  # type: ignore[arg-type]

    def _ask(self, request: Request, session: LiveSession) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated(_("Sign in to ask a question."))
        payload = AskSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        code = payload.validated_data.get("region")
        region = Region.objects.filter(code=code.upper()).first() if code else session.agency.region
        if region is None:
            raise ValidationError(
                {"region": [_("Unknown region code.") if code else _("Give the region code.")]}
            )
        refusal = rate_limit(request._request, "live_question")
        if refusal:
            raise Throttled(wait=refusal.retry_after)
        question = live_question_ask(
            actor=request.user,  # type: ignore[arg-type]
            session=session,
            text=payload.validated_data["text"],
            region=region,
            language=requested_language(request),
        )
        return Response(OwnQuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Vote for a question (once per citizen)",
        parameters=[IDEMPOTENCY_KEY],
        request=None,
        responses={200: LiveQuestionSerializer, 401: ERROR, 403: ERROR, 404: NOT_FOUND, 409: ERROR},
        tags=["live"],
    )
    @action(detail=True, methods=["post"], url_path=r"questions/(?P<qid>[0-9]+)/vote")
    def vote(self, request: Request, pk: str, qid: str) -> Response:
        session = _session(pk)
        if not request.user.is_authenticated:
            raise NotAuthenticated(_("Sign in to vote for a question."))
        question = (
            LiveQuestion.objects.filter(session=session, pk=int(qid)).first() if len(qid) < 19 else None
        )
        if question is None or question.status not in (
            QuestionStatus.APPROVED,
            QuestionStatus.ANSWERED,
            QuestionStatus.APPEALED,
        ):
            raise NotFound(_("No published question of this session has this id."))
        question = live_question_vote(actor=request.user, question=question)  # type: ignore[arg-type]
        return Response(LiveQuestionSerializer(question).data)
