"""The agency API: an agency's document system pulls its appeals and posts answers, redirects,
extensions, assignments and clarification requests — with an official's token, under the same
scope rules as the admin (`appeals.backoffice.scope`), through the same services.

Only token authentication: a browser session signed in without the second factor must not reach
the agency's data.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from appeals.backoffice.audit import PROFILE, record_personal_data_view
from appeals.backoffice.scope import active_official, can_extend, is_superuser
from appeals.models import Answer, Appeal, AppealEvent, AppealStatus, Attachment, PersonalDataView
from appeals.models.appeal import UNANSWERED
from appeals.selectors import agency_appeals
from appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_extend,
    appeal_redirect,
    appeal_request_clarification,
)
from appeals.uploads import MAX_FILES
from officials.models import Agency, Official
from portal.accounts.models import CitizenProfile
from portal.api.filters import UtcIsoDateTimeFilter
from portal.idempotency import OPENAPI_PARAMETER as IDEMPOTENCY_KEY
from portal.idempotency import IdempotentPostMixin

TAG = "agency"


class IsActiveOfficial(BasePermission):
    """An active official (or a superuser); a deactivated official's token gets 403."""

    message = "This API is for active officials of an agency."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user: Any = request.user
        return is_superuser(user) or active_official(user) is not None


# --- output --------------------------------------------------------------------------------


class AgencyAppealSerializer(serializers.Serializer[Appeal]):
    tracking_number = serializers.CharField()
    appeal_type = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    agency = serializers.CharField(source="agency.slug")
    region = serializers.CharField(source="region.code")
    subject = serializers.CharField()
    assignee = serializers.SerializerMethodField()
    registered_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    due_at = serializers.DateTimeField()
    extended = serializers.BooleanField()
    extension_limit_on = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    escalation_level = serializers.IntegerField()
    answered_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    def get_assignee(self, appeal: Appeal) -> str | None:
        return appeal.assignee.user.email if appeal.assignee else None

    def get_overdue(self, appeal: Appeal) -> bool:
        return appeal.is_overdue


class AgencyCitizenSerializer(serializers.Serializer[dict[str, Any]]):
    full_name = serializers.CharField()
    email = serializers.EmailField()
    iin = serializers.CharField(allow_null=True)
    postal_address = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)


