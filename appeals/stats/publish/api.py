"""The public statistics API: `/api/v1/stats/{agencies,regions,types,months,agency-regions}/`.

Read-only, no login, JSON or CSV (`?format=csv`), gzip when the client accepts it; the rendered
bytes cached in Redis under the published version (`rendered`), with ETag / Last-Modified /
Statistics-As-Of and 304s answered from the cache; errors in the language asked for (`?lang=`,
Accept-Language)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from appeals.models import AppealType, Channel
from appeals.stats.publish import rendered
from appeals.stats.publish.cache import cached_breakdown
from appeals.stats.publish.csv import StatsCSVRenderer
from appeals.stats.publish.filters import check_parameters, parse_query
from appeals.stats.rollups.version import current_version
from portal.api.language import requested_language
from portal.api.pagination import StandardPagination
from portal.api.throttling import AnonThrottle


# --- documentation of the rows (the rows themselves are built as plain dicts) -------------------
class AgencyRefSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()


class RegionRefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class SatisfactionSerializer(serializers.Serializer[Any]):
    mean = serializers.FloatField(allow_null=True, help_text="Mean rating 1-5; null without ratings.")
    count = serializers.IntegerField(allow_null=True, help_text="Number of ratings.")


def _interval_field(of: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        allow_null=True,
        help_text=f"95 % Wilson confidence interval [low, high] of {of}; null when received is 0.",
    )


class MetricsSerializer(serializers.Serializer[Any]):
    suppressed = serializers.BooleanField(
        help_text="True when the row's figures are withheld to protect individual citizens (all null)."
    )
    received = serializers.IntegerField(allow_null=True, help_text="Appeals registered in scope.")
    answered = serializers.IntegerField(allow_null=True, help_text="Of those, with an answer.")
    answered_on_time = serializers.IntegerField(
        allow_null=True, help_text="Answered no later than the (extended) due date."
    )
    overdue = serializers.IntegerField(
        allow_null=True, help_text="Answered late, plus unanswered ones marked overdue."
    )
    open = serializers.IntegerField(allow_null=True, help_text="Neither answered nor rejected.")
    escalated = serializers.IntegerField(allow_null=True, help_text="Reached escalation level 1 or higher.")
    redirected = serializers.IntegerField(allow_null=True, help_text="Passed on to another agency.")
    response_rate = serializers.FloatField(allow_null=True, help_text="answered / received.")
    response_rate_ci = _interval_field("response_rate")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="answered_on_time / received.")
    on_time_rate_ci = _interval_field("on_time_rate")
    not_yet_due = serializers.IntegerField(
        allow_null=True, help_text="Open appeals still within their term (not yet due)."
    )
    on_time_rate_of_due = serializers.FloatField(
        allow_null=True,
        help_text="answered_on_time / (received - not_yet_due): the on-time rate over appeals whose "
        "term has run or that are settled; read it, not on_time_rate, for periods still in progress.",
    )
    on_time_rate_of_due_ci = _interval_field("on_time_rate_of_due")
    median_response_days = serializers.FloatField(
        allow_null=True, help_text="Median working days from registration to answer."
    )
    satisfaction = SatisfactionSerializer()


class AgencyStatsSerializer(MetricsSerializer):
    agency = AgencyRefSerializer()


class RegionStatsSerializer(MetricsSerializer):
    region = RegionRefSerializer()


class TypeStatsSerializer(MetricsSerializer):
    appeal_type = serializers.ChoiceField(choices=AppealType.choices)


class MonthStatsSerializer(MetricsSerializer):
    month = serializers.CharField(help_text="YYYY-MM")


class AgencyRegionStatsSerializer(MetricsSerializer):
    agency = AgencyRefSerializer()
    region = RegionRefSerializer()


_EXAMPLE_METRICS = {
    "suppressed": False,
    "received": 3000,
    "answered": 2412,
    "answered_on_time": 2000,
    "overdue": 530,
    "open": 470,
    "escalated": 610,
    "redirected": 41,
    "response_rate": 0.804,
    "response_rate_ci": [0.7894, 0.8178],
    "on_time_rate": 0.6667,
    "on_time_rate_ci": [0.6496, 0.6833],
    "not_yet_due": 0,
    "on_time_rate_of_due": 0.6667,
    "on_time_rate_of_due_ci": [0.6496, 0.6833],
    "median_response_days": 11,
    "satisfaction": {"mean": 3.62, "count": 950},
}
_WITHHELD = {
    **dict.fromkeys(_EXAMPLE_METRICS),
    "suppressed": True,
    "satisfaction": {"mean": None, "count": None},
}
_HEALTH = {"slug": "ministry-of-health", "name": "Ministry of Health of the Republic of Kazakhstan"}
_ALMATY = {"code": "KZ-75", "name": "Almaty"}

FILTER_PARAMETERS = [
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="First registration day (Asia/Almaty), inclusive: the first day of a month.",
    ),
    OpenApiParameter(
        "date_to",
        OpenApiTypes.DATE,
        description="Last registration day (Asia/Almaty), inclusive: the last day of a month.",
    ),
    OpenApiParameter("region", OpenApiTypes.STR, description="ISO 3166-2:KZ code, e.g. KZ-75."),
    OpenApiParameter("agency", OpenApiTypes.STR, description="Agency slug, e.g. ministry-of-health."),
    OpenApiParameter(
        "include_children", OpenApiTypes.BOOL, description="With `agency`: include the agencies below it."
    ),
    OpenApiParameter("appeal_type", OpenApiTypes.STR, enum=AppealType.values),
    OpenApiParameter(
        "channel", OpenApiTypes.STR, enum=Channel.values, description="Only appeals that came in this way."
    ),
    OpenApiParameter("lang", OpenApiTypes.STR, enum=["kk", "ru", "en"], description="Language of names."),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "csv"],
        description="`csv`: every row (no pagination), UTF-8 with BOM, a header row.",
    ),
]


class StatsPagination(StandardPagination):
    """Pages as elsewhere, but an absurd page size is a 400, not silently capped."""

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param or "page_size")
        if raw is None:
            return self.page_size or 50
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    "page_size": _("page_size must be a whole number from 1 to %(max)d.")
                    % {"max": self.max_page_size}
                }
            )
        return int(raw)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        page = request.query_params.get(self.page_query_param, "1")
        if not page.isdigit() or int(page) < 1:
            raise ValidationError({"page": _("page must be a whole number from 1.")})
        return super().paginate_queryset(queryset, request, view)


class StatsThrottle(AnonThrottle):
    """Anonymous clients: STATS_THROTTLE_RATE (600 a minute by default), per address."""

    scope = "stats"

    def get_rate(self) -> str:
        return str(settings.STATS_THROTTLE_RATE)


class StatsBrowsableAPIRenderer(BrowsableAPIRenderer):
    """The browsable page without DRF's filter form: statistics rows are not a queryset (their
    filters are the documented query parameters), and the form would ask the view for one."""

    def get_filter_form(self, data: Any, view: Any, request: Any) -> None:
        return None


@method_decorator(gzip_page, name="dispatch")
class StatsViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    kind = ""
    group_keys: tuple[str, ...] = ()
    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = (StatsThrottle,)
    pagination_class = StatsPagination
    renderer_classes = (JSONRenderer, StatsBrowsableAPIRenderer, StatsCSVRenderer)
    filter_backends = ()

    def _answer_in_json(self) -> None:
        # Only rows are CSV: errors and the OPTIONS description are JSON even when CSV was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type

    def handle_exception(self, exc: Exception) -> Response:
        self._answer_in_json()
        return super().handle_exception(exc)

    def options(self, request: Request, *args: Any, **kwargs: Any) -> Response:  # type: ignore[override]
        self._answer_in_json()
        return super().options(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Messages (errors included) in the language asked for; Accept-Language is the
        # LocaleMiddleware's, `?lang=` overrides it.
        translation.activate(requested_language(request))

    # Set by `list` when the response it builds is to be cached as rendered bytes.
    _rendered_keys: tuple[str, str] | None = None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response | HttpResponse:
        language = requested_language(request)
        check_parameters(request.query_params)  # a 400 before any cache or database
        version = current_version()
        media = request.accepted_renderer.format
        if media in ("json", "csv"):
            keys = rendered.response_keys(
                request,
                kind=self.kind,
                params=request.query_params,
                language=language,
                media=media,
                version=version,
            )
            hit = rendered.lookup(keys[0])
            if hit is not None:
                return rendered.respond(request, hit, version)
            self._rendered_keys = keys
        self._version = version
        query = parse_query(request.query_params)
        rows = cached_breakdown(self.kind, query, language, version)
        if media == "csv":
            headers = {"Content-Disposition": f'attachment; filename="dialog-stats-{self.kind}.csv"'}
            return Response(rows, headers=headers)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(page)

    def finalize_response(  # type: ignore[override]
        self, request: Request, response: HttpResponse, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[arg-type]
        keys, self._rendered_keys = self._rendered_keys, None
        if keys is None or response.status_code != 200 or not isinstance(response, Response):
            return response
        response.render()
        entry = rendered.store(keys, response=response, version=self._version)
        answer = rendered.respond(request, entry, self._version)
        answer["Allow"] = response["Allow"]  # as on a hit
        return answer


def _documented(serializer: type[MetricsSerializer], group: dict[str, Any], summary: str) -> Any:
    examples = [
        OpenApiExample("A row", value={**group, **_EXAMPLE_METRICS}, response_only=True),
    ]
    if "agency" in group and "region" in group:
        examples.append(
            OpenApiExample("A withheld small cell", value={**group, **_WITHHELD}, response_only=True)
        )
    return extend_schema_view(
        list=extend_schema(
            summary=summary,
            parameters=FILTER_PARAMETERS,
            responses=serializer(many=True),
            examples=examples,
            tags=["statistics"],
        )
    )


@_documented(AgencyStatsSerializer, {"agency": _HEALTH}, "Statistics by agency")
class AgencyStatsViewSet(StatsViewSet):
    kind = "agencies"
    group_keys = ("agency",)
    serializer_class = AgencyStatsSerializer


@_documented(RegionStatsSerializer, {"region": _ALMATY}, "Statistics by region (all regions listed)")
class RegionStatsViewSet(StatsViewSet):
    kind = "regions"
    group_keys = ("region",)
    serializer_class = RegionStatsSerializer


@_documented(TypeStatsSerializer, {"appeal_type": "complaint"}, "Statistics by appeal type")
class TypeStatsViewSet(StatsViewSet):
    kind = "types"
    group_keys = ("appeal_type",)
    serializer_class = TypeStatsSerializer


@_documented(MonthStatsSerializer, {"month": "2026-03"}, "Statistics by month of registration")
class MonthStatsViewSet(StatsViewSet):
    kind = "months"
    group_keys = ("month",)
    serializer_class = MonthStatsSerializer


@_documented(
    AgencyRegionStatsSerializer,
    {"agency": _HEALTH, "region": _ALMATY},
    "Statistics by agency and region (small cells withheld)",
)
class AgencyRegionStatsViewSet(StatsViewSet):
    kind = "agency-regions"
    group_keys = ("agency", "region")
    serializer_class = AgencyRegionStatsSerializer


STATS_ROUTES = (
    ("stats/agencies", AgencyStatsViewSet, "stats-agencies"),
    ("stats/regions", RegionStatsViewSet, "stats-regions"),
    ("stats/types", TypeStatsViewSet, "stats-types"),
    ("stats/months", MonthStatsViewSet, "stats-months"),
    ("stats/agency-regions", AgencyRegionStatsViewSet, "stats-agency-regions"),
)
