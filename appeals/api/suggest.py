"""`GET /api/v1/agencies/suggest/?q=&region=&lang=` — routing help for anyone (DESIGN.md): up to
five agencies likely to be competent, best first, each with a one-line reason, and the "I don't
know" body. Public and read-only; rate limited per address by the portal's one limiter, as the
history search is the most expensive public read there is."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from appeals.routing.suggest import MAX_TEXT, Suggestion, agency_suggest
from officials.models import Region
from portal.api.language import requested_language
from portal.ratelimit import rate_limit

PARAMETERS = ("q", "region", "lang", "topic")


def _agency(suggestion: Suggestion, language: str) -> dict[str, Any]:
    agency = suggestion.agency
    return {
        "slug": agency.slug,
        "name": agency.name_in(language),
        "kind": agency.kind,
        "region": agency.region.code if agency.region_id and agency.region else None,
    }


def suggestion_json(suggestion: Suggestion, language: str) -> dict[str, Any]:
    return {"agency": _agency(suggestion, language), "score": suggestion.score, "reason": suggestion.reason}


class SuggestedAgencySerializer(serializers.Serializer[dict[str, Any]]):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    region = serializers.CharField(allow_null=True)


class AgencySuggestionSerializer(serializers.Serializer[dict[str, Any]]):
    agency = SuggestedAgencySerializer()
    score = serializers.FloatField()
    reason = serializers.CharField()


class AgencySuggestionsSerializer(serializers.Serializer[dict[str, Any]]):
    """The documented response; built by `suggestion_json`, which writes exactly these keys."""

    results = AgencySuggestionSerializer(many=True)
    fallback = AgencySuggestionSerializer(allow_null=True)


class SuggestQuerySerializer(serializers.Serializer[dict[str, Any]]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT, trim_whitespace=True)
    region = serializers.CharField(max_length=10)
    topic = serializers.SlugField(required=False, allow_blank=True, max_length=60)

    def validate_region(self, value: str) -> Region:
        region = Region.objects.filter(code=value.upper()).first()
        if region is None:
            raise ValidationError(
                _("Unknown region %(code)r; see /api/v1/regions/ for the codes.") % {"code": value}
            )
        return region


class AgencySuggestView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(
        operation_id="agencies_suggest",
        summary="Suggest the competent agency for a problem",
        description=(
            "Up to 5 agencies likely to be competent for the problem described in `q` (or the "
            "catalogue `topic`) in `region`, best first, each with a one-line reason in `lang`. "
            "A matter for local government suggests the local body (district or city akimat) "
            "first. `fallback` is the \"I don't know\" body: the region's local executive body, "
            "which must pass the appeal to the competent body within the redirect term."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="The problem in the citizen's words."),
            OpenApiParameter("region", OpenApiTypes.STR, required=True, description="ISO 3166-2:KZ code."),
            OpenApiParameter("lang", OpenApiTypes.STR, enum=["kk", "ru", "en"], description="Language."),
            OpenApiParameter("topic", OpenApiTypes.STR, description="A topic key of the catalogue."),
        ],
        responses={200: AgencySuggestionsSerializer},
        tags=["agencies"],
    )
    def get(self, request: Request) -> Response:
        language = requested_language(request)
        with translation.override(language):
            unknown = sorted(set(request.query_params) - set(PARAMETERS))
            if unknown:
                message = _("Unknown parameter %(name)r; the parameters are: %(allowed)s.")
                raise ValidationError(
                    {n: [message % {"name": n, "allowed": ", ".join(PARAMETERS)}] for n in unknown}
                )
            query = SuggestQuerySerializer(
                data={k: request.query_params.get(k) for k in PARAMETERS if k in request.query_params}
            )
            query.is_valid(raise_exception=True)
            refusal = rate_limit(request._request, "agency_suggest")
            if refusal:
                raise Throttled(wait=refusal.retry_after)
            data = query.validated_data
            suggestions = agency_suggest(
                text=data.get("q", ""),
                region=data["region"],
                language=language,
                topic=data.get("topic") or None,
            )
        return Response(
            {
                "results": [suggestion_json(s, language) for s in suggestions.results],
                "fallback": suggestion_json(suggestions.fallback, language) if suggestions.fallback else None,
            }
        )