class AgencyAttachmentSerializer(serializers.Serializer[Attachment]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    with_answer = serializers.SerializerMethodField()

    def get_with_answer(self, attachment: Attachment) -> bool:
        return attachment.answer_id is not None


class AgencyAnswerSerializer(serializers.Serializer[Answer]):
    text = serializers.CharField()
    sent_at = serializers.DateTimeField()
    author = serializers.EmailField(source="author.email")


class AgencyEventSerializer(serializers.Serializer[AppealEvent]):
    kind = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")
    actor = serializers.SerializerMethodField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    internal = serializers.BooleanField(source="is_internal")
    details = serializers.DictField(source="data")

    def get_actor(self, event: AppealEvent) -> str | None:
        return event.actor.email if event.actor else None


class AgencyAppealDetailSerializer(AgencyAppealSerializer):
    text = serializers.CharField()
    citizen = serializers.SerializerMethodField()
    attachments = AgencyAttachmentSerializer(many=True)
    answers = AgencyAnswerSerializer(many=True)
    events = AgencyEventSerializer(many=True)
    redirected_to = serializers.SerializerMethodField()

    @extend_schema_field(AgencyCitizenSerializer)
    def get_citizen(self, appeal: Appeal) -> dict[str, Any]:
        profile: CitizenProfile | None = getattr(appeal.citizen, "citizen_profile", None)
        return {
            "full_name": appeal.citizen.full_name,
            "email": appeal.citizen.email,
            "iin": profile.iin if profile else None,
            "postal_address": profile.postal_address if profile else None,
            "phone": (profile.phone or None) if profile else None,
        }

    def get_redirected_to(self, appeal: Appeal) -> str | None:
        successor = getattr(appeal, "redirected_to", None)
        return successor.tracking_number if successor else None


# --- input ---------------------------------------------------------------------------------


class AnswerInput(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField(max_length=10_000)
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_FILES,
        help_text=(
            f"Up to {MAX_FILES} files (PDF, JPEG, PNG, DOCX; checked by content), sent as "
            "multipart/form-data under the name `files`."
        ),
    )
    further = serializers.BooleanField(
        default=False,
        help_text=(
            "Send a further answer to an appeal already answered (without it, a second answer is refused)."
        ),
    )
    register_withhold_text = serializers.BooleanField(
        default=False,
        help_text=(
            "For an appeal its citizen asked to publish: keep this answer and its files out of the "
            "public register (it carries personal data)."
        ),
    )
    register_withhold_files = serializers.BooleanField(
        default=False, help_text="Keep only the answer's files out of the public register."
    )
    language = serializers.ChoiceField(
        choices=["kk", "ru", "en"],
        required=False,
        default="",
        help_text=(
            "The language of the answer. One other than the appeal's is refused (code "
            "`language_mismatch`) unless `language_confirmed` is true."
        ),
    )
    language_confirmed = serializers.BooleanField(default=False)


class RedirectInput(serializers.Serializer[dict[str, Any]]):
    to_agency = serializers.SlugField(help_text="The competent agency's slug.")
    reason = serializers.CharField(max_length=2000)

    def validate_to_agency(self, slug: str) -> Agency:
        agency = Agency.objects.active().filter(slug=slug).first()
        if agency is None:
            raise serializers.ValidationError(_("There is no agency accepting appeals with this slug."))
        return agency


class ExtendInput(serializers.Serializer[dict[str, Any]]):
    until = serializers.DateField(help_text="The new due date (a working day, within the cap).")
    reason = serializers.CharField(max_length=2000)


class AssignInput(serializers.Serializer[dict[str, Any]]):
    assignee = serializers.EmailField(help_text="The e-mail address of an active official of the agency.")


class ClarifyInput(serializers.Serializer[dict[str, Any]]):
    question = serializers.CharField(max_length=5000)


class RedirectResult(serializers.Serializer[dict[str, Any]]):
    tracking_number = serializers.CharField()
    status = serializers.CharField()
    redirected_to = serializers.CharField()


# --- filters -------------------------------------------------------------------------------


class AgencyAppealFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=AppealStatus.choices)
    overdue = django_filters.ChoiceFilter(
        choices=(("true", "true"), ("false", "false")),
        method="filter_overdue",
        label="overdue (true or false)",
    )
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Appeal
        fields = ("status", "overdue", "updated_since")

    def filter_overdue(self, queryset: QuerySet[Appeal], name: str, value: str) -> QuerySet[Appeal]:
        overdue = Q(status__in=UNANSWERED, overdue_since__isnull=False)
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)


# --- the view set --------------------------------------------------------------------------


def _errors() -> dict[int, OpenApiResponse]:
    return {
        400: OpenApiResponse(description="Bad input; the message says what to change."),
        401: OpenApiResponse(description="No token, or the token's account is deactivated."),
        403: OpenApiResponse(description="Not an active official, or not allowed to do this."),
        404: OpenApiResponse(description="No such appeal among those the official may see."),
        409: OpenApiResponse(description="The appeal's status does not allow this now."),
    }


_IDEMPOTENCY_REUSED = OpenApiResponse(description="The Idempotency-Key was used for a different request.")


def _action_schema(request: type[serializers.Serializer[Any]], summary: str, response: Any = None) -> Any:
    return extend_schema(
        request=request,
        parameters=[IDEMPOTENCY_KEY],
        responses={200: response or AgencyAppealSerializer, **_errors(), 422: _IDEMPOTENCY_REUSED},
        summary=summary,
        tags=[TAG],
    )


