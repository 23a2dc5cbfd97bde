"""The public register over the API: `GET register/` (search and filters) and
`GET register/{tracking_number}/` (the answer and the timeline). No login; the same selectors as
the register's pages (`appeals.register.selectors`), so what is masked there is masked here."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from appeals.models import AppealStatus, AppealType
from appeals.register.figures import agency_figures, publication_rate
from appeals.register.selectors import (
    FILTER_PARAMS,
    STATUS_FILTERS,
    RegisterEntry,
    published_appeals,
    recent_answers,
    register_entries,
    register_entry,
    register_filter,
    register_filters_from,
)
from officials.models import Agency
from portal.api.language import requested_language

LIST_PARAMS = (*FILTER_PARAMS, "lang", "page", "page_size")
DETAIL_PARAMS = ("lang",)
MAX_PAGE_SIZE = 500  # as portal.api.pagination.StandardPagination


class _Named(serializers.Serializer[dict[str, str]]):
    name = serializers.CharField()


class RegisterAgencySerializer(_Named):
    slug = serializers.CharField()


class RegisterRegionSerializer(_Named):
    code = serializers.CharField()


class RegisterAttachmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class RegisterAnswerSerializer(serializers.Serializer[Any]):
    sent_at = serializers.DateTimeField()
    withheld = serializers.BooleanField(
        help_text="The agency kept this answer out of the register (it carries personal data)."
    )
    text = serializers.CharField(help_text="Masked; empty when withheld.")
    attachments = RegisterAttachmentSerializer(many=True)


class RegisterEventSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="registered, published, extended, overdue, answered, closed, …")
    at = serializers.DateTimeField()
    # "label" is also a field attribute of DRF's; the metaclass moves declared fields away.
    label = serializers.CharField()  # type: ignore[assignment]
    due_on = serializers.DateField(allow_null=True, help_text="The due date set by this step, if any.")


class RegisterEntrySerializer(serializers.Serializer[RegisterEntry]):
    tracking_number = serializers.CharField()
    subject = serializers.CharField(help_text="Personal data masked; the citizen's name is never shown.")
    text = serializers.CharField(help_text="Personal data masked.")
    agency = serializers.SerializerMethodField()
    region = serializers.SerializerMethodField()
    appeal_type = serializers.ChoiceField(choices=AppealType.choices)
    status = serializers.ChoiceField(choices=AppealStatus.choices)
    registered_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    due_at = serializers.DateTimeField(help_text="The end of the due day, Asia/Almaty.")
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_on_time = serializers.BooleanField(
        allow_null=True, help_text="Whether the answer came by the due date; null while unanswered."
    )
    overdue = serializers.BooleanField()
    rating = serializers.IntegerField(
        allow_null=True, help_text="The citizen's rating from 1 to 5, if given."
    )
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(source="changed_at", help_text="The last change shown here.")

    @staticmethod
    def _pair(key: str, key_value: str, name: str) -> dict[str, str]:
        return {key: key_value, "name": name}

    @extend_schema_field(RegisterAgencySerializer)
    def get_agency(self, entry: RegisterEntry) -> dict[str, str]:
        return self._pair("slug", entry.agency_slug, entry.agency_name)

    @extend_schema_field(RegisterRegionSerializer)
    def get_region(self, entry: RegisterEntry) -> dict[str, str]:
        return self._pair("code", entry.region_code, entry.region_name)


class RegisterEntryDetailSerializer(RegisterEntrySerializer):
    answers = RegisterAnswerSerializer(many=True)
    timeline = RegisterEventSerializer(many=True)


def _check_parameters(request: Request, allowed: tuple[str, ...]) -> None:
    """An unknown or repeated parameter is a 400 naming the allowed ones, never a silent miss."""
    errors: dict[str, list[str]] = {}
    for key in request.query_params:
        if key not in allowed:
            message = _("Unknown parameter %(name)r; the parameters are: %(allowed)s.")
            errors[key] = [message % {"name": key[:50], "allowed": ", ".join(allowed)}]
        elif len(request.query_params.getlist(key)) > 1:
            errors[key] = [_("%(name)s may be given only once.") % {"name": key}]
    size = request.query_params.get("page_size")
    if size is not None and not (size.isdigit() and 1 <= int(size) <= MAX_PAGE_SIZE):
        errors["page_size"] = [
            _("page_size must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}
        ]
    if errors:
        raise ValidationError(errors)


LANG = OpenApiParameter("lang", OpenApiTypes.STR, enum=["kk", "ru", "en"], description="Language of names.")
FILTER_PARAMETERS = [
    OpenApiParameter(
        "q", OpenApiTypes.STR, description="Words to find in the subject, text and answer (kk, ru or en)."
    ),
    OpenApiParameter("agency", OpenApiTypes.STR, description="Slug of the agency responsible now."),
    OpenApiParameter("region", OpenApiTypes.STR, description="ISO 3166-2:KZ code of the region."),
    OpenApiParameter("appeal_type", OpenApiTypes.STR, enum=AppealType.values),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=list(STATUS_FILTERS),
        description="An appeal status, or `open` (not answered yet) or `overdue` (unanswered past due).",
    ),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Registered on or after (Asia/Almaty)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Registered on or before (Asia/Almaty)."),
    LANG,
]
NOT_FOUND = inline_serializer("RegisterNotFound", {"detail": serializers.CharField()})
BAD_REQUEST = OpenApiResponse(
    description="A bad or unknown parameter; the message names it and says what to change."
)


@extend_schema_view(
    list=extend_schema(
        summary="The public register: published appeals",
        description=(
            "Appeals whose citizens chose to publish them, after the agency's moderation, newest "
            "first (best match first with `q`). Personal data is masked and the citizen's name is "
            "never shown."
        ),
        parameters=FILTER_PARAMETERS,
        responses={200: RegisterEntrySerializer(many=True), 400: BAD_REQUEST},
        tags=["register"],
    ),
    retrieve=extend_schema(
        summary="One published appeal, with the agency's answer and the timeline",
        parameters=[LANG],
        responses={200: RegisterEntryDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
        tags=["register"],
    ),
)
class RegisterViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    permission_classes = (AllowAny,)
    authentication_classes = ()
    serializer_class = RegisterEntrySerializer
    lookup_field = "tracking_number"
    lookup_value_regex = r"[A-Za-z0-9-]{1,32}"
    filter_backends = ()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return published_appeals()

    def list(self, request: Request) -> Response:
        language = requested_language(request)
        with translation.override(language):
            _check_parameters(request, LIST_PARAMS)
            filters = register_filters_from(request.query_params)
            page = self.paginate_queryset(register_filter(published_appeals(), filters))
            entries = register_entries(page or [])
            data = RegisterEntrySerializer(entries, many=True).data  # type: ignore[arg-type]
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, tracking_number: str) -> Response:
        language = requested_language(request)
        with translation.override(language):
            _check_parameters(request, DETAIL_PARAMS)
            entry = register_entry(tracking_number)
            if entry is None:
                raise Http404(_("No published appeal has this number."))
            data = RegisterEntryDetailSerializer(entry).data
        return Response(data)


class RegisterAgencySummarySerializer(serializers.Serializer[Any]):
    agency = RegisterAgencySerializer()
    figures = serializers.DictField(
        help_text=(
            "The agency's all-time figures from the public statistics, protected as they are "
            "(`suppressed`, `received`, `answered`, `on_time_rate`, `median_response_days`, …)."
        )
    )
    publication_rate = serializers.FloatField(
        allow_null=True,
        help_text=(
            "The share of citizens writing to the agency who chose to publish their appeal, in "
            "whole percent as a fraction; null when withheld (a small group either way) or none came in."
        ),
    )
    publication_rate_suppressed = serializers.BooleanField()
    recent_answers = RegisterEntrySerializer(many=True)


class RegisterAgencyView(APIView):
    """An agency's page in the register: figures, publication rate, recent published answers."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(
        operation_id="register_agency",
        summary="An agency in the register: its figures, publication rate and recent answers",
        parameters=[LANG],
        responses={200: RegisterAgencySummarySerializer, 404: NOT_FOUND, 400: BAD_REQUEST},
        tags=["register"],
    )
    def get(self, request: Request, slug: str) -> Response:
        language = requested_language(request)
        with translation.override(language):
            _check_parameters(request, DETAIL_PARAMS)
            agency = Agency.objects.filter(slug=slug).first()
            if agency is None:
                raise Http404(_("There is no agency “%(slug)s”.") % {"slug": slug[:100]})
            figures = agency_figures(agency)
            rate = publication_rate(agency, figures)
            data = {
                "agency": {"slug": agency.slug, "name": agency.name_in(language)},
                "figures": figures,
                "publication_rate": rate.rate,
                "publication_rate_suppressed": rate.suppressed,
                "recent_answers": RegisterEntrySerializer(recent_answers(agency), many=True).data,  # type: ignore[arg-type]
            }
        return Response(data)