@extend_schema_view(
    list=extend_schema(summary="The appeals the official may see", tags=[TAG]),
    retrieve=extend_schema(
        summary="One appeal with the citizen's data, files, answers and events (the view is audited)",
        tags=[TAG],
        responses={
            200: AgencyAppealDetailSerializer,
            401: _errors()[401],
            403: _errors()[403],
            404: _errors()[404],
        },
    ),
)
class AgencyAppealViewSet(
    IdempotentPostMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Appeal]
):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsActiveOfficial,)
    serializer_class = AgencyAppealSerializer
    filterset_class = AgencyAppealFilter
    lookup_field = "tracking_number"
    lookup_value_regex = r"[A-Za-z0-9-]{1,32}"

    def get_queryset(self) -> QuerySet[Appeal]:
        user: Any = self.request.user
        return agency_appeals(user, detail=self.action == "retrieve")

    def get_object(self) -> Appeal:
        self.kwargs[self.lookup_field] = str(self.kwargs[self.lookup_field]).upper()
        return super().get_object()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        appeal = self.get_object()
        record_personal_data_view(
            viewer=request.user,  # type: ignore[arg-type]
            citizen_id=appeal.citizen_id,
            appeal_id=appeal.pk,
            channel=PersonalDataView.Channel.API,
            what=[PROFILE],
            request=request._request,
        )
        return Response(AgencyAppealDetailSerializer(appeal).data)

    def _input(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _summary(self, appeal: Appeal) -> Response:
        fresh = agency_appeals(self.request.user).filter(pk=appeal.pk).first()  # type: ignore[arg-type]
        if fresh is None:  # the appeal has left the official's scope (e.g. assigned elsewhere)
            fresh = Appeal.objects.with_listing().get(pk=appeal.pk)
        return Response(AgencyAppealSerializer(fresh).data)

    @_action_schema(
        AnswerInput,
        "Answer the citizen (final; the citizen is notified). Where the agency requires the head's "
        "approval of officers' answers, an officer's answer waits for it and the appeal stays "
        "unanswered until it is approved",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, tracking_number: str) -> Response:
        appeal = self.get_object()
        data = self._input(AnswerInput)
        appeal_answer(
            actor=request.user,  # type: ignore[arg-type]
            appeal=appeal,
            text=data["text"],
            uploads=data.get("files", []),
            further=data["further"],
            language=data["language"],
            language_confirmed=data["language_confirmed"],
            register_withhold_text=data["register_withhold_text"],
            register_withhold_files=data["register_withhold_files"],
        )
        return self._summary(appeal)

    @_action_schema(RedirectInput, "Redirect to the competent agency", RedirectResult)
    @action(detail=True, methods=["post"])
    def redirect(self, request: Request, tracking_number: str) -> Response:
        appeal = self.get_object()
        data = self._input(RedirectInput)
        successor = appeal_redirect(
            actor=request.user,  # type: ignore[arg-type]
            appeal=appeal,
            to_agency=data["to_agency"],
            reason=data["reason"],
        )
        return Response(
            {
                "tracking_number": appeal.tracking_number,
                "status": AppealStatus.REDIRECTED,
                "redirected_to": successor.tracking_number,
            }
        )

    @_action_schema(ExtendInput, "Extend the term (heads of agency only; at most to the cap)")
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, tracking_number: str) -> Response:
        appeal = self.get_object()
        if not can_extend(request.user, appeal):  # type: ignore[arg-type]
            raise PermissionDenied(_("Only the head of the agency may extend the term."))
        data = self._input(ExtendInput)
        appeal_extend(actor=request.user, appeal=appeal, until=data["until"], reason=data["reason"])  # type: ignore[arg-type]
        return self._summary(appeal)

    @_action_schema(AssignInput, "Assign to an official of the agency")
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, tracking_number: str) -> Response:
        appeal = self.get_object()
        data = self._input(AssignInput)
        assignee = (
            Official.objects.active()
            .filter(agency_id=appeal.agency_id, user__email=data["assignee"].lower())
            .select_related("user")
            .first()
        )
        if assignee is None:
            raise serializers.ValidationError(
                {
                    "assignee": [
                        _("There is no active official of this appeal's agency with this e-mail address.")
                    ]
                }
            )
        appeal_assign(actor=request.user, appeal=appeal, assignee=assignee)  # type: ignore[arg-type]
        return self._summary(appeal)

    @_action_schema(ClarifyInput, "Ask the citizen for a clarification (the term pauses)")
    @action(detail=True, methods=["post"])
    def clarify(self, request: Request, tracking_number: str) -> Response:
        appeal = self.get_object()
        data = self._input(ClarifyInput)
        appeal_request_clarification(actor=request.user, appeal=appeal, question=data["question"])  # type: ignore[arg-type]
        return self._summary(appeal)
